import { ValidationContext } from './context';
import { FieldPath } from './field-path';
import { FindingType, Issues } from './finding';
import {
  dns1123LabelErrors, dns1123SubdomainErrors, isDns1035Label, isDns1123Label, isIP,
  wildcardDns1123SubdomainErrors,
} from './hostname';
import { LoadedObject } from './manifests';

/**
 * Validation of Kubernetes `networking.k8s.io/v1` Ingress and IngressClass
 * objects: what the API server rejects (`pkg/apis/networking/validation`), as
 * errors with Kubernetes' field paths and words. Controller concerns
 * (ingress-nginx annotations, canaries, missing Services and Secrets,
 * cert-manager) are warnings, in `ingress-nginx.ts`.
 *
 * Internal: not part of the jsii API.
 */

export const INGRESS_GROUP = 'networking.k8s.io';
export const INGRESS_API_VERSION = `${INGRESS_GROUP}/v1`;
/** The legacy class annotation, still read by controllers. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The path types of Ingress paths. */
export const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const IANA_SVC_NAME_MAX = 15;
const CONTROLLER_MAX_LENGTH = 250;
const SCOPES = ['Cluster', 'Namespace'];

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC_FIELDS = ['defaultBackend', 'ingressClassName', 'rules', 'tls'];
const RULE_FIELDS = ['host', 'http'];
const PATH_FIELDS = ['backend', 'path', 'pathType'];
const BACKEND_FIELDS = ['resource', 'service'];
const TLS_FIELDS = ['hosts', 'secretName'];

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

const SPEC = FieldPath.root('spec');
const METADATA = FieldPath.root('metadata');

function typeError(path: FieldPath, value: unknown, type: string, issues: Issues, prefix = 'ingress'): void {
  issues.error.invalid(path, value, `${prefix}.schema.type`, `must be of type ${type}`);
}

function unknownFields(value: Record<string, any>, allowed: string[], path: FieldPath | undefined, issues: Issues, prefix = 'ingress'): void {
  for (const k of Object.keys(value)) {
    if (allowed.includes(k)) continue;
    const p = path ? path.child(k) : FieldPath.root(k);
    issues.error.forbidden(p, `${prefix}.schema.unknown-field`, `unknown field "${p.toString()}"`);
  }
}

function optString(value: unknown, path: FieldPath, issues: Issues, prefix = 'ingress'): string | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== 'string') {
    typeError(path, value, 'string', issues, prefix);
    return undefined;
  }
  return value;
}

function optArray(value: unknown, path: FieldPath, issues: Issues, prefix = 'ingress'): unknown[] | undefined {
  if (!present(value)) return undefined;
  if (!Array.isArray(value)) {
    typeError(path, value, 'array', issues, prefix);
    return undefined;
  }
  return value;
}

/** `metadata`: name (DNS-1123 subdomain), namespace (DNS-1123 label), annotations/labels as strings. */
export function checkObjectMeta(meta: unknown, issues: Issues, prefix: string, namespaced: boolean): void {
  if (!present(meta)) {
    issues.error.required(METADATA.child('name'), `${prefix}.metadata.name`, 'name or generateName is required');
    return;
  }
  if (!isObj(meta)) {
    typeError(METADATA, meta, 'object', issues, prefix);
    return;
  }
  const name = optString(meta.name, METADATA.child('name'), issues, prefix);
  const generateName = optString(meta.generateName, METADATA.child('generateName'), issues, prefix);
  if (!nonEmpty(name)) {
    if (!nonEmpty(generateName)) issues.error.required(METADATA.child('name'), `${prefix}.metadata.name`, 'name or generateName is required');
  } else {
    const errs = dns1123SubdomainErrors(name);
    if (errs.length > 0) issues.error.invalid(METADATA.child('name'), name, `${prefix}.metadata.name`, errs.join('; '));
  }
  const ns = optString(meta.namespace, METADATA.child('namespace'), issues, prefix);
  if (nonEmpty(ns)) {
    // The API server clears the namespace of cluster-scoped objects (cdk8s charts set one on every object).
    if (namespaced) {
      const errs = dns1123LabelErrors(ns);
      if (errs.length > 0) issues.error.invalid(METADATA.child('namespace'), ns, `${prefix}.metadata.namespace`, errs.join('; '));
    }
  }
  for (const mapName of ['annotations', 'labels']) {
    const m = meta[mapName];
    if (!present(m)) continue;
    if (!isObj(m)) {
      typeError(METADATA.child(mapName), m, 'object', issues, prefix);
      continue;
    }
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string') typeError(METADATA.child(mapName).key(k), v, 'string', issues, prefix);
    }
  }
}

