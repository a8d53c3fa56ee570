import { Finding } from '../../../src/validation/finding';
import { fromObjects } from '../../../src/validation/manifests';
import { validateLoaded } from '../../../src/validation/validate';

/**
 * Schema checks for every kind: a valid object, then one defect at a time
 * (missing required field, bad enum, pattern, bounds, unknown field, wrong
 * type), each yielding exactly one error with the expected (type, field, rule).
 */

const G = 'gateway.networking.k8s.io';
type Edit = (spec: any) => void;
interface Kind { kind: string; version: string; spec: () => any; namespaced?: boolean }

const svc = () => ({ name: 'svc', port: 80 });
const KINDS: Record<string, Kind> = {
  GatewayClass: { kind: 'GatewayClass', version: 'v1', namespaced: false, spec: () => ({ controllerName: 'example.com/gateway-controller', description: 'd' }) },
  Gateway: {
    kind: 'Gateway',
    version: 'v1',
    spec: () => ({ gatewayClassName: 'acme', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } }] }),
  },
  ListenerSet: { kind: 'ListenerSet', version: 'v1', spec: () => ({ parentRef: { name: 'gw' }, listeners: [{ name: 'a', port: 8080, protocol: 'HTTP' }] }) },
  HTTPRoute: {
    kind: 'HTTPRoute',
    version: 'v1',
    spec: () => ({ parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'Exact', value: '/a' }, method: 'GET' }], backendRefs: [svc()] }] }),
  },
  GRPCRoute: { kind: 'GRPCRoute', version: 'v1', spec: () => ({ parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ method: { service: 'a.v1', method: 'Get' } }], backendRefs: [svc()] }] }) },
  TLSRoute: { kind: 'TLSRoute', version: 'v1', spec: () => ({ parentRefs: [{ name: 'gw' }], hostnames: ['a.example.com'], rules: [{ backendRefs: [svc()] }] }) },
  TCPRoute: { kind: 'TCPRoute', version: 'v1', spec: () => ({ parentRefs: [{ name: 'gw', port: 5432 }], rules: [{ backendRefs: [svc()] }] }) },
  UDPRoute: { kind: 'UDPRoute', version: 'v1', spec: () => ({ parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'dns', port: 53, weight: 2 }] }] }) },
  ReferenceGrant: {
    kind: 'ReferenceGrant',
    version: 'v1',
    spec: () => ({ from: [{ group: G, kind: 'HTTPRoute', namespace: 'a' }], to: [{ group: '', kind: 'Service', name: 'svc' }] }),
  },
  BackendTLSPolicy: {
    kind: 'BackendTLSPolicy',
    version: 'v1',
    spec: () => ({
      targetRefs: [{ group: '', kind: 'Service', name: 'svc' }],
      validation: { hostname: 'svc.example.com', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }], subjectAltNames: [{ type: 'Hostname', hostname: 'a.b' }] },
    }),
  },
};

