// The `cloudwatch` section of the configuration: EKS clusters whose control-plane audit logs
// `vigil serve` polls from CloudWatch Logs (docs/operations.md#eks-via-cloudwatch-logs-polling).

export interface CloudWatchSpec {
  cluster: string;
  /** Default /aws/eks/<cluster>/cluster. */
  logGroup: string;
  /** Default: the SDK's provider chain (AWS_REGION, ~/.aws/config). */
  region?: string;
  /** Another endpoint URL (VPC interface endpoint, tests). */
  endpoint?: string;
  pollSeconds: number;
  lookbackSeconds: number;
}

export const DEFAULT_POLL_SECONDS = 10;
export const DEFAULT_LOOKBACK_SECONDS = 120;
const KEYS = ['cluster', 'logGroup', 'region', 'endpoint', 'pollSeconds', 'lookbackSeconds'];

/** The specs, or every problem with its position (cloudwatch[1].pollSeconds ...). */
export function parseCloudWatchConfig(raw: unknown): { specs: CloudWatchSpec[]; errors: string[] } {
  const errors: string[] = [];
  const specs: CloudWatchSpec[] = [];
  if (raw === undefined || raw === null) return { specs, errors };
  if (!Array.isArray(raw)) return { specs, errors: ['cloudwatch must be a list of {cluster, logGroup?, region?, endpoint?, pollSeconds?, lookbackSeconds?}'] };
  raw.forEach((item: unknown, i) => {
    const at = `cloudwatch[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push(`${at} must be a mapping with at least cluster`);
      return;
    }
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!KEYS.includes(k)) errors.push(`unknown key ${at}.${k}`);
    if (typeof o.cluster !== 'string' || o.cluster === '') errors.push(`${at}.cluster must be a registered cluster name`);
    const logGroup = typeof o.logGroup === 'string' ? o.logGroup : o.logGroup === undefined ? `/aws/eks/${String(o.cluster)}/cluster` : '';
    if (!/^[\w\-./#]{1,512}$/.test(logGroup)) errors.push(`${at}.logGroup must be a CloudWatch log group name (letters, digits, _ - . / #)`);
    if (o.region !== undefined && (typeof o.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(o.region))) errors.push(`${at}.region must be an AWS region such as eu-west-1`);
    if (o.endpoint !== undefined && !isHttpUrl(o.endpoint)) errors.push(`${at}.endpoint must be an http(s) URL`);
    const poll = o.pollSeconds ?? DEFAULT_POLL_SECONDS;
    if (typeof poll !== 'number' || !(poll >= 1 && poll <= 3600)) errors.push(`${at}.pollSeconds must be a number from 1 to 3600`);
    const lookback = o.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS;
    if (typeof lookback !== 'number' || !(lookback >= 0 && lookback <= 86_400)) errors.push(`${at}.lookbackSeconds must be a number from 0 to 86400`);
    if (specs.some((s) => s.logGroup === logGroup)) errors.push(`${at}.logGroup ${logGroup} is polled twice`);
    specs.push({
      cluster: String(o.cluster),
      logGroup,
      ...(typeof o.region === 'string' ? { region: o.region } : {}),
      ...(typeof o.endpoint === 'string' ? { endpoint: o.endpoint } : {}),
      pollSeconds: Number(poll),
      lookbackSeconds: Number(lookback),
    });
  });
  return { specs: errors.length ? [] : specs, errors };
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
