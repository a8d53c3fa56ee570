import { FieldPath } from './field-path';
import { FindingType, Issues } from './finding';
import { INGRESS_GROUP, ingressHasErrors, validateIngress } from './ingress';
import type { CrossValidator } from './kinds';
import { LoadedObject } from './manifests';
import { parseGoBool } from './route-annotations';
import { sourceRangeProblem } from '../common/source-ranges';

/**
 * ingress-nginx (legacy: the project is retired, see docs/ingress.md) and
 * cert-manager ingress-shim semantics of Ingress objects.
 *
 * - `parseNginxAnnotations` reads the `nginx.ingress.kubernetes.io/*`
 *   annotations the way ingress-nginx v1.15 does: a value nginx would reject
 *   or ignore is left out (nginx's default applies) and, with an `Issues`
 *   collector, reported as a warning on `metadata.annotations[<key>]`.
 * - `INGRESS_CROSS_VALIDATORS` check canaries against their main Ingress,
 *   duplicate host+path claims, references to Services, Secrets and
 *   IngressClasses, and cert-manager annotations: all warnings.
 *
 * Internal: not part of the jsii API (the routing model imports it).
 */

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/** Annotation names (without the prefix) this library reads or checks. */
export const NGINX = {
  canary: 'canary',
  canaryByHeader: 'canary-by-header',
  canaryByHeaderValue: 'canary-by-header-value',
  canaryByHeaderPattern: 'canary-by-header-pattern',
  canaryByCookie: 'canary-by-cookie',
  canaryWeight: 'canary-weight',
  canaryWeightTotal: 'canary-weight-total',
  sslRedirect: 'ssl-redirect',
  forceSslRedirect: 'force-ssl-redirect',
  sslPassthrough: 'ssl-passthrough',
  preserveTrailingSlash: 'preserve-trailing-slash',
  backendProtocol: 'backend-protocol',
  rewriteTarget: 'rewrite-target',
  appRoot: 'app-root',
  useRegex: 'use-regex',
  proxyBodySize: 'proxy-body-size',
  allowlistSourceRange: 'allowlist-source-range',
  whitelistSourceRange: 'whitelist-source-range',
  denylistSourceRange: 'denylist-source-range',
  affinity: 'affinity',
  affinityMode: 'affinity-mode',
  affinityCanaryBehavior: 'affinity-canary-behavior',
  sessionCookieName: 'session-cookie-name',
  sessionCookieMaxAge: 'session-cookie-max-age',
  sessionCookieExpires: 'session-cookie-expires',
  sessionCookiePath: 'session-cookie-path',
  sessionCookieSameSite: 'session-cookie-samesite',
  sessionCookieSecure: 'session-cookie-secure',
  sessionCookieConditionalSameSiteNone: 'session-cookie-conditional-samesite-none',
  sessionCookieChangeOnFailure: 'session-cookie-change-on-failure',
  limitRps: 'limit-rps',
  limitRpm: 'limit-rpm',
  limitConnections: 'limit-connections',
  limitBurstMultiplier: 'limit-burst-multiplier',
  limitAllowlist: 'limit-allowlist',
  limitWhitelist: 'limit-whitelist',
  proxyConnectTimeout: 'proxy-connect-timeout',
  proxySendTimeout: 'proxy-send-timeout',
  proxyReadTimeout: 'proxy-read-timeout',
  enableCors: 'enable-cors',
  corsAllowOrigin: 'cors-allow-origin',
  corsAllowMethods: 'cors-allow-methods',
  corsAllowHeaders: 'cors-allow-headers',
  corsExposeHeaders: 'cors-expose-headers',
  corsAllowCredentials: 'cors-allow-credentials',
  corsMaxAge: 'cors-max-age',
  loadBalance: 'load-balance',
  upstreamHashBy: 'upstream-hash-by',
  permanentRedirect: 'permanent-redirect',
  permanentRedirectCode: 'permanent-redirect-code',
  temporalRedirect: 'temporal-redirect',
  temporalRedirectCode: 'temporal-redirect-code',
} as const;

/** cert-manager ingress-shim annotations. */
export const CERT_MANAGER = {
  clusterIssuer: 'cert-manager.io/cluster-issuer',
  issuer: 'cert-manager.io/issuer',
  issuerKind: 'cert-manager.io/issuer-kind',
  issuerGroup: 'cert-manager.io/issuer-group',
  tlsAcme: 'kubernetes.io/tls-acme',
} as const;

export const BACKEND_PROTOCOLS = ['HTTP', 'HTTPS', 'AUTO_HTTP', 'GRPC', 'GRPCS', 'FCGI'] as const;
export type NginxBackendProtocol = typeof BACKEND_PROTOCOLS[number];
export const SAME_SITE_VALUES = ['None', 'Lax', 'Strict'] as const;
export type NginxSameSite = typeof SAME_SITE_VALUES[number];

/** nginx defaults that the local renderer applies. */
export const NGINX_DEFAULTS = {
  /** `proxy-body-size` (client_max_body_size): 1m. */
  proxyBodySizeBytes: 1024 * 1024,
  proxyConnectTimeoutS: 5,
  proxySendTimeoutS: 60,
  proxyReadTimeoutS: 60,
  limitBurstMultiplier: 5,
  cookieName: 'INGRESSCOOKIE',
  canaryWeightTotal: 100,
  corsAllowOrigin: '*',
  corsAllowMethods: 'GET, PUT, POST, DELETE, PATCH, OPTIONS',
  corsAllowHeaders: 'DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Authorization',
  corsMaxAgeS: 1728000,
} as const;

