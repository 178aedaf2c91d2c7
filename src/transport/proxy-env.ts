/**
 * Proxy settings from an environment map (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY` and their
 * lower-case forms), resolved the way undici's `EnvHttpProxyAgent` applies them. Pure: the caller
 * passes the environment, nothing here reads `process.env`.
 */

/** Which proxy to use for which scheme, and which hosts bypass it. Empty strings mean "none". */
export interface ProxySettings {
  /** Proxy for `http:` URLs. */
  httpProxy: string;
  /** Proxy for `https:` URLs (falls back to the `http:` one, as undici does). */
  httpsProxy: string;
  /** `NO_PROXY`: comma- or space-separated hosts, `.suffix`/`*.suffix` domains, optional `:port`, or `*`. */
  noProxy: string;
}

/** Environment variables read, in order of precedence (lower-case first, like curl and undici). */
export const PROXY_VARIABLES = {
  http: ['http_proxy', 'HTTP_PROXY'],
  https: ['https_proxy', 'HTTPS_PROXY'],
  no: ['no_proxy', 'NO_PROXY'],
} as const;

function pick(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): string {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) return value.trim();
  }
  return '';
}

/** Reads the proxy variables from `env`. */
export function proxySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const httpProxy = pick(env, PROXY_VARIABLES.http);
  return { httpProxy, httpsProxy: pick(env, PROXY_VARIABLES.https) || httpProxy, noProxy: pick(env, PROXY_VARIABLES.no) };
}

/** True when any proxy is configured at all. */
export function hasProxy(settings: ProxySettings): boolean {
  return settings.httpProxy !== '' || settings.httpsProxy !== '';
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** Whether `NO_PROXY` exempts this URL. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const value = noProxy.trim();
  if (value === '') return false;
  if (value === '*') return true;
  // `host` keeps IPv6 brackets; strip only the port.
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of value.split(/[,\s]/)) {
    if (!raw) continue;
    const withPort = /^(.+):(\d+)$/.exec(raw);
    const entryHost = (withPort ? withPort[1]! : raw).replace(/^\*?\./, '').toLowerCase();
    const entryPort = withPort ? Number.parseInt(withPort[2]!, 10) : 0;
    if (entryPort && entryPort !== port) continue;
    if (hostname === entryHost || hostname.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

/** The proxy a request to `url` goes through, or undefined for a direct connection. */
export function proxyForUrl(url: URL, settings: ProxySettings): string | undefined {
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!proxy || bypassesProxy(url, settings.noProxy)) return undefined;
  return proxy;
}

/** A proxy URL fit for a log line: user name and password removed. */
export function displayProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    const hadCredentials = url.username !== '' || url.password !== '';
    url.username = '';
    url.password = '';
    return `${url.origin}${hadCredentials ? ' (with credentials)' : ''}`;
  } catch {
    return '(unparsable proxy URL)';
  }
}
