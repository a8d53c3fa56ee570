import { GatewayApiChannel } from '../../../src/validation/context';
import { Finding } from '../../../src/validation/finding';
import { applyGatewayDefaults } from '../../../src/validation/gateway';
import { fromObjects, loadText } from '../../../src/validation/manifests';
import { validateLoaded, ValidationReport } from '../../../src/validation/validate';

const G = 'gateway.networking.k8s.io';
const EXP = { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL };

function o(kind: string, spec: any, version = 'v1', metadata: any = { name: 'x', namespace: 'ns' }): any {
  return { apiVersion: `${G}/${version}`, kind, metadata, spec };
}
const svc = { name: 'svc', port: 80 };
const route = (spec: any = {}) => o('HTTPRoute', { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [svc] }], ...spec });
const gateway = (spec: any = {}) => o('Gateway', { gatewayClassName: 'acme', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }], ...spec });

function run(objects: any[], options = {}): ValidationReport {
  return validateLoaded(fromObjects(objects), options);
}
/** (type, field, rule) of each finding, sorted by field then rule (findings follow the input's key order). */
const brief = (fs: Finding[]) => fs.map((f) => [f.type, f.field, f.rule]).sort((a, b) => (a[1] + a[2]).localeCompare(b[1] + b[2]));

describe('valid objects of every kind', () => {
  const valid: Array<[string, any]> = [
    ['GatewayClass', { apiVersion: `${G}/v1`, kind: 'GatewayClass', metadata: { name: 'acme' }, spec: { controllerName: 'example.com/gateway' } }],
    ['Gateway', gateway()],
    ['ListenerSet', o('ListenerSet', { parentRef: { name: 'gw' }, listeners: [{ name: 'a', port: 8080, protocol: 'HTTP' }] })],
    ['HTTPRoute', route()],
    ['HTTPRoute v1beta1', { ...route(), apiVersion: `${G}/v1beta1` }],
    ['GRPCRoute', o('GRPCRoute', { rules: [{ matches: [{ method: { service: 'a.B' } }], backendRefs: [svc] }] })],
    ['TLSRoute', o('TLSRoute', { hostnames: ['a.example.com'], rules: [{ backendRefs: [svc] }] })],
    ['TCPRoute', o('TCPRoute', { rules: [{ backendRefs: [svc] }] })],
    ['UDPRoute', o('UDPRoute', { rules: [{ backendRefs: [svc] }] })],
    ['ReferenceGrant', o('ReferenceGrant', { from: [{ group: G, kind: 'HTTPRoute', namespace: 'a' }], to: [{ group: '', kind: 'Service' }] }, 'v1beta1')],
    ['BackendTLSPolicy', o('BackendTLSPolicy', {
      targetRefs: [{ group: '', kind: 'Service', name: 'svc' }], validation: { hostname: 'svc.example.com', wellKnownCACertificates: 'System' },
    })],
  ];
  for (const [name, obj] of valid) {
    test(`${name} has no findings`, () => {
      const r = run([obj]);
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([]);
    });
  }
});