/** Problems that make `value` not an IANA service name (a named port). */
export function ianaServiceNameErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > IANA_SVC_NAME_MAX) errs.push(`must be no more than ${IANA_SVC_NAME_MAX} characters`);
  if (!/^[-a-z0-9]+$/.test(value)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Problems of a name used as a path segment (`resource.kind`, `resource.name`). */
function pathSegmentErrors(value: string): string[] {
  const errs: string[] = [];
  if (value === '.' || value === '..') errs.push(`may not be '${value}'`);
  if (value.includes('/')) errs.push("may not contain '/'");
  if (value.includes('%')) errs.push("may not contain '%'");
  return errs;
}

/**
 * Host checks of an Ingress rule (I3–I5) or a TLS host (I15: IPs not rejected
 * as such, but an IPv6 address is no DNS subdomain). Returns whether the host is valid.
 */
function checkHost(host: string, path: FieldPath, issues: Issues, ruleHost: boolean): boolean {
  let ok = true;
  const prefix = ruleHost ? 'ingress.rules.host' : 'ingress.tls.hosts';
  if (ruleHost && isIP(host)) {
    issues.error.invalid(path, host, 'ingress.rules.host.ip', 'must be a DNS name, not an IP address');
    ok = false;
  }
  const errs = host.includes('*') ? wildcardDns1123SubdomainErrors(host) : dns1123SubdomainErrors(host);
  if (errs.length > 0) {
    issues.error.invalid(path, host, host.includes('*') ? `${prefix}.wildcard` : `${prefix}.dns`, errs.join('; '));
    ok = false;
  }
  return ok;
}

/** Whether the API server would reject this Ingress (cached per object). */
const errorCache = new WeakMap<LoadedObject, boolean>();

/** Whether the API server would reject this Ingress. */
export function ingressHasErrors(obj: LoadedObject): boolean {
  let v = errorCache.get(obj);
  if (v === undefined) {
    const issues = new Issues();
    checkIngressApi(obj, issues);
    v = issues.list.some((i) => i.severity === 'error');
    errorCache.set(obj, v);
  }
  return v;
}

/** Validates one Ingress: API-server rules as errors (controller rules are cross/nginx checks). */
export function validateIngress(obj: LoadedObject, issues: Issues, _ctx: ValidationContext): void {
  const before = issues.list.length;
  checkIngressApi(obj, issues);
  errorCache.set(obj, issues.list.slice(before).some((i) => i.severity === 'error'));
}

/** Every Kubernetes API rule for `networking.k8s.io/v1` Ingress (I1–I21), as errors. */
export function checkIngressApi(obj: LoadedObject, issues: Issues): void {
  const o = obj.object;
  unknownFields(o, TOP_FIELDS, undefined, issues);
  if (obj.apiVersion !== INGRESS_API_VERSION) {
    issues.error.notSupported(FieldPath.root('apiVersion'), obj.apiVersion, [INGRESS_API_VERSION], 'ingress.api-version');
  }
  checkObjectMeta(o.metadata, issues, 'ingress', true);

  const spec = o.spec;
  if (!present(spec)) {
    issues.error.required(SPEC, 'ingress.spec.backend-or-rules', 'either `defaultBackend` or `rules` must be specified');
    return;
  }
  if (!isObj(spec)) {
    typeError(SPEC, spec, 'object', issues);
    return;
  }
  unknownFields(spec, SPEC_FIELDS, SPEC, issues);

  const rules = optArray(spec.rules, SPEC.child('rules'), issues);
  // I2
  if (!present(spec.defaultBackend) && (!rules || rules.length === 0)) {
    issues.error.invalid(SPEC, 'spec', 'ingress.spec.backend-or-rules', 'either `defaultBackend` or `rules` must be specified');
  }
  if (present(spec.defaultBackend)) checkBackend(spec.defaultBackend, SPEC.child('defaultBackend'), issues);

  (rules ?? []).forEach((rule, i) => checkRule(rule, SPEC.child('rules').index(i), issues));

  const tls = optArray(spec.tls, SPEC.child('tls'), issues);
  (tls ?? []).forEach((entry, j) => {
    const p = SPEC.child('tls').index(j);
    if (!isObj(entry)) return typeError(p, entry, 'object', issues);
    unknownFields(entry, TLS_FIELDS, p, issues);
    const hosts = optArray(entry.hosts, p.child('hosts'), issues);
    (hosts ?? []).forEach((h, k) => {
      const hp = p.child('hosts').index(k);
      if (typeof h !== 'string') return typeError(hp, h, 'string', issues);
      checkHost(h, hp, issues, false);
    });
    const secretName = optString(entry.secretName, p.child('secretName'), issues);
    if (nonEmpty(secretName)) {
      const errs = dns1123SubdomainErrors(secretName);
      if (errs.length > 0) issues.error.invalid(p.child('secretName'), secretName, 'ingress.tls.secret-name', errs.join('; '));
    }
  });

  // I18, I19
  const className = optString(spec.ingressClassName, SPEC.child('ingressClassName'), issues);
  if (nonEmpty(className)) {
    const errs = dns1123SubdomainErrors(className);
    if (errs.length > 0) issues.error.invalid(SPEC.child('ingressClassName'), className, 'ingress.class-name', errs.join('; '));
  }
  const annotationClass = isObj(o.metadata) && isObj(o.metadata.annotations) ? o.metadata.annotations[INGRESS_CLASS_ANNOTATION] : undefined;
  if (className !== undefined && typeof annotationClass === 'string' && annotationClass !== className) {
    issues.error.invalid(METADATA.child('annotations').key(INGRESS_CLASS_ANNOTATION), annotationClass, 'ingress.class.annotation-mismatch',
      `must match \`ingressClassName\` when both are specified (ingressClassName is ${JSON.stringify(className)})`);
  }

  checkStatus(o.status, issues);
}

function checkRule(rule: unknown, p: FieldPath, issues: Issues): void {
  if (!isObj(rule)) return typeError(p, rule, 'object', issues);
  unknownFields(rule, RULE_FIELDS, p, issues);
  const host = optString(rule.host, p.child('host'), issues);
  if (nonEmpty(host)) checkHost(host, p.child('host'), issues, true);
  if (!present(rule.http)) return;
  const hp = p.child('http');
  if (!isObj(rule.http)) return typeError(hp, rule.http, 'object', issues);
  unknownFields(rule.http, ['paths'], hp, issues);
  const paths = optArray(rule.http.paths, hp.child('paths'), issues);
  if (!paths || paths.length === 0) {
    // I6
    issues.error.required(hp.child('paths'), 'ingress.rules.http.paths.required');
    return;
  }
  paths.forEach((path, i) => checkPath(path, hp.child('paths').index(i), issues));
}

function checkPath(path: unknown, p: FieldPath, issues: Issues): void {
  if (!isObj(path)) return typeError(p, path, 'object', issues);
  unknownFields(path, PATH_FIELDS, p, issues);
  const value = optString(path.path, p.child('path'), issues) ?? '';
  const pathType = optString(path.pathType, p.child('pathType'), issues);
  if (pathType === undefined) {
    if (!present(path.pathType)) issues.error.required(p.child('pathType'), 'ingress.paths.path-type.required', 'pathType must be specified');
  } else if (pathType === 'Exact' || pathType === 'Prefix') {
    // I9
    if (!value.startsWith('/')) issues.error.invalid(p.child('path'), value, 'ingress.paths.path.absolute', 'must be an absolute path');
    if (value.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES) {
        if (value.includes(seq)) issues.error.invalid(p.child('path'), value, 'ingress.paths.path.sequence', `must not contain '${seq}'`);
      }
      for (const suffix of INVALID_PATH_SUFFIXES) {
        if (value.endsWith(suffix)) issues.error.invalid(p.child('path'), value, 'ingress.paths.path.suffix', `cannot end with '${suffix}'`);
      }
    }
  } else if (pathType === 'ImplementationSpecific') {
    // I10
    if (value.length > 0 && !value.startsWith('/')) {
      issues.error.invalid(p.child('path'), value, 'ingress.paths.path.absolute', 'must be an absolute path');
    }
  } else {
    // I8
    issues.error.notSupported(p.child('pathType'), pathType, PATH_TYPES, 'ingress.paths.path-type');
  }
  if (!present(path.backend)) {
    issues.error.required(p.child('backend'), 'ingress.backend.required', 'resource or service backend is required');
  } else {
    checkBackend(path.backend, p.child('backend'), issues);
  }
}

