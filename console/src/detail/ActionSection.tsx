// Action: the Kubernetes API call (verb, URI, status, user agent, source IPs with location and
// threat-intelligence evidence), the DNS request or the network connection.

import type { Finding, RemoteIp } from '../api/types.js';
import { EntityLink, Fields, Section, yesNo } from '../components/Common.js';
import { additionalInfo } from '../lib/finding-fields.js';

function location(r: RemoteIp | undefined): string | undefined {
  if (!r) return undefined;
  const parts = [r.city?.cityName, r.country?.countryName ?? r.country?.countryCode, r.organization?.asnOrg ?? r.organization?.org].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

function Evidence({ finding: f }: { finding: Finding }) {
  const ti = f.service?.evidence?.threatIntelligenceDetails ?? [];
  const info = additionalInfo(f);
  const reasons = Array.isArray(info.severityReasons) ? info.severityReasons.filter((x): x is string => typeof x === 'string') : [];
  if (ti.length === 0 && reasons.length === 0) return null;
  return (
    <div className="evidence" data-testid="evidence">
      <h4>Threat intelligence</h4>
      <ul className="plain">
        {ti.map((t, i) => (
          <li key={`${t.threatListName ?? ''}-${i}`}>
            On list <strong>{t.threatListName}</strong>
            {t.threatNames?.length ? ` (${t.threatNames.join(', ')})` : ''}
          </li>
        ))}
        {reasons.map((r) => (
          <li key={r} className="muted">
            {r}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ActionSection({ finding: f }: { finding: Finding }) {
  const a = f.service?.action;
  const api = a?.kubernetesApiCallAction;
  const dns = a?.dnsRequestAction;
  const net = a?.networkConnectionAction;
  const remote = api?.remoteIpDetails;
  return (
    <Section title="Action" testId="section-action">
      {api && (
        <Fields
          rows={[
            ['Action type', 'Kubernetes API call'],
            ['Verb', <span data-testid="action-verb" key="verb">{api.verb}</span>],
            ['Request URI', <code key="uri">{api.requestUri}</code>],
            ['Resource', api.resource ? `${api.resource}${api.subresource ? `/${api.subresource}` : ''}` : undefined],
            ['Resource name', api.resourceName],
            ['Namespace', api.namespace],
            ['Status code', api.statusCode !== undefined ? String(api.statusCode) : undefined],
            ['User agent', <span data-testid="user-agent" key="ua">{api.userAgent}</span>],
            [
              'Source IPs',
              api.sourceIPs?.length ? (
                <span key="ips" className="list-inline">
                  {api.sourceIPs.map((ip) => (
                    <EntityLink key={ip} kind="ip" id={ip} />
                  ))}
                </span>
              ) : undefined,
            ],
            ['Location', location(remote) ?? (remote ? 'unknown (no GeoIP database)' : undefined)],
            ['Parameters', api.parameters ? <pre key="p" className="small-pre">{api.parameters}</pre> : undefined],
          ]}
        />
      )}
      {dns && (
        <Fields
          rows={[
            ['Action type', 'DNS request'],
            ['Domain', dns.domain],
            ['Domain with suffix', dns.domainWithSuffix],
            ['Protocol', dns.protocol],
            ['Blocked', yesNo(dns.blocked)],
          ]}
        />
      )}
      {net && (
        <Fields
          rows={[
            ['Action type', 'Network connection'],
            ['Direction', net.connectionDirection],
            ['Protocol', net.protocol],
            ['Remote IP', net.remoteIpDetails?.ipAddressV4 ?? net.remoteIpDetails?.ipAddressV6 ? <EntityLink kind="ip" id={net.remoteIpDetails?.ipAddressV4 ?? net.remoteIpDetails?.ipAddressV6 ?? ''} /> : undefined],
            ['Location', location(net.remoteIpDetails)],
            ['Remote port', net.remotePortDetails?.port !== undefined ? String(net.remotePortDetails.port) : undefined],
            ['Blocked', yesNo(net.blocked)],
          ]}
        />
      )}
      <Evidence finding={f} />
    </Section>
  );
}
