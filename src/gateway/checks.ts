// Argument checks shared by the Gateway API constructs (not exported from the package).
// Bounds and patterns follow the gateway.networking.k8s.io v1.6.1 standard CRDs.

/** Gateway API hostname (route hostnames, listener hostname): optional leading `*.` label. */
const GW_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Precise hostname (redirect / rewrite): no wildcard. */
const PRECISE_HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** DNS-1123 subdomain (object names, listener names, sectionName, rule names). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** DNS-1123 label (namespaces). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Group: empty (core) or a DNS subdomain. */
const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kind: starts with a letter, then letters, digits, '-' and '_'. */
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** HTTP header / query parameter name (RFC 7230 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
/** Characters allowed in Exact / PathPrefix path values (RFC 3986 pchar or %XX). */
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
/** GatewayClass controllerName: domain-prefixed path. */
const CONTROLLER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function checkInt(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${what}: must be an integer between ${min} and ${max}, got ${show(value)}`);
  }
  return value;
}

export function checkPort(value: unknown, what: string): number {
  return checkInt(value, 1, 65535, `${what}: port`);
}

export function checkWeight(value: unknown, what: string): number {
  return checkInt(value, 0, 1_000_000, `${what}: weight`);
}

function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${show(value)}`);
  return value;
}

export function checkHostname(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 253 || !GW_HOSTNAME.test(v)) {
    throw new Error(`${what}: invalid hostname ${show(v)}: must be a lower-case DNS name (letters, digits, '-' and '.', at most 253 characters), optionally starting with a '*.' label; IP addresses are not allowed`);
  }
  if (/^[0-9.]+$/.test(v)) {
    throw new Error(`${what}: invalid hostname ${show(v)}: IP addresses are not allowed, use a DNS name`);
  }
  return v;
}

export function checkPreciseHostname(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 253 || !PRECISE_HOSTNAME.test(v)) {
    throw new Error(`${what}: invalid hostname ${show(v)}: must be a precise lower-case DNS name (no wildcard, at most 253 characters)`);
  }
  return v;
}

export function checkObjectName(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 253 || !DNS_SUBDOMAIN.test(v)) {
    throw new Error(`${what}: invalid name ${show(v)}: must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', 1-253 characters, starting and ending with a letter or digit)`);
  }
  return v;
}

/** Names of references to objects of any kind: 1-253 characters (the CRDs only bound the length). */
export function checkRefName(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 253) {
    throw new Error(`${what}: invalid name ${show(v)}: must be 1-253 characters`);
  }
  return v;
}

export function checkSectionName(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 253 || !DNS_SUBDOMAIN.test(v)) {
    throw new Error(`${what}: invalid section name ${show(v)}: must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', 1-253 characters)`);
  }
  return v;
}

export function checkNamespace(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 63 || !DNS_LABEL.test(v)) {
    throw new Error(`${what}: invalid namespace ${show(v)}: must be a DNS-1123 label (lower-case letters, digits and '-', 1-63 characters)`);
  }
  return v;
}

export function checkGroup(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length > 253 || !GROUP.test(v)) {
    throw new Error(`${what}: invalid group ${show(v)}: must be empty (the core API group) or a DNS-1123 subdomain such as "gateway.networking.k8s.io"`);
  }
  return v;
}

export function checkKind(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 63 || !KIND.test(v)) {
    throw new Error(`${what}: invalid kind ${show(v)}: must start with a letter and contain only letters, digits, '-' and '_' (1-63 characters)`);
  }
  return v;
}

export function checkHeaderName(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 256 || !HEADER_NAME.test(v)) {
    throw new Error(`${what}: invalid name ${show(v)}: must be an HTTP token (letters, digits and !#$%&'*+-.^_\`|~, 1-256 characters)`);
  }
  return v;
}

export function checkValueLength(value: unknown, max: number, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > max) {
    throw new Error(`${what}: value must be 1-${max} characters, got ${v.length}`);
  }
  if (/[\r\n\0]/.test(v)) {
    throw new Error(`${what}: value ${show(v)} must not contain CR, LF or NUL characters`);
  }
  return v;
}

/** Exact / PathPrefix match values and redirect / rewrite paths. */
export function checkHttpPath(value: unknown, what: string, allowEmpty = false): string {
  const v = checkString(value, what);
  if (v.length > 1024) throw new Error(`${what}: path must be at most 1024 characters, got ${v.length}`);
  if (allowEmpty && v.length === 0) return v;
  const problems: string[] = [];
  if (!v.startsWith('/')) problems.push("must start with '/'");
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) if (v.includes(bad)) problems.push(`must not contain ${show(bad)}`);
  if (v.endsWith('/..') || v.endsWith('/.')) problems.push("must not end with '/..' or '/.'");
  if (!PATH_CHARS.test(v)) problems.push("may only contain letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes");
  if (problems.length > 0) throw new Error(`${what}: invalid path ${show(v)}: ${problems.join('; ')}`);
  return v;
}

export function checkRegex(value: unknown, max: number, what: string): string {
  const v = checkValueLength(value, max, what);
  try {
    new RegExp(v);
  } catch (e) {
    throw new Error(`${what}: invalid regular expression ${show(v)}: ${(e as Error).message}`);
  }
  return v;
}

export function checkControllerName(value: unknown, what: string): string {
  const v = checkString(value, what);
  if (v.length === 0 || v.length > 253 || !CONTROLLER_NAME.test(v)) {
    throw new Error(`${what}: invalid controllerName ${show(v)}: must be a domain-prefixed path such as "example.com/gateway-controller" (at most 253 characters)`);
  }
  return v;
}

/** Throws unless `value` is one of the enum's values. */
export function checkEnum<T>(value: T, enumObject: object, what: string): T {
  const allowed = Object.values(enumObject) as unknown[];
  if (!allowed.includes(value)) {
    throw new Error(`${what}: unsupported value ${show(value)}: supported values: ${allowed.join(', ')}`);
  }
  return value;
}

/** Label / annotation key: optional DNS subdomain prefix + '/' + name (1-63, alphanumeric ends, -_. inside). */
export function checkQualifiedName(key: unknown, what: string): string {
  const k = checkString(key, what);
  const slash = k.lastIndexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  const nameOk = name.length >= 1 && name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
  const prefixOk = prefix === undefined || (prefix.length >= 1 && prefix.length < 253 && DNS_SUBDOMAIN.test(prefix));
  if (!nameOk || !prefixOk) {
    throw new Error(`${what}: invalid key ${show(k)}: must be an optional DNS subdomain prefix and '/', then a name of 1-63 characters (letters, digits, '-', '_', '.', starting and ending with a letter or digit)`);
  }
  return k;
}
