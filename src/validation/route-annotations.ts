import { FieldPath } from './field-path';
import { Issues } from './finding';
import { sourceRangeProblem } from '../common/source-ranges';

/**
 * The OpenShift router's Route annotations, parsed the way the router parses
 * them (openshift/router `haproxy-config.template`, `firstMatch` anchored
 * patterns, Go `ParseBool` / `Atoi`). A value the router would ignore is left
 * out of the result and, when an `Issues` collector is given, reported as a
 * warning on `metadata.annotations[<key>]`.
 *
 * Internal: not part of the jsii API (the routing model imports it).
 */

/** Annotation keys the router reads. */
export const ROUTE_ANNOTATIONS = {
  balance: 'haproxy.router.openshift.io/balance',
  disableCookies: 'haproxy.router.openshift.io/disable_cookies',
  cookieName: 'router.openshift.io/cookie_name',
  cookieSameSite: 'router.openshift.io/cookie-same-site',
  timeout: 'haproxy.router.openshift.io/timeout',
  timeoutTunnel: 'haproxy.router.openshift.io/timeout-tunnel',
  healthCheckInterval: 'router.openshift.io/haproxy.health.check.interval',
  rateLimit: 'haproxy.router.openshift.io/rate-limit-connections',
  rateLimitConcurrentTcp: 'haproxy.router.openshift.io/rate-limit-connections.concurrent-tcp',
  rateLimitRateTcp: 'haproxy.router.openshift.io/rate-limit-connections.rate-tcp',
  rateLimitRateHttp: 'haproxy.router.openshift.io/rate-limit-connections.rate-http',
  ipAllowlist: 'haproxy.router.openshift.io/ip_allowlist',
  ipWhitelist: 'haproxy.router.openshift.io/ip_whitelist',
  hsts: 'haproxy.router.openshift.io/hsts_header',
  forwardedHeaders: 'haproxy.router.openshift.io/set-forwarded-headers',
  rewriteTarget: 'haproxy.router.openshift.io/rewrite-target',
  podConcurrentConnections: 'haproxy.router.openshift.io/pod-concurrent-connections',
  h1AdjustCase: 'haproxy.router.openshift.io/h1-adjust-case',
  poolSize: 'router.openshift.io/pool-size',
} as const;

/** Other annotations with a meaning for Routes (not router tuning). */
const OTHER_KNOWN = new Set([
  'openshift.io/host.generated',
  'route.openshift.io/allow-non-dns-compliant-host',
  'route.openshift.io/termination',
  'route.openshift.io/destination-ca-certificate-secret',
]);

/** The largest timeout HAProxy accepts; the router clips longer ones to this. */
export const HAPROXY_MAX_TIMEOUT_MS = 2147483647;

/** A load-balancing algorithm the router accepts in the `balance` annotation. */
export type RouterBalance = 'roundrobin' | 'leastconn' | 'source' | 'random';
/** A `cookie-same-site` value. */
export type RouterCookieSameSite = 'Lax' | 'Strict' | 'None';
/** A `set-forwarded-headers` policy. */
export type RouterForwardedHeaders = 'append' | 'replace' | 'if-none' | 'never';

/** Load-balancing algorithms the router accepts in the `balance` annotation. */
export const BALANCE_ALGORITHMS: readonly RouterBalance[] = ['roundrobin', 'leastconn', 'source', 'random'];
/** Values of `cookie-same-site`. */
export const COOKIE_SAME_SITE_VALUES: readonly RouterCookieSameSite[] = ['Lax', 'Strict', 'None'];
/** Values of `set-forwarded-headers`. */
export const FORWARDED_HEADER_POLICIES: readonly RouterForwardedHeaders[] = ['append', 'replace', 'if-none', 'never'];

function oneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

/** A timeout as the router emits it. */
export interface RouterTimeout {
  /** What goes into haproxy.cfg: the annotation value, or `2147483647ms` when clipped. */
  readonly text: string;
  /** The value in milliseconds (after clipping; fractional for `us`). */
  readonly ms: number;
  /** Whether the value was above HAProxy's maximum and was clipped. */
  readonly clipped: boolean;
}

/** Connection rate limits (only present when `rate-limit-connections` is true). */
export interface RouteRateLimit {
  /** Reject when a source has this many concurrent connections. */
  readonly concurrentTcp?: number;
  /** Reject when a source opened this many connections in 3 s. */
  readonly rateTcp?: number;
  /** Reject when a source sent this many HTTP requests in 10 s (HTTP backends only). */
  readonly rateHttp?: number;
}

