import { compareCreated } from './precedence';
import {
  BackendPolicies, CertificateModel, HostMatchKind, HttpRule, ModelSource, NginxPolicies, PathMatch, ServiceTarget, SniRule,
} from './types';
import { ObjectIndex } from '../validation/context';
import { Finding, FindingType, Severity } from '../validation/finding';
import { INGRESS_GROUP, ingressHasErrors } from '../validation/ingress';
import {
  annotationsOf, forEachPath, isCanaryIngress, locationKey, NGINX_DEFAULTS, NGINX_PREFIX, NginxSettings, parseNginxAnnotations,
} from '../validation/ingress-nginx';
import { LoadedObject } from '../validation/manifests';
import { secretValue } from '../validation/tls-secrets';

/**
 * Kubernetes Ingress → routing model, with ingress-nginx semantics (the
 * controller whose annotations the Ingress family types):
 *
 * - paths: `Exact` exact; `Prefix` by path element (trailing `/` ignored), the
 *   longest match wins, Exact beats Prefix; `ImplementationSpecific` is nginx's
 *   plain string prefix. With `use-regex` or `rewrite-target` on any Ingress of a
 *   host, every path of that host is a case-insensitive regex anchored at the
 *   start (`~* "^path"`), longer paths first;
 * - hosts: exact, `*.d` one label, none = every host (after host rules);
 * - `spec.defaultBackend`: requests of the Ingress's hosts that no path matches,
 *   and requests no rule matches at all;
 * - TLS: hosts of `spec.tls` are served on 443 with the referenced
 *   `kubernetes.io/tls` Secret when the input has it, else a development
 *   certificate (warning); every rule is served on 443 too (nginx's default
 *   certificate); HTTP requests for TLS hosts are redirected with 308
 *   (`ssl-redirect`, default on; `force-ssl-redirect` for hosts without TLS);
 * - canary Ingresses attach to the main location with the same host, path and
 *   pathType: header value → header pattern → header always/never → cookie
 *   always/never → weight, as rules with header and cookie matches at that
 *   host+path and a weighted backend for the plain rule.
 *
 * Internal: not part of the jsii API.
 */