/** Canary settings of an Ingress with `canary: "true"`. */
export interface NginxCanary {
  readonly byHeader?: string;
  readonly byHeaderValue?: string;
  /** Ignored by nginx when `byHeaderValue` is set (left out then). */
  readonly byHeaderPattern?: string;
  readonly byCookie?: string;
  /** 0..weightTotal. */
  readonly weight: number;
  /** > 100 honoured; smaller values behave as 100. */
  readonly weightTotal: number;
}

export interface NginxAffinity {
  readonly cookieName: string;
  readonly maxAgeSeconds?: number;
  readonly expiresSeconds?: number;
  readonly path?: string;
  readonly sameSite?: NginxSameSite;
  readonly secure: boolean;
}

export interface NginxCors {
  /** `*` or origins (`https://a.example.com`, `https://*.example.com`). */
  readonly allowOrigins: string[];
  readonly allowMethods: string;
  readonly allowHeaders: string;
  readonly exposeHeaders?: string;
  readonly allowCredentials: boolean;
  readonly maxAgeSeconds: number;
}

/** What an Ingress's ingress-nginx annotations ask for, as nginx applies them. */
export interface NginxSettings {
  readonly canary?: NginxCanary;
  readonly sslRedirect?: boolean;
  readonly forceSslRedirect?: boolean;
  readonly sslPassthrough?: boolean;
  readonly backendProtocol?: NginxBackendProtocol;
  readonly rewriteTarget?: string;
  readonly useRegex: boolean;
  /** Bytes; 0 = unlimited. */
  readonly proxyBodySizeBytes?: number;
  /** Allowed sources; an empty list (unparsable annotation) denies everyone. */
  readonly allowlist?: string[];
  readonly denylist?: string[];
  readonly affinity?: NginxAffinity;
  readonly limitRps?: number;
  readonly limitRpm?: number;
  readonly limitConnections?: number;
  readonly limitBurstMultiplier?: number;
  readonly proxyConnectTimeoutS?: number;
  readonly proxySendTimeoutS?: number;
  readonly proxyReadTimeoutS?: number;
  readonly cors?: NginxCors;
  /** `temporal-redirect` (checked first) or `permanent-redirect`: every request of the Ingress gets this redirect. */
  /** `annotation`: the annotation the URL came from (without the prefix). */
  readonly redirect?: { readonly url: string; readonly code: number; readonly annotation?: string };
}

const CANARY_KEYS = [
  NGINX.canaryByHeader, NGINX.canaryByHeaderValue, NGINX.canaryByHeaderPattern, NGINX.canaryByCookie, NGINX.canaryWeight, NGINX.canaryWeightTotal,
];
/** Annotations nginx still reads on a canary Ingress (everything else comes from the main Ingress). */
const CANARY_HONOURED = new Set<string>([
  NGINX.canary, ...CANARY_KEYS, NGINX.loadBalance, NGINX.upstreamHashBy, NGINX.affinity, NGINX.affinityMode, NGINX.affinityCanaryBehavior,
  NGINX.sessionCookieName, NGINX.sessionCookieMaxAge, NGINX.sessionCookieExpires, NGINX.sessionCookiePath, NGINX.sessionCookieSameSite,
  NGINX.sessionCookieSecure, NGINX.sessionCookieConditionalSameSiteNone, NGINX.sessionCookieChangeOnFailure,
]);

const HEADER_CHARS = /^[A-Za-z0-9\-._~/:]+$/;
const NEXT_UPSTREAM = [
  'error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429', 'non_idempotent', 'off',
];
const REWRITE_RE = /^\/?[A-Za-z0-9\-._~/:$]*$/;
const SIZE_RE = /^(\d+)([bkmgBKMG]?)$/;
const INT_RE = /^[0-9]+$/;
const CORS_ORIGIN_RE = /^(\*|(https?:\/\/)?(\*\.)?[A-Za-z0-9\-.]*(:[0-9]+)?)$/;
const CORS_METHODS_RE = /^([A-Za-z]+,?\s?)+$/;
const CORS_HEADERS_RE = /^([A-Za-z0-9\-_]+,?\s?)+$/;
const SNIPPET_RE = /-snippet$/;
const INSPECTOR_RE = /(\balias\s|\broot\s|\/etc\/(passwd|shadow|group|nginx|ingress-controller)|\/var\/run\/secrets|_by_lua)/;
const STRICT_PATH_RE = /^\/[A-Za-z0-9._\-/]*$/;

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

const ANNOTATIONS = FieldPath.root('metadata').child('annotations');
const SPEC = FieldPath.root('spec');

