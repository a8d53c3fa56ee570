import { Finding } from '../../src/validation/finding';
import { fromObjects, loadText } from '../../src/validation/manifests';
import { validateLoaded, ValidationReport } from '../../src/validation/validate';

const backend = (name = 'web', port: any = { number: 80 }) => ({ service: { name, port } });
function ingress(spec: any, metadata: any = {}): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop', namespace: 'prod', ...metadata }, spec };
}
function rule(host: string | undefined, ...paths: any[]): any {
  return { ...(host !== undefined ? { host } : {}), http: { paths } };
}
function path(p: string | undefined, pathType: string | null = 'Prefix', b: any = backend()): any {
  return { ...(p !== undefined ? { path: p } : {}), ...(pathType !== null ? { pathType } : {}), backend: b };
}
function run(...objects: any[]): ValidationReport {
  return validateLoaded(fromObjects(objects));
}
const brief = (fs: Finding[]) => fs.map((f) => [f.type, f.field, f.rule]);

describe('valid Ingresses', () => {
  test('rules with Exact, Prefix and ImplementationSpecific paths, TLS and a class have no findings', () => {
    const r = run(ingress({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com', '*.example.com'], secretName: 'shop-tls' }, {}],
      rules: [
        rule('shop.example.com', path('/', 'Prefix'), path('/exact', 'Exact'), path('/x', 'ImplementationSpecific'), path(undefined, 'ImplementationSpecific')),
        rule('*.example.com', path('/', 'Prefix', backend('other', { name: 'http' }))),
        rule(undefined, path('/any', 'Prefix')),
      ],
    }));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('a default backend alone is enough (I2), resource backends are accepted', () => {
    expect(run(ingress({ defaultBackend: backend() })).errors).toEqual([]);
    const res = { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } };
    expect(run(ingress({ defaultBackend: res })).errors).toEqual([]);
  });

  test('the YAML line of a finding is the line of the field', () => {
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata: { name: a, namespace: b }',
      'spec:',
      '  rules:',
      '    - host: 1.2.3.4',
      '      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }',
    ].join('\n');
    const loaded = loadText(text, 'x.yaml');
    const r = validateLoaded(loaded.objects);
    expect(r.errors.map((f) => [f.field, f.line, f.rule])).toStrictEqual([['spec.rules[0].host', 6, 'ingress.rules.host.ip']]);
  });
});