/** Router settings a Route's annotations ask for, as the router would apply them. */
export interface RouteRouterSettings {
  /** `balance` algorithm. */
  readonly balance?: RouterBalance;
  /** Cookies disabled (`disable_cookies` true). */
  readonly disableCookies: boolean;
  /** Session cookie name. */
  readonly cookieName?: string;
  /** SameSite attribute of the session cookie (edge/reencrypt without `Allow`). */
  readonly cookieSameSite?: RouterCookieSameSite;
  /** `timeout server` (HTTP) or tunnel fallback (passthrough), in ms. */
  readonly timeoutServerMs?: number;
  readonly timeoutServer?: RouterTimeout;
  /** `timeout tunnel`, in ms. */
  readonly timeoutTunnelMs?: number;
  readonly timeoutTunnel?: RouterTimeout;
  /** `check inter`, in ms. */
  readonly healthCheckIntervalMs?: number;
  readonly healthCheckInterval?: RouterTimeout;
  /** Rate limiting, when enabled. */
  readonly rateLimit?: RouteRateLimit;
  /** Source IPs/CIDRs allowed; absent = everyone. */
  readonly allowlist?: string[];
  /** `Strict-Transport-Security` value (edge/reencrypt only). */
  readonly hsts?: string;
  /** Forwarded-header policy. */
  readonly forwardedHeaders?: RouterForwardedHeaders;
  /** Sanitised rewrite target (HAProxy replace-path replacement, `\1` appended unless cut at `#`). */
  readonly rewriteTarget?: string;
  /** `maxconn` per server. */
  readonly podConcurrentConnections?: number;
  /** `option h1-case-adjust-bogus-server` requested. */
  readonly h1AdjustCase?: boolean;
}

/** Go `strconv.ParseBool`. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** Go `strconv.Atoi` on a 64-bit platform: optional sign, decimal digits, int64 range. */
export function parseGoInt(value: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(value)) return undefined;
  const big = BigInt(value);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  return Number(big);
}

const TIMEOUT_RE = /^[1-9][0-9]*(us|ms|s|m|h|d)?$/;
const UNIT_US: Record<string, bigint> = { us: 1n, ms: 1000n, s: 1000000n, m: 60000000n, h: 3600000000n, d: 86400000000n };

/**
 * Parses a router timeout (`[1-9][0-9]*(us|ms|s|m|h|d)?`, no unit = ms) and
 * clips it to HAProxy's maximum, like the router. Undefined when the router
 * would ignore the value.
 */
export function parseRouterTimeout(value: string): RouterTimeout | undefined {
  const m = TIMEOUT_RE.exec(value);
  if (!m) return undefined;
  const unit = m[1] ?? 'ms';
  const digits = value.slice(0, value.length - (m[1]?.length ?? 0));
  const us = BigInt(digits) * UNIT_US[unit];
  const maxUs = BigInt(HAPROXY_MAX_TIMEOUT_MS) * 1000n;
  if (us > maxUs) return { text: `${HAPROXY_MAX_TIMEOUT_MS}ms`, ms: HAPROXY_MAX_TIMEOUT_MS, clipped: true };
  return { text: value, ms: Number(us) / 1000, clipped: false };
}

const HSTS_WS = '[\\t\\n\\f\\r ]';
const HSTS_RE = new RegExp(
  `^(?:((includeSubDomains|preload)${HSTS_WS}*;${HSTS_WS}*)*max-age${HSTS_WS}*=${HSTS_WS}*(\\d+|"\\d+")(${HSTS_WS}*;${HSTS_WS}*(includeSubDomains|preload))*)$`,
  'i',
);

/** Whether the router accepts an `hsts_header` value. */
export function isValidHsts(value: string): boolean {
  return HSTS_RE.test(value);
}

/** Whether a token is an IP or CIDR the router's allowlist accepts (Go `net.ParseIP` / `net.ParseCIDR`). */
export function isAllowlistEntry(token: string): boolean {
  return sourceRangeProblem(token) === undefined;
}

/**
 * Sanitises a `rewrite-target` value like the router's `SanitizeInput`: cut at
 * the first unescaped `#`; drop unescaped `"` and `'`; escaped `\'` becomes
 * `'\''`; other escapes lose their backslash (`\\` → `\`); every `%` in an
 * odd-length run of `%` is doubled; `\1` is appended unless a `#` cut happened.
 */
