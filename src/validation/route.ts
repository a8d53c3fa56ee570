import { checkRouteCertManagerAnnotations } from './cert-manager';
import { checkRouteCertificates } from './certificates';
import { ValidationContext } from './context';
import { FieldPath } from './field-path';
import { FindingType, Issues, Severity } from './finding';
import {
  badDns1123Labels, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN_MAX_LENGTH, dns1123LabelErrors, dns1123SubdomainErrors,
  isDns1123Subdomain, isDns1123SubdomainWithLabels, matchesRouteHostPattern, parentDomain,
} from './hostname';
import type { CrossValidator } from './kinds';
import { LoadedObject } from './manifests';
import { admitRoutes, DEFAULT_ROUTER_DOMAIN, effectiveRouteHost, ROUTE_GROUP } from './route-admission';
import { parseRouteAnnotations } from './route-annotations';
import { validateHttpHeaders } from './route-headers';

/**
 * Validation of `route.openshift.io/v1` Routes.
 *
 * Errors are the union of what the Route CRD (schema, `allOf/anyOf`, CEL) and
 * the openshift-apiserver (library-go) reject, after the server defaults
 * (`to.kind: Service`, `to.weight: 100`, `wildcardPolicy: None`). Where both
 * layers reject the same thing, one finding is reported, with the CRD's message
 * (what `oc create` prints against a CRD-served API) and the apiserver's words
 * in parentheses where they differ.
 *
 * Warnings are what the OpenShift router would not serve as written: hosts it
 * refuses, wildcard routes, annotation values it ignores, certificate problems
 * found by its extended validation, and cross-object problems (host already
 * claimed, missing Services and Secrets).
 */

/** The annotation that relaxes the apiserver's per-label host check. */
export const ALLOW_NON_DNS_COMPLIANT_HOST = 'route.openshift.io/allow-non-dns-compliant-host';

const TERMINATIONS = ['edge', 'reencrypt', 'passthrough'];
const EXPIRY_CODES = new Set(['expired', 'not-yet-valid', 'expires-soon']);
const INSECURE_POLICIES = ['Allow', 'None', 'Redirect', ''];
const WILDCARD_POLICIES = ['None', 'Subdomain', ''];
const MAX_ALTERNATE_BACKENDS = 3;
const MIN_WEIGHT = 0;
const MAX_WEIGHT = 256;

const SPEC_FIELDS = ['alternateBackends', 'host', 'httpHeaders', 'path', 'port', 'subdomain', 'tls', 'to', 'wildcardPolicy'];
const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const TARGET_FIELDS = ['kind', 'name', 'weight'];
const TLS_FIELDS = ['caCertificate', 'certificate', 'destinationCACertificate', 'externalCertificate', 'insecureEdgeTerminationPolicy', 'key', 'termination'];
const PEM_FIELDS = ['certificate', 'key', 'caCertificate', 'destinationCACertificate'] as const;
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];
const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

const SPEC = FieldPath.root('spec');
const METADATA = FieldPath.root('metadata');

function unknownFields(value: Record<string, any>, allowed: string[], path: FieldPath | undefined, issues: Issues): void {
  for (const k of Object.keys(value)) {
    if (allowed.includes(k)) continue;
    const p = path ? path.child(k) : FieldPath.root(k);
    issues.error.forbidden(p, 'route.schema.unknown-field', `unknown field "${p.toString()}"`);
  }
}

function typeError(path: FieldPath, value: unknown, type: string, issues: Issues): void {
  issues.error.invalid(path, value, 'route.schema.type', `must be of type ${type}`);
}

/** Checks that `value` is a string when present; returns it or undefined. */
function optString(value: unknown, path: FieldPath, issues: Issues): string | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== 'string') {
    typeError(path, value, 'string', issues);
    return undefined;
  }
  return value;
}

/** Whether the route's object passes every API-server rule (computed once per object). */
const errorCache = new WeakMap<LoadedObject, boolean>();

/** Whether the API server would reject this Route (any error from {@link checkRouteApi}). */
export function routeHasErrors(obj: LoadedObject): boolean {
  let v = errorCache.get(obj);
  if (v === undefined) {
    const issues = new Issues();
    checkRouteApi(obj, issues);
    v = issues.list.some((i) => i.severity === Severity.ERROR);
    errorCache.set(obj, v);
  }
  return v;
}

