import { Duration, Size } from 'cdk8s';
import { wholeSeconds } from '../common/duration';
import { checkSourceRanges } from '../common/source-ranges';
import { checkInteger } from '../common/weight';

/** The protocol ingress-nginx speaks to the backend (`backend-protocol`). */
export enum BackendProtocol {
  /** Plain HTTP/1.1. */
  HTTP = 'HTTP',
  /** HTTPS without verifying the pods' certificate. */
  HTTPS = 'HTTPS',
  /** HTTP, upgraded per request (rarely needed). */
  AUTO_HTTP = 'AUTO_HTTP',
  /** gRPC over cleartext HTTP/2. */
  GRPC = 'GRPC',
  /** gRPC over TLS. */
  GRPCS = 'GRPCS',
  /** FastCGI. */
  FCGI = 'FCGI',
}

/** The `SameSite` attribute of the affinity cookie. */
export enum SessionCookieSameSite {
  /** Sent with cross-site requests (needs `secure`). */
  NONE = 'None',
  /** Sent with top-level cross-site navigations. */
  LAX = 'Lax',
  /** Only sent to the same site. */
  STRICT = 'Strict',
}

/** Session affinity by cookie (`affinity: cookie` and `session-cookie-*`). */
export interface SessionAffinityCookie {
  /**
   * The cookie's name: letters, digits, `_` and `-` (what the local HAProxy renderer accepts too).
   * @default 'INGRESSCOOKIE'
   */
  readonly name?: string;
  /**
   * The cookie's `Max-Age` (whole seconds).
   * @default - a session cookie
   */
  readonly maxAge?: Duration;
  /**
   * The `SameSite` attribute.
   * @default - none
   */
  readonly sameSite?: SessionCookieSameSite;
  /**
   * Whether the cookie is `Secure`.
   * @default false
   */
  readonly secure?: boolean;
}

/** Per-client-IP limits; over a limit nginx answers 503. */
export interface NginxRateLimit {
  /**
   * Requests per second (`limit-rps`).
   * @default - no limit
   */
  readonly requestsPerSecond?: number;
  /**
   * Requests per minute (`limit-rpm`).
   * @default - no limit
   */
  readonly requestsPerMinute?: number;
  /**
   * Concurrent connections (`limit-connections`).
   * @default - no limit
   */
  readonly connections?: number;
  /**
   * Burst allowed as a multiple of the rate (`limit-burst-multiplier`).
   * @default 5
   */
  readonly burstMultiplier?: number;
}

/** Timeouts towards the backend (whole seconds). */
export interface NginxProxyTimeouts {
  /**
   * Connect timeout (`proxy-connect-timeout`).
   * @default Duration.seconds(5)
   */
  readonly connect?: Duration;
  /**
   * Timeout between two writes to the backend (`proxy-send-timeout`).
   * @default Duration.seconds(60)
   */
  readonly send?: Duration;
  /**
   * Timeout between two reads from the backend (`proxy-read-timeout`).
   * @default Duration.seconds(60)
   */
  readonly read?: Duration;
}

/** Cross-origin resource sharing (`enable-cors` and `cors-*`). */
export interface NginxCors {
  /**
   * Allowed origins (`https://app.example.com`, `https://*.example.com`), or `*`.
   * @default ['*']
   */
  readonly allowOrigins?: string[];
  /**
   * Allowed methods.
   * @default - GET, PUT, POST, DELETE, PATCH, OPTIONS
   */
  readonly allowMethods?: string[];
  /**
   * Allowed request headers.
   * @default - nginx's list (DNT, Keep-Alive, User-Agent, ..., Authorization)
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers exposed to scripts.
   * @default - none
   */
  readonly exposeHeaders?: string[];
  /**
   * Whether credentials are allowed.
   * @default true
   */
  readonly allowCredentials?: boolean;
  /**
   * How long browsers cache a preflight answer (whole seconds).
   * @default Duration.seconds(1728000)
   */
  readonly maxAge?: Duration;
}

/**
 * ingress-nginx settings of an Ingress, written as `nginx.ingress.kubernetes.io/*`
 * annotations. Legacy: ingress-nginx is retired (no releases after March 2026);
 * prefer Gateway API for new work.
 */