export function sanitizeRewriteTarget(input: string): string {
  let out = '';
  let cut = false;
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === '\\') {
      const next = input[i + 1];
      if (next === undefined) {
        i++; // a lone trailing backslash is removed
        continue;
      }
      out += next === "'" ? "'\\''" : next;
      i += 2;
      continue;
    }
    if (c === '#') {
      cut = true;
      break;
    }
    if (c === '"' || c === "'") {
      i++;
      continue;
    }
    if (c === '%') {
      let j = i;
      while (input[j] === '%') j++;
      const run = j - i;
      out += '%'.repeat(run % 2 === 1 ? run * 2 : run);
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return cut ? out : `${out}\\1`;
}

function isHttpTermination(termination: string | undefined): boolean {
  return termination !== 'passthrough';
}
function isTerminatingTls(termination: string | undefined): boolean {
  return termination === 'edge' || termination === 'reencrypt';
}

/**
 * Parses a Route's router annotations. `termination` is the route's
 * `spec.tls.termination` (undefined for plain HTTP), `insecurePolicy` its
 * `spec.tls.insecureEdgeTerminationPolicy`. Values the router would ignore
 * are left out and, with `issues`, reported as warnings under `base`
 * (default `metadata.annotations`).
 */
export function parseRouteAnnotations(
  annotations: Record<string, string> | undefined,
  termination: string | undefined,
  issues?: Issues,
  base: FieldPath = FieldPath.root('metadata').child('annotations'),
  insecurePolicy?: string,
): RouteRouterSettings {
  const a: Record<string, unknown> = annotations && typeof annotations === 'object' ? annotations : {};
  const out: { -readonly [K in keyof RouteRouterSettings]: RouteRouterSettings[K] } = { disableCookies: false };
  const term = termination === '' ? undefined : termination;

  const get = (key: string): string | undefined => {
    const v = a[key];
    return typeof v === 'string' ? v : undefined;
  };
  const ignored = (key: string, short: string, value: unknown, detail: string) => {
    issues?.warn.invalid(base.key(key), value, `route.annotation.${short}`, `the router ignores this value: ${detail}`);
  };
  const notApplicable = (key: string, short: string, detail: string) => {
    issues?.warn.forbidden(base.key(key), `route.annotation.${short}`, `the router ignores this annotation: ${detail}`);
  };
  const kindOf = term === undefined ? 'plain HTTP' : term;

  // balance
  const balance = get(ROUTE_ANNOTATIONS.balance);
  if (balance !== undefined) {
    if (oneOf(BALANCE_ALGORITHMS, balance)) out.balance = balance;
    else ignored(ROUTE_ANNOTATIONS.balance, 'balance', balance, `allowed values: ${BALANCE_ALGORITHMS.join(', ')}`);
  }

  // cookies
  const disable = get(ROUTE_ANNOTATIONS.disableCookies);
  if (disable !== undefined) {
    const b = parseGoBool(disable);
    if (b === undefined) ignored(ROUTE_ANNOTATIONS.disableCookies, 'disable-cookies', disable, 'expected a boolean (true, false, 1, 0, t, f); cookies stay enabled');
    else out.disableCookies = b;
  }
  if (term === 'passthrough') {
    for (const [k, short] of [[ROUTE_ANNOTATIONS.disableCookies, 'disable-cookies'], [ROUTE_ANNOTATIONS.cookieName, 'cookie-name'], [ROUTE_ANNOTATIONS.cookieSameSite, 'cookie-same-site']] as const) {
      if (get(k) !== undefined) notApplicable(k, short, 'passthrough routes have no cookies');
    }
  }
  const cookieName = get(ROUTE_ANNOTATIONS.cookieName);
  if (cookieName !== undefined && term !== 'passthrough') {
    if (/^[a-zA-Z0-9_-]+$/.test(cookieName)) out.cookieName = cookieName;
    else ignored(ROUTE_ANNOTATIONS.cookieName, 'cookie-name', cookieName, 'a cookie name may contain only letters, digits, "_" and "-"');
  }
  const sameSite = get(ROUTE_ANNOTATIONS.cookieSameSite);
  if (sameSite !== undefined && term !== 'passthrough') {
    if (!oneOf(COOKIE_SAME_SITE_VALUES, sameSite)) {
      ignored(ROUTE_ANNOTATIONS.cookieSameSite, 'cookie-same-site', sameSite, `allowed values (case-sensitive): ${COOKIE_SAME_SITE_VALUES.join(', ')}`);
    } else if (!isTerminatingTls(term) || insecurePolicy === 'Allow') {
      notApplicable(ROUTE_ANNOTATIONS.cookieSameSite, 'cookie-same-site',
        'SameSite is set only on edge and reencrypt routes whose insecureEdgeTerminationPolicy is not Allow');
    } else {
      out.cookieSameSite = sameSite;
    }
  }

  // timeouts
  const timeoutOf = (key: string, short: string): RouterTimeout | undefined => {
    const v = get(key);
    if (v === undefined) return undefined;
    const t = parseRouterTimeout(v);
    if (!t) {
      ignored(key, short, v, 'expected a positive integer with an optional unit us, ms, s, m, h or d (no unit = ms), e.g. 30s');
      return undefined;
    }
    if (t.clipped) {
      issues?.warn.invalid(base.key(key), v, `route.annotation.${short}`,
        `above HAProxy's maximum; the router clips it to ${HAPROXY_MAX_TIMEOUT_MS}ms (~24.8 days)`);
    }
    return t;
  };
  const timeout = timeoutOf(ROUTE_ANNOTATIONS.timeout, 'timeout');
  if (timeout) {
    out.timeoutServer = timeout;
    out.timeoutServerMs = timeout.ms;
  }
  const tunnel = timeoutOf(ROUTE_ANNOTATIONS.timeoutTunnel, 'timeout-tunnel');
  if (tunnel) {
    out.timeoutTunnel = tunnel;
    out.timeoutTunnelMs = tunnel.ms;
  }
  const inter = timeoutOf(ROUTE_ANNOTATIONS.healthCheckInterval, 'health-check-interval');
  if (inter) {
    out.healthCheckInterval = inter;
    out.healthCheckIntervalMs = inter.ms;
  }

  // rate limits
  const rlRaw = get(ROUTE_ANNOTATIONS.rateLimit);
  let rlOn = false;
  if (rlRaw !== undefined) {
    const b = parseGoBool(rlRaw);
    if (b === undefined) ignored(ROUTE_ANNOTATIONS.rateLimit, 'rate-limit-connections', rlRaw, 'expected a boolean (true, false, 1, 0, t, f); rate limiting stays off');
    else rlOn = b;
  }
  const rl: { concurrentTcp?: number; rateTcp?: number; rateHttp?: number } = {};
  for (const [key, short, field] of [
    [ROUTE_ANNOTATIONS.rateLimitConcurrentTcp, 'rate-limit-concurrent-tcp', 'concurrentTcp'],
    [ROUTE_ANNOTATIONS.rateLimitRateTcp, 'rate-limit-rate-tcp', 'rateTcp'],
    [ROUTE_ANNOTATIONS.rateLimitRateHttp, 'rate-limit-rate-http', 'rateHttp'],
  ] as const) {
    const v = get(key);
    if (v === undefined) continue;
    const n = parseGoInt(v);
    if (n === undefined) {
      ignored(key, short, v, 'expected an integer');
      continue;
    }
    if (!rlOn) {
      notApplicable(key, short, `it applies only when ${ROUTE_ANNOTATIONS.rateLimit} is "true"`);
      continue;
    }
    if (field === 'rateHttp' && term === 'passthrough') {
      notApplicable(key, short, 'HTTP request rates are not limited on passthrough routes');
      continue;
    }
    if (n <= 0) {
      issues?.warn.invalid(base.key(key), v, `route.annotation.${short}`,
        'the router uses it, and a limit of 0 or less rejects every connection');
    }
    rl[field] = n;
  }
  if (rlOn) out.rateLimit = rl;

  // allowlist
  const allowKey = get(ROUTE_ANNOTATIONS.ipAllowlist) !== undefined ? ROUTE_ANNOTATIONS.ipAllowlist : ROUTE_ANNOTATIONS.ipWhitelist;
  if (get(ROUTE_ANNOTATIONS.ipAllowlist) !== undefined && get(ROUTE_ANNOTATIONS.ipWhitelist) !== undefined) {
    notApplicable(ROUTE_ANNOTATIONS.ipWhitelist, 'ip-whitelist', `${ROUTE_ANNOTATIONS.ipAllowlist} is also set and wins`);
  }
  const allowRaw = get(allowKey);
  if (allowRaw !== undefined) {
    const short = allowKey === ROUTE_ANNOTATIONS.ipAllowlist ? 'ip-allowlist' : 'ip-whitelist';
    if (allowRaw !== allowRaw.trim()) {
      ignored(allowKey, short, allowRaw, 'leading or trailing whitespace makes the router drop the whole list; the route stays open to every source');
    } else {
      const tokens = allowRaw.split(/\s+/).filter((t) => t !== '');
      const good: string[] = [];
      for (const t of tokens) {
        if (isAllowlistEntry(t)) good.push(t);
        else ignored(allowKey, short, t, 'this entry is not an IP address or CIDR and is dropped');
      }
      if (good.length > 0) out.allowlist = good;
      else ignored(allowKey, short, allowRaw, 'no valid IP address or CIDR left; the route stays open to every source');
    }
  }

  // HSTS
  const hsts = get(ROUTE_ANNOTATIONS.hsts);
  if (hsts !== undefined) {
    if (!isTerminatingTls(term)) notApplicable(ROUTE_ANNOTATIONS.hsts, 'hsts-header', `HSTS is sent only by edge and reencrypt routes (this route is ${kindOf})`);
    else if (isValidHsts(hsts)) out.hsts = hsts;
    else ignored(ROUTE_ANNOTATIONS.hsts, 'hsts-header', hsts, 'expected max-age=<seconds> with optional includeSubDomains and preload separated by ";" (no other directives, no trailing ";")');
  }

  // forwarded headers
  const fwd = get(ROUTE_ANNOTATIONS.forwardedHeaders);
  if (fwd !== undefined) {
    if (!isHttpTermination(term)) notApplicable(ROUTE_ANNOTATIONS.forwardedHeaders, 'set-forwarded-headers', 'passthrough routes do not see HTTP headers');
    else if (oneOf(FORWARDED_HEADER_POLICIES, fwd)) out.forwardedHeaders = fwd;
    else ignored(ROUTE_ANNOTATIONS.forwardedHeaders, 'set-forwarded-headers', fwd, `allowed values: ${FORWARDED_HEADER_POLICIES.join(', ')}`);
  }

  // rewrite-target
  const rw = get(ROUTE_ANNOTATIONS.rewriteTarget);
  if (rw !== undefined) {
    if (!isHttpTermination(term)) notApplicable(ROUTE_ANNOTATIONS.rewriteTarget, 'rewrite-target', 'passthrough routes do not see HTTP paths');
    else if (/^\/[^\x00-\x1f\x7f]*$/.test(rw)) out.rewriteTarget = sanitizeRewriteTarget(rw);
    else ignored(ROUTE_ANNOTATIONS.rewriteTarget, 'rewrite-target', rw, 'expected a path starting with "/" (one line, no control characters)');
  }

  // pod-concurrent-connections
  const pcc = get(ROUTE_ANNOTATIONS.podConcurrentConnections);
  if (pcc !== undefined) {
    const n = parseGoInt(pcc);
    if (n === undefined) {
      ignored(ROUTE_ANNOTATIONS.podConcurrentConnections, 'pod-concurrent-connections', pcc, 'expected an integer');
    } else {
      if (n <= 0) {
        issues?.warn.invalid(base.key(ROUTE_ANNOTATIONS.podConcurrentConnections), pcc, 'route.annotation.pod-concurrent-connections',
          'the router writes it as server maxconn; use a positive number of connections');
      }
      out.podConcurrentConnections = n;
    }
  }

  // h1-adjust-case
  const h1 = get(ROUTE_ANNOTATIONS.h1AdjustCase);
  if (h1 !== undefined) {
    const b = parseGoBool(h1);
    if (b === undefined) ignored(ROUTE_ANNOTATIONS.h1AdjustCase, 'h1-adjust-case', h1, 'expected a boolean (true, false, 1, 0, t, f)');
    else out.h1AdjustCase = b;
  }

  // unknown keys in the router's prefixes (typos are silently ignored by the router)
  const known = new Set<string>(Object.values(ROUTE_ANNOTATIONS));
  for (const key of Object.keys(a).sort()) {
    if (typeof a[key] !== 'string') continue;
    if (known.has(key) || OTHER_KNOWN.has(key)) continue;
    if (key === 'haproxy.router.openshift.io/cookie_name' || key === 'haproxy.router.openshift.io/cookie-same-site') {
      notApplicable(key, 'unknown', `the router reads ${key.replace('haproxy.router.openshift.io/', 'router.openshift.io/')}`);
    } else if (key.startsWith('haproxy.router.openshift.io/') || key.startsWith('router.openshift.io/')) {
      notApplicable(key, 'unknown', 'not an annotation the OpenShift router reads');
    }
  }
  return out;
}
