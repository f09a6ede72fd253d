// vigil: the command-line entry point. One file per command under commands/.

import { VigilError } from '../core/errors.js';
import { UsageError } from './args.js';
import { CLUSTERS_HELP, clustersCommand } from './commands/clusters.js';
import { CONNECT_HELP, connectCommand } from './commands/connect.js';
import { COVERAGE_HELP, coverageCommand } from './commands/coverage.js';
import { DEPLOY_HELP, deployCommand } from './commands/deploy.js';
import { FILTERS_HELP, filtersCommand } from './commands/filters.js';
import { FINDINGS_HELP, findingsCommand } from './commands/findings.js';
import { INTEL_HELP, intelCommand } from './commands/intel.js';
import { REPLAY_HELP, replayCommand } from './commands/replay.js';
import { RULES_HELP, rulesCommand } from './commands/rules.js';
import { SERVE_HELP, serveCommand } from './commands/serve.js';
import { TOKENS_HELP, tokensCommand } from './commands/tokens.js';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  serve: serveCommand,
  replay: replayCommand,
  clusters: clustersCommand,
  findings: findingsCommand,
  rules: rulesCommand,
  intel: intelCommand,
  coverage: coverageCommand,
  tokens: tokensCommand,
  filters: filtersCommand,
  connect: connectCommand,
  deploy: deployCommand,
};

const HELP = `vigil: Kubernetes threat detection with GuardDuty-format findings

Commands:
  serve       run the service (audit webhook ingest + API)
  replay      judge recorded audit logs and print findings
  clusters    register clusters, print webhook configuration
  findings    list and show findings
  rules       list, validate and test detection rules
  intel       threat-intelligence lists (threat, trusted, Tor, malicious)
  coverage    audit stream and runtime sensor status per cluster
  tokens      API tokens with roles (viewer, analyst, admin)
  filters     saved filters and suppression rules
  deploy      Kubernetes manifests for Vigil and the Tracee sensor
  connect     print the steps that send a cluster's audit log to Vigil (self-managed, EKS, GKE, AKS)

Run "vigil COMMAND --help" for a command's options.

${SERVE_HELP}

${REPLAY_HELP}

${CLUSTERS_HELP}

${FINDINGS_HELP}

${RULES_HELP}

${INTEL_HELP}

${COVERAGE_HELP}

${TOKENS_HELP}

${FILTERS_HELP}

${CONNECT_HELP}

${DEPLOY_HELP}
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(HELP);
    return cmd === undefined ? 2 : 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    process.stderr.write(`vigil: unknown command ${JSON.stringify(cmd)}; run "vigil help"\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`vigil ${e.message}\n`);
      return 2;
    }
    if (e instanceof VigilError) {
      process.stderr.write(`vigil: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`vigil: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`vigil: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
