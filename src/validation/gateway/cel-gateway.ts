import { FieldPath } from '../field-path';
import { FindingType } from '../finding';
import { arr, CelContext, entries, groupsOf, has, isObj } from './cel';

/**
 * The CEL rules of Gateway, ListenerSet and BackendTLSPolicy in v1.6.1, on the
 * defaulted spec.
 *
 * Rules that cannot fire when an object is created, and are therefore not checked:
 * - GatewayClass `spec.controllerName` "Value is immutable" (`self == oldSelf`,
 *   a transition rule, evaluated on update only);
 * - Gateway `status.addresses[]` "Hostname value must only contain valid
 *   characters" (the status of a new object is dropped by the API server; status
 *   is written by controllers, not by users).
 *
 * Internal: not part of the jsii API.
 */

/** Upstream messages, by our rule id. */
export const GATEWAY_CEL_MESSAGES = {
  'gateway.gateway.addresses.ip-unique': 'IPAddress values must be unique',
  'gateway.gateway.addresses.hostname-unique': 'Hostname values must be unique',
  'gateway.gateway.addresses.hostname-characters': 'Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)',
  'gateway.gateway.infrastructure.annotation-key': 'Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.',
  'gateway.gateway.infrastructure.annotation-prefix': "If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total.",
  'gateway.gateway.infrastructure.label-key': 'Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.',
  'gateway.gateway.infrastructure.label-prefix': "If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total.",
  'gateway.listeners.tls-forbidden': "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
  'gateway.listeners.https-terminate': 'tls mode must be Terminate for protocol HTTPS',
  'gateway.listeners.tls-mode-required': 'tls mode must be set for protocol TLS',
  'gateway.listeners.hostname-forbidden': "hostname must not be specified for protocols ['TCP', 'UDP']",
  'gateway.listeners.name-unique': 'Listener name must be unique within the Gateway',
  'gateway.listeners.port-protocol-hostname-unique': 'Combination of port, protocol and hostname must be unique for each listener',
  'gateway.listeners.tls-certificates-required': 'certificateRefs or options must be specified when mode is Terminate',
  'gateway.gateway.tls.per-port-unique': 'Port for TLS configuration must be unique within the Gateway',
  'gateway.backendtlspolicy.target-refs.section-name-required': 'sectionName must be specified when targetRefs includes 2 or more references to the same target',
  'gateway.backendtlspolicy.target-refs.section-name-unique': 'sectionName must be unique when targetRefs includes 2 or more references to the same target',
  'gateway.backendtlspolicy.validation.ca-both': 'must not contain both CACertificateRefs and WellKnownCACertificates',
  'gateway.backendtlspolicy.validation.ca-required': 'must specify either CACertificateRefs or WellKnownCACertificates',
  'gateway.backendtlspolicy.san.hostname-required': 'SubjectAltName element must contain Hostname, if Type is set to Hostname',
  'gateway.backendtlspolicy.san.hostname-forbidden': 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname',
  'gateway.backendtlspolicy.san.uri-required': 'SubjectAltName element must contain URI, if Type is set to URI',
  'gateway.backendtlspolicy.san.uri-forbidden': 'SubjectAltName element must not contain URI, if Type is not set to URI',
} as const;

export type GatewayCelRule = keyof typeof GATEWAY_CEL_MESSAGES;

function fail(c: CelContext, type: FindingType, path: FieldPath, rule: GatewayCelRule, value?: unknown, note?: string): void {
  c.fail(type, path, rule, GATEWAY_CEL_MESSAGES[rule], value, note);
}

const SPEC = FieldPath.root('spec');
const HOSTNAME_RE = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;