/** The annotations of an object as strings (others ignored). */
export function annotationsOf(obj: LoadedObject): Record<string, string> {
  const a = obj.object.metadata?.annotations;
  if (!isObj(a)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Whether an Ingress is an ingress-nginx canary (`canary: "true"`, Go ParseBool). */
export function isCanaryIngress(obj: LoadedObject): boolean {
  const v = annotationsOf(obj)[NGINX_PREFIX + NGINX.canary];
  return v !== undefined && parseGoBool(v) === true;
}

/** Bytes of an nginx size (`8`, `8k`, `1m`, `1g`), or undefined when malformed. */
export function parseNginxSize(value: string): number | undefined {
  const m = SIZE_RE.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const n = Number(m[1]) * mult;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Whether a string is a regular expression JavaScript (and so, for simple patterns, PCRE) accepts. */
function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Parses the ingress-nginx annotations of one Ingress. With `issues`, values
 * nginx would reject or ignore are reported as warnings.
 */
export function parseNginxAnnotations(annotations: Record<string, string>, issues?: Issues): NginxSettings {
  const out: { -readonly [K in keyof NginxSettings]: NginxSettings[K] } = { useRegex: false };
  const get = (name: string): string | undefined => annotations[NGINX_PREFIX + name];
  const path = (name: string): FieldPath => ANNOTATIONS.key(NGINX_PREFIX + name);
  const warn = (name: string, value: unknown, rule: string, detail: string): void => {
    issues?.warn.invalid(path(name), value, rule, detail);
  };
  const bool = (name: string): boolean | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const b = parseGoBool(v);
    if (b === undefined) warn(name, v, 'ingress.nginx.annotation.bool', 'must be a boolean (true, false, 1, 0, t, f, TRUE, FALSE, True, False); nginx uses its default');
    return b;
  };
  const int = (name: string, rule: string, consequence: string, min = 0): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    if (!INT_RE.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
      warn(name, v, rule, `must be an integer${min > 0 ? ` of at least ${min}` : ''}; ${consequence}`);
      return undefined;
    }
    return Number(v);
  };

  // Values with a line break are rejected outright (the webhook refuses the Ingress).
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(NGINX_PREFIX)) continue;
    const name = key.slice(NGINX_PREFIX.length);
    if (/[\r\n]/.test(value)) {
      issues?.warn.invalid(ANNOTATIONS.key(key), value, 'ingress.nginx.annotation.newline', 'annotation values may not contain CR or LF: ingress-nginx rejects the Ingress');
    }
    if (SNIPPET_RE.test(name)) {
      issues?.warn.add(FindingType.FORBIDDEN, ANNOTATIONS.key(key), 'ingress.nginx.snippet',
        `Forbidden: ${name} is a Critical-risk annotation: ingress-nginx refuses it unless the controller ConfigMap sets allow-snippet-annotations: "true" and annotations-risk-level: Critical (not modelled locally)`);
    } else if (INSPECTOR_RE.test(value)) {
      issues?.warn.invalid(ANNOTATIONS.key(key), value, 'ingress.nginx.inspector',
        'contains an nginx directive or path that the ingress-nginx inspector refuses (alias, root, /etc/..., /var/run/secrets, *_by_lua*)');
    }
  }

  // Canary.
  const canary = bool(NGINX.canary);
  const canaryKeysSet = CANARY_KEYS.filter((k) => get(k) !== undefined);
  if (canary !== true && canaryKeysSet.length > 0) {
    for (const k of canaryKeysSet) {
      issues?.warn.add(FindingType.INVALID, path(k), 'ingress.nginx.canary.not-enabled',
        `${NGINX_PREFIX}${k} is configured but ${NGINX_PREFIX}canary is not "true": ingress-nginx ignores the canary settings`);
    }
  }
  if (canary === true) {
    let weightTotal: number = NGINX_DEFAULTS.canaryWeightTotal;
    const total = int(NGINX.canaryWeightTotal, 'ingress.nginx.canary.weight-total', 'nginx uses 100');
    if (total !== undefined) {
      if (total <= 100 && total !== 100) {
        warn(NGINX.canaryWeightTotal, get(NGINX.canaryWeightTotal), 'ingress.nginx.canary.weight-total',
          'the balancer only honours a weight total above 100; smaller values behave as 100');
      } else {
        weightTotal = total;
      }
    }
    let weight = int(NGINX.canaryWeight, 'ingress.nginx.canary.weight', 'nginx uses 0 (no weighted traffic)') ?? 0;
    if (weight > weightTotal) {
      warn(NGINX.canaryWeight, get(NGINX.canaryWeight), 'ingress.nginx.canary.weight',
        `is more than the weight total ${weightTotal}: every request goes to the canary`);
      weight = weightTotal;
    }
    const header = get(NGINX.canaryByHeader);
    const headerValue = get(NGINX.canaryByHeaderValue);
    const headerPattern = get(NGINX.canaryByHeaderPattern);
    const cookie = get(NGINX.canaryByCookie);
    const c: { -readonly [K in keyof NginxCanary]: NginxCanary[K] } = { weight, weightTotal };
    if (header !== undefined) {
      if (!HEADER_CHARS.test(header)) warn(NGINX.canaryByHeader, header, 'ingress.nginx.canary.header', 'must be a header name of [A-Za-z0-9-._~/:]; nginx ignores it');
      else c.byHeader = header;
    }
    if (headerValue !== undefined) {
      if (!HEADER_CHARS.test(headerValue)) {
        warn(NGINX.canaryByHeaderValue, headerValue, 'ingress.nginx.canary.header-value', 'may only contain [A-Za-z0-9-._~/:]; nginx ignores it');
      } else if (c.byHeader === undefined) {
        warn(NGINX.canaryByHeaderValue, headerValue, 'ingress.nginx.canary.header-value', `has no effect without a valid ${NGINX_PREFIX}${NGINX.canaryByHeader}`);
      } else {
        c.byHeaderValue = headerValue;
      }
    }
    if (headerPattern !== undefined) {
      const problem = regexProblem(headerPattern);
      if (c.byHeader === undefined) {
        warn(NGINX.canaryByHeaderPattern, headerPattern, 'ingress.nginx.canary.header-pattern', `has no effect without a valid ${NGINX_PREFIX}${NGINX.canaryByHeader}`);
      } else if (c.byHeaderValue !== undefined) {
        warn(NGINX.canaryByHeaderPattern, headerPattern, 'ingress.nginx.canary.header-pattern', `is ignored because ${NGINX_PREFIX}${NGINX.canaryByHeaderValue} is set`);
      } else if (problem) {
        warn(NGINX.canaryByHeaderPattern, headerPattern, 'ingress.nginx.canary.header-pattern', `is not a valid regular expression (${problem}); it never matches`);
      } else {
        c.byHeaderPattern = headerPattern;
      }
    }
    if (cookie !== undefined) {
      if (!HEADER_CHARS.test(cookie)) warn(NGINX.canaryByCookie, cookie, 'ingress.nginx.canary.cookie', 'must be a cookie name of [A-Za-z0-9-._~/:]; nginx ignores it');
      else c.byCookie = cookie;
    }
    out.canary = c;
    // Every annotation except load balancing and affinity comes from the main Ingress.
    for (const key of Object.keys(annotations)) {
      if (!key.startsWith(NGINX_PREFIX)) continue;
      const name = key.slice(NGINX_PREFIX.length);
      if (CANARY_HONOURED.has(name)) continue;
      issues?.warn.add(FindingType.INVALID, ANNOTATIONS.key(key), 'ingress.nginx.canary.ignored-annotation',
        `${key} has no effect on a canary Ingress: nginx applies the main Ingress's settings (only load-balance, upstream-hash-by and session affinity annotations are read from a canary)`);
    }
  }

  out.sslRedirect = bool(NGINX.sslRedirect);
  out.forceSslRedirect = bool(NGINX.forceSslRedirect);
  out.sslPassthrough = bool(NGINX.sslPassthrough);
  bool(NGINX.preserveTrailingSlash);
  out.useRegex = bool(NGINX.useRegex) === true;

  const protocol = get(NGINX.backendProtocol);
  if (protocol !== undefined) {
    const upper = protocol.toUpperCase();
    if ((BACKEND_PROTOCOLS as readonly string[]).includes(upper)) {
      out.backendProtocol = upper as NginxBackendProtocol;
    } else {
      issues?.warn.notSupported(path(NGINX.backendProtocol), protocol, BACKEND_PROTOCOLS, 'ingress.nginx.backend-protocol');
    }
  }

  for (const name of [NGINX.rewriteTarget, NGINX.appRoot]) {
    const v = get(name);
    if (v === undefined) continue;
    if (!REWRITE_RE.test(v)) {
      warn(name, v, 'ingress.nginx.rewrite-target', 'must match ^/?[A-Za-z0-9-._~/:$]*$ (capture references like /$2 are allowed); nginx ignores it');
    } else if (name === NGINX.rewriteTarget) {
      out.rewriteTarget = v;
    }
  }

  const body = get(NGINX.proxyBodySize);
  if (body !== undefined) {
    const n = parseNginxSize(body);
    if (n === undefined) warn(NGINX.proxyBodySize, body, 'ingress.nginx.annotation.size', 'must be a size like 8, 8k, 1m or 1g (0 = unlimited); nginx uses its default (1m)');
    else out.proxyBodySizeBytes = n;
  }

  const list = (name: string): string[] | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const entries = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = entries.filter((e) => sourceRangeProblem(e) !== undefined);
    if (bad.length > 0 || entries.length === 0) {
      warn(name, v, 'ingress.nginx.source-range',
        `must be a comma-separated list of IP addresses or CIDRs (bad: ${bad.length > 0 ? bad.map((b) => JSON.stringify(b)).join(', ') : 'empty list'}); ` +
        (name === NGINX.denylistSourceRange ? 'nginx ignores it' : 'nginx then denies every request to this Ingress (403)'));
      return name === NGINX.denylistSourceRange ? undefined : [];
    }
    return entries;
  };
  if (get(NGINX.allowlistSourceRange) !== undefined && get(NGINX.whitelistSourceRange) !== undefined) {
    warn(NGINX.whitelistSourceRange, get(NGINX.whitelistSourceRange), 'ingress.nginx.source-range',
      `is ignored because ${NGINX_PREFIX}${NGINX.allowlistSourceRange} is set`);
  }
  out.allowlist = list(NGINX.allowlistSourceRange) ?? (get(NGINX.allowlistSourceRange) === undefined ? list(NGINX.whitelistSourceRange) : undefined);
  out.denylist = list(NGINX.denylistSourceRange);

  // Session affinity.
  const affinity = get(NGINX.affinity);
  if (affinity !== undefined) {
    if (affinity !== 'cookie') {
      issues?.warn.notSupported(path(NGINX.affinity), affinity, ['cookie'], 'ingress.nginx.affinity');
    } else {
      const name = get(NGINX.sessionCookieName);
      let cookieName: string = NGINX_DEFAULTS.cookieName;
      if (name !== undefined) {
        if (!HEADER_CHARS.test(name)) warn(NGINX.sessionCookieName, name, 'ingress.nginx.session-cookie', `must be a cookie name of [A-Za-z0-9-._~/:]; nginx uses ${NGINX_DEFAULTS.cookieName}`);
        else cookieName = name;
      }
      const maxAge = int(NGINX.sessionCookieMaxAge, 'ingress.nginx.session-cookie', 'nginx leaves Max-Age out');
      const expires = int(NGINX.sessionCookieExpires, 'ingress.nginx.session-cookie', 'nginx leaves Expires out');
      const sameSiteRaw = get(NGINX.sessionCookieSameSite);
      let sameSite: NginxSameSite | undefined;
      if (sameSiteRaw !== undefined) {
        sameSite = SAME_SITE_VALUES.find((s) => s.toLowerCase() === sameSiteRaw.toLowerCase());
        if (!sameSite) issues?.warn.notSupported(path(NGINX.sessionCookieSameSite), sameSiteRaw, SAME_SITE_VALUES, 'ingress.nginx.session-cookie');
      }
      const cookiePath = get(NGINX.sessionCookiePath);
      out.affinity = {
        cookieName, maxAgeSeconds: maxAge, expiresSeconds: expires, path: cookiePath, sameSite, secure: bool(NGINX.sessionCookieSecure) === true,
      };
      bool(NGINX.sessionCookieConditionalSameSiteNone);
      bool(NGINX.sessionCookieChangeOnFailure);
      const mode = get(NGINX.affinityMode);
      if (mode !== undefined && mode !== 'balanced' && mode !== 'persistent') {
        issues?.warn.notSupported(path(NGINX.affinityMode), mode, ['balanced', 'persistent'], 'ingress.nginx.affinity');
      }
    }
  } else {
    const cookieKeys = [
      NGINX.sessionCookieName, NGINX.sessionCookieMaxAge, NGINX.sessionCookieExpires, NGINX.sessionCookieSameSite, NGINX.sessionCookieSecure,
    ];
    for (const k of cookieKeys) {
      if (get(k) !== undefined) warn(k, get(k), 'ingress.nginx.session-cookie', `has no effect without ${NGINX_PREFIX}${NGINX.affinity}: cookie`);
    }
  }

  // Rate limits: an invalid value makes ingress-nginx reject the Ingress.
  const rejected = 'ingress-nginx rejects the Ingress';
  out.limitRps = int(NGINX.limitRps, 'ingress.nginx.rate-limit', rejected);
  out.limitRpm = int(NGINX.limitRpm, 'ingress.nginx.rate-limit', rejected);
  out.limitConnections = int(NGINX.limitConnections, 'ingress.nginx.rate-limit', rejected);
  out.limitBurstMultiplier = int(NGINX.limitBurstMultiplier, 'ingress.nginx.rate-limit', `nginx uses ${NGINX_DEFAULTS.limitBurstMultiplier}`, 1);
  for (const k of [NGINX.limitAllowlist, NGINX.limitWhitelist]) {
    const v = get(k);
    if (v !== undefined && v.split(',').map((s) => s.trim()).some((e) => e !== '' && sourceRangeProblem(e) !== undefined)) {
      warn(k, v, 'ingress.nginx.rate-limit', `must be a comma-separated list of IP addresses or CIDRs; ${rejected}`);
    }
  }

  // Proxy timeouts (whole seconds).
  out.proxyConnectTimeoutS = int(NGINX.proxyConnectTimeout, 'ingress.nginx.proxy-timeout', `nginx uses ${NGINX_DEFAULTS.proxyConnectTimeoutS}s`, 1);
  out.proxySendTimeoutS = int(NGINX.proxySendTimeout, 'ingress.nginx.proxy-timeout', `nginx uses ${NGINX_DEFAULTS.proxySendTimeoutS}s`, 1);
  out.proxyReadTimeoutS = int(NGINX.proxyReadTimeout, 'ingress.nginx.proxy-timeout', `nginx uses ${NGINX_DEFAULTS.proxyReadTimeoutS}s`, 1);

  // CORS.
  if (bool(NGINX.enableCors) === true) {
    let origins: string[] = [NGINX_DEFAULTS.corsAllowOrigin];
    const o = get(NGINX.corsAllowOrigin);
    if (o !== undefined) {
      const list2 = o.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const bad = list2.filter((e) => !CORS_ORIGIN_RE.test(e));
      if (bad.length > 0 || list2.length === 0) {
        warn(NGINX.corsAllowOrigin, o, 'ingress.nginx.cors', `must be "*" or comma-separated origins like https://example.com (bad: ${bad.map((b) => JSON.stringify(b)).join(', ')}); nginx uses "*"`);
      } else {
        origins = list2.includes('*') ? ['*'] : list2;
      }
    }
    const text = (name: string, re: RegExp, def: string): string => {
      const v = get(name);
      if (v === undefined) return def;
      if (!re.test(v)) {
        warn(name, v, 'ingress.nginx.cors', `is not a valid list; nginx uses ${JSON.stringify(def)}`);
        return def;
      }
      return v;
    };
    const expose = get(NGINX.corsExposeHeaders);
    let exposeHeaders: string | undefined;
    if (expose !== undefined) {
      if (expose !== '*' && !CORS_HEADERS_RE.test(expose)) warn(NGINX.corsExposeHeaders, expose, 'ingress.nginx.cors', 'is not a valid header list; nginx ignores it');
      else exposeHeaders = expose;
    }
    out.cors = {
      allowOrigins: origins,
      allowMethods: text(NGINX.corsAllowMethods, CORS_METHODS_RE, NGINX_DEFAULTS.corsAllowMethods),
      allowHeaders: text(NGINX.corsAllowHeaders, CORS_HEADERS_RE, NGINX_DEFAULTS.corsAllowHeaders),
      exposeHeaders,
      allowCredentials: bool(NGINX.corsAllowCredentials) ?? true,
      maxAgeSeconds: int(NGINX.corsMaxAge, 'ingress.nginx.cors', `nginx uses ${NGINX_DEFAULTS.corsMaxAgeS}`) ?? NGINX_DEFAULTS.corsMaxAgeS,
    };
  } else {
    for (const k of [NGINX.corsAllowOrigin, NGINX.corsAllowMethods, NGINX.corsAllowHeaders, NGINX.corsAllowCredentials, NGINX.corsMaxAge]) {
      if (get(k) !== undefined && canary !== true) warn(k, get(k), 'ingress.nginx.cors', `has no effect without ${NGINX_PREFIX}${NGINX.enableCors}: "true"`);
    }
  }
  // Other value formats nginx checks (validated only; not rendered locally).
  for (const name of ['proxy-buffer-size', 'proxy-busy-buffers-size', 'proxy-max-temp-file-size', 'client-body-buffer-size']) {
    const v = get(name);
    if (v !== undefined && parseNginxSize(v) === undefined) warn(name, v, 'ingress.nginx.annotation.size', 'must be a size like 8, 8k, 1m or 1g; nginx uses its default');
  }
  for (const name of ['proxy-next-upstream-timeout', 'proxy-next-upstream-tries', 'proxy-buffers-number', 'limit-rate', 'limit-rate-after']) {
    const v = get(name);
    if (v !== undefined && !INT_RE.test(v)) warn(name, v, 'ingress.nginx.annotation.integer', 'must be a non-negative integer; nginx uses its default');
  }
  const enums: Array<[string, readonly string[]]> = [
    ['proxy-request-buffering', ['on', 'off']], ['proxy-buffering', ['on', 'off']], ['proxy-http-version', ['1.0', '1.1']],
  ];
  for (const [name, allowed] of enums) {
    const v = get(name);
    if (v !== undefined && !allowed.includes(v)) issues?.warn.notSupported(path(name), v, allowed, 'ingress.nginx.annotation.enum');
  }
  const nextUpstream = get('proxy-next-upstream');
  if (nextUpstream !== undefined) {
    const bad = nextUpstream.split(/\s+/).filter((t) => t !== '' && !NEXT_UPSTREAM.includes(t));
    if (bad.length > 0) {
      warn('proxy-next-upstream', nextUpstream, 'ingress.nginx.annotation.enum', `unknown conditions ${bad.map((b) => JSON.stringify(b)).join(', ')}: allowed are ${NEXT_UPSTREAM.join(' ')}`);
    }
  }

  // Redirects: temporal first, then permanent (as ingress-nginx reads them).
  for (const [urlKey, codeKey, def] of [
    [NGINX.temporalRedirect, NGINX.temporalRedirectCode, 302], [NGINX.permanentRedirect, NGINX.permanentRedirectCode, 301],
  ] as const) {
    const url = get(urlKey);
    const codeText = get(codeKey);
    let code: number = def;
    if (codeText !== undefined) {
      if (!INT_RE.test(codeText) || ![301, 302, 303, 307, 308].includes(Number(codeText))) {
        warn(codeKey, codeText, 'ingress.nginx.redirect', `must be a redirect status code (301, 302, 303, 307, 308); nginx uses ${def} outside 300-308`);
      } else {
        code = Number(codeText);
      }
    }
    if (url === undefined) continue;
    if (!isHttpUrl(url)) {
      warn(urlKey, url, 'ingress.nginx.redirect', 'must be an absolute http:// or https:// URL; nginx ignores it');
      continue;
    }
    if (out.redirect === undefined) out.redirect = { url, code, annotation: urlKey };
    else warn(urlKey, url, 'ingress.nginx.redirect', `is ignored because ${NGINX_PREFIX}${NGINX.temporalRedirect} is set`);
  }
  return out;
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/[^\s]+$/.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Per-object controller checks (warnings), run from the Ingress validator.