export interface IngressNginxSettings {
  /**
   * Redirect HTTP to HTTPS (308) for hosts with TLS (`ssl-redirect`).
   * @default true (nginx's default when the Ingress has TLS)
   */
  readonly sslRedirect?: boolean;
  /**
   * Redirect HTTP to HTTPS even without a TLS section (`force-ssl-redirect`).
   * @default false
   */
  readonly forceSslRedirect?: boolean;
  /**
   * Pass TLS connections to the pods by SNI (`ssl-passthrough`); the pods terminate TLS.
   * Needs the controller flag `--enable-ssl-passthrough`; every other setting becomes ineffective.
   * @default false
   */
  readonly sslPassthrough?: boolean;
  /**
   * Protocol to the backend (`backend-protocol`).
   * @default BackendProtocol.HTTP
   */
  readonly backendProtocol?: BackendProtocol;
  /**
   * Replace the matched path (`rewrite-target`), with `$1`.. capture references of a regex path;
   * turns every path of the host into a case-insensitive regex.
   * @default - no rewrite
   */
  readonly rewriteTarget?: string;
  /**
   * Treat the paths of the host as regular expressions (`use-regex`).
   * @default false
   */
  readonly useRegex?: boolean;
  /**
   * Largest request body (`proxy-body-size`); larger requests get 413.
   * @default Size.mebibytes(1)
   */
  readonly proxyBodySize?: Size;
  /**
   * Only these source IPs/CIDRs are served (`allowlist-source-range`); others get 403.
   * @default - every source
   */
  readonly allowedSourceRanges?: string[];
  /**
   * Session affinity by cookie.
   * @default - no affinity
   */
  readonly sessionAffinity?: SessionAffinityCookie;
  /**
   * Per-client rate limits.
   * @default - no limits
   */
  readonly rateLimit?: NginxRateLimit;
  /**
   * Proxy timeouts.
   * @default - nginx's (connect 5s, send 60s, read 60s)
   */
  readonly proxyTimeouts?: NginxProxyTimeouts;
  /**
   * CORS.
   * @default - CORS not enabled
   */
  readonly cors?: NginxCors;
}

const P = 'nginx.ingress.kubernetes.io/';
const MAX_INT = 2147483647;

function sizeText(size: Size, what: string): string {
  if (!(size instanceof Size)) throw new Error(`${what}: must be a cdk8s Size`);
  const k = size.toKibibytes();
  if (!Number.isInteger(k) || k < 0) throw new Error(`${what}: must be a whole number of KiB`);
  if (k > 0 && k % (1024 * 1024) === 0) return `${k / (1024 * 1024)}g`;
  if (k > 0 && k % 1024 === 0) return `${k / 1024}m`;
  return `${k}k`;
}

function seconds(d: Duration, what: string, min: number): string {
  const s = wholeSeconds(d, what);
  if (s < min) throw new Error(`${what}: must be at least ${min}s`);
  return String(s);
}