/** Validates one route.openshift.io/v1 Route: API-server rules as errors, router rules as warnings. */
export function validateRoute(obj: LoadedObject, issues: Issues, ctx: ValidationContext): void {
  const before = issues.list.length;
  checkRouteApi(obj, issues);
  errorCache.set(obj, issues.list.slice(before).some((i) => i.severity === Severity.ERROR));
  checkRouteRouter(obj, issues, ctx);
  checkRouteCertManagerAnnotations(obj, issues);
}

// ---------------------------------------------------------------------------
// API server rules (errors)

/** Every CRD and openshift-apiserver rule, as errors (plus the host+subdomain warning, A29). */
export function checkRouteApi(obj: LoadedObject, issues: Issues): void {
  const o = obj.object;
  unknownFields(o, TOP_FIELDS, undefined, issues);
  if (obj.apiVersion !== `${ROUTE_GROUP}/v1`) {
    issues.error.notSupported(FieldPath.root('apiVersion'), obj.apiVersion, [`${ROUTE_GROUP}/v1`], 'route.api-version');
  }
  const meta = checkMetadata(o.metadata, issues);

  const spec = o.spec;
  if (!present(spec)) {
    issues.error.required(SPEC, 'route.spec.required', 'spec is required');
    return;
  }
  if (!isObj(spec)) {
    typeError(SPEC, spec, 'object', issues);
    return;
  }
  unknownFields(spec, SPEC_FIELDS, SPEC, issues);

  // tls first: other rules depend on the termination.
  const tls = checkTls(spec.tls, issues);
  const passthrough = tls?.termination === 'passthrough';

  const host = checkHostLike(spec.host, SPEC.child('host'), 'host', meta.allowNonDnsHost, issues);
  const subdomain = checkHostLike(spec.subdomain, SPEC.child('subdomain'), 'subdomain', false, issues);
  if (nonEmpty(host) && nonEmpty(subdomain)) {
    issues.warn.add(FindingType.INVALID, SPEC.child('subdomain'), 'route.subdomain.ignored', 'spec.host is set; spec.subdomain may be ignored');
  }

  // wildcardPolicy (default None)
  const wp = optString(spec.wildcardPolicy, SPEC.child('wildcardPolicy'), issues) ?? 'None';
  if (!WILDCARD_POLICIES.includes(wp)) {
    issues.error.notSupported(SPEC.child('wildcardPolicy'), wp, WILDCARD_POLICIES, 'route.wildcard-policy');
  } else if (wp === 'Subdomain' && !nonEmpty(host)) {
    issues.error.invalid(SPEC.child('wildcardPolicy'), wp, 'route.wildcard.host-required', 'host name not specified for wildcard policy');
  }

  // Generated host (A5): <name>-<namespace> is the first label.
  if (!nonEmpty(host) && !nonEmpty(subdomain) && wp !== 'Subdomain' && meta.name && !meta.allowNonDnsHost) {
    const nsLen = meta.namespace ? meta.namespace.length : 1;
    const label = `${meta.name.replace(/\./g, '-')}-${meta.namespace ?? ''}`;
    const len = meta.name.length + 1 + nsLen;
    if (len > DNS1123_LABEL_MAX_LENGTH) {
      issues.error.invalid(SPEC.child('host'), label, 'route.host.generated-dns-label',
        `the generated host starts with "<name>-<namespace>", which would be ${len} characters; ` +
        `a DNS-1123 label must be no more than ${DNS1123_LABEL_MAX_LENGTH} characters ` +
        `(set spec.host or spec.subdomain, shorten the name, or set ${ALLOW_NON_DNS_COMPLIANT_HOST}: "true")`);
    }
  }

  // path
  const path = optString(spec.path, SPEC.child('path'), issues);
  if (nonEmpty(path)) {
    if (!path.startsWith('/')) issues.error.invalid(SPEC.child('path'), path, 'route.path.absolute', 'path must begin with /');
    if (/[# ]/.test(path)) issues.error.invalid(SPEC.child('path'), path, 'route.path.characters', 'cannot contain # or spaces');
    if (/[\x00-\x1f\x7f]/.test(path)) {
      issues.warn.invalid(SPEC.child('path'), path, 'route.path.control-characters',
        'contains a control character (CR, LF, NUL, ...): the API server accepts it, but the router strips CR/LF and cdk8s-routing cannot render it');
    }
    if (passthrough) issues.error.invalid(SPEC.child('path'), path, 'route.path.passthrough', 'passthrough termination does not support paths');
  }

  // to
  const toPath = SPEC.child('to');
  if (!present(spec.to)) issues.error.required(toPath, 'route.to.required', 'spec.to is required');
  else checkTarget(spec.to, toPath, issues);

  // alternateBackends
  const altPath = SPEC.child('alternateBackends');
  if (present(spec.alternateBackends)) {
    if (!Array.isArray(spec.alternateBackends)) {
      typeError(altPath, spec.alternateBackends, 'array', issues);
    } else {
      const alts = spec.alternateBackends as unknown[];
      if (alts.length > MAX_ALTERNATE_BACKENDS) {
        issues.error.add(FindingType.TOO_MANY, altPath, 'route.backends.too-many',
          `Too many: ${alts.length}: must have at most ${MAX_ALTERNATE_BACKENDS} items (cannot specify more than ${MAX_ALTERNATE_BACKENDS} alternate backends)`);
      }
      const seen = new Map<string, number>();
      alts.forEach((b, i) => {
        const p = altPath.index(i);
        checkTarget(b, p, issues);
        if (isObj(b) && typeof b.name === 'string') {
          const kind = typeof b.kind === 'string' ? b.kind : 'Service';
          const key = `${b.name}\u0000${kind}`;
          const first = seen.get(key);
          if (first !== undefined) {
            issues.error.duplicate(p, { name: b.name, kind }, 'route.backends.duplicate',
              `the same (name, kind) as spec.alternateBackends[${first}]`);
          } else {
            seen.set(key, i);
          }
        }
      });
    }
  }

  // port
  const portPath = SPEC.child('port');
  if (present(spec.port)) {
    if (!isObj(spec.port)) {
      typeError(portPath, spec.port, 'object', issues);
    } else {
      unknownFields(spec.port, ['targetPort'], portPath, issues);
      const tp = spec.port.targetPort;
      const tpPath = portPath.child('targetPort');
      if (!present(tp) || tp === 0 || tp === '') {
        issues.error.required(tpPath, 'route.port.target-port', 'targetPort is required and may not be 0 or ""');
      } else if (typeof tp === 'number') {
        if (!Number.isInteger(tp)) typeError(tpPath, tp, 'integer or string', issues);
      } else if (typeof tp !== 'string') {
        typeError(tpPath, tp, 'integer or string', issues);
      }
    }
  }

  validateHttpHeaders(spec.httpHeaders, SPEC.child('httpHeaders'), passthrough, issues);
}

interface MetaInfo {
  readonly name?: string;
  readonly namespace?: string;
  readonly allowNonDnsHost: boolean;
}

function checkMetadata(meta: unknown, issues: Issues): MetaInfo {
  if (!present(meta)) {
    issues.error.required(METADATA.child('name'), 'route.metadata.name', 'name or generateName is required');
    return { allowNonDnsHost: false };
  }
  if (!isObj(meta)) {
    typeError(METADATA, meta, 'object', issues);
    return { allowNonDnsHost: false };
  }
  const name = optString(meta.name, METADATA.child('name'), issues);
  const generateName = optString(meta.generateName, METADATA.child('generateName'), issues);
  if (!nonEmpty(name)) {
    if (!nonEmpty(generateName)) issues.error.required(METADATA.child('name'), 'route.metadata.name', 'name or generateName is required');
  } else {
    const errs = dns1123SubdomainErrors(name);
    if (errs.length > 0) issues.error.invalid(METADATA.child('name'), name, 'route.metadata.name', errs.join('; '));
  }
  const ns = optString(meta.namespace, METADATA.child('namespace'), issues);
  if (nonEmpty(ns)) {
    const errs = dns1123LabelErrors(ns);
    if (errs.length > 0) issues.error.invalid(METADATA.child('namespace'), ns, 'route.metadata.namespace', errs.join('; '));
  }
  let allowNonDnsHost = false;
  for (const mapName of ['annotations', 'labels']) {
    const m = meta[mapName];
    if (!present(m)) continue;
    if (!isObj(m)) {
      typeError(METADATA.child(mapName), m, 'object', issues);
      continue;
    }
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string') typeError(METADATA.child(mapName).key(k), v, 'string', issues);
    }
    if (mapName === 'annotations') allowNonDnsHost = m[ALLOW_NON_DNS_COMPLIANT_HOST] === 'true';
  }
  if (present(meta.finalizers)) {
    if (!Array.isArray(meta.finalizers)) {
      typeError(METADATA.child('finalizers'), meta.finalizers, 'array', issues);
    } else {
      meta.finalizers.forEach((f: unknown, i: number) => {
        const p = METADATA.child('finalizers').index(i);
        if (typeof f !== 'string') return typeError(p, f, 'string', issues);
        if (!isQualifiedName(f)) {
          issues.error.invalid(p, f, 'route.metadata.finalizers', 'must be a qualified name: an optional DNS subdomain prefix and "/", then a name of alphanumerics, "-", "_" or "."');
        } else if (!f.includes('/') && !STANDARD_FINALIZERS.includes(f)) {
          issues.error.invalid(p, f, 'route.metadata.finalizers', `name is neither a standard finalizer name (${STANDARD_FINALIZERS.join(', ')}) nor is it fully qualified`);
        }
      });
    }
  }
  return { name: nonEmpty(name) ? name : undefined, namespace: nonEmpty(ns) ? ns : undefined, allowNonDnsHost };
}

function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_RE.test(name)) return false;
  if (parts.length === 2) return parts[0].length > 0 && isDns1123Subdomain(parts[0]);
  return true;
}