/** ingress-nginx and cert-manager checks of one Ingress (warnings). */
export function checkIngressController(obj: LoadedObject, issues: Issues): void {
  const annotations = annotationsOf(obj);
  const settings = parseNginxAnnotations(annotations, issues);
  const spec = isObj(obj.object.spec) ? obj.object.spec : {};

  // strict-validate-path-type (default on): Exact/Prefix paths must be plain.
  forEachPath(spec, (p, field) => {
    if ((p.pathType === 'Exact' || p.pathType === 'Prefix') && typeof p.path === 'string' && p.path !== '' && !STRICT_PATH_RE.test(p.path)) {
      issues.warn.invalid(field.child('path'), p.path, 'ingress.nginx.path-type.strict',
        `path ${p.path} cannot be used with pathType ${p.pathType}: ingress-nginx (strict-validate-path-type) rejects it; use pathType ImplementationSpecific for regular expressions`);
    }
    if (typeof p.path === 'string' && INSPECTOR_RE.test(p.path)) {
      issues.warn.invalid(field.child('path'), p.path, 'ingress.nginx.inspector', 'the ingress-nginx inspector refuses this path');
    }
  });
  if (settings.useRegex || settings.rewriteTarget !== undefined) {
    forEachPath(spec, (p, field) => {
      if (typeof p.path === 'string' && p.pathType === 'ImplementationSpecific') {
        const problem = regexProblem(p.path);
        if (problem) issues.warn.invalid(field.child('path'), p.path, 'ingress.nginx.path.regex', `is not a valid regular expression (${problem}); nginx fails to load the configuration`);
      }
    });
  }

  // cert-manager ingress-shim.
  const cluster = annotations[CERT_MANAGER.clusterIssuer];
  const issuer = annotations[CERT_MANAGER.issuer];
  if (cluster !== undefined && issuer !== undefined) {
    issues.warn.conflict(ANNOTATIONS.key(CERT_MANAGER.issuer), 'ingress.cert-manager.issuer-conflict',
      `both ${CERT_MANAGER.issuer} (${JSON.stringify(issuer)}) and ${CERT_MANAGER.clusterIssuer} (${JSON.stringify(cluster)}) are set: cert-manager refuses to pick one and issues no certificate`);
  }
  if (annotations[CERT_MANAGER.issuerKind] !== undefined && issuer === undefined) {
    issues.warn.invalid(ANNOTATIONS.key(CERT_MANAGER.issuerKind), annotations[CERT_MANAGER.issuerKind], 'ingress.cert-manager.issuer-kind',
      `has no effect without ${CERT_MANAGER.issuer}`);
  }
  const shim = cluster !== undefined || issuer !== undefined || annotations[CERT_MANAGER.tlsAcme] === 'true';
  if (shim) {
    const tls = Array.isArray(spec.tls) ? spec.tls : [];
    if (tls.length === 0) {
      issues.warn.required(SPEC.child('tls'), 'ingress.cert-manager.no-tls', 'cert-manager annotations are set but spec.tls is empty: no Certificate is created');
    }
    const seen = new Map<string, number>();
    tls.forEach((t: unknown, j: number) => {
      if (!isObj(t)) return;
      const p = SPEC.child('tls').index(j);
      if (!Array.isArray(t.hosts) || t.hosts.length === 0) {
        issues.warn.required(p.child('hosts'), 'ingress.cert-manager.tls-skipped', 'cert-manager skips a TLS entry without hosts (BadConfig event)');
      }
      if (!nonEmpty(t.secretName)) {
        issues.warn.required(p.child('secretName'), 'ingress.cert-manager.tls-skipped', 'cert-manager skips a TLS entry without secretName (BadConfig event)');
      } else {
        const first = seen.get(t.secretName);
        if (first !== undefined) {
          issues.warn.duplicate(p.child('secretName'), t.secretName, 'ingress.cert-manager.duplicate-secret',
            `spec.tls[${first}] already uses this Secret: cert-manager creates one Certificate per secretName and reports a duplicate`);
        } else {
          seen.set(t.secretName, j);
        }
      }
    });
  }
}

