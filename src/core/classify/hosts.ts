// Telling outside hosts from loopback ones in string literals and messages, for the network and resource rules.
// A token only counts as a domain when it ends in a common top-level domain: `config.rs` or `stream.unwrap` must not.

const TOP_LEVEL_DOMAINS = new Set([
  'com', 'org', 'net', 'io', 'dev', 'edu', 'gov', 'info', 'biz', 'co', 'app', 'cloud',
  'us', 'uk', 'de', 'fr', 'nl', 'jp', 'cn', 'ru', 'eu', 'ca', 'au', 'ch', 'se', 'xyz',
]);

/** Hosts seen in URLs that are names, not places to connect to (XML namespaces, schemas, licences). */
const NAMESPACE_HOSTS = new Set([
  'www.w3.org', 'w3.org', 'schemas.xmlsoap.org', 'schemas.microsoft.com', 'schemas.android.com', 'xmlns.jcp.org',
  'java.sun.com', 'maven.apache.org', 'www.apache.org', 'json-schema.org', 'purl.org', 'xml.org', 'www.springframework.org',
  'opensource.org', 'www.opensource.org', 'ns.adobe.com',
]);

/** Hosts that tests use on purpose as "somewhere on the internet". */
const WELL_KNOWN_HOSTS = /^(?:www\.)?(?:example\.(?:com|org|net)|google\.com|github\.com|httpbin\.org|cloudflare\.com|amazon\.com|bing\.com|microsoft\.com|wikipedia\.org|rust-lang\.org|golang\.org|go\.dev|npmjs\.org|pypi\.org|8\.8\.8\.8|1\.1\.1\.1)$/i;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const URL_START = /^(?:https?|wss?|ftp|grpcs?|tcp|udp):\/\//i;

function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h.startsWith('127.') ||
    h === '::1' ||
    h === '0.0.0.0' ||
    h === '::' ||
    h === ''
  );
}

/** A public-looking domain name (`example.com`) or IPv4 address that is not loopback. */
function isOutsideHost(host: string): boolean {
  if (host.length > 253 || isLoopbackHost(host)) return false;
  const ip = IPV4.exec(host);
  if (ip) return ip.slice(1).every((part) => Number(part) <= 255) && !host.startsWith('0.');
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return TOP_LEVEL_DOMAINS.has((labels[labels.length - 1] ?? '').toLowerCase());
}

export function isWellKnownHost(host: string): boolean {
  return WELL_KNOWN_HOSTS.test(host);
}

export type HostLiteral =
  | { readonly kind: 'url'; readonly host: string; readonly outside: boolean }
  | { readonly kind: 'host-port'; readonly host: string; readonly port: number; readonly outside: boolean }
  | { readonly kind: 'host'; readonly host: string };

/** What a string literal says about a place to connect to, if anything. */
export function hostLiteral(literal: string): HostLiteral | undefined {
  const text = literal.trim();
  if (text.length === 0 || text.length > 2048) return undefined;
  const scheme = URL_START.exec(text);
  if (scheme) {
    const authority = text.slice(scheme[0].length).split(/[/?#]/, 1)[0] ?? '';
    const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
    const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : (hostPort.split(':', 1)[0] ?? '');
    if (host === '' || host.includes('%') || host.includes('$') || host.includes('{')) return undefined;
    if (NAMESPACE_HOSTS.has(host.toLowerCase())) return undefined;
    const outside = isOutsideHost(host);
    if (!outside && !isLoopbackHost(host)) return undefined;
    return { kind: 'url', host, outside };
  }
  const colon = text.lastIndexOf(':');
  if (colon > 0 || text.startsWith(':')) {
    const host = text.slice(0, Math.max(0, colon)).replace(/^\[|\]$/g, '');
    const portText = text.slice(colon + 1);
    if (/^\d{1,5}$/.test(portText)) {
      const port = Number(portText);
      if (port > 65535) return undefined;
      if (isLoopbackHost(host)) return { kind: 'host-port', host, port, outside: false };
      if (isOutsideHost(host)) return { kind: 'host-port', host, port, outside: true };
    }
    return undefined;
  }
  if (isOutsideHost(text)) return { kind: 'host', host: text };
  return undefined;
}

/** The first outside host named in a message line (`lookup example.com`, `ENOTFOUND registry.npmjs.org`, a URL). */
export function hostInMessage(line: string): string | undefined {
  for (const token of line.split(/[\s"'`()<>[\],;{}|]+/)) {
    if (token === '' || token.length > 300) continue;
    const literal = hostLiteral(token.replace(/[.:]+$/, ''));
    if (literal === undefined) continue;
    if (literal.kind === 'host' || literal.outside) return literal.host;
  }
  return undefined;
}