describe('versions and kinds', () => {
  test('fails: TLSRoute v1alpha2 is not served by the standard channel', () => {
    const r = run([o('TLSRoute', { rules: [{ backendRefs: [svc] }] }, 'v1alpha2')]);
    expect(brief(r.errors)).toEqual([['NotSupported', 'apiVersion', 'gateway.schema.version-not-served']]);
    expect(r.errors[0].message).toContain('no matches for kind "TLSRoute" in version "gateway.networking.k8s.io/v1alpha2"');
    expect(r.errors[0].message).toContain('experimental channel only');
  });

  test('TLSRoute v1alpha2 (16 rules allowed, hostnames optional) is served by the experimental channel', () => {
    const rules = [{ backendRefs: [svc] }, { backendRefs: [svc] }];
    expect(run([o('TLSRoute', { rules }, 'v1alpha2')], EXP).errors).toEqual([]);
    expect(brief(run([o('TLSRoute', { rules, hostnames: ['a.example.com'] }, 'v1')], EXP).errors))
      .toEqual([['TooMany', 'spec.rules', 'gateway.schema.max-items']]);
  });

  test('fails: BackendTLSPolicy v1alpha3 (present in the standard CRD, not served) lists the served versions', () => {
    const r = run([o('BackendTLSPolicy', { targetRefs: [{ group: '', kind: 'Service', name: 's' }], validation: { hostname: 'a.b', wellKnownCACertificates: 'System' } }, 'v1alpha3')]);
    expect(brief(r.errors)).toEqual([['NotSupported', 'apiVersion', 'gateway.schema.version-not-served']]);
    expect(r.errors[0].message).toContain('the standard channel of Gateway API v1.6.1 serves gateway.networking.k8s.io/v1;');
  });

  // An unknown version of a known group is a warning (validate.ts, api.version.unknown): the
  // tool cannot know what a future version looks like, so it does not check the object.
  test('fails with a warning: an unknown version of a known kind', () => {
    const r = run([o('HTTPRoute', { rules: [{ backendRefs: [svc] }] }, 'v2')]);
    expect(brief(r.errors)).toEqual([]);
    expect(brief(r.warnings)).toEqual([['NotSupported', 'apiVersion', 'api.version.unknown']]);
    expect(r.warnings[0].message).toContain('known: gateway.networking.k8s.io/v1, gateway.networking.k8s.io/v1beta1');
  });

  test('an unknown kind of the group is a warning', () => {
    const r = run([o('MeshRoute', {})]);
    expect(r.errors).toEqual([]);
    expect(brief(r.warnings)).toEqual([['NotSupported', 'kind', 'gateway.kind.unknown']]);
  });

  test('kinds of other groups are not validated here', () => {
    expect(run([{ apiVersion: 'example.com/v1', kind: 'HTTPRoute', metadata: { name: 'x' }, spec: { bogus: 1 } }]).errors).toEqual([]);
  });
});

describe('metadata', () => {
  test('fails: no name', () => {
    expect(brief(run([route()].map((r) => ({ ...r, metadata: { namespace: 'a' } }))).errors))
      .toEqual([['Required', 'metadata.name', 'gateway.metadata.name']]);
  });
  test('generateName is enough', () => {
    expect(run([{ ...route(), metadata: { generateName: 'r-' } }]).errors).toEqual([]);
  });
  test('fails: name not a DNS subdomain, namespace not a DNS label', () => {
    const r = run([{ ...route(), metadata: { name: 'Bad_Name', namespace: 'a.b' } }]);
    expect(brief(r.errors)).toEqual([
      ['Invalid', 'metadata.name', 'gateway.metadata.name'],
      ['Invalid', 'metadata.namespace', 'gateway.metadata.namespace'],
    ]);
  });
  test('a namespace on a cluster-scoped GatewayClass is a warning', () => {
    const r = run([{ apiVersion: `${G}/v1`, kind: 'GatewayClass', metadata: { name: 'a', namespace: 'x' }, spec: { controllerName: 'example.com/x' } }]);
    expect(r.errors).toEqual([]);
    expect(brief(r.warnings)).toEqual([['Forbidden', 'metadata.namespace', 'gateway.metadata.namespace']]);
  });
});