/** Gateway: addresses, infrastructure keys, listeners, frontend TLS ports. */
export function checkGatewayCel(spec: Record<string, any>, c: CelContext): void {
  checkAddresses(spec.addresses, c);
  const infra = spec.infrastructure;
  if (isObj(infra)) {
    const ip = SPEC.child('infrastructure');
    checkKeys(infra.annotations, ip.child('annotations'), 'gateway.gateway.infrastructure.annotation-key', 'gateway.gateway.infrastructure.annotation-prefix', c);
    checkKeys(infra.labels, ip.child('labels'), 'gateway.gateway.infrastructure.label-key', 'gateway.gateway.infrastructure.label-prefix', c);
  }
  checkListeners(spec.listeners, SPEC.child('listeners'), false, c);
  const perPort = isObj(spec.tls) && isObj(spec.tls.frontend) ? arr(spec.tls.frontend.perPort) : [];
  const pp = SPEC.child('tls', 'frontend', 'perPort');
  for (const g of groupsOf(perPort, (t) => (isObj(t) ? JSON.stringify(t.port ?? null) : undefined))) {
    fail(c, FindingType.DUPLICATE, pp, 'gateway.gateway.tls.per-port-unique', perPort[g[1]].port, entries(pp, g));
  }
}

/** ListenerSet: the listener rules (the messages still say "Gateway"). */
export function checkListenerSetCel(spec: Record<string, any>, c: CelContext): void {
  checkListeners(spec.listeners, SPEC.child('listeners'), true, c);
}

function checkAddresses(value: unknown, c: CelContext): void {
  const addrs = arr(value);
  const path = SPEC.child('addresses');
  for (const [type, rule] of [['IPAddress', 'gateway.gateway.addresses.ip-unique'], ['Hostname', 'gateway.gateway.addresses.hostname-unique']] as const) {
    const g = groupsOf(addrs, (a) => (isObj(a) && a.type === type && has(a, 'value') ? JSON.stringify(a.value) : undefined))[0];
    if (g) fail(c, FindingType.DUPLICATE, path, rule, addrs[g[1]].value, entries(path, g));
  }
  addrs.forEach((a, i) => {
    if (isObj(a) && a.type === 'Hostname' && typeof a.value === 'string' && !HOSTNAME_RE.test(a.value)) {
      fail(c, FindingType.INVALID, path.index(i), 'gateway.gateway.addresses.hostname-characters', a.value);
    }
  });
}

function checkKeys(value: unknown, path: FieldPath, keyRule: GatewayCelRule, prefixRule: GatewayCelRule, c: CelContext): void {
  if (!isObj(value)) return;
  const keys = Object.keys(value);
  const bad = keys.find((k) => !QUALIFIED_KEY_RE.test(k));
  if (bad !== undefined) fail(c, FindingType.INVALID, path, keyRule, bad);
  const long = keys.find((k) => [...k.split('/')[0]].length >= 253);
  if (long !== undefined) fail(c, FindingType.INVALID, path, prefixRule, long);
}

function checkListeners(value: unknown, path: FieldPath, listenerSet: boolean, c: CelContext): void {
  const ls = arr(value).map((l) => (isObj(l) ? l : {}));
  const first = (pred: (l: Record<string, any>) => boolean) => ls.findIndex(pred);
  const report = (i: number, rule: GatewayCelRule, value2?: unknown) => {
    if (i >= 0) fail(c, FindingType.INVALID, path, rule, value2, `${path.index(i)}${ls[i].name !== undefined ? ` (${JSON.stringify(ls[i].name)})` : ''}`);
  };
  report(first((l) => ['HTTP', 'TCP', 'UDP'].includes(l.protocol) && has(l, 'tls')), 'gateway.listeners.tls-forbidden');
  report(first((l) => l.protocol === 'HTTPS' && has(l, 'tls') && !(isObj(l.tls) && (l.tls.mode === '' || l.tls.mode === 'Terminate'))),
    'gateway.listeners.https-terminate');
  report(first((l) => l.protocol === 'TLS' && !(has(l, 'tls') && has(l.tls, 'mode') && l.tls.mode !== '')), 'gateway.listeners.tls-mode-required');
  report(first((l) => ['TCP', 'UDP'].includes(l.protocol) && has(l, 'hostname') && l.hostname !== ''), 'gateway.listeners.hostname-forbidden');
  const names = groupsOf(ls, (l) => JSON.stringify(l.name ?? null))[0];
  if (names) fail(c, FindingType.DUPLICATE, path, 'gateway.listeners.name-unique', ls[names[1]].name, entries(path, names));
  // ListenerSet's variant skips listeners without a port (the schema requires one anyway).
  const combos = groupsOf(ls, (l) => (listenerSet && !has(l, 'port') ? undefined
    : JSON.stringify([l.port ?? null, l.protocol ?? null, has(l, 'hostname') ? l.hostname : null, has(l, 'hostname')])))[0];
  if (combos) {
    const l = ls[combos[1]];
    fail(c, FindingType.DUPLICATE, path, 'gateway.listeners.port-protocol-hostname-unique',
      { port: l.port, protocol: l.protocol, hostname: l.hostname }, entries(path, combos));
  }
  ls.forEach((l, i) => {
    const tls = l.tls;
    if (isObj(tls) && tls.mode === 'Terminate' && arr(tls.certificateRefs).length === 0 && !(isObj(tls.options) && Object.keys(tls.options).length > 0)) {
      fail(c, FindingType.REQUIRED, path.index(i).child('tls'), 'gateway.listeners.tls-certificates-required');
    }
  });
}