// [kind, defect, edit, expected (type, field, rule)]
const CASES: Array<[string, string, Edit, [string, string, string]]> = [
  ['GatewayClass', 'missing controllerName', (s) => delete s.controllerName, ['Required', 'spec.controllerName', 'gateway.schema.required']],
  ['GatewayClass', 'controllerName without a domain prefix', (s) => (s.controllerName = 'gateway-controller'), ['Invalid', 'spec.controllerName', 'gateway.schema.pattern']],
  ['GatewayClass', 'description longer than 64', (s) => (s.description = 'd'.repeat(65)), ['TooLong', 'spec.description', 'gateway.schema.max-length']],
  ['GatewayClass', 'unknown field', (s) => (s.controller = 'x'), ['Forbidden', 'spec.controller', 'gateway.schema.unknown-field']],
  ['GatewayClass', 'parametersRef as a string', (s) => (s.parametersRef = 'cfg'), ['Invalid', 'spec.parametersRef', 'gateway.schema.type']],
  ['GatewayClass', 'parametersRef with an empty name', (s) => (s.parametersRef = { group: '', kind: 'ConfigMap', name: '' }),
    ['Invalid', 'spec.parametersRef.name', 'gateway.schema.min-length']],
  ['GatewayClass', 'parametersRef without group', (s) => (s.parametersRef = { kind: 'ConfigMap', name: 'c' }), ['Required', 'spec.parametersRef.group', 'gateway.schema.required']],

  ['Gateway', 'missing listeners', (s) => delete s.listeners, ['Required', 'spec.listeners', 'gateway.schema.required']],
  ['Gateway', 'tls mode Edge', (s) => { s.listeners[0].protocol = 'TLS'; s.listeners[0].tls.mode = 'Edge'; }, ['NotSupported', 'spec.listeners[0].tls.mode', 'gateway.schema.enum']],
  ['Gateway', 'listener name with upper case', (s) => (s.listeners[0].name = 'HTTPS'), ['Invalid', 'spec.listeners[0].name', 'gateway.schema.pattern']],
  ['Gateway', 'port 0', (s) => (s.listeners[0].port = 0), ['Invalid', 'spec.listeners[0].port', 'gateway.schema.range']],
  ['Gateway', '65 listeners', (s) => (s.listeners = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: 'HTTP' }))),
    ['TooMany', 'spec.listeners', 'gateway.schema.max-items']],
  ['Gateway', 'unknown listener field', (s) => (s.listeners[0].certificate = 'c'), ['Forbidden', 'spec.listeners[0].certificate', 'gateway.schema.unknown-field']],
  ['Gateway', 'port as a string', (s) => (s.listeners[0].port = '443'), ['Invalid', 'spec.listeners[0].port', 'gateway.schema.type']],
  ['Gateway', 'allowedRoutes kinds above 8', (s) => (s.listeners[0].allowedRoutes = { kinds: Array.from({ length: 9 }, () => ({ kind: 'HTTPRoute' })) }),
    ['TooMany', 'spec.listeners[0].allowedRoutes.kinds', 'gateway.schema.max-items']],

  ['ListenerSet', 'missing parentRef', (s) => delete s.parentRef, ['Required', 'spec.parentRef', 'gateway.schema.required']],
  ['ListenerSet', 'allowedRoutes from None', (s) => (s.listeners[0].allowedRoutes = { namespaces: { from: 'None' } }),
    ['NotSupported', 'spec.listeners[0].allowedRoutes.namespaces.from', 'gateway.schema.enum']],
  ['ListenerSet', 'parentRef namespace not a DNS label', (s) => (s.parentRef.namespace = 'a.b'), ['Invalid', 'spec.parentRef.namespace', 'gateway.schema.pattern']],
  ['ListenerSet', 'hostname longer than 253', (s) => (s.listeners[0].hostname = `${'a'.repeat(250)}.com`), ['TooLong', 'spec.listeners[0].hostname', 'gateway.schema.max-length']],
  ['ListenerSet', 'unknown parentRef field', (s) => (s.parentRef.sectionName = 'x'), ['Forbidden', 'spec.parentRef.sectionName', 'gateway.schema.unknown-field']],
  ['ListenerSet', 'listeners as an object', (s) => (s.listeners = { a: 1 }), ['Invalid', 'spec.listeners', 'gateway.schema.type']],

  ['HTTPRoute', 'backendRef without name', (s) => delete s.rules[0].backendRefs[0].name, ['Required', 'spec.rules[0].backendRefs[0].name', 'gateway.schema.required']],
  ['HTTPRoute', 'method FETCH', (s) => (s.rules[0].matches[0].method = 'FETCH'), ['NotSupported', 'spec.rules[0].matches[0].method', 'gateway.schema.enum']],
  ['HTTPRoute', 'wildcard in the middle of a hostname', (s) => (s.hostnames = ['a.*.com']), ['Invalid', 'spec.hostnames[0]', 'gateway.schema.pattern']],
  ['HTTPRoute', '17 rules', (s) => (s.rules = Array.from({ length: 17 }, () => ({ backendRefs: [svc()] }))), ['TooMany', 'spec.rules', 'gateway.schema.max-items']],
  ['HTTPRoute', 'no rules (min items 1)', (s) => (s.rules = []), ['Invalid', 'spec.rules', 'gateway.schema.min-items']],
  ['HTTPRoute', 'weight -1', (s) => (s.rules[0].backendRefs[0].weight = -1), ['Invalid', 'spec.rules[0].backendRefs[0].weight', 'gateway.schema.range']],
  ['HTTPRoute', 'unknown match field', (s) => (s.rules[0].matches[0].host = 'a'), ['Forbidden', 'spec.rules[0].matches[0].host', 'gateway.schema.unknown-field']],
  ['HTTPRoute', 'path as a string', (s) => (s.rules[0].matches[0].path = '/a'), ['Invalid', 'spec.rules[0].matches[0].path', 'gateway.schema.type']],

  ['GRPCRoute', 'method match type Prefix', (s) => (s.rules[0].matches[0].method.type = 'Prefix'), ['NotSupported', 'spec.rules[0].matches[0].method.type', 'gateway.schema.enum']],
  ['GRPCRoute', 'filter without type', (s) => (s.rules[0].filters = [{}]), ['Required', 'spec.rules[0].filters[0].type', 'gateway.schema.required']],
  ['GRPCRoute', 'header name with a space', (s) => (s.rules[0].matches[0].headers = [{ name: 'x y', value: 'v' }]), ['Invalid', 'spec.rules[0].matches[0].headers[0].name', 'gateway.schema.pattern']],
  ['GRPCRoute', 'service longer than 1024', (s) => (s.rules[0].matches[0].method.service = `a${'b'.repeat(1024)}`),
    ['TooLong', 'spec.rules[0].matches[0].method.service', 'gateway.schema.max-length']],
  ['GRPCRoute', 'URLRewrite is an HTTPRoute filter', (s) => (s.rules[0].filters = [{ type: 'URLRewrite' }]), ['NotSupported', 'spec.rules[0].filters[0].type', 'gateway.schema.enum']],
  ['GRPCRoute', 'unknown rule field', (s) => (s.rules[0].timeouts = { request: '1s' }), ['Forbidden', 'spec.rules[0].timeouts', 'gateway.schema.unknown-field']],
  ['GRPCRoute', 'hostnames as a string', (s) => (s.hostnames = 'a.example.com'), ['Invalid', 'spec.hostnames', 'gateway.schema.type']],

  ['TLSRoute', 'no hostnames (min items 1)', (s) => (s.hostnames = []), ['Invalid', 'spec.hostnames', 'gateway.schema.min-items']],
  ['TLSRoute', 'two rules in v1', (s) => s.rules.push({ backendRefs: [svc()] }), ['TooMany', 'spec.rules', 'gateway.schema.max-items']],
  ['TLSRoute', 'rule without backendRefs', (s) => (s.rules = [{}]), ['Required', 'spec.rules[0].backendRefs', 'gateway.schema.required']],
  ['TLSRoute', 'sectionName with upper case', (s) => (s.parentRefs[0].sectionName = 'TLS'), ['Invalid', 'spec.parentRefs[0].sectionName', 'gateway.schema.pattern']],
  ['TLSRoute', 'matches are not a TLSRoute field', (s) => (s.rules[0].matches = []), ['Forbidden', 'spec.rules[0].matches', 'gateway.schema.unknown-field']],
  ['TLSRoute', 'port as a float', (s) => (s.rules[0].backendRefs[0].port = 443.5), ['Invalid', 'spec.rules[0].backendRefs[0].port', 'gateway.schema.type']],

  ['TCPRoute', 'empty backendRefs (min items 1)', (s) => (s.rules[0].backendRefs = []), ['Invalid', 'spec.rules[0].backendRefs', 'gateway.schema.min-items']],
  ['TCPRoute', 'parentRef port 70000', (s) => (s.parentRefs[0].port = 70000), ['Invalid', 'spec.parentRefs[0].port', 'gateway.schema.range']],
  ['TCPRoute', 'kind starting with a digit', (s) => (s.rules[0].backendRefs[0].kind = '9Service'), ['Invalid', 'spec.rules[0].backendRefs[0].kind', 'gateway.schema.pattern']],
  ['TCPRoute', 'hostnames are not a TCPRoute field', (s) => (s.hostnames = ['a.b']), ['Forbidden', 'spec.hostnames', 'gateway.schema.unknown-field']],
  ['TCPRoute', 'no rules', (s) => delete s.rules, ['Required', 'spec.rules', 'gateway.schema.required']],
  ['TCPRoute', 'weight as a string', (s) => (s.rules[0].backendRefs[0].weight = '1'), ['Invalid', 'spec.rules[0].backendRefs[0].weight', 'gateway.schema.type']],

  ['UDPRoute', 'backendRef without name', (s) => delete s.rules[0].backendRefs[0].name, ['Required', 'spec.rules[0].backendRefs[0].name', 'gateway.schema.required']],
  ['UDPRoute', '17 backendRefs', (s) => (s.rules[0].backendRefs = Array.from({ length: 17 }, (_, i) => ({ name: `d${i}`, port: 53 }))),
    ['TooMany', 'spec.rules[0].backendRefs', 'gateway.schema.max-items']],
  ['UDPRoute', 'name longer than 253', (s) => (s.rules[0].backendRefs[0].name = 'n'.repeat(254)), ['TooLong', 'spec.rules[0].backendRefs[0].name', 'gateway.schema.max-length']],
  ['UDPRoute', 'empty parentRef name', (s) => (s.parentRefs[0].name = ''), ['Invalid', 'spec.parentRefs[0].name', 'gateway.schema.min-length']],
  ['UDPRoute', 'unknown spec field', (s) => (s.timeout = '5s'), ['Forbidden', 'spec.timeout', 'gateway.schema.unknown-field']],
  ['UDPRoute', 'rules entry as a list', (s) => (s.rules = [[]]), ['Invalid', 'spec.rules[0]', 'gateway.schema.type']],
  ['UDPRoute', 'rule name with upper case', (s) => (s.rules[0].name = 'DNS'), ['Invalid', 'spec.rules[0].name', 'gateway.schema.pattern']],

  ['ReferenceGrant', 'to[] without kind', (s) => delete s.to[0].kind, ['Required', 'spec.to[0].kind', 'gateway.schema.required']],
  ['ReferenceGrant', 'no from entries', (s) => (s.from = []), ['Invalid', 'spec.from', 'gateway.schema.min-items']],
  ['ReferenceGrant', '17 to entries', (s) => (s.to = Array.from({ length: 17 }, () => ({ group: '', kind: 'Secret' }))), ['TooMany', 'spec.to', 'gateway.schema.max-items']],
  ['ReferenceGrant', 'group with upper case', (s) => (s.from[0].group = 'Gateway.Networking.K8s.IO'), ['Invalid', 'spec.from[0].group', 'gateway.schema.pattern']],
  ['ReferenceGrant', 'namespace in to[]', (s) => (s.to[0].namespace = 'b'), ['Forbidden', 'spec.to[0].namespace', 'gateway.schema.unknown-field']],
  ['ReferenceGrant', 'from as an object', (s) => (s.from = { group: '' }), ['Invalid', 'spec.from', 'gateway.schema.type']],

  ['BackendTLSPolicy', 'missing targetRefs', (s) => delete s.targetRefs, ['Required', 'spec.targetRefs', 'gateway.schema.required']],
  ['BackendTLSPolicy', 'SAN type IP', (s) => (s.validation.subjectAltNames = [{ type: 'IP' }]), ['NotSupported', 'spec.validation.subjectAltNames[0].type', 'gateway.schema.enum']],
  ['BackendTLSPolicy', 'wellKnownCACertificates "Mozilla"', (s) => { s.validation = { hostname: 'a.b', wellKnownCACertificates: 'Mozilla' }; },
    ['Invalid', 'spec.validation.wellKnownCACertificates', 'gateway.schema.pattern']],
  ['BackendTLSPolicy', '6 subjectAltNames', (s) => (s.validation.subjectAltNames = Array.from({ length: 6 }, (_, i) => ({ type: 'Hostname', hostname: `h${i}.example` }))),
    ['TooMany', 'spec.validation.subjectAltNames', 'gateway.schema.max-items']],
  ['BackendTLSPolicy', 'unknown validation field', (s) => (s.validation.insecure = true), ['Forbidden', 'spec.validation.insecure', 'gateway.schema.unknown-field']],
  ['BackendTLSPolicy', 'options value as a number', (s) => (s.options = { 'example.com/x': 1 }), ['Invalid', 'spec.options[example.com/x]', 'gateway.schema.type']],
];