/** What the Ingress family contributes to the model before endpoints are resolved. */
export interface IngressContribution {
  readonly httpRules: HttpRule[];
  readonly httpsRules: HttpRule[];
  readonly certificates: CertificateModel[];
  /** `ssl-passthrough`: TLS connections passed to the pods by SNI on 443. */
  readonly passthrough: SniRule[];
  readonly backends: Array<{ id: string; mode: 'http' | 'tcp'; services: ServiceTarget[]; policies: BackendPolicies; upstreamTls?: { sni?: string }; source: ModelSource }>;
  /** Warnings found while building (development certificates, ...). */
  readonly findings: Finding[];
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Names the local renderer can match or set (HAProxy sample-fetch arguments / cookie names). */
const RENDERABLE_NAME = /^[A-Za-z0-9!$*+.^_`|~-]+$/;
const RENDERABLE_COOKIE = /^[A-Za-z0-9_-]+$/;

function source(obj: LoadedObject, field: string): ModelSource {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.namespace ?? 'default', name: obj.name, field, file: obj.source.file, line: obj.source.line };
}

function finding(obj: LoadedObject, field: string, rule: string, type: FindingType, message: string): Finding {
  return {
    severity: Severity.WARNING,
    type,
    field,
    rule,
    message,
    file: obj.source.file,
    line: obj.source.line,
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.namespace,
    name: obj.name,
    constructPath: obj.source.constructPath,
  };
}

function hostMatchOf(host: string): HostMatchKind {
  if (host === '') return HostMatchKind.ANY;
  return host.startsWith('*.') ? HostMatchKind.WILDCARD_ONE_LABEL : HostMatchKind.EXACT;
}

/** Whether `host` (a rule host, maybe `*.d`) is covered by a TLS host list. */
function coveredBy(host: string, tlsHosts: Set<string>): boolean {
  if (host === '') return false;
  if (tlsHosts.has(host)) return true;
  const dot = host.indexOf('.');
  return !host.startsWith('*.') && dot > 0 && tlsHosts.has(`*${host.slice(dot)}`);
}

interface Target {
  readonly namespace: string;
  readonly name: string;
  readonly port?: number | string;
}

function serviceTarget(backend: unknown, ns: string): Target | undefined {
  if (!isObj(backend) || !isObj(backend.service) || !str(backend.service.name)) return undefined;
  const port = isObj(backend.service.port) ? (str(backend.service.port.name) ?? (typeof backend.service.port.number === 'number' ? backend.service.port.number : undefined)) : undefined;
  return { namespace: ns, name: backend.service.name, port };
}

/**
 * `permanent-redirect` / `temporal-redirect`: nginx answers `return CODE URL`
 * (the URL as written; the request path is not appended).
 */
function redirectAction(url: string, code: number): HttpRule['action'] | undefined {
  const u = new URL(url);
  const scheme = u.protocol.replace(/:$/, '');
  const port = u.port !== '' ? Number(u.port) : scheme === 'https' ? 443 : 80;
  const path = u.pathname === '' ? '/' : u.pathname;
  // The local renderer writes the location literally: no query, fragment, quotes or escapes.
  if (u.search !== '' || u.hash !== '' || !/^\/[^\s'"\\%#?]*$/.test(path) || !/^[a-z0-9.-]+$/.test(u.hostname)) return undefined;
  return { type: 'redirect', code, scheme, hostname: u.hostname, port, path: { type: 'ReplaceFullPath', value: path } };
}

/** The routing path of an Ingress path. */
function pathMatchOf(path: string, pathType: string, regexMode: boolean): { match: PathMatch } {
  if (regexMode) {
    // nginx: location ~* "^<path>" (case-insensitive, anchored at the start only); the model anchors both ends.
    return { match: { type: 'RegularExpression', value: `(?i)${path === '' ? '/' : path}.*` } };
  }
  if (pathType === 'Exact') return { match: { type: 'Exact', value: path } };
  if (pathType === 'Prefix') {
    const trimmed = path.replace(/\/+$/, '');
    return { match: { type: 'Prefix', value: trimmed === '' ? '/' : trimmed } };
  }
  return { match: { type: 'StringPrefix', value: path === '' ? '/' : path } };
}

/** The shared and nginx policies of a location, from the main Ingress's settings (affinity from `affinityFrom`). */
function policiesOf(settings: NginxSettings, affinityFrom: NginxSettings, path: string, regexMode: boolean, https: boolean): BackendPolicies {
  const nginx: { -readonly [K in keyof NginxPolicies]: NginxPolicies[K] } = {};
  const body = settings.proxyBodySizeBytes ?? NGINX_DEFAULTS.proxyBodySizeBytes;
  if (body > 0) nginx.maxBodyBytes = body;
  nginx.connectTimeoutMs = (settings.proxyConnectTimeoutS ?? NGINX_DEFAULTS.proxyConnectTimeoutS) * 1000;
  if (settings.allowlist !== undefined) nginx.allowlist = settings.allowlist;
  if (settings.denylist !== undefined) nginx.denylist = settings.denylist;
  if (settings.rewriteTarget !== undefined) {
    const target = settings.rewriteTarget.replace(/\$([0-9])/g, '\\$1');
    nginx.rewrite = { pattern: regexMode ? `(?i)^${path === '' ? '/' : path}` : `^${path}`, target };
  }
  if (settings.limitRps !== undefined || settings.limitRpm !== undefined || settings.limitConnections !== undefined) {
    nginx.limits = {
      rps: settings.limitRps || undefined,
      rpm: settings.limitRpm || undefined,
      connections: settings.limitConnections || undefined,
      burstMultiplier: settings.limitBurstMultiplier ?? NGINX_DEFAULTS.limitBurstMultiplier,
    };
  }
  if (settings.cors) nginx.cors = settings.cors;
  const a = affinityFrom.affinity && RENDERABLE_COOKIE.test(affinityFrom.affinity.cookieName) ? affinityFrom.affinity : undefined;
  const read = settings.proxyReadTimeoutS ?? NGINX_DEFAULTS.proxyReadTimeoutS;
  const send = settings.proxySendTimeoutS ?? NGINX_DEFAULTS.proxySendTimeoutS;
  void https;
  return {
    cookie: a ? { name: a.cookieName, secure: a.secure, sameSite: a.sameSite, maxAgeSeconds: a.maxAgeSeconds ?? a.expiresSeconds } : undefined,
    timeoutServerMs: Math.max(read, send) * 1000,
    forwardedHeaders: 'replace',
    nginx,
  };
}

/** Builds the Ingress part of the model. Objects with API errors are skipped (validation reports them). */
export function buildIngresses(objects: LoadedObject[], objectIndex: ObjectIndex): IngressContribution {
  const out: IngressContribution = { httpRules: [], httpsRules: [], certificates: [], passthrough: [], backends: [], findings: [] };
  const all = objects.filter((o) => o.group === INGRESS_GROUP && o.kind === 'Ingress' && !ingressHasErrors(o));
  // Oldest first (creation time, then namespace/name): the first Ingress keeps a host+path claimed twice.
  const age = (o: LoadedObject): string => str(o.object.metadata?.creationTimestamp) ?? '';
  const nsName = (o: LoadedObject): string => `${o.namespace ?? 'default'}/${o.name}`;
  const mains = all.filter((o) => !isCanaryIngress(o))
    .sort((a, b) => compareCreated(age(a), age(b)) || (nsName(a) < nsName(b) ? -1 : nsName(a) > nsName(b) ? 1 : 0));
  const canaries = all.filter(isCanaryIngress);
  const settingsOf = new Map<LoadedObject, NginxSettings>(all.map((o) => [o, parseNginxAnnotations(annotationsOf(o))]));

  // Hosts served over TLS, and hosts whose locations are regexes (any Ingress of the host asks for it).
  const tlsHosts = new Set<string>();
  const regexHosts = new Set<string>();
  for (const o of mains) {
    const spec = o.object.spec ?? {};
    for (const t of Array.isArray(spec.tls) ? spec.tls : []) {
      for (const h of isObj(t) && Array.isArray(t.hosts) ? t.hosts : []) if (typeof h === 'string' && h !== '') tlsHosts.add(h);
    }
    const s = settingsOf.get(o)!;
    if (s.useRegex || s.rewriteTarget !== undefined) {
      for (const r of Array.isArray(spec.rules) ? spec.rules : []) regexHosts.add(isObj(r) && typeof r.host === 'string' ? r.host : '');
    }
  }

  for (const c of canaries) {
    const s = settingsOf.get(c)!.canary!;
    for (const [name, key] of [[s.byHeader, 'canary-by-header'], [s.byCookie, 'canary-by-cookie']] as const) {
      if (name !== undefined && !RENDERABLE_NAME.test(name)) {
        out.findings.push(finding(c, `metadata.annotations[nginx.ingress.kubernetes.io/${key}]`, 'ingress.nginx.canary.not-rendered', FindingType.INVALID,
          `${JSON.stringify(name)} contains characters the local renderer cannot match ('/' or ':'): this canary routing is left out locally`));
      }
    }
  }

  // Canary per location (the first one; validation warns about others).
  const canaryAt = new Map<string, { obj: LoadedObject; target: Target; settings: NginxSettings; field: string }>();
  for (const c of canaries) {
    const ns = c.namespace ?? 'default';
    forEachPath(c.object.spec ?? {}, (p, field, rule) => {
      const key = locationKey(typeof rule.host === 'string' ? rule.host : '', typeof p.path === 'string' ? p.path : '', String(p.pathType));
      const target = serviceTarget(p.backend, ns);
      if (target && !canaryAt.has(key)) canaryAt.set(key, { obj: c, target, settings: settingsOf.get(c)!, field: field.toString() });
    });
  }

  const seenLocations = new Set<string>();
  for (const ing of mains) {
    const spec = ing.object.spec ?? {};
    const ns = ing.namespace ?? 'default';
    const key = `${ns}:${ing.name}`;
    const settings = settingsOf.get(ing)!;
    const created = str(ing.object.metadata?.creationTimestamp) ?? '';
    const https = settings.backendProtocol === 'HTTPS' || settings.backendProtocol === 'GRPCS';

    const addBackend = (id: string, services: ServiceTarget[], policies: BackendPolicies, field: string): string => {
      out.backends.push({ id, mode: 'http', services, policies, upstreamTls: https ? {} : undefined, source: source(ing, field) });
      return id;
    };
    const emit = (host: string, match: PathMatch, action: HttpRule['action'], index: number, field: string, extra: Partial<HttpRule> = {}, from: LoadedObject = ing): void => {
      const base: HttpRule = {
        host, hostMatch: hostMatchOf(host), path: match, action, order: { created, key: `${ns}/${ing.name}`, index }, source: source(from, field), ...extra,
      };
      out.httpsRules.push(base);
      const redirect = (coveredBy(host, tlsHosts) && settings.sslRedirect !== false) || settings.forceSslRedirect === true;
      // Redirected to HTTPS before any canary decision: port 80 needs only the plain rule.
      if (redirect && (base.headers || base.cookies)) return;
      out.httpRules.push(redirect ? { ...base, action: { type: 'redirect-https', code: 308 } } : base);
    };

    if (settings.affinity && !RENDERABLE_COOKIE.test(settings.affinity.cookieName)) {
      out.findings.push(finding(ing, 'metadata.annotations[nginx.ingress.kubernetes.io/session-cookie-name]', 'ingress.nginx.session-cookie.not-rendered',
        FindingType.INVALID, `the local renderer only sets cookie names of [A-Za-z0-9_-]: no affinity cookie for ${JSON.stringify(settings.affinity.cookieName)} locally`));
    }
    if (settings.redirect && !redirectAction(settings.redirect.url, settings.redirect.code)) {
      const field = settings.redirect.annotation ? `metadata.annotations[${NGINX_PREFIX}${settings.redirect.annotation}]` : 'metadata.annotations';
      out.findings.push(finding(ing, field, 'ingress.nginx.redirect.not-rendered', FindingType.INVALID,
        `the redirect to ${JSON.stringify(settings.redirect.url)} has a query, fragment or escaped characters, which the local renderer does not write: requests are forwarded instead`));
    }
    if (settings.sslPassthrough) {
      // nginx passes the TLS connection to the backend of the host's `/` location (SNI has no path);
      // every other annotation is ineffective and plain HTTP is not served for the host.
      forEachPath(spec, (p, field, rule) => {
        const host = typeof rule.host === 'string' ? rule.host : '';
        const target = serviceTarget(p.backend, ns);
        if (host === '' || !target || out.passthrough.some((s) => s.host === host)) return;
        if (!(pathMatchOf(typeof p.path === 'string' ? p.path : '', String(p.pathType), false).match.value === '/')) return;
        const id = `ing:${key}:${field.toString().replace(/^spec\.rules\[(\d+)\]\.http\.paths\[(\d+)\]$/, 'r$1:p$2')}:tls`;
        out.backends.push({ id, mode: 'tcp', services: [{ ...target, weight: 100, source: source(ing, `${field}.backend`) }], policies: {}, source: source(ing, field.toString()) });
        out.passthrough.push({ host, hostMatch: hostMatchOf(host), backend: id, source: source(ing, field.toString()) });
      });
      continue;
    }
    const rules = Array.isArray(spec.rules) ? spec.rules : [];
    const rootHosts = new Set<string>();
    forEachPath(spec, (p, field, rule, i, j) => {
      const host = typeof rule.host === 'string' ? rule.host : '';
      const rawPath = typeof p.path === 'string' ? p.path : '';
      const pathType = String(p.pathType);
      const loc = locationKey(host, rawPath, pathType);
      if (seenLocations.has(loc)) return; // the webhook rejects a second claim; the first Ingress keeps it
      seenLocations.add(loc);
      const regexMode = regexHosts.has(host);
      const { match } = pathMatchOf(rawPath, pathType, regexMode);
      if (match.value === '/' && match.type !== 'Exact') rootHosts.add(host);
      const fieldText = field.toString();
      const index = i * 10000 + j * 10;
      const target = serviceTarget(p.backend, ns);
      if (!target) {
        // Resource backends are not served by ingress-nginx: 503.
        emit(host, match, { type: 'status', code: 503 }, index, fieldText);
        return;
      }
      const redirect = settings.redirect ? redirectAction(settings.redirect.url, settings.redirect.code) : undefined;
      if (redirect) {
        emit(host, match, redirect, index, fieldText);
        return;
      }
      const id = `ing:${key}:r${i}:p${j}`;
      const policies = policiesOf(settings, settings, rawPath, regexMode, https);
      const main: ServiceTarget = { ...target, weight: 100, source: source(ing, `${fieldText}.backend`) };
      const canary = canaryAt.get(loc);
      if (!canary || (canary.target.name === target.name && canary.target.namespace === target.namespace)) {
        emit(host, match, { type: 'forward', backend: addBackend(id, [main], policies, fieldText) }, index, fieldText);
        return;
      }
      const declared = canary.settings.canary!;
      // nginx allows `/` and `:` in these names; HAProxy cannot match them: leave that routing out, with a warning.
      const c = {
        ...declared,
        byHeader: declared.byHeader !== undefined && RENDERABLE_NAME.test(declared.byHeader) ? declared.byHeader : undefined,
        byCookie: declared.byCookie !== undefined && RENDERABLE_NAME.test(declared.byCookie) ? declared.byCookie : undefined,
      };
      const canaryTarget: ServiceTarget = { ...canary.target, weight: 100, source: source(canary.obj, 'spec') };
      const canaryPolicies = policiesOf(settings, canary.settings, rawPath, regexMode, https);
      let canaryOnly: string | undefined;
      let mainOnly: string | undefined;
      const toCanary = (): string => (canaryOnly ??= addBackend(`${id}:canary`, [canaryTarget], canaryPolicies, fieldText));
      const toMain = (): string => (mainOnly ??= addBackend(`${id}:main`, [main], policies, fieldText));
      const cfield = canary.field;
      const cobj = canary.obj;
      if (c.byHeader !== undefined) {
        if (c.byHeaderValue !== undefined) {
          emit(host, match, { type: 'forward', backend: toCanary() }, index + 1, cfield, { headers: [{ name: c.byHeader, type: 'Exact', value: c.byHeaderValue }] }, cobj);
        } else if (c.byHeaderPattern !== undefined) {
          emit(host, match, { type: 'forward', backend: toCanary() }, index + 1, cfield, { headers: [{ name: c.byHeader, type: 'RegularExpression', value: c.byHeaderPattern }] }, cobj);
        } else {
          emit(host, match, { type: 'forward', backend: toCanary() }, index + 1, cfield, { headers: [{ name: c.byHeader, type: 'Exact', value: 'always' }] }, cobj);
          emit(host, match, { type: 'forward', backend: toMain() }, index + 2, cfield, { headers: [{ name: c.byHeader, type: 'Exact', value: 'never' }] }, cobj);
        }
      }
      if (c.byCookie !== undefined) {
        emit(host, match, { type: 'forward', backend: toCanary() }, index + 3, cfield, { cookies: [{ name: c.byCookie, type: 'Exact', value: 'always' }] }, cobj);
        emit(host, match, { type: 'forward', backend: toMain() }, index + 4, cfield, { cookies: [{ name: c.byCookie, type: 'Exact', value: 'never' }] }, cobj);
      }
      if (c.weight <= 0) {
        emit(host, match, { type: 'forward', backend: toMain() }, index + 5, fieldText);
      } else if (c.weight >= c.weightTotal) {
        emit(host, match, { type: 'forward', backend: toCanary() }, index + 5, cfield, {}, cobj);
      } else {
        // The split keeps the main Ingress's affinity cookie (else the canary's), so a pinned client stays where it is.
        const splitPolicies = policiesOf(settings, settings.affinity ? settings : canary.settings, rawPath, regexMode, https);
        const weighted = addBackend(`${id}:split`, [{ ...main, weight: c.weightTotal - c.weight }, { ...canaryTarget, weight: c.weight }], splitPolicies, fieldText);
        emit(host, match, { type: 'forward', backend: weighted }, index + 5, cfield, {}, cobj);
      }
    });

    // spec.defaultBackend: the root of this Ingress's hosts without a root path, and every other request.
    const def = serviceTarget(spec.defaultBackend, ns);
    if (def) {
      const id = `ing:${key}:default`;
      const policies = policiesOf(settings, settings, '/', false, https);
      addBackend(id, [{ ...def, weight: 100, source: source(ing, 'spec.defaultBackend') }], policies, 'spec.defaultBackend');
      const hosts = new Set<string>(rules.map((r: any) => (isObj(r) && typeof r.host === 'string' ? r.host : '')));
      hosts.add('');
      for (const host of [...hosts].sort()) {
        if (rootHosts.has(host)) continue;
        const loc = locationKey(host, '/', 'default');
        if (seenLocations.has(loc)) continue;
        seenLocations.add(loc);
        const root: PathMatch = regexHosts.has(host) ? { type: 'RegularExpression', value: '/.*' } : { type: 'Prefix', value: '/' };
        emit(host, root, { type: 'forward', backend: id }, 99999999, 'spec.defaultBackend');
      }
    }

    // TLS: one certificate per entry with hosts.
    (Array.isArray(spec.tls) ? spec.tls : []).forEach((t: unknown, j: number) => {
      if (!isObj(t) || !Array.isArray(t.hosts)) return;
      const hosts = t.hosts.filter((h: unknown): h is string => typeof h === 'string' && h !== '');
      if (hosts.length === 0) return;
      const secretName = str(t.secretName);
      const secret = secretName ? objectIndex.get('Secret', ns, secretName) : undefined;
      const crt = secretValue(secret, 'tls.crt');
      const keyPem = secretValue(secret, 'tls.key');
      const field = `spec.tls[${j}]`;
      if (crt && keyPem) {
        out.certificates.push({ id: `ing:${key}:tls${j}`, hosts, certificatePem: crt, keyPem, source: source(ing, `${field}.secretName`) });
      } else {
        out.certificates.push({ id: `ing:${key}:tls${j}`, hosts, source: source(ing, field) });
        out.findings.push(finding(ing, `${field}.secretName`, 'ingress.tls.dev-certificate', FindingType.NOT_FOUND,
          `${secretName ? `no Secret ${ns}/${secretName} with tls.crt and tls.key in the input` : 'no secretName'}: ` +
          `serving a development certificate for ${hosts.join(', ')} locally`));
      }
    });
  }
  return out;
}

/**
 * Host+path claimed by both an Ingress and a Route on the shared 80/443
 * entrypoints: one warning per Ingress rule. Locally the precedence sort decides
 * (older creation time, then namespace/name), as the OpenShift router does for
 * Routes made from Ingresses.
 */
export function routeConflicts(ingressRules: HttpRule[], routeRules: HttpRule[]): Finding[] {
  const routes = new Map<string, HttpRule>();
  for (const r of routeRules) {
    if (r.hostMatch === HostMatchKind.ANY) continue;
    const k = `${r.host}\u0000${r.path.value.replace(/\/+$/, '') || '/'}`;
    if (!routes.has(k)) routes.set(k, r);
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const r of ingressRules) {
    if (r.hostMatch === HostMatchKind.ANY || r.headers || r.cookies) continue;
    const k = `${r.host}\u0000${r.path.value.replace(/\/+$/, '') || '/'}`;
    const route = routes.get(k);
    const id = `${r.source.namespace}/${r.source.name}\u0000${k}`;
    if (!route || seen.has(id)) continue;
    seen.add(id);
    const s = r.source;
    out.push({
      severity: Severity.WARNING,
      type: FindingType.CONFLICT,
      field: s.field,
      rule: 'ingress.host.route-conflict',
      message: `Conflict: Route ${route.source.namespace}/${route.source.name} also serves host ${JSON.stringify(r.host)} path ${JSON.stringify(r.path.value)}; ` +
        'one router serves both: the older object wins (creation time, then namespace/name)',
      file: s.file,
      line: s.line,
      apiVersion: s.apiVersion,
      kind: s.kind,
      namespace: s.namespace,
      name: s.name,
    });
  }
  return out;
}