describe('API rules I1-I21 (errors)', () => {
  test('fails: I1 bad name and namespace', () => {
    const r = run(ingress({ defaultBackend: backend() }, { name: 'Shop', namespace: 'a.b' }));
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', 'metadata.name', 'ingress.metadata.name'],
      ['Invalid', 'metadata.namespace', 'ingress.metadata.namespace'],
    ]);
  });

  test('fails: I2 neither defaultBackend nor rules', () => {
    expect(brief(run(ingress({})).errors)).toStrictEqual([['Invalid', 'spec', 'ingress.spec.backend-or-rules']]);
    expect(brief(run(ingress({ rules: [] })).errors)).toStrictEqual([['Invalid', 'spec', 'ingress.spec.backend-or-rules']]);
    expect(brief(run(ingress(undefined)).errors)).toStrictEqual([['Required', 'spec', 'ingress.spec.backend-or-rules']]);
  });

  test('fails: I3 an IP address as host (v4 and v6)', () => {
    const r = run(ingress({ rules: [rule('10.0.0.1', path('/')), rule('::1', path('/'))] }));
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', 'spec.rules[0].host', 'ingress.rules.host.ip'],
      ['Invalid', 'spec.rules[1].host', 'ingress.rules.host.ip'],
      ['Invalid', 'spec.rules[1].host', 'ingress.rules.host.dns'],
    ]);
    expect(r.errors[0].message).toContain('must be a DNS name, not an IP address');
  });

  test('fails: I4 wildcards other than a whole first label', () => {
    const r = run(ingress({ rules: ['*', 'foo.*.bar.com', '*foo.com', '*.Example.com'].map((h) => rule(h, path('/'))) }));
    expect(brief(r.errors)).toStrictEqual([0, 1, 2, 3].map((i) => ['Invalid', `spec.rules[${i}].host`, 'ingress.rules.host.wildcard']));
  });

  test('fails: I5 upper case, host:port, trailing dot; no per-label length check', () => {
    const long = `${'a'.repeat(70)}.example.com`;
    const r = run(ingress({ rules: ['Shop.example.com', 'shop.example.com:80', 'shop.example.com.', long].map((h) => rule(h, path('/'))) }));
    expect(brief(r.errors)).toStrictEqual([0, 1, 2].map((i) => ['Invalid', `spec.rules[${i}].host`, 'ingress.rules.host.dns']));
  });

  test('fails: I6 http without paths', () => {
    const r = run(ingress({ rules: [{ host: 'a.example.com', http: { paths: [] } }] }));
    expect(brief(r.errors)).toStrictEqual([['Required', 'spec.rules[0].http.paths', 'ingress.rules.http.paths.required']]);
  });

  test('fails: I7 missing pathType, I8 unknown pathType', () => {
    const r = run(ingress({ rules: [rule('a.example.com', path('/', null), path('/', 'Regex'))] }));
    expect(brief(r.errors)).toStrictEqual([
      ['Required', 'spec.rules[0].http.paths[0].pathType', 'ingress.paths.path-type.required'],
      ['NotSupported', 'spec.rules[0].http.paths[1].pathType', 'ingress.paths.path-type'],
    ]);
    expect(r.errors[1].message).toBe('Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"');
  });

  test('fails: I9 Exact/Prefix paths must be absolute and clean (several findings at once)', () => {
    const r = run(ingress({
      rules: [rule('a.example.com', path('', 'Exact'), path('app', 'Prefix'), path('/a//b/./c/%2F', 'Prefix'), path('/a/..', 'Exact'), path('/a/.', 'Prefix'))],
    }));
    const p = (i: number) => `spec.rules[0].http.paths[${i}].path`;
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', p(0), 'ingress.paths.path.absolute'],
      ['Invalid', p(1), 'ingress.paths.path.absolute'],
      ['Invalid', p(2), 'ingress.paths.path.sequence'],
      ['Invalid', p(2), 'ingress.paths.path.sequence'],
      ['Invalid', p(2), 'ingress.paths.path.sequence'],
      ['Invalid', p(3), 'ingress.paths.path.suffix'],
      ['Invalid', p(4), 'ingress.paths.path.suffix'],
    ]);
    expect(r.errors.map((f) => f.message.replace(/^Invalid value: "[^"]*": /, ''))).toStrictEqual([
      'must be an absolute path', 'must be an absolute path', "must not contain '//'", "must not contain '/./'", "must not contain '%2F'",
      "cannot end with '/..'", "cannot end with '/.'",
    ]);
  });

  test('I10: ImplementationSpecific allows regexes and "//", but fails when not starting with /', () => {
    const ok = run(ingress({ rules: [rule('a.example.com', path('/api(/|$)(.*)', 'ImplementationSpecific'), path('//x', 'ImplementationSpecific'))] }));
    expect(ok.errors).toEqual([]);
    const bad = run(ingress({ rules: [rule('a.example.com', path('api', 'ImplementationSpecific'))] }));
    expect(brief(bad.errors)).toStrictEqual([['Invalid', 'spec.rules[0].http.paths[0].path', 'ingress.paths.path.absolute']]);
  });

  test('fails: I11 both or neither of service and resource', () => {
    const both = { ...backend(), resource: { kind: 'X', name: 'y' } };
    const r = run(ingress({ defaultBackend: both, rules: [rule('a.example.com', path('/', 'Prefix', {}))] }));
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', 'spec.defaultBackend', 'ingress.backend.one-of'],
      ['Invalid', 'spec.rules[0].http.paths[0].backend', 'ingress.backend.one-of'],
    ]);
    expect(r.errors[0].message).toContain('cannot set both resource and service backends');
    expect(r.errors[1].message).toContain('resource or service backend is required');
  });

  test('fails: I12 Service names are RFC 1035 labels', () => {
    const r = run(ingress({ rules: [rule('a.example.com', path('/a', 'Prefix', backend('1web')), path('/b', 'Prefix', backend('Web')), path('/c', 'Prefix', backend('')))] }));
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', 'spec.rules[0].http.paths[0].backend.service.name', 'ingress.backend.service.name'],
      ['Invalid', 'spec.rules[0].http.paths[1].backend.service.name', 'ingress.backend.service.name'],
      ['Required', 'spec.rules[0].http.paths[2].backend.service.name', 'ingress.backend.service.name'],
    ]);
  });

  test('fails: I13 port name or number, not both, in range, IANA names', () => {
    const r = run(ingress({
      rules: [rule('a.example.com',
        path('/a', 'Prefix', backend('web', { name: 'http', number: 80 })),
        path('/b', 'Prefix', backend('web', {})),
        path('/c', 'Prefix', backend('web', { number: 70000 })),
        path('/d', 'Prefix', backend('web', { name: 'http--very-long-port' })),
      )],
    }));
    const b = (i: number) => `spec.rules[0].http.paths[${i}].backend.service.port`;
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', b(0), 'ingress.backend.service.port'],
      ['Required', b(1), 'ingress.backend.service.port'],
      ['Invalid', `${b(2)}.number`, 'ingress.backend.service.port.number'],
      ['Invalid', `${b(3)}.name`, 'ingress.backend.service.port.name'],
    ]);
    expect(r.errors[3].message).toContain('must be no more than 15 characters; must not contain consecutive hyphens');
  });

  test('fails: I14 resource kind/name required and path-segment safe, apiGroup a DNS subdomain', () => {
    const r = run(ingress({ defaultBackend: { resource: { apiGroup: 'Bad_Group', kind: '..', name: 'a/b' } } }));
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', 'spec.defaultBackend.resource.kind', 'ingress.backend.resource.kind'],
      ['Invalid', 'spec.defaultBackend.resource.name', 'ingress.backend.resource.name'],
      ['Invalid', 'spec.defaultBackend.resource.apiGroup', 'ingress.backend.resource.api-group'],
    ]);
    const missing = run(ingress({ defaultBackend: { resource: {} } }));
    expect(brief(missing.errors)).toStrictEqual([
      ['Required', 'spec.defaultBackend.resource.kind', 'ingress.backend.resource.kind'],
      ['Required', 'spec.defaultBackend.resource.name', 'ingress.backend.resource.name'],
    ]);
  });

  test('I15/I16/I17: TLS hosts and Secret names; IPv4 TLS hosts and empty entries pass', () => {
    const ok = run(ingress({ defaultBackend: backend(), tls: [{}, { hosts: [] }, { hosts: ['10.0.0.1'] }] }));
    expect(ok.errors).toEqual([]);
    const r = run(ingress({ defaultBackend: backend(), tls: [{ hosts: ['*x.example.com', 'A.example.com', ''], secretName: 'Bad_Secret' }] }));
    expect(brief(r.errors)).toStrictEqual([
      ['Invalid', 'spec.tls[0].hosts[0]', 'ingress.tls.hosts.wildcard'],
      ['Invalid', 'spec.tls[0].hosts[1]', 'ingress.tls.hosts.dns'],
      ['Invalid', 'spec.tls[0].hosts[2]', 'ingress.tls.hosts.dns'],
      ['Invalid', 'spec.tls[0].secretName', 'ingress.tls.secret-name'],
    ]);
  });

  test('fails: I18 class name, I19 class annotation must equal ingressClassName', () => {
    const r = run(ingress({ defaultBackend: backend(), ingressClassName: 'Nginx' }));
    expect(brief(r.errors)).toStrictEqual([['Invalid', 'spec.ingressClassName', 'ingress.class-name']]);
    const m = run(ingress({ defaultBackend: backend(), ingressClassName: 'nginx' }, { annotations: { 'kubernetes.io/ingress.class': 'haproxy' } }));
    expect(brief(m.errors)).toStrictEqual([['Invalid', 'metadata.annotations[kubernetes.io/ingress.class]', 'ingress.class.annotation-mismatch']]);
    expect(m.errors[0].message).toContain('must match `ingressClassName` when both are specified');
    const same = run(ingress({ defaultBackend: backend(), ingressClassName: 'nginx' }, { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }));
    expect(same.errors).toEqual([]);
  });

  test('fails: I21 status addresses', () => {
    const obj = { ...ingress({ defaultBackend: backend() }), status: { loadBalancer: { ingress: [{ ip: '300.1.1.1' }, { hostname: '10.0.0.1' }] } } };
    expect(brief(run(obj).errors)).toStrictEqual([
      ['Invalid', 'status.loadBalancer.ingress[0].ip', 'ingress.status.ip'],
      ['Invalid', 'status.loadBalancer.ingress[1].hostname', 'ingress.status.hostname'],
    ]);
  });

  test('fails: unknown fields, wrong types and other apiVersions', () => {
    const r = run({ ...ingress({ defaultBackend: backend(), rulez: [] }), apiVersion: 'extensions/v1beta1' });
    // extensions/v1beta1 is not the networking group: not validated as an Ingress at all
    expect(r.errors).toEqual([]);
    // networking.k8s.io/v1beta1 (removed in Kubernetes 1.22) is rejected by the Ingress rules.
    const v = run({ ...ingress({ defaultBackend: backend(), rulez: [], tls: {} }), apiVersion: 'networking.k8s.io/v1beta1' });
    expect(brief(v.errors)).toStrictEqual([
      ['NotSupported', 'apiVersion', 'ingress.api-version'],
      ['Forbidden', 'spec.rulez', 'ingress.schema.unknown-field'],
      ['Invalid', 'spec.tls', 'ingress.schema.type'],
    ]);
  });
});

