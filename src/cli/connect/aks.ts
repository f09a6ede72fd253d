// `vigil connect aks`: an Event Hub the cluster's diagnostic setting streams the kube-audit (or
// kube-audit-admin) category to, a consumer group and a listen-only rule for Vigil, and the `aks`
// configuration section Vigil reads it with.

import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { type ConnectContext, ConnectError, dnsLabel, required, shq, commentBlock } from './context.js';

export const AKS_CATEGORIES = ['kube-audit', 'kube-audit-admin'] as const;

export function aksSteps(ctx: ConnectContext): string {
  const rg = required(ctx, 'resource-group', "the resource group of the AKS cluster");
  const subscription = required(ctx, 'subscription', 'the Azure subscription id of the AKS cluster');
  const location = required(ctx, 'location', 'the Azure region for the Event Hubs namespace, the cluster\'s (e.g. westeurope)');
  const category = ctx.options.category ?? 'kube-audit';
  if (!(AKS_CATEGORIES as readonly string[]).includes(category)) throw new ConnectError(`--category must be ${AKS_CATEGORIES.join(' or ')}`);
  // Event Hubs namespace names are global: a stable suffix from subscription, group and cluster.
  const suffix = createHash('sha256').update(`${subscription}/${rg}/${ctx.cluster}`).digest('hex').slice(0, 8);
  const ns = ctx.options['eventhubs-namespace'] ?? `vigil-${dnsLabel(ctx.cluster).slice(0, 30)}-${suffix}`;
  if (!/^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/.test(ns)) throw new ConnectError(`Event Hubs namespace ${JSON.stringify(ns)} must be 6-50 letters, digits or dashes, starting with a letter`);
  const hub = 'vigil-audit';
  const s = `--subscription ${shq(subscription)}`;
  const g = `--resource-group ${shq(rg)}`;
  const data = shq(ctx.options.data ?? './data');
  const logs = JSON.stringify([{ category, enabled: true }]);
  return `# Connect AKS cluster ${ctx.cluster} (resource group ${rg}) to Vigil at ${ctx.url}
# Path: AKS control plane -> diagnostic setting (${category}) -> Event Hub ${ns}/${hub}
# -> Vigil reads it (consumer group vigil, listen-only key). Vigil needs outbound AMQP (5671) or
# AMQP over WebSockets (443) to ${ns}.servicebus.windows.net; nothing connects to Vigil.
set -euo pipefail

# 1. The Event Hubs namespace, the hub (4 partitions, 1 day of retention) and Vigil's consumer group.
az eventhubs namespace create ${s} ${g} --name ${ns} --location ${shq(location)} --sku Standard
az eventhubs eventhub create ${s} ${g} --namespace-name ${ns} --name ${hub} --partition-count 4 --cleanup-policy Delete --retention-time-in-hours 24
az eventhubs eventhub consumer-group create ${s} ${g} --namespace-name ${ns} --eventhub-name ${hub} --name vigil

# 2. The diagnostic setting. ${category === 'kube-audit' ? `kube-audit: every audit event, reads (get, list, watch) included, which
#    Vigil's detections of secret reads and listing need; the most volume (and cost).
#    kube-audit-admin (--category kube-audit-admin) leaves out get and list: far less volume, but
#    those detections see nothing.` : `kube-audit-admin: audit events without get and list requests: far less volume,
#    but Vigil's detections of secret reads and listing see nothing. kube-audit (the default) has them.`}
#    Streaming to Event Hubs uses a namespace rule with Manage, Send and Listen (the namespace's
#    RootManageSharedAccessKey); Vigil gets its own listen-only rule in step 3.
AKS_ID=$(az aks show ${s} ${g} --name ${shq(ctx.cluster)} --query id --output tsv)
RULE_ID=$(az eventhubs namespace authorization-rule show ${s} ${g} --namespace-name ${ns} --name RootManageSharedAccessKey --query id --output tsv)
az monitor diagnostic-settings create ${s} --name vigil-audit --resource "$AKS_ID" \\
  --event-hub ${hub} --event-hub-rule "$RULE_ID" --logs '${logs}'

# 3. A listen-only rule on the hub, and its connection string for Vigil.
az eventhubs eventhub authorization-rule create ${s} ${g} --namespace-name ${ns} --eventhub-name ${hub} --name vigil-listen --rights Listen
install -m 600 /dev/null vigil-aks-${ctx.cluster}.connection
az eventhubs eventhub authorization-rule keys list ${s} ${g} --namespace-name ${ns} --eventhub-name ${hub} --name vigil-listen --query primaryConnectionString --output tsv > vigil-aks-${ctx.cluster}.connection
#    The file holds the secret: copy it where Vigil runs (readable only by Vigil), then add to
#    Vigil's configuration file, with connectionStringFile pointing at that copy, and restart Vigil
#    (or name an environment variable holding it with connectionStringEnv instead):
${commentBlock(stringify({ aks: [{ cluster: ctx.cluster, connectionStringFile: `/etc/vigil/vigil-aks-${ctx.cluster}.connection`, eventHubName: hub, consumerGroup: 'vigil' }] }))}

# 4. Check that events arrive (Azure Monitor streams within a few minutes):
kubectl get pods -A > /dev/null
vigil clusters list --data ${data}   # ${ctx.cluster}: the AKS source's counts and last event
vigil coverage --data ${data}        # the audit stream's newest event (also on the console's Coverage page)
#    Nothing arriving: az monitor metrics list --resource <namespace id> --metric IncomingMessages
#    shows whether AKS sends; Vigil's log shows connection or authorization errors.

# Runtime monitoring: deploy the Tracee DaemonSet with "vigil deploy manifests" (docs/deploy.md).
`;
}