/** Calls `fn` for every path of every rule. */
export function forEachPath(
  spec: Record<string, any>,
  fn: (path: Record<string, any>, field: FieldPath, rule: Record<string, any>, ruleIndex: number, pathIndex: number) => void,
): void {
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  rules.forEach((r: unknown, i: number) => {
    if (!isObj(r) || !isObj(r.http) || !Array.isArray(r.http.paths)) return;
    r.http.paths.forEach((p: unknown, j: number) => {
      if (isObj(p)) fn(p, SPEC.child('rules').index(i).child('http', 'paths').index(j), r, i, j);
    });
  });
}

// ---------------------------------------------------------------------------
// Cross-object checks

function ingresses(ctx: { index: { ofKind(kind: string): LoadedObject[] } }): LoadedObject[] {
  return ctx.index.ofKind('Ingress').filter((o) => o.group === INGRESS_GROUP && !ingressHasErrors(o));
}

/** The nginx location key of a path: host, path and pathType. */
export function locationKey(host: string, path: string, pathType: string): string {
  return `${host}\u0000${path}\u0000${pathType}`;
}

function serviceName(backend: unknown): string | undefined {
  return isObj(backend) && isObj(backend.service) && nonEmpty(backend.service.name) ? backend.service.name : undefined;
}

/** Canaries need a main location; two non-canary Ingresses must not claim one host+path. */
const canaryAndDuplicates: CrossValidator = (ctx, issuesFor) => {
  const mains = new Map<string, { obj: LoadedObject; service?: string; field: FieldPath }>();
  const canaries = new Map<string, LoadedObject>();
  const all = ingresses(ctx);
  // Oldest first (creation time, unknown last, then namespace/name), as the routing model keeps the older claim.
  const age = (o: LoadedObject): number => {
    const t = Date.parse(String(o.object.metadata?.creationTimestamp ?? ''));
    return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
  };
  const nsName = (o: LoadedObject): string => `${o.namespace ?? 'default'}/${o.name}`;
  const byAge = all.filter((o) => !isCanaryIngress(o))
    .sort((a, b) => age(a) - age(b) || (nsName(a) < nsName(b) ? -1 : nsName(a) > nsName(b) ? 1 : 0));
  for (const obj of byAge) {
    forEachPath(obj.object.spec ?? {}, (p, field, rule) => {
      const key = locationKey(typeof rule.host === 'string' ? rule.host : '', typeof p.path === 'string' ? p.path : '', String(p.pathType));
      const first = mains.get(key);
      if (first && first.obj !== obj) {
        const id = `${first.obj.namespace ?? 'default'}/${first.obj.name}`;
        issuesFor(obj).warn.duplicate(field.child('path'), p.path, 'ingress.nginx.location.duplicate',
          `host ${JSON.stringify(rule.host ?? '')} and path ${JSON.stringify(p.path ?? '')} is already defined in ingress ${id}: the ingress-nginx webhook rejects this Ingress`);
      } else if (!first) {
        mains.set(key, { obj, service: serviceName(p.backend), field });
      }
    });
  }
  for (const obj of all.filter(isCanaryIngress)) {
    const spec = obj.object.spec ?? {};
    let paths = 0;
    forEachPath(spec, (p, field, rule) => {
      paths++;
      const key = locationKey(typeof rule.host === 'string' ? rule.host : '', typeof p.path === 'string' ? p.path : '', String(p.pathType));
      const main = mains.get(key);
      if (!main) {
        issuesFor(obj).warn.notFound(field.child('path'), p.path, 'ingress.nginx.canary.no-main',
          `no non-canary Ingress serves host ${JSON.stringify(rule.host ?? '')} path ${JSON.stringify(p.path ?? '')} with pathType ${p.pathType}: ingress-nginx drops this canary backend`);
      } else if (main.service !== undefined && main.service === serviceName(p.backend) && (main.obj.namespace ?? 'default') === (obj.namespace ?? 'default')) {
        issuesFor(obj).warn.invalid(field.child('backend', 'service', 'name'), main.service, 'ingress.nginx.canary.same-service',
          `the main Ingress ${main.obj.namespace ?? 'default'}/${main.obj.name} uses the same Service: a canary needs a different Service, nginx ignores it`);
      }
      const other = canaries.get(key);
      if (other && other !== obj) {
        issuesFor(obj).warn.duplicate(field.child('path'), p.path, 'ingress.nginx.canary.duplicate',
          `canary ingress ${other.namespace ?? 'default'}/${other.name} already serves this host and path: ingress-nginx allows one canary per location`);
      } else {
        canaries.set(key, obj);
      }
    });
    if (paths === 0 && !isObj(spec.defaultBackend)) {
      issuesFor(obj).warn.notFound(SPEC.child('rules'), undefined, 'ingress.nginx.canary.no-main', 'a canary Ingress without rules attaches to nothing');
    }
  }
};

