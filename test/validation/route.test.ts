import { Finding } from '../../src/validation/finding';
import { fromObjects, loadText } from '../../src/validation/manifests';
import { validateLoaded, ValidationReport } from '../../src/validation/validate';

function route(spec: any, metadata: any = {}): any {
  return { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'shop', namespace: 'prod', ...metadata }, spec };
}
const to = { kind: 'Service', name: 'shop' };

function run(...objects: any[]): ValidationReport {
  return validateLoaded(fromObjects(objects));
}
const brief = (fs: Finding[]) => fs.map((f) => [f.type, f.field, f.rule]);
const rules = (fs: Finding[]) => fs.map((f) => f.rule);

describe('valid routes', () => {
  test('a plain route with host, path and port has no findings', () => {
    const r = run(route({ host: 'shop.example.com', path: '/app', to, port: { targetPort: 'http' } }));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('server defaults are applied: missing kind, weight and wildcardPolicy are fine', () => {
    const r = run(route({ to: { name: 'shop' }, alternateBackends: [{ name: 'b' }] }));
    expect(r.errors).toEqual([]);
  });

  test('weights 0 and 256 are allowed', () => {
    const r = run(route({ to: { name: 'a', weight: 0 }, alternateBackends: [{ name: 'b', weight: 256 }] }));
    expect(r.errors).toEqual([]);
  });

  test('string targetPort "0" is accepted (named-port lookup)', () => {
    expect(run(route({ to, port: { targetPort: '0' } })).errors).toEqual([]);
  });
});

describe('metadata', () => {
  test('fails without a name', () => {
    const r = run({ apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { namespace: 'x' }, spec: { to } });
    expect(brief(r.errors)).toContainEqual(['Required', 'metadata.name', 'route.metadata.name']);
  });

  test('generateName instead of name is accepted', () => {
    const r = run({ apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { generateName: 'x-' }, spec: { to } });
    expect(r.errors).toEqual([]);
  });

  test('fails with an upper-case name and a bad namespace', () => {
    const r = run(route({ to }, { name: 'Shop', namespace: 'a.b' }));
    expect(brief(r.errors)).toEqual(expect.arrayContaining([
      ['Invalid', 'metadata.name', 'route.metadata.name'],
      ['Invalid', 'metadata.namespace', 'route.metadata.namespace'],
    ]));
  });

  test('fails with a finalizer that is neither standard nor qualified', () => {
    const r = run(route({ to }, { finalizers: ['kubernetes', 'example.com/x', 'custom'] }));
    expect(brief(r.errors)).toEqual([['Invalid', 'metadata.finalizers[2]', 'route.metadata.finalizers']]);
  });
});

describe('spec shape', () => {
  test('fails with a warning (not checked) on a version this tool does not know', () => {
    const r = run({ ...route({ to }), apiVersion: 'route.openshift.io/v2' });
    expect(brief(r.errors)).toEqual([]);
    expect(brief(r.warnings)).toContainEqual(['NotSupported', 'apiVersion', 'api.version.unknown']);
  });

  test('fails without spec', () => {
    const r = run({ apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'a' } });
    expect(brief(r.errors)).toEqual([['Required', 'spec', 'route.spec.required']]);
  });

  test('fails without spec.to', () => {
    expect(brief(run(route({ host: 'a.b' })).errors)).toEqual([['Required', 'spec.to', 'route.to.required']]);
  });

  test('fails on unknown fields under spec, with "unknown field" in the message', () => {
    const r = run(route({ to: { ...to, port: 80 }, hosts: ['x'], tls: { termination: 'edge', cert: 'x' } }));
    expect(brief(r.errors)).toEqual(expect.arrayContaining([
      ['Forbidden', 'spec.hosts', 'route.schema.unknown-field'],
      ['Forbidden', 'spec.to.port', 'route.schema.unknown-field'],
      ['Forbidden', 'spec.tls.cert', 'route.schema.unknown-field'],
    ]));
    expect(r.errors.find((e) => e.field === 'spec.hosts')!.message).toContain('unknown field "spec.hosts"');
  });

  test('fails on wrong types', () => {
    const r = run(route({ host: 5, to: { name: 'a', weight: '10' }, port: { targetPort: 1.5 } }));
    expect(brief(r.errors)).toEqual(expect.arrayContaining([
      ['Invalid', 'spec.host', 'route.schema.type'],
      ['Invalid', 'spec.to.weight', 'route.schema.type'],
      ['Invalid', 'spec.port.targetPort', 'route.schema.type'],
    ]));
  });
});

describe('host and subdomain', () => {
  test('fails on an upper-case host (apiserver rule, CRD pattern allows it)', () => {
    const r = run(route({ host: 'Shop.example.com', to }));
    expect(brief(r.errors)).toEqual([
      ['Invalid', 'spec.host', 'route.host.dns-label'],
      ['Invalid', 'spec.host', 'route.host.dns-subdomain'],
    ]);
    expect(r.errors[1].message).toContain('host must conform to DNS 952 subdomain conventions');
  });

  test('fails once per bad label', () => {
    const r = run(route({ host: `${'a'.repeat(64)}.-b.example.com`, to }));
    expect(r.errors.filter((e) => e.rule === 'route.host.dns-label')).toHaveLength(2);
  });

  test('fails on a wildcard or trailing-dot host', () => {
    expect(rules(run(route({ host: '*.example.com', to })).errors)).toContain('route.host.dns-label');
    expect(rules(run(route({ host: 'example.com.', to })).errors)).toContain('route.host.dns-label');
  });

  test('fails on a host longer than 253 characters', () => {
    const host = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
    expect(brief(run(route({ host, to })).errors)).toContainEqual(['TooLong', 'spec.host', 'route.host.too-long']);
  });

  test('allow-non-dns-compliant-host still fails a 64-character label (the CRD pattern is part of the union)', () => {
    const r = run(route({ host: `${'a'.repeat(64)}.example.com`, to }, { annotations: { 'route.openshift.io/allow-non-dns-compliant-host': 'true' } }));
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.host', 'route.host.pattern']]);
  });

  test('fails on a bad subdomain', () => {
    expect(brief(run(route({ subdomain: 'Front_End', to })).errors)).toContainEqual(['Invalid', 'spec.subdomain', 'route.subdomain.dns-label']);
  });

  test('warns when host and subdomain are both set', () => {
    const r = run(route({ host: 'a.example.com', subdomain: 'a', to }));
    expect(r.errors).toEqual([]);
    expect(brief(r.warnings)).toEqual([['Invalid', 'spec.subdomain', 'route.subdomain.ignored']]);
    expect(r.warnings[0].message).toBe('spec.host is set; spec.subdomain may be ignored');
  });

  test('fails when the generated first label <name>-<namespace> is longer than 63 characters', () => {
    const r = run(route({ to }, { name: 'n'.repeat(40), namespace: 's'.repeat(30) }));
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.host', 'route.host.generated-dns-label']]);
  });

  test('a long generated label is accepted with the annotation, but the router refuses the host (warning)', () => {
    const r = run(route({ to }, {
      name: 'n'.repeat(40), namespace: 's'.repeat(30), annotations: { 'route.openshift.io/allow-non-dns-compliant-host': 'true' },
    }));
    expect(r.errors).toEqual([]);
    expect(brief(r.warnings)).toEqual([['Invalid', 'metadata.name', 'route.host.invalid-for-router']]);
    expect(r.warnings[0].message).toContain('InvalidHost');
  });

  test('a long generated label is fine when host or subdomain is given', () => {
    expect(run(route({ subdomain: 'shop', to }, { name: 'n'.repeat(40), namespace: 's'.repeat(30) })).errors).toEqual([]);
  });
});

describe('wildcardPolicy', () => {
  test('fails on an unsupported value', () => {
    expect(brief(run(route({ host: 'a.b', to, wildcardPolicy: 'All' })).errors)).toEqual([['NotSupported', 'spec.wildcardPolicy', 'route.wildcard-policy']]);
  });

  test('Subdomain with a host is accepted with a router note', () => {
    const r = run(route({ host: 'www.apps.example.com', to, wildcardPolicy: 'Subdomain' }));
    expect(r.errors).toEqual([]);
    expect(brief(r.warnings)).toEqual([['Invalid', 'spec.wildcardPolicy', 'route.wildcard.router-setting']]);
    expect(r.warnings[0].message).toContain('*.apps.example.com');
  });
});

describe('path', () => {
  test('fails when the path does not start with /', () => {
    const r = run(route({ to, path: 'app' }));
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.path', 'route.path.absolute']]);
    expect(r.errors[0].message).toContain('path must begin with /');
  });

  test('fails on # or spaces', () => {
    expect(rules(run(route({ to, path: '/a b' })).errors)).toEqual(['route.path.characters']);
    expect(rules(run(route({ to, path: '/a#b' })).errors)).toEqual(['route.path.characters']);
  });
});

describe('backends', () => {
  test('fails with more than 3 alternate backends', () => {
    const r = run(route({ to, alternateBackends: ['a', 'b', 'c', 'd'].map((name) => ({ name })) }));
    expect(brief(r.errors)).toEqual([['TooMany', 'spec.alternateBackends', 'route.backends.too-many']]);
    expect(r.errors[0].message).toContain('cannot specify more than 3 alternate backends');
  });

  test('fails on a weight above 256 in an alternate backend', () => {
    const r = run(route({ to, alternateBackends: [{ name: 'a' }, { name: 'b', weight: 257 }] }));
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.alternateBackends[1].weight', 'route.backend.weight']]);
  });

  test('fails on duplicate (name, kind) alternate backends; explicit "" and defaulted Service differ', () => {
    const r = run(route({ to, alternateBackends: [{ name: 'a' }, { name: 'a', kind: 'Service' }, { name: 'a', kind: '' }] }));
    expect(brief(r.errors)).toEqual([['Duplicate', 'spec.alternateBackends[1]', 'route.backends.duplicate']]);
  });

  test('fails on an empty targetPort', () => {
    expect(brief(run(route({ to, port: { targetPort: '' } })).errors)).toEqual([['Required', 'spec.port.targetPort', 'route.port.target-port']]);
    expect(brief(run(route({ to, port: {} })).errors)).toEqual([['Required', 'spec.port.targetPort', 'route.port.target-port']]);
  });
});

describe('tls', () => {
  test('fails without termination', () => {
    expect(brief(run(route({ to, tls: {} })).errors)).toEqual([['Required', 'spec.tls.termination', 'route.tls.termination']]);
  });

  test('fails on a capitalised termination (CRD enum)', () => {
    expect(brief(run(route({ to, tls: { termination: 'Edge' } })).errors)).toEqual([['NotSupported', 'spec.tls.termination', 'route.tls.termination']]);
  });

  test('fails on an unsupported insecure policy', () => {
    const r = run(route({ to, tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'redirect' } }));
    expect(brief(r.errors)).toEqual([['NotSupported', 'spec.tls.insecureEdgeTerminationPolicy', 'route.tls.insecure-policy']]);
  });

  test('edge and reencrypt accept Allow', () => {
    expect(run(route({ to, tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Allow' } })).errors).toEqual([]);
    expect(run(route({ to, tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Allow' } })).errors).toEqual([]);
  });

  test('fails with passthrough and an external certificate', () => {
    const r = run(route({ to, tls: { termination: 'passthrough', externalCertificate: { name: 's' } } }));
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.tls.externalCertificate', 'route.tls.passthrough-certificates']]);
  });

  test('fails with passthrough and every certificate field', () => {
    const r = run(route({ to, tls: { termination: 'passthrough', certificate: 'a', key: 'b', caCertificate: 'c', destinationCACertificate: 'd' } }));
    expect(r.errors.map((e) => e.field).sort()).toEqual([
      'spec.tls.caCertificate', 'spec.tls.certificate', 'spec.tls.destinationCACertificate', 'spec.tls.key',
    ]);
  });
});

describe('header actions', () => {
  const headers = (list: 'request' | 'response', items: any[]) => route({ to, tls: { termination: 'edge' }, httpHeaders: { actions: { [list]: items } } });
  const set = (name: string, value: any) => ({ name, action: { type: 'Set', set: { value } } });

  test('fails with more than 20 actions', () => {
    const items = Array.from({ length: 21 }, (_, i) => set(`X-H${i}`, 'v'));
    expect(brief(run(headers('request', items)).errors)).toEqual([['TooMany', 'spec.httpHeaders.actions.request', 'route.headers.too-many']]);
  });

  test('fails on a duplicate name (exact case only)', () => {
    const r = run(headers('request', [set('X-A', '1'), set('x-a', '2'), set('X-A', '3')]));
    expect(brief(r.errors)).toEqual([['Duplicate', 'spec.httpHeaders.actions.request[2].name', 'route.headers.duplicate']]);
  });

  test('fails on an invalid name, a reserved name and a too long name', () => {
    const r = run(headers('response', [set('X A', '1'), set('Strict-Transport-Security', 'max-age=1'), set('X'.repeat(256), '1')]));
    expect(brief(r.errors)).toEqual([
      ['Invalid', 'spec.httpHeaders.actions.response[0].name', 'route.headers.name-format'],
      ['Forbidden', 'spec.httpHeaders.actions.response[1].name', 'route.headers.name-reserved'],
      ['TooLong', 'spec.httpHeaders.actions.response[2].name', 'route.headers.name-too-long'],
    ]);
    expect(r.errors[1].message).toContain('hsts_header');
  });

  test('accepts the token characters including backtick, | and ~', () => {
    expect(run(headers('request', [set("X-!#$%&'*+.^_`|~", 'v')])).errors).toEqual([]);
  });

  test('fails on an unknown action type and on set with Delete', () => {
    const r = run(headers('request', [{ name: 'X-A', action: { type: 'Add' } }, { name: 'X-B', action: { type: 'Delete', set: { value: 'x' } } }]));
    expect(brief(r.errors)).toEqual([
      ['NotSupported', 'spec.httpHeaders.actions.request[0].action.type', 'route.headers.action-type'],
      ['Forbidden', 'spec.httpHeaders.actions.request[1].action.set', 'route.headers.set-required'],
    ]);
  });

  test('value formats: literal %, sample fetchers per list, control characters, length', () => {
    const ok = ['100%%', '%[req.hdr(X-A),lower,base64]', '%{+Q,-X}[ssl_c_der]', 'plain text'];
    for (const v of ok) expect(run(headers('request', [set('X-A', v)])).errors).toEqual([]);
    const bad: Array<['request' | 'response', string]> = [
      ['request', '100%'], ['request', '%[res.hdr(X)]'], ['response', '%[req.hdr(X)]'], ['request', 'a\tb'], ['request', '%[req.hdr(X),upper]'],
    ];
    for (const [list, v] of bad) {
      const r = run(headers(list, [set('X-A', v)]));
      expect(brief(r.errors)).toEqual([['Invalid', `spec.httpHeaders.actions.${list}[0].action.set.value`, 'route.headers.value-format']]);
    }
    const long = run(headers('request', [set('X-A', 'a'.repeat(16385))]));
    expect(rules(long.errors)).toEqual(['route.headers.value-too-long']);
  });
});

describe('router annotations become warnings on the route', () => {
  test('an ignored timeout names the annotation key', () => {
    const r = run(route({ to }, { annotations: { 'haproxy.router.openshift.io/timeout': '5 s' } }));
    expect(brief(r.warnings)).toEqual([['Invalid', 'metadata.annotations[haproxy.router.openshift.io/timeout]', 'route.annotation.timeout']]);
  });
});

describe('cross-object checks', () => {
  const svc = (name: string, ports: any[], ns = 'prod') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports } });
  const secret = (name: string, type: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'prod' }, type });

  test('warns when a backend Service is missing and the input has Services', () => {
    const r = run(route({ to, alternateBackends: [{ name: 'other' }] }), svc('shop', [{ port: 80 }]));
    expect(brief(r.warnings)).toEqual([['NotFound', 'spec.alternateBackends[0].name', 'route.backend.service-not-found']]);
  });

  test('no Service warning when the input has no Services at all', () => {
    expect(run(route({ to })).warnings).toEqual([]);
  });

  test('Service in another namespace does not count', () => {
    const r = run(route({ to }), svc('shop', [{ port: 80 }], 'other'));
    expect(rules(r.warnings)).toEqual(['route.backend.service-not-found']);
  });

  test('targetPort matches name, port or targetPort of the Service', () => {
    const ports = [{ name: 'web', port: 80, targetPort: 8080 }];
    for (const tp of ['web', 80, 8080]) {
      expect(run(route({ to, port: { targetPort: tp } }), svc('shop', ports)).warnings).toEqual([]);
    }
    const r = run(route({ to, port: { targetPort: 'grpc' } }), svc('shop', ports));
    expect(brief(r.warnings)).toEqual([['NotFound', 'spec.port.targetPort', 'route.port.not-found']]);
    expect(r.warnings[0].message).toContain('web=80->8080');
  });

  test('externalCertificate: missing Secret and wrong type', () => {
    const rt = route({ to, tls: { termination: 'edge', externalCertificate: { name: 'cert' } } });
    expect(rules(run(rt, secret('unrelated', 'kubernetes.io/tls')).warnings)).toEqual(['route.tls.external-certificate-not-found']);
    expect(rules(run(rt, secret('cert', 'Opaque')).warnings)).toEqual(['route.tls.external-certificate-type']);
    expect(run(rt, secret('cert', 'kubernetes.io/tls')).warnings).toEqual([]);
    expect(run(rt).warnings).toEqual([]);
  });

  test('warns Conflict HostAlreadyClaimed on the newer route', () => {
    const old = route({ host: 'a.example.com', to }, { name: 'old', namespace: 'team-a', creationTimestamp: '2024-01-01T00:00:00Z' });
    const young = route({ host: 'a.example.com', to }, { name: 'young', namespace: 'team-b', creationTimestamp: '2025-01-01T00:00:00Z' });
    const r = run(young, old);
    expect(r.warnings.map((w) => [w.type, w.name, w.field, w.rule])).toEqual([['Conflict', 'young', 'spec.host', 'route.host.already-claimed']]);
    expect(r.warnings[0].message).toContain('HostAlreadyClaimed');
  });
});

describe('line numbers', () => {
  test('a finding carries the line of its field in the YAML', () => {
    const text = [
      'apiVersion: route.openshift.io/v1', // 1
      'kind: Route', // 2
      'metadata:', // 3
      '  name: shop', // 4
      '  annotations:', // 5
      '    haproxy.router.openshift.io/balance: fastest', // 6
      'spec:', // 7
      '  to:', // 8
      '    name: shop', // 9
      '  tls:', // 10
      '    termination: passthrough', // 11
      '    insecureEdgeTerminationPolicy: Allow', // 12
      '  alternateBackends:', // 13
      '  - name: a', // 14
      '    weight: 300', // 15
      '',
    ].join('\n');
    const loaded = loadText(text, 'route.yaml');
    const r = validateLoaded(loaded.objects);
    const at = (field: string) => [...r.errors, ...r.warnings].find((f) => f.field === field);
    expect(at('spec.tls.insecureEdgeTerminationPolicy')).toMatchObject({ line: 12, file: 'route.yaml', kind: 'Route', name: 'shop' });
    expect(at('spec.alternateBackends[0].weight')).toMatchObject({ line: 15 });
    expect(at('metadata.annotations[haproxy.router.openshift.io/balance]')).toMatchObject({ line: 6, severity: 'warning' });
  });
});