/** The annotations of typed ingress-nginx settings; throws naming `where` for bad values. */
export function renderNginxSettings(s: IngressNginxSettings, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.sslRedirect !== undefined) out[`${P}ssl-redirect`] = String(s.sslRedirect);
  if (s.forceSslRedirect !== undefined) out[`${P}force-ssl-redirect`] = String(s.forceSslRedirect);
  if (s.sslPassthrough !== undefined) {
    const others = Object.keys(s).filter((k) => k !== 'sslPassthrough' && (s as any)[k] !== undefined);
    if (s.sslPassthrough && others.length > 0) {
      throw new Error(`${where}: sslPassthrough makes every other nginx setting ineffective (remove ${others.join(', ')})`);
    }
    out[`${P}ssl-passthrough`] = String(s.sslPassthrough);
  }
  if (s.backendProtocol !== undefined) {
    if (!(Object.values(BackendProtocol) as string[]).includes(s.backendProtocol)) {
      throw new Error(`${where}: unsupported backendProtocol ${JSON.stringify(s.backendProtocol)}: supported values: ${Object.values(BackendProtocol).join(', ')}`);
    }
    out[`${P}backend-protocol`] = s.backendProtocol;
  }
  if (s.rewriteTarget !== undefined) {
    if (!/^\/?[A-Za-z0-9\-._~/:$]*$/.test(s.rewriteTarget)) {
      throw new Error(`${where}: invalid rewriteTarget ${JSON.stringify(s.rewriteTarget)}: must match ^/?[A-Za-z0-9-._~/:$]*$ (e.g. "/$2")`);
    }
    out[`${P}rewrite-target`] = s.rewriteTarget;
  }
  if (s.useRegex !== undefined) out[`${P}use-regex`] = String(s.useRegex);
  if (s.proxyBodySize !== undefined) out[`${P}proxy-body-size`] = sizeText(s.proxyBodySize, `${where}: proxyBodySize`);
  if (s.allowedSourceRanges !== undefined) out[`${P}allowlist-source-range`] = checkSourceRanges(s.allowedSourceRanges, `${where}: allowedSourceRanges`).join(',');
  if (s.sessionAffinity) {
    const a = s.sessionAffinity;
    out[`${P}affinity`] = 'cookie';
    if (a.name !== undefined) {
      if (!/^[A-Za-z0-9_-]+$/.test(a.name)) throw new Error(`${where}: invalid sessionAffinity.name ${JSON.stringify(a.name)}: letters, digits, '_' and '-' only`);
      out[`${P}session-cookie-name`] = a.name;
    }
    if (a.maxAge !== undefined) out[`${P}session-cookie-max-age`] = seconds(a.maxAge, `${where}: sessionAffinity.maxAge`, 1);
    if (a.sameSite !== undefined) {
      if (!(Object.values(SessionCookieSameSite) as string[]).includes(a.sameSite)) {
        throw new Error(`${where}: unsupported sessionAffinity.sameSite ${JSON.stringify(a.sameSite)}: supported values: ${Object.values(SessionCookieSameSite).join(', ')}`);
      }
      out[`${P}session-cookie-samesite`] = a.sameSite;
    }
    if (a.secure !== undefined) out[`${P}session-cookie-secure`] = String(a.secure);
  }
  if (s.rateLimit) {
    const r = s.rateLimit;
    if (r.requestsPerSecond === undefined && r.requestsPerMinute === undefined && r.connections === undefined) {
      throw new Error(`${where}: rateLimit must set at least one of requestsPerSecond, requestsPerMinute, connections`);
    }
    if (r.requestsPerSecond !== undefined) out[`${P}limit-rps`] = String(checkInteger(r.requestsPerSecond, 1, MAX_INT, `${where}: rateLimit.requestsPerSecond`));
    if (r.requestsPerMinute !== undefined) out[`${P}limit-rpm`] = String(checkInteger(r.requestsPerMinute, 1, MAX_INT, `${where}: rateLimit.requestsPerMinute`));
    if (r.connections !== undefined) out[`${P}limit-connections`] = String(checkInteger(r.connections, 1, MAX_INT, `${where}: rateLimit.connections`));
    if (r.burstMultiplier !== undefined) out[`${P}limit-burst-multiplier`] = String(checkInteger(r.burstMultiplier, 1, 1000, `${where}: rateLimit.burstMultiplier`));
  }
  if (s.proxyTimeouts) {
    const t = s.proxyTimeouts;
    if (t.connect !== undefined) out[`${P}proxy-connect-timeout`] = seconds(t.connect, `${where}: proxyTimeouts.connect`, 1);
    if (t.send !== undefined) out[`${P}proxy-send-timeout`] = seconds(t.send, `${where}: proxyTimeouts.send`, 1);
    if (t.read !== undefined) out[`${P}proxy-read-timeout`] = seconds(t.read, `${where}: proxyTimeouts.read`, 1);
  }
  if (s.cors) {
    const c = s.cors;
    out[`${P}enable-cors`] = 'true';
    if (c.allowOrigins !== undefined) {
      for (const o of c.allowOrigins) {
        if (!/^(\*|https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:[0-9]+)?)$/.test(o)) {
          throw new Error(`${where}: invalid cors.allowOrigins entry ${JSON.stringify(o)}: "*" or an origin like "https://app.example.com" (host may start with "*.")`);
        }
      }
      if (c.allowOrigins.length === 0) throw new Error(`${where}: cors.allowOrigins must not be empty`);
      out[`${P}cors-allow-origin`] = c.allowOrigins.join(', ');
    }
    const list = (v: string[] | undefined, key: string, re: RegExp, what: string): void => {
      if (v === undefined) return;
      for (const x of v) if (!re.test(x)) throw new Error(`${where}: invalid ${what} entry ${JSON.stringify(x)}`);
      if (v.length === 0) throw new Error(`${where}: ${what} must not be empty`);
      out[`${P}${key}`] = v.join(', ');
    };
    list(c.allowMethods, 'cors-allow-methods', /^[A-Za-z]+$/, 'cors.allowMethods');
    list(c.allowHeaders, 'cors-allow-headers', /^[A-Za-z0-9_-]+$/, 'cors.allowHeaders');
    list(c.exposeHeaders, 'cors-expose-headers', /^[A-Za-z0-9_-]+$/, 'cors.exposeHeaders');
    if (c.allowCredentials !== undefined) out[`${P}cors-allow-credentials`] = String(c.allowCredentials);
    if (c.maxAge !== undefined) out[`${P}cors-max-age`] = seconds(c.maxAge, `${where}: cors.maxAge`, 0);
  }
  return out;
}