/** `spec.host` / `spec.subdomain`: CRD length and pattern, apiserver DNS-1123 rules. Returns the string value. */
function checkHostLike(value: unknown, path: FieldPath, what: 'host' | 'subdomain', relaxLabels: boolean, issues: Issues): string | undefined {
  const v = optString(value, path, issues);
  if (!nonEmpty(v)) return v;
  const rule = `route.${what}`;
  if (v.length > DNS1123_SUBDOMAIN_MAX_LENGTH) issues.error.tooLong(path, v, DNS1123_SUBDOMAIN_MAX_LENGTH, `${rule}.too-long`);
  const crdOk = matchesRouteHostPattern(v);
  const labels = badDns1123Labels(v);
  if (labels.length > 0 && !relaxLabels) {
    // A3/A6: one finding per bad label.
    for (const l of labels) {
      issues.error.invalid(path, v, `${rule}.dns-label`,
        `label ${JSON.stringify(l.label)}: ${l.errors.join('; ')}`);
    }
  } else if (!crdOk) {
    // Only the CRD pattern fails (e.g. a 64-character label with the allow-non-dns-compliant-host annotation).
    issues.error.invalid(path, v, `${rule}.pattern`,
      `${what} must be dot-separated labels of 1-63 letters, digits or "-", each starting and ending with a letter or digit ` +
      `(the Route CRD pattern${relaxLabels ? `; ${ALLOW_NON_DNS_COMPLIANT_HOST} does not relax it` : ''})`);
  }
  if (what === 'host' && !isDns1123Subdomain(v)) {
    issues.error.invalid(path, v, `${rule}.dns-subdomain`, `host must conform to DNS 952 subdomain conventions (${dns1123SubdomainErrors(v).join('; ')})`);
  }
  return v;
}