describe('schema: required fields', () => {
  test('fails: no spec', () => {
    expect(brief(run([{ apiVersion: `${G}/v1`, kind: 'Gateway', metadata: { name: 'g' } }]).errors))
      .toEqual([['Required', 'spec', 'gateway.schema.required']]);
  });
  test('fails: Gateway without gatewayClassName and listeners', () => {
    expect(brief(run([o('Gateway', {})]).errors)).toEqual([
      ['Required', 'spec.gatewayClassName', 'gateway.schema.required'],
      ['Required', 'spec.listeners', 'gateway.schema.required'],
    ]);
  });
  test('fails: listener without port and protocol; backendRef without name', () => {
    expect(brief(run([gateway({ listeners: [{ name: 'a' }] })]).errors)).toEqual([
      ['Required', 'spec.listeners[0].port', 'gateway.schema.required'],
      ['Required', 'spec.listeners[0].protocol', 'gateway.schema.required'],
    ]);
    expect(brief(run([route({ rules: [{ backendRefs: [{ port: 80 }] }] })]).errors))
      .toEqual([['Required', 'spec.rules[0].backendRefs[0].name', 'gateway.schema.required']]);
  });
  test('fails: ReferenceGrant from[] needs namespace; TLSRoute needs hostnames; BackendTLSPolicy validation needs hostname', () => {
    expect(brief(run([o('ReferenceGrant', { from: [{ group: '', kind: 'Service' }], to: [{ group: '', kind: 'Secret' }] })]).errors))
      .toEqual([['Required', 'spec.from[0].namespace', 'gateway.schema.required']]);
    expect(brief(run([o('TLSRoute', { rules: [{ backendRefs: [svc] }] })]).errors)).toEqual([['Required', 'spec.hostnames', 'gateway.schema.required']]);
    expect(brief(run([o('BackendTLSPolicy', { targetRefs: [{ group: '', kind: 'Service', name: 's' }], validation: { wellKnownCACertificates: 'System' } })]).errors))
      .toEqual([['Required', 'spec.validation.hostname', 'gateway.schema.required']]);
  });
  test('fails: GatewayClass without controllerName', () => {
    expect(brief(run([{ apiVersion: `${G}/v1beta1`, kind: 'GatewayClass', metadata: { name: 'a' }, spec: {} }]).errors))
      .toEqual([['Required', 'spec.controllerName', 'gateway.schema.required']]);
  });
});