function portsOf(svc: LoadedObject): any[] {
  const ports = svc.object.spec?.ports;
  return Array.isArray(ports) ? ports.filter(isObj) : [];
}

/** References: Services and their ports, TLS Secrets, IngressClasses (only when the input has such objects). */
const references: CrossValidator = (ctx, issuesFor) => {
  const haveServices = ctx.index.ofKind('Service').some((s) => s.group === '');
  const haveSecrets = ctx.index.ofKind('Secret').some((s) => s.group === '');
  const haveClasses = ctx.index.ofKind('IngressClass').some((s) => s.group === INGRESS_GROUP);
  for (const obj of ingresses(ctx)) {
    const ns = obj.namespace ?? 'default';
    const spec = obj.object.spec ?? {};
    const backends: Array<{ backend: any; field: FieldPath }> = [];
    if (isObj(spec.defaultBackend)) backends.push({ backend: spec.defaultBackend, field: SPEC.child('defaultBackend') });
    forEachPath(spec, (p, field) => backends.push({ backend: p.backend, field: field.child('backend') }));
    if (haveServices) {
      for (const { backend, field } of backends) {
        const name = serviceName(backend);
        if (!name) continue;
        const svc = ctx.index.get('Service', ns, name);
        if (!svc || svc.group !== '') {
          issuesFor(obj).warn.notFound(field.child('service', 'name'), name, 'ingress.backend.service-not-found',
            `no Service ${ns}/${name} in the input; the controller has no endpoints for it (ingress-nginx answers 503)`);
          continue;
        }
        const port = backend.service.port ?? {};
        const ports = portsOf(svc);
        const ok = nonEmpty(port.name) ? ports.some((sp) => sp.name === port.name)
          : typeof port.number === 'number' ? ports.some((sp) => sp.port === port.number) : true;
        if (!ok) {
          const shown = ports.map((sp) => `${sp.name ? `${sp.name}=` : ''}${sp.port}`).join(', ') || 'none';
          issuesFor(obj).warn.notFound(field.child('service', 'port'), port.name ?? port.number, 'ingress.backend.port-not-found',
            `Service ${ns}/${name} has no port with this ${nonEmpty(port.name) ? 'name' : 'number'} (Service ports: ${shown}); the controller finds no endpoints (503)`);
        }
      }
    }
    if (Array.isArray(spec.tls)) {
      spec.tls.forEach((t: unknown, j: number) => {
        if (!isObj(t) || !nonEmpty(t.secretName)) return;
        const p = SPEC.child('tls').index(j).child('secretName');
        const secret = ctx.index.get('Secret', ns, t.secretName);
        if (!secret || secret.group !== '') {
          if (haveSecrets && annotationsOf(obj)[CERT_MANAGER.clusterIssuer] === undefined && annotationsOf(obj)[CERT_MANAGER.issuer] === undefined) {
            issuesFor(obj).warn.notFound(p, t.secretName, 'ingress.tls.secret-not-found',
              `no Secret ${ns}/${t.secretName} in the input; the controller serves its default certificate for these hosts`);
          }
        } else if (secret.object.type !== 'kubernetes.io/tls') {
          issuesFor(obj).warn.invalid(p, t.secretName, 'ingress.tls.secret-type',
            `Secret ${ns}/${t.secretName} has type ${JSON.stringify(secret.object.type ?? 'Opaque')}; it must be of type "kubernetes.io/tls" with tls.crt and tls.key`);
        }
      });
    }
    if (haveClasses && nonEmpty(spec.ingressClassName)) {
      const cls = ctx.index.get('IngressClass', undefined, spec.ingressClassName)
        ?? ctx.index.ofKind('IngressClass').find((c) => c.name === spec.ingressClassName);
      if (!cls) {
        issuesFor(obj).warn.notFound(SPEC.child('ingressClassName'), spec.ingressClassName, 'ingress.class.not-found',
          `no IngressClass ${JSON.stringify(spec.ingressClassName)} in the input; no controller serves this Ingress`);
      }
    }
  }
};

/** Cross-object Ingress checks (warnings). */
export const INGRESS_CROSS_VALIDATORS: CrossValidator[] = [canaryAndDuplicates, references];

/** The Ingress validator registered in kinds.ts: API rules (errors), then controller rules (warnings). */
export function validateIngressObject(obj: LoadedObject, issues: Issues, ctx: Parameters<typeof validateIngress>[2]): void {
  validateIngress(obj, issues, ctx);
  checkIngressController(obj, issues);
}