/** I11–I14: one backend (`spec.defaultBackend` or a path's backend). */
function checkBackend(backend: unknown, p: FieldPath, issues: Issues): void {
  if (!isObj(backend)) return typeError(p, backend, 'object', issues);
  unknownFields(backend, BACKEND_FIELDS, p, issues);
  const hasService = present(backend.service);
  const hasResource = present(backend.resource);
  if (hasService && hasResource) {
    issues.error.invalid(p, 'backend', 'ingress.backend.one-of', 'cannot set both resource and service backends');
  } else if (!hasService && !hasResource) {
    issues.error.invalid(p, 'backend', 'ingress.backend.one-of', 'resource or service backend is required');
  }
  if (hasService) {
    const sp = p.child('service');
    const svc = backend.service;
    if (!isObj(svc)) return typeError(sp, svc, 'object', issues);
    unknownFields(svc, ['name', 'port'], sp, issues);
    const name = optString(svc.name, sp.child('name'), issues);
    if (!nonEmpty(name)) {
      if (!present(svc.name) || svc.name === '') issues.error.required(sp.child('name'), 'ingress.backend.service.name');
    } else if (!isDns1035Label(name)) {
      // I12: RFC 1035 label (RelaxedServiceNameValidation allows an RFC 1123 label).
      const detail = isDns1123Label(name)
        ? 'a DNS-1035 label must start with an alphabetic character (names starting with a digit need the RelaxedServiceNameValidation feature gate)'
        : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123'), at most 63 characters";
      issues.error.invalid(sp.child('name'), name, 'ingress.backend.service.name', detail);
    }
    const pp = sp.child('port');
    if (!present(svc.port)) {
      issues.error.required(pp, 'ingress.backend.service.port', 'port name or number is required');
    } else if (!isObj(svc.port)) {
      typeError(pp, svc.port, 'object', issues);
    } else {
      unknownFields(svc.port, ['name', 'number'], pp, issues);
      const hasName = nonEmpty(svc.port.name);
      const hasNumber = present(svc.port.number) && svc.port.number !== 0;
      if (hasName && hasNumber) {
        issues.error.invalid(pp, svc.port, 'ingress.backend.service.port', 'cannot set both port name & port number');
      } else if (!hasName && !hasNumber) {
        issues.error.required(pp, 'ingress.backend.service.port', 'port name or number is required');
      }
      if (present(svc.port.number)) {
        const n = svc.port.number;
        if (typeof n !== 'number' || !Number.isInteger(n)) typeError(pp.child('number'), n, 'integer', issues);
        else if (n !== 0 && (n < 1 || n > 65535)) issues.error.invalid(pp.child('number'), n, 'ingress.backend.service.port.number', 'must be between 1 and 65535, inclusive');
      }
      const pn = optString(svc.port.name, pp.child('name'), issues);
      if (nonEmpty(pn)) {
        const errs = ianaServiceNameErrors(pn);
        if (errs.length > 0) issues.error.invalid(pp.child('name'), pn, 'ingress.backend.service.port.name', errs.join('; '));
      }
    }
  }
  if (hasResource) {
    const rp = p.child('resource');
    const r = backend.resource;
    if (!isObj(r)) return typeError(rp, r, 'object', issues);
    unknownFields(r, ['apiGroup', 'kind', 'name'], rp, issues);
    for (const f of ['kind', 'name']) {
      const v = optString(r[f], rp.child(f), issues);
      if (!nonEmpty(v)) {
        if (!present(r[f]) || r[f] === '') issues.error.required(rp.child(f), `ingress.backend.resource.${f}`);
        continue;
      }
      const errs = pathSegmentErrors(v);
      if (errs.length > 0) issues.error.invalid(rp.child(f), v, `ingress.backend.resource.${f}`, errs.join('; '));
    }
    const group = optString(r.apiGroup, rp.child('apiGroup'), issues);
    if (nonEmpty(group)) {
      const errs = dns1123SubdomainErrors(group);
      if (errs.length > 0) issues.error.invalid(rp.child('apiGroup'), group, 'ingress.backend.resource.api-group', errs.join('; '));
    }
  }
}