/** `spec.to` or one `spec.alternateBackends[i]`, after defaulting kind and weight. */
function checkTarget(value: unknown, path: FieldPath, issues: Issues): void {
  if (!isObj(value)) {
    typeError(path, value, 'object', issues);
    return;
  }
  unknownFields(value, TARGET_FIELDS, path, issues);
  const kind = optString(value.kind, path.child('kind'), issues);
  if (kind !== undefined && kind !== 'Service' && kind !== '') {
    issues.error.notSupported(path.child('kind'), kind, ['Service', ''], 'route.backend.kind');
  }
  const name = value.name;
  if (!present(name) || name === '') {
    issues.error.required(path.child('name'), 'route.backend.name-required', 'name of the Service is required');
  } else if (typeof name !== 'string') {
    typeError(path.child('name'), name, 'string', issues);
  }
  const w = value.weight;
  if (present(w)) {
    if (typeof w !== 'number' || !Number.isInteger(w)) {
      typeError(path.child('weight'), w, 'integer', issues);
    } else if (w < MIN_WEIGHT || w > MAX_WEIGHT) {
      issues.error.invalid(path.child('weight'), w, 'route.backend.weight', `weight must be an integer between ${MIN_WEIGHT} and ${MAX_WEIGHT}`);
    }
  }
}