describe('schema: enums', () => {
  test('fails: unknown filter type lists the supported values', () => {
    const r = run([route({ rules: [{ backendRefs: [svc], filters: [{ type: 'Rewrite' }] }] })]);
    expect(brief(r.errors)).toEqual([['NotSupported', 'spec.rules[0].filters[0].type', 'gateway.schema.enum']]);
    expect(r.errors[0].message).toBe('Unsupported value: "Rewrite": supported values: "RequestHeaderModifier", "ResponseHeaderModifier", '
      + '"RequestMirror", "RequestRedirect", "URLRewrite", "ExtensionRef", "CORS"');
  });
  test('fails: redirect status code 300, method "get", allowedRoutes from "Any"', () => {
    expect(brief(run([route({ rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { statusCode: 300 } }] }] })]).errors))
      .toEqual([['NotSupported', 'spec.rules[0].filters[0].requestRedirect.statusCode', 'gateway.schema.enum']]);
    expect(brief(run([route({ rules: [{ matches: [{ method: 'get' }], backendRefs: [svc] }] })]).errors))
      .toEqual([['NotSupported', 'spec.rules[0].matches[0].method', 'gateway.schema.enum']]);
    expect(brief(run([gateway({ listeners: [{ name: 'a', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Any' } } }] })]).errors))
      .toEqual([['NotSupported', 'spec.listeners[0].allowedRoutes.namespaces.from', 'gateway.schema.enum']]);
  });
  test('the experimental ExternalAuth filter type: warning with the standard channel, accepted with the experimental one', () => {
    const ext = { type: 'ExternalAuth', externalAuth: { protocol: 'HTTP', http: {}, backendRef: { name: 'auth', port: 9000 } } };
    const std = run([route({ rules: [{ backendRefs: [svc], filters: [ext] }] })]);
    expect(std.errors).toEqual([]);
    expect(brief(std.warnings)).toEqual([
      ['Forbidden', 'spec.rules[0].filters[0].externalAuth', 'gateway.schema.experimental-field'],
      ['NotSupported', 'spec.rules[0].filters[0].type', 'gateway.schema.experimental-field'],
    ]);
    const exp = run([route({ rules: [{ backendRefs: [svc], filters: [ext] }] })], EXP);
    expect(exp.errors).toEqual([]);
    expect(exp.warnings).toEqual([]);
  });
});

describe('schema: patterns, lengths, items, ranges', () => {
  test('fails: hostname pattern', () => {
    const r = run([route({ hostnames: ['Foo.example.com'] })]);
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.hostnames[0]', 'gateway.schema.pattern']]);
    expect(r.errors[0].message).toContain("in body should match '^(\\*\\.)?[a-z0-9]");
  });
  test('fails: header name pattern and too-long value', () => {
    const r = run([route({ rules: [{ backendRefs: [svc], matches: [{ headers: [{ name: 'x a', value: 'v'.repeat(4097) }] }] }] })]);
    expect(brief(r.errors)).toEqual([
      ['Invalid', 'spec.rules[0].matches[0].headers[0].name', 'gateway.schema.pattern'],
      ['TooLong', 'spec.rules[0].matches[0].headers[0].value', 'gateway.schema.max-length'],
    ]);
  });
  test('experimental header values must be printable ASCII (standard: any text)', () => {
    const obj = route({ rules: [{ backendRefs: [svc], matches: [{ headers: [{ name: 'x', value: 'a  b' }] }] }] });
    expect(run([obj]).errors).toEqual([]);
    expect(brief(run([obj], EXP).errors)).toEqual([['Invalid', 'spec.rules[0].matches[0].headers[0].value', 'gateway.schema.pattern']]);
  });
  test('fails: a 4,000-character header value with a bad last character (the pattern check stays linear)', () => {
    const obj = route({ rules: [{ backendRefs: [svc], filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x', value: `${'a'.repeat(4000)}\n` }] } }] }] });
    const r = run([obj], EXP);
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.rules[0].filters[0].requestHeaderModifier.set[0].value', 'gateway.schema.pattern']]);
    expect(r.errors[0].message).toContain("should match '^[!-~]+([\\t ]?[!-~]+)*$'");
  });
  test('fails: empty name (min length) and empty listeners (min items)', () => {
    expect(brief(run([gateway({ gatewayClassName: '', listeners: [] })]).errors)).toEqual([
      ['Invalid', 'spec.gatewayClassName', 'gateway.schema.min-length'],
      ['Invalid', 'spec.listeners', 'gateway.schema.min-items'],
    ]);
  });
  test('fails: 17 hostnames (max items) and 33 parentRefs', () => {
    const r = run([route({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`), parentRefs: Array.from({ length: 33 }, (_, i) => ({ name: `g${i}` })) })]);
    expect(brief(r.errors)).toEqual([
      ['TooMany', 'spec.hostnames', 'gateway.schema.max-items'],
      ['TooMany', 'spec.parentRefs', 'gateway.schema.max-items'],
    ]);
  });
  test('fails: port 0 and 65536, weight above 1,000,000', () => {
    expect(brief(run([route({ rules: [{ backendRefs: [{ name: 'a', port: 0 }, { name: 'b', port: 65536, weight: 1000001 }] }] })]).errors)).toEqual([
      ['Invalid', 'spec.rules[0].backendRefs[0].port', 'gateway.schema.range'],
      ['Invalid', 'spec.rules[0].backendRefs[1].port', 'gateway.schema.range'],
      ['Invalid', 'spec.rules[0].backendRefs[1].weight', 'gateway.schema.range'],
    ]);
  });
  test('fails: more than 8 infrastructure labels', () => {
    const labels = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`l${i}`, 'v']));
    expect(brief(run([gateway({ infrastructure: { labels } })]).errors)).toEqual([['TooMany', 'spec.infrastructure.labels', 'gateway.schema.max-properties']]);
  });
  test('fails: duplicate header match names (list-map key) and duplicate CORS methods (set)', () => {
    const r = run([route({
      rules: [{
        backendRefs: [svc],
        matches: [{ headers: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] }],
        filters: [{ type: 'CORS', cors: { allowMethods: ['GET', 'GET'] } }],
      }],
    })]);
    expect(brief(r.errors)).toEqual([
      ['Duplicate', 'spec.rules[0].filters[0].cors.allowMethods[1]', 'gateway.schema.duplicate'],
      ['Duplicate', 'spec.rules[0].matches[0].headers[1]', 'gateway.schema.duplicate'],
    ]);
  });
  test('fails: Gateway IPAddress value that is not an IP', () => {
    expect(brief(run([gateway({ addresses: [{ value: 'lb.example.com' }] })]).errors))
      .toEqual([['Invalid', 'spec.addresses[0].value', 'gateway.schema.ip-address']]);
  });
});

describe('schema: unknown fields and wrong types', () => {
  test('fails: unknown fields at every level, with the full path', () => {
    const r = run([{ ...route({ hostname: 'a.example.com', rules: [{ backendRefs: [{ ...svc, weigth: 2 }] }] }), extra: 1 }]);
    expect(brief(r.errors)).toEqual([
      ['Forbidden', 'extra', 'gateway.schema.unknown-field'],
      ['Forbidden', 'spec.hostname', 'gateway.schema.unknown-field'],
      ['Forbidden', 'spec.rules[0].backendRefs[0].weigth', 'gateway.schema.unknown-field'],
    ]);
  });
  test('fails: wrong types (string port, object hostnames, string rules)', () => {
    expect(brief(run([route({ hostnames: { a: 1 }, rules: [{ backendRefs: [{ name: 'a', port: '80' }] }] })]).errors)).toEqual([
      ['Invalid', 'spec.hostnames', 'gateway.schema.type'],
      ['Invalid', 'spec.rules[0].backendRefs[0].port', 'gateway.schema.type'],
    ]);
    const r = run([route({ rules: 'all' })]);
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.rules', 'gateway.schema.type']]);
    expect(r.errors[0].message).toContain('must be of type array');
  });
  test('an experimental-only field is a warning with the standard channel and validated with the experimental one', () => {
    const obj = route({ rules: [{ backendRefs: [svc], retry: { attempts: 0 } }] });
    const std = run([obj]);
    expect(std.errors).toEqual([]);
    expect(brief(std.warnings)).toEqual([['Forbidden', 'spec.rules[0].retry', 'gateway.schema.experimental-field']]);
    expect(brief(run([obj], EXP).errors)).toEqual([['Invalid', 'spec.rules[0].retry.attempts', 'gateway.schema.range']]);
  });
  test('null values are pruned (and defaulted), not errors', () => {
    expect(run([route({ hostnames: null, rules: [{ backendRefs: [svc], matches: null }] })]).errors).toEqual([]);
  });
});

describe('channel-specific CEL rules', () => {
  test('duplicate rule names: accepted by the standard CRDs, rejected by the experimental ones', () => {
    const obj = route({ rules: [{ name: 'a', backendRefs: [svc] }, { name: 'a', backendRefs: [svc] }] });
    expect(run([obj]).errors).toEqual([]);
    expect(brief(run([obj], EXP).errors)).toEqual([['Duplicate', 'spec.rules', 'gateway.route.rules.name-unique']]);
  });
  test('two parentRefs to one Gateway that differ only in port: the standard rule rejects them, the experimental rule (port-aware) accepts them', () => {
    const obj = route({ parentRefs: [{ name: 'gw', port: 80 }, { name: 'gw', port: 443 }] });
    expect(brief(run([obj]).errors)).toEqual([['Duplicate', 'spec.parentRefs', 'gateway.route.parent-refs.section-name-unique']]);
    expect(run([obj], EXP).errors).toEqual([]);
  });
  test('parentRefs to the same name in different namespaces are different parents', () => {
    expect(run([route({ parentRefs: [{ name: 'gw' }, { name: 'gw', namespace: 'other' }] })]).errors).toEqual([]);
  });
  test('two backendRefs with a prefix rewrite each: exists_one is false, so the rule does not fire (as the API server)', () => {
    const f = [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } } }];
    const obj = route({ rules: [{ matches: [{ path: { type: 'Exact', value: '/a' } }], backendRefs: [{ ...svc, filters: f }, { name: 't', port: 80, filters: f }] }] });
    expect(run([obj]).errors).toEqual([]);
  });
  test('a rule without matches counts one (defaulted) match towards the 128 limit', () => {
    const matches = Array.from({ length: 64 }, (_, i) => ({ path: { value: `/p${i}` } }));
    expect(run([route({ rules: [{ matches, backendRefs: [svc] }, { matches, backendRefs: [svc] }] })]).errors).toEqual([]);
    expect(brief(run([route({ rules: [{ matches, backendRefs: [svc] }, { matches, backendRefs: [svc] }, { backendRefs: [svc] }] })]).errors))
      .toEqual([['TooMany', 'spec.rules', 'gateway.route.rules.max-total-matches']]);
  });
  test('request timeout 0s disables the backendRequest bound', () => {
    expect(run([route({ rules: [{ backendRefs: [svc], timeouts: { request: '0s', backendRequest: '1h' } }] })]).errors).toEqual([]);
    expect(brief(run([route({ rules: [{ backendRefs: [svc], timeouts: { request: '1m', backendRequest: '61s' } }] })]).errors))
      .toEqual([['Invalid', 'spec.rules[0].timeouts', 'gateway.httproute.timeouts.backend-request']]);
  });
});

describe('findings carry file and line', () => {
  test('a YAML HTTPRoute reports the line of the bad field', () => {
    const text = [
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata:',
      '  name: r',
      'spec:',
      '  rules:',
      '  - backendRefs:',
      '    - name: svc',
      '      port: 80',
      '    filters:',
      '    - type: RequestRedirect',
      '      requestRedirect:',
      '        statusCode: 301',
    ].join('\n');
    const r = validateLoaded(loadText(text, 'r.yaml').objects);
    expect(r.errors.map((e) => [e.file, e.line, e.field, e.rule])).toEqual([['r.yaml', 7, 'spec.rules[0]', 'gateway.httproute.rule.redirect-with-backends']]);
  });
});

describe('applyGatewayDefaults', () => {
  test('HTTPRoute: rules, matches, parentRef and backendRef defaults; the input is not changed', () => {
    const input = o('HTTPRoute', { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 's', port: 80 }], filters: [{ type: 'RequestRedirect', requestRedirect: {} }] }] });
    const before = JSON.stringify(input);
    const d = applyGatewayDefaults(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(d.spec).toEqual({
      parentRefs: [{ name: 'gw', group: G, kind: 'Gateway' }],
      rules: [{
        backendRefs: [{ name: 's', port: 80, group: '', kind: 'Service', weight: 1 }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { statusCode: 302 } }],
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      }],
    });
  });
  test('HTTPRoute without rules gets the default rule; header match type Exact; path value "/"', () => {
    expect(applyGatewayDefaults(o('HTTPRoute', {})).spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }]);
    const d = applyGatewayDefaults(o('HTTPRoute', { rules: [{ matches: [{ headers: [{ name: 'a', value: 'b' }], path: { type: 'Exact' } }] }] }));
    expect(d.spec.rules[0].matches[0]).toEqual({ headers: [{ name: 'a', value: 'b', type: 'Exact' }], path: { type: 'Exact', value: '/' } });
  });
  test('Gateway: listener tls mode, allowedRoutes, address type, certificateRefs kind', () => {
    const d = applyGatewayDefaults(gateway({
      addresses: [{ value: '10.0.0.1' }],
      listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'c' }] } }],
    }));
    expect(d.spec.addresses).toEqual([{ type: 'IPAddress', value: '10.0.0.1' }]);
    expect(d.spec.listeners[0]).toEqual({
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      tls: { mode: 'Terminate', certificateRefs: [{ name: 'c', group: '', kind: 'Secret' }] },
      allowedRoutes: { namespaces: { from: 'Same' } },
    });
  });
  test('GRPCRoute method match type Exact; mirror fraction denominator 100; experimental fields only with that channel', () => {
    const g = applyGatewayDefaults(o('GRPCRoute', { rules: [{ matches: [{ method: { service: 's' } }] }] }));
    expect(g.spec.rules[0].matches[0].method).toEqual({ service: 's', type: 'Exact' });
    const m = applyGatewayDefaults(route({ rules: [{ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm' }, fraction: { numerator: 1 } } }] }] }));
    expect(m.spec.rules[0].filters[0].requestMirror).toEqual({ backendRef: { name: 'm', group: '', kind: 'Service' }, fraction: { numerator: 1, denominator: 100 } });
    const sp = route({ rules: [{ backendRefs: [svc], sessionPersistence: {} }] });
    expect(applyGatewayDefaults(sp).spec.rules[0].sessionPersistence).toEqual({});
    expect(applyGatewayDefaults(sp, 'experimental').spec.rules[0].sessionPersistence).toEqual({ type: 'Cookie' });
  });
  test('other objects are copied unchanged', () => {
    const svcObj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} };
    expect(applyGatewayDefaults(svcObj)).toEqual(svcObj);
    expect(applyGatewayDefaults(svcObj)).not.toBe(svcObj);
  });
});