/** I21: `status.loadBalancer.ingress[]`. */
function checkStatus(status: unknown, issues: Issues): void {
  if (!isObj(status) || !isObj(status.loadBalancer)) return;
  const list = status.loadBalancer.ingress;
  if (!Array.isArray(list)) return;
  const base = FieldPath.root('status').child('loadBalancer', 'ingress');
  list.forEach((entry: unknown, i: number) => {
    if (!isObj(entry)) return;
    const p = base.index(i);
    if (nonEmpty(entry.ip) && !isIP(entry.ip)) {
      issues.error.invalid(p.child('ip'), entry.ip, 'ingress.status.ip', 'must be a valid IP address');
    }
    if (nonEmpty(entry.hostname)) {
      const errs = dns1123SubdomainErrors(entry.hostname);
      if (errs.length > 0) issues.error.invalid(p.child('hostname'), entry.hostname, 'ingress.status.hostname', errs.join('; '));
      if (isIP(entry.hostname)) issues.error.invalid(p.child('hostname'), entry.hostname, 'ingress.status.hostname', 'must be a DNS name, not an IP address');
    }
  });
}

// ---------------------------------------------------------------------------
// IngressClass

/** Validates one `networking.k8s.io/v1` IngressClass. */
export function validateIngressClass(obj: LoadedObject, issues: Issues, _ctx: ValidationContext): void {
  const o = obj.object;
  const prefix = 'ingressclass';
  unknownFields(o, ['apiVersion', 'kind', 'metadata', 'spec'], undefined, issues, prefix);
  if (obj.apiVersion !== INGRESS_API_VERSION) {
    issues.error.notSupported(FieldPath.root('apiVersion'), obj.apiVersion, [INGRESS_API_VERSION], `${prefix}.api-version`);
  }
  checkObjectMeta(o.metadata, issues, prefix, false);
  const spec = isObj(o.spec) ? o.spec : {};
  if (present(o.spec) && !isObj(o.spec)) typeError(SPEC, o.spec, 'object', issues, prefix);
  unknownFields(spec, ['controller', 'parameters'], SPEC, issues, prefix);
  const cp = SPEC.child('controller');
  const controller = optString(spec.controller, cp, issues, prefix);
  if (!nonEmpty(controller)) {
    issues.error.required(cp, `${prefix}.controller.required`);
  } else {
    if (controller.length > CONTROLLER_MAX_LENGTH) issues.error.tooLong(cp, controller, CONTROLLER_MAX_LENGTH, `${prefix}.controller.too-long`);
    const slash = controller.indexOf('/');
    const domain = slash < 0 ? '' : controller.slice(0, slash);
    if (slash < 0 || dns1123SubdomainErrors(domain).length > 0 || /[^A-Za-z0-9/._~%!$&'()*+,;=:@-]/.test(controller.slice(slash + 1))) {
      issues.error.invalid(cp, controller, `${prefix}.controller.domain-prefixed`,
        'must be a domain-prefixed path (such as "acme.io/foo")');
    }
  }
  if (!present(spec.parameters)) return;
  const pp = SPEC.child('parameters');
  const params = spec.parameters;
  if (!isObj(params)) return typeError(pp, params, 'object', issues, prefix);
  unknownFields(params, ['apiGroup', 'kind', 'name', 'namespace', 'scope'], pp, issues, prefix);
  for (const f of ['kind', 'name']) {
    const v = optString(params[f], pp.child(f), issues, prefix);
    if (!nonEmpty(v)) {
      issues.error.required(pp.child(f), `${prefix}.parameters.${f}`);
    } else {
      const errs = pathSegmentErrors(v);
      if (errs.length > 0) issues.error.invalid(pp.child(f), v, `${prefix}.parameters.${f}`, errs.join('; '));
    }
  }
  const group = optString(params.apiGroup, pp.child('apiGroup'), issues, prefix);
  if (nonEmpty(group)) {
    const errs = dns1123SubdomainErrors(group);
    if (errs.length > 0) issues.error.invalid(pp.child('apiGroup'), group, `${prefix}.parameters.api-group`, errs.join('; '));
  }
  const scope = optString(params.scope, pp.child('scope'), issues, prefix);
  const ns = params.namespace;
  if (scope === undefined) {
    if (present(ns)) issues.error.required(pp.child('scope'), `${prefix}.parameters.scope`, '`parameters.scope` is required when `parameters.namespace` is set');
    return;
  }
  if (!SCOPES.includes(scope)) {
    issues.error.notSupported(pp.child('scope'), scope, SCOPES, `${prefix}.parameters.scope`);
    return;
  }
  if (scope === 'Namespace') {
    if (!nonEmpty(ns)) {
      issues.error.required(pp.child('namespace'), `${prefix}.parameters.namespace`, '`parameters.scope` is set to "Namespace"');
    } else {
      const errs = dns1123LabelErrors(ns);
      if (errs.length > 0) issues.error.invalid(pp.child('namespace'), ns, `${prefix}.parameters.namespace`, errs.join('; '));
    }
  } else if (present(ns)) {
    issues.error.add(FindingType.FORBIDDEN, pp.child('namespace'), `${prefix}.parameters.namespace`,
      'Forbidden: `parameters.scope` is set to "Cluster"');
  }
}