interface TlsInfo {
  /** Lower-cased termination, when it is one of the three. */
  readonly termination?: string;
}

/** `spec.tls` (C3, C4, C6, C7, A17–A21). */
function checkTls(value: unknown, issues: Issues): TlsInfo | undefined {
  const path = SPEC.child('tls');
  if (!present(value)) return undefined;
  if (!isObj(value)) {
    typeError(path, value, 'object', issues);
    return undefined;
  }
  unknownFields(value, TLS_FIELDS, path, issues);
  const tp = path.child('termination');
  const raw = value.termination;
  let termination: string | undefined;
  if (!present(raw)) {
    issues.error.required(tp, 'route.tls.termination', `termination is required when tls is set; supported values: ${TERMINATIONS.join(', ')}`);
  } else if (typeof raw !== 'string') {
    typeError(tp, raw, 'string', issues);
  } else if (!TERMINATIONS.includes(raw)) {
    issues.error.notSupported(tp, raw, TERMINATIONS, 'route.tls.termination');
    if (TERMINATIONS.includes(raw.toLowerCase())) termination = raw.toLowerCase();
  } else {
    termination = raw;
  }

  for (const f of PEM_FIELDS) optString(value[f], path.child(f), issues);
  const ext = value.externalCertificate;
  const extPath = path.child('externalCertificate');
  let extName: string | undefined;
  if (present(ext)) {
    if (!isObj(ext)) {
      typeError(extPath, ext, 'object', issues);
    } else {
      unknownFields(ext, ['name'], extPath, issues);
      extName = optString(ext.name, extPath.child('name'), issues);
    }
  }

  if (termination === 'passthrough') {
    for (const f of PEM_FIELDS) {
      if (nonEmpty(value[f])) {
        issues.error.invalid(path.child(f), value[f], 'route.tls.passthrough-certificates', 'passthrough termination does not support certificates');
      }
    }
    if (nonEmpty(extName)) {
      issues.error.invalid(extPath, extName, 'route.tls.passthrough-certificates', 'passthrough termination does not support certificates');
    }
  }
  if (termination === 'edge' && nonEmpty(value.destinationCACertificate)) {
    issues.error.invalid(path.child('destinationCACertificate'), value.destinationCACertificate, 'route.tls.edge-destination-ca',
      'edge termination does not support destination certificates');
  }
  // C7 (CEL: both fields present) and A20 (both non-empty).
  if (present(value.certificate) && present(ext)) {
    issues.error.invalid(path, 'object', 'route.tls.certificate-and-external',
      'cannot have both spec.tls.certificate and spec.tls.externalCertificate');
  }

  const pp = path.child('insecureEdgeTerminationPolicy');
  const policy = optString(value.insecureEdgeTerminationPolicy, pp, issues);
  if (policy !== undefined) {
    if (!INSECURE_POLICIES.includes(policy)) {
      issues.error.notSupported(pp, policy, INSECURE_POLICIES, 'route.tls.insecure-policy');
    } else if (policy === 'Allow' && termination === 'passthrough') {
      issues.error.invalid(pp, policy, 'route.tls.insecure-policy',
        'cannot have both spec.tls.termination: passthrough and spec.tls.insecureEdgeTerminationPolicy: Allow ' +
        '(invalid value for InsecureEdgeTerminationPolicy option, acceptable values are None, Redirect, or empty)');
    }
  }
  return { termination };
}

// ---------------------------------------------------------------------------
// Router rules (warnings)