function make(k: Kind, edit?: Edit): any {
  const spec = k.spec();
  if (edit) edit(spec);
  const metadata = k.namespaced === false ? { name: 'x' } : { name: 'x', namespace: 'ns' };
  return { apiVersion: `${G}/${k.version}`, kind: k.kind, metadata, spec };
}
const brief = (fs: Finding[]) => fs.map((f) => [f.type, f.field, f.rule]);

describe.each(Object.keys(KINDS))('%s schema', (name) => {
  const k = KINDS[name];
  test('the base object is valid', () => {
    const r = validateLoaded(fromObjects([make(k)]));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
  const cases = CASES.filter((c) => c[0] === name);
  test('has a case for each kind of check', () => {
    const rules = new Set(cases.map((c) => c[3][2]));
    for (const r of ['required', 'enum|min-items|min-length', 'pattern', 'max-items|max-length|range', 'unknown-field', 'type']) {
      expect([...rules].some((x) => new RegExp(`^gateway\\.schema\\.(${r})$`).test(x))).toBe(true);
    }
  });
  test.each(cases.map((c) => [c[1], c[2], c[3]] as const))('fails: %s', (_d, edit, expected) => {
    const r = validateLoaded(fromObjects([make(k, edit)]));
    expect(brief(r.errors)).toEqual([expected]);
  });
});
