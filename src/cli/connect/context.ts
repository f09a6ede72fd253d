// What every platform's setup text is built from: the cluster, Vigil's public base URL and the
// cluster's ingest token, plus the platform's own options (region, project, resource group, ...).

export interface ConnectContext {
  cluster: string;
  /** Vigil's base URL as the cloud or API server reaches it, without a trailing slash or path. */
  url: string;
  /** The cluster's ingest token (filled into every step that authenticates to Vigil). */
  token: string;
  /** Platform options given on the command line (--region, --project, ...), by option name. */
  options: Record<string, string | undefined>;
}

export class ConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectError';
  }
}

/** A required platform option, or an error naming it. */
export function required(ctx: ConnectContext, name: string, what: string): string {
  const v = ctx.options[name];
  if (v === undefined || v === '') throw new ConnectError(`--${name} is required: ${what}`);
  return v;
}

/** Quotes a value for a POSIX shell: single quotes, with embedded single quotes escaped. */
export function shq(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** A JSON file written by a heredoc, so no JSON is ever quoted inside a shell argument. */
export function jsonFile(path: string, doc: unknown): string {
  return `cat > ${path} <<'EOF'\n${JSON.stringify(doc, null, 2)}\nEOF\n`;
}

/** The same for a YAML (or any text) document. */
export function textFile(path: string, text: string): string {
  return `cat > ${path} <<'EOF'\n${text.endsWith('\n') ? text : text + '\n'}EOF\n`;
}

/** Parses and normalises --url: http(s)://HOST[:PORT], no path, query or credentials. */
export function baseUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConnectError(`--url ${JSON.stringify(raw)} is not a URL; give Vigil's base URL such as https://vigil.example.com`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConnectError('--url must start with https:// (or http:// for a self-managed test cluster)');
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw new ConnectError(`--url must be Vigil's base URL without a path, query or credentials (got ${raw}); the ingest paths are added for you`);
  }
  return u;
}

/** Lower-case letters, digits and dashes only (S3 buckets, Event Hubs, Pub/Sub names). */
export function dnsLabel(v: string): string {
  return v.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** A YAML (or other) block shown inside the script as comment lines starting with "#> ". */
export function commentBlock(text: string): string {
  return text.trimEnd().replace(/^/gm, '#> ');
}