function checkRouteRouter(obj: LoadedObject, issues: Issues, ctx: ValidationContext): void {
  const spec = isObj(obj.object.spec) ? obj.object.spec : undefined;
  const meta = isObj(obj.object.metadata) ? obj.object.metadata : {};
  const tls = spec && isObj(spec.tls) ? spec.tls : undefined;
  const termination = tls && typeof tls.termination === 'string' ? tls.termination.toLowerCase() : undefined;
  const policy = tls && typeof tls.insecureEdgeTerminationPolicy === 'string' ? tls.insecureEdgeTerminationPolicy : undefined;

  // Annotations the router reads.
  const annotations = isObj(meta.annotations) ? (meta.annotations as Record<string, string>) : undefined;
  parseRouteAnnotations(annotations, tls ? termination : undefined, issues, METADATA.child('annotations'), policy);

  if (!spec) return;
  const domain = ctx.options.routerDomain ?? DEFAULT_ROUTER_DOMAIN;
  const explicitHost = nonEmpty(spec.host) ? spec.host : undefined;

  // R2: the host the router would use must be a DNS-1123 subdomain with DNS-1123 labels.
  const eff = effectiveRouteHost(obj, domain);
  if (eff && !routeHasErrors(obj)) {
    const problems = [...dns1123SubdomainErrors(eff.host), ...badDns1123Labels(eff.host).map((l) => `label ${JSON.stringify(l.label)}: ${l.errors.join('; ')}`)];
    if (!isDns1123SubdomainWithLabels(eff.host) && problems.length > 0) {
      const field = eff.generated ? METADATA.child('name') : explicitHost ? SPEC.child('host') : SPEC.child('subdomain');
      const how = eff.generated ? `generated host ${JSON.stringify(eff.host)}` : explicitHost ? 'host' : `host ${JSON.stringify(eff.host)} from spec.subdomain`;
      issues.warn.invalid(field, explicitHost ?? eff.host, 'route.host.invalid-for-router',
        `InvalidHost: the router refuses the route: ${how}: host name validation errors: ${problems.join('; ')}`);
    }
  }

  // R4: wildcard routes.
  if (spec.wildcardPolicy === 'Subdomain' && explicitHost) {
    issues.warn.add(FindingType.INVALID, SPEC.child('wildcardPolicy'), 'route.wildcard.router-setting',
      `wildcard route for *.${parentDomain(explicitHost.toLowerCase())}: OpenShift routers admit it only when wildcard routes are allowed ` +
      '(IngressController wildcardPolicy WildcardsAllowed / ROUTER_ALLOW_WILDCARD_ROUTES=true); otherwise RouteNotAdmitted "wildcard routes are not allowed"');
  }

  // R6: extended certificate validation (edge/reencrypt with inline PEM).
  if (tls && (termination === 'edge' || termination === 'reencrypt') && PEM_FIELDS.some((f) => nonEmpty(tls[f]))) {
    const hosts = eff ? [spec.wildcardPolicy === 'Subdomain' ? `*.${parentDomain(eff.host)}` : eff.host] : [];
    const input = {
      certificate: nonEmpty(tls.certificate) ? tls.certificate : undefined,
      key: nonEmpty(tls.key) ? tls.key : undefined,
      caCertificate: nonEmpty(tls.caCertificate) ? tls.caCertificate : undefined,
      // The router ignores a destination CA on edge routes (and the API rejects it): only check it for reencrypt.
      destinationCACertificate: termination === 'reencrypt' && nonEmpty(tls.destinationCACertificate) ? tls.destinationCACertificate : undefined,
      hosts,
    };
    if (input.certificate || input.key || input.caCertificate || input.destinationCACertificate) {
      for (const p of checkRouteCertificates(input)) {
        // Validity dates are 'info' for the router (it serves expired certificates) but clients refuse them:
        // report them as warnings with the days left or past. Other 'info' notes are not reported.
        if (p.severity !== 'warning' && !EXPIRY_CODES.has(p.code)) continue;
        issues.warn.add(FindingType.INVALID, SPEC.child('tls', p.field), `route.tls.${p.code}`, p.message);
      }
    }
  }

  // externalCertificate with an empty name: the router cannot read a Secret.
  if (tls && isObj(tls.externalCertificate) && !nonEmpty(tls.externalCertificate.name) && termination !== 'passthrough') {
    issues.warn.required(SPEC.child('tls', 'externalCertificate', 'name'), 'route.tls.external-certificate-name',
      'the router needs the name of a kubernetes.io/tls Secret in the route\'s namespace');
  }
}

// ---------------------------------------------------------------------------
// Cross-object checks (warnings)

function portsOf(svc: LoadedObject): any[] {
  const ports = svc.object.spec?.ports;
  return Array.isArray(ports) ? ports.filter(isObj) : [];
}

function portMatches(port: any, target: string | number): boolean {
  if (typeof target === 'number') {
    return port.port === target || port.targetPort === target || (port.targetPort === undefined && port.port === target);
  }
  return port.name === target || port.targetPort === target || String(port.port) === target;
}