/** BackendTLSPolicy: targetRefs sectionNames, CA choice, subjectAltNames. */
export function checkBackendTlsPolicyCel(spec: Record<string, any>, c: CelContext): void {
  const refs = arr(spec.targetRefs);
  const tp = SPEC.child('targetRefs');
  const noSection = (p: any) => !has(p, 'sectionName') || p.sectionName === '';
  for (const g of groupsOf(refs, (p) => (isObj(p) ? JSON.stringify([p.group, p.kind, p.name]) : undefined))) {
    const mixed = g.find((i) => noSection(refs[i]) !== noSection(refs[g[0]]));
    if (mixed !== undefined) fail(c, FindingType.INVALID, tp, 'gateway.backendtlspolicy.target-refs.section-name-required', refs[mixed], entries(tp, [g[0], mixed]));
    const same = groupsOf(g.map((i) => refs[i]), (p) => JSON.stringify(noSection(p) ? null : p.sectionName))[0];
    if (same) {
      const idx = same.map((k) => g[k]);
      fail(c, FindingType.DUPLICATE, tp, 'gateway.backendtlspolicy.target-refs.section-name-unique', refs[idx[1]], entries(tp, idx));
    }
  }
  const v = spec.validation;
  if (!isObj(v)) return;
  const vp = SPEC.child('validation');
  const hasRefs = arr(v.caCertificateRefs).length > 0;
  const hasWellKnown = has(v, 'wellKnownCACertificates') && v.wellKnownCACertificates !== '';
  if (hasRefs && hasWellKnown) fail(c, FindingType.INVALID, vp, 'gateway.backendtlspolicy.validation.ca-both');
  if (!hasRefs && !hasWellKnown) fail(c, FindingType.REQUIRED, vp, 'gateway.backendtlspolicy.validation.ca-required');
  arr(v.subjectAltNames).forEach((san, i) => {
    if (!isObj(san)) return;
    const sp = vp.child('subjectAltNames').index(i);
    const hasHost = has(san, 'hostname') && san.hostname !== '';
    const hasUri = has(san, 'uri') && san.uri !== '';
    if (san.type === 'Hostname' && !hasHost) fail(c, FindingType.REQUIRED, sp, 'gateway.backendtlspolicy.san.hostname-required');
    if (san.type !== 'Hostname' && hasHost) fail(c, FindingType.FORBIDDEN, sp, 'gateway.backendtlspolicy.san.hostname-forbidden', undefined, `type is ${JSON.stringify(san.type)}`);
    if (san.type === 'URI' && !hasUri) fail(c, FindingType.REQUIRED, sp, 'gateway.backendtlspolicy.san.uri-required');
    if (san.type !== 'URI' && hasUri) fail(c, FindingType.FORBIDDEN, sp, 'gateway.backendtlspolicy.san.uri-forbidden', undefined, `type is ${JSON.stringify(san.type)}`);
  });
}