describe('IngressClass', () => {
  const cls = (spec: any, name = 'nginx'): any => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec });

  test('a valid class with namespaced parameters has no findings', () => {
    const r = run(cls({ controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p', scope: 'Namespace', namespace: 'ops' } }));
    expect(r.errors).toEqual([]);
  });

  test('fails: controller required, domain-prefixed, at most 250 characters', () => {
    expect(brief(run(cls({})).errors)).toStrictEqual([['Required', 'spec.controller', 'ingressclass.controller.required']]);
    expect(brief(run(cls({ controller: 'nginx' })).errors)).toStrictEqual([['Invalid', 'spec.controller', 'ingressclass.controller.domain-prefixed']]);
    expect(brief(run(cls({ controller: `example.com/${'a'.repeat(250)}` })).errors)).toStrictEqual([['TooLong', 'spec.controller', 'ingressclass.controller.too-long']]);
  });

  test('fails: parameters kind/name required, scope values, namespace rules', () => {
    const r = run(cls({ controller: 'example.com/c', parameters: { scope: 'Galaxy' } }));
    expect(brief(r.errors)).toStrictEqual([
      ['Required', 'spec.parameters.kind', 'ingressclass.parameters.kind'],
      ['Required', 'spec.parameters.name', 'ingressclass.parameters.name'],
      ['NotSupported', 'spec.parameters.scope', 'ingressclass.parameters.scope'],
    ]);
    const ns = run(cls({ controller: 'example.com/c', parameters: { kind: 'K', name: 'n', scope: 'Namespace' } }));
    expect(brief(ns.errors)).toStrictEqual([['Required', 'spec.parameters.namespace', 'ingressclass.parameters.namespace']]);
    const cluster = run(cls({ controller: 'example.com/c', parameters: { kind: 'K', name: 'n', scope: 'Cluster', namespace: '' } }));
    expect(brief(cluster.errors)).toStrictEqual([['Forbidden', 'spec.parameters.namespace', 'ingressclass.parameters.namespace']]);
  });

  test('fails: a bad name; a namespace on the cluster-scoped class is cleared by the API server, not an error', () => {
    const r = run({ ...cls({ controller: 'example.com/c' }, 'Bad'), metadata: { name: 'Bad', namespace: 'x' } });
    expect(brief(r.errors)).toStrictEqual([['Invalid', 'metadata.name', 'ingressclass.metadata.name']]);
  });
});