function describePorts(ports: any[]): string {
  if (ports.length === 0) return 'the Service has no ports';
  return `Service ports: ${ports.map((p) => `${p.name ? `${p.name}=` : ''}${p.port}${p.targetPort !== undefined ? `->${p.targetPort}` : ''}`).join(', ')}`;
}

const routeHostClaims: CrossValidator = (ctx, issuesFor) => {
  const routes = ctx.index.ofKind('Route').filter((r) => r.group === ROUTE_GROUP);
  if (routes.length === 0) return;
  const { rejected } = admitRoutes(routes, ctx.options.routerDomain ?? DEFAULT_ROUTER_DOMAIN);
  for (const r of rejected) {
    if (r.reason !== 'HostAlreadyClaimed') continue;
    issuesFor(r.route).warn.conflict(SPEC.child('host'), 'route.host.already-claimed', `${r.reason}: ${r.message}`);
  }
};

const routeReferences: CrossValidator = (ctx, issuesFor) => {
  const routes = ctx.index.ofKind('Route').filter((r) => r.group === ROUTE_GROUP);
  const haveServices = ctx.index.ofKind('Service').some((s) => s.group === '');
  const haveSecrets = ctx.index.ofKind('Secret').some((s) => s.group === '');
  for (const route of routes) {
    const spec = route.object.spec;
    if (!isObj(spec)) continue;
    const ns = route.namespace ?? 'default';
    const targetPort = isObj(spec.port) ? spec.port.targetPort : undefined;
    const hasTarget = (typeof targetPort === 'number' && targetPort !== 0) || nonEmpty(targetPort);

    const targets: Array<{ value: any; path: FieldPath }> = [];
    if (isObj(spec.to)) targets.push({ value: spec.to, path: SPEC.child('to') });
    if (Array.isArray(spec.alternateBackends)) {
      spec.alternateBackends.forEach((b: unknown, i: number) => {
        if (isObj(b)) targets.push({ value: b, path: SPEC.child('alternateBackends').index(i) });
      });
    }
    if (haveServices) {
      for (const t of targets) {
        const kind = t.value.kind;
        if (kind !== undefined && kind !== '' && kind !== 'Service') continue;
        if (!nonEmpty(t.value.name)) continue;
        const svc = ctx.index.get('Service', ns, t.value.name);
        if (!svc || svc.group !== '') {
          issuesFor(route).warn.notFound(t.path.child('name'), t.value.name, 'route.backend.service-not-found',
            `no Service ${ns}/${t.value.name} in the input; the router has no endpoints for it and answers 503`);
          continue;
        }
        if (hasTarget) {
          const ports = portsOf(svc);
          if (!ports.some((p) => portMatches(p, targetPort as string | number))) {
            issuesFor(route).warn.notFound(SPEC.child('port', 'targetPort'), targetPort, 'route.port.not-found',
              `Service ${ns}/${t.value.name} (${t.path.toString()}) has no port with this name, port or targetPort; ` +
              `the router finds no endpoints for it (${describePorts(ports)})`);
          }
        }
      }
    }

    const tls = isObj(spec.tls) ? spec.tls : undefined;
    const term = tls && typeof tls.termination === 'string' ? tls.termination.toLowerCase() : undefined;
    const ext = tls && isObj(tls.externalCertificate) ? tls.externalCertificate.name : undefined;
    if (nonEmpty(ext) && (term === 'edge' || term === 'reencrypt')) {
      const p = SPEC.child('tls', 'externalCertificate', 'name');
      const secret = ctx.index.get('Secret', ns, ext);
      if (!secret || secret.group !== '') {
        if (haveSecrets) {
          issuesFor(route).warn.notFound(p, ext, 'route.tls.external-certificate-not-found',
            `no Secret ${ns}/${ext} in the input; the router cannot load the certificate and does not serve the route`);
        }
      } else if (secret.object.type !== 'kubernetes.io/tls') {
        issuesFor(route).warn.invalid(p, ext, 'route.tls.external-certificate-type',
          `Secret ${ns}/${ext} has type ${JSON.stringify(secret.object.type ?? 'Opaque')}; it must be of type "kubernetes.io/tls"`);
      }
    }
  }
};

/** Cross-object Route checks: host admission (oldest wins) and references to Services and Secrets. */
export const ROUTE_CROSS_VALIDATORS: CrossValidator[] = [routeHostClaims, routeReferences];
