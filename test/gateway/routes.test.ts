import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { demoChart, only, thrown } from './helpers';
import {
  BackendTlsPolicy, BackendTlsPolicyTarget, CaCertificateRef, GatewayBackend, GatewayParent, GrpcRoute, GrpcRouteMatch, HeaderMatch,
  HttpRouteFilter, ReferenceGrant, SubjectAltName, TcpRoute, TlsRoute, UdpRoute, WellKnownCaCertificates,
} from '../../src/gateway';

const db = GatewayBackend.fromName('db', { port: 5432 });

describe('GrpcRoute', () => {
  test('method, regex and header matches; filters; weighted backends', () => {
    const chart = demoChart();
    const r = new GrpcRoute(chart, 'r', { metadata: { name: 'users' }, parents: [GatewayParent.fromName('edge')], hostnames: ['grpc.example.com'] });
    r.addRule({
      name: 'login',
      matches: [
        GrpcRouteMatch.method({ service: 'com.example.User', method: 'Login' }),
        GrpcRouteMatch.methodRegex({ service: 'com\\.example\\..*' }),
        GrpcRouteMatch.headers([HeaderMatch.exact('x-env', 'canary')]),
      ],
      filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'x-grpc': '1' } })],
      backends: [GatewayBackend.fromName('users-v1', { port: 50051, weight: 9 }), GatewayBackend.fromName('users-v2', { port: 50051, weight: 1 })],
    });
    expect(only(chart, 'GRPCRoute').spec).toStrictEqual({
      parentRefs: [{ name: 'edge' }],
      hostnames: ['grpc.example.com'],
      rules: [{
        name: 'login',
        matches: [
          { method: { type: 'Exact', service: 'com.example.User', method: 'Login' } },
          { method: { type: 'RegularExpression', service: 'com\\.example\\..*' } },
          { headers: [{ type: 'Exact', name: 'x-env', value: 'canary' }] },
        ],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-grpc', value: '1' }] } }],
        backendRefs: [{ name: 'users-v1', port: 50051, weight: 9 }, { name: 'users-v2', port: 50051, weight: 1 }],
      }],
    });
  });

  test('fails: HTTP-only filters, bad service or method names, empty method match', () => {
    const chart = demoChart();
    const r = new GrpcRoute(chart, 'r');
    expect(thrown(() => r.addRule({ filters: [HttpRouteFilter.urlRewrite({ hostname: 'a.example' })], backends: [db] })))
      .toMatch(/filter type URLRewrite is not supported here \(allowed: RequestHeaderModifier, ResponseHeaderModifier, RequestMirror, ExtensionRef\)/);
    expect(thrown(() => GrpcRouteMatch.method({ service: 'com/example' }))).toMatch(/invalid service "com\/example"/);
    expect(thrown(() => GrpcRouteMatch.method({ method: 'Do-Thing' }))).toMatch(/invalid method "Do-Thing"/);
    expect(thrown(() => GrpcRouteMatch.method({}))).toMatch(/give service, method or both/);
    expect(thrown(() => GrpcRouteMatch.headers([]))).toMatch(/give at least one HeaderMatch/);
  });
});

describe('TlsRoute, TcpRoute, UdpRoute', () => {
  test('one rule with the backends; TLSRoute hostnames', () => {
    const chart = demoChart();
    const tls = new TlsRoute(chart, 'tls', { parents: [GatewayParent.fromName('edge', { sectionName: 'tls' })], ruleName: 'main' });
    tls.addHostname('db.example.com');
    tls.addBackend(db);
    new TcpRoute(chart, 'tcp', { backends: [db, GatewayBackend.fromName('db-replica', { port: 5432, weight: 0 })] });
    new UdpRoute(chart, 'udp', { backends: [GatewayBackend.fromName('dns', { port: 53 })] });
    expect(only(chart, 'TLSRoute').spec).toStrictEqual({
      parentRefs: [{ name: 'edge', sectionName: 'tls' }],
      hostnames: ['db.example.com'],
      rules: [{ name: 'main', backendRefs: [{ name: 'db', port: 5432 }] }],
    });
    expect(only(chart, 'TCPRoute').spec).toStrictEqual({ rules: [{ backendRefs: [{ name: 'db', port: 5432 }, { name: 'db-replica', port: 5432, weight: 0 }] }] });
    expect(only(chart, 'UDPRoute').spec).toStrictEqual({ rules: [{ backendRefs: [{ name: 'dns', port: 53 }] }] });
  });

  test('fails: backends with filters, more than 16 backends', () => {
    const chart = demoChart();
    const tcp = new TcpRoute(chart, 'tcp');
    expect(thrown(() => tcp.addBackend(GatewayBackend.fromName('db', { port: 1, filters: [HttpRouteFilter.requestHeaderModifier({ remove: ['a'] })] }))))
      .toMatch(/backend "db" has filters, which TCPRoute does not support/);
    for (let i = 0; i < 16; i++) tcp.addBackend(GatewayBackend.fromName(`b${i}`, { port: 1 }));
    expect(thrown(() => tcp.addBackend(db))).toMatch(/backends\[16\]: at most 16 backends are allowed/);
  });

  test('fails: at synthesis, no backends and (TLSRoute) no hostnames', () => {
    const app = Testing.app();
    new TlsRoute(demoChart(app), 'tls');
    const message = thrown(() => app.synthYaml());
    expect(message).toMatch(/spec\.hostnames: a TLSRoute needs at least one host name .*\[gateway\.construct\.hostnames-required\]/);
    expect(message).toMatch(/spec\.rules\[0\]\.backendRefs: at least one backend is required .*\[gateway\.construct\.backends-required\]/);
  });
});

describe('ReferenceGrant', () => {
  test('from and to with defaults for groups; identical entries are not repeated', () => {
    const chart = demoChart();
    const g = new ReferenceGrant(chart, 'g', { metadata: { name: 'allow' }, from: [{ kind: 'HTTPRoute', namespace: 'shop' }] });
    g.addFrom({ kind: 'HTTPRoute', namespace: 'shop' });
    g.addTo({ kind: 'Service', name: 'db' });
    g.addTo({ group: 'multicluster.x-k8s.io', kind: 'ServiceImport' });
    expect(only(chart, 'ReferenceGrant')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'allow', namespace: 'demo' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
        to: [{ group: '', kind: 'Service', name: 'db' }, { group: 'multicluster.x-k8s.io', kind: 'ServiceImport' }],
      },
    });
  });

  test('fails: empty grant at synthesis; bad entries; more than 16 entries', () => {
    const app = Testing.app();
    const chart = demoChart(app);
    const g = new ReferenceGrant(chart, 'g');
    expect(thrown(() => app.synthYaml())).toMatch(/spec\.from: at least one entry is required .*spec\.to: at least one entry is required/s);
    expect(thrown(() => g.addFrom({ kind: 'HTTPRoute', namespace: 'Bad' }))).toMatch(/from: namespace: invalid namespace "Bad"/);
    expect(thrown(() => g.addTo({ kind: '1Service' }))).toMatch(/invalid kind "1Service"/);
    for (let i = 0; i < 16; i++) g.addTo({ kind: 'Service', name: `s${i}` });
    expect(thrown(() => g.addTo({ kind: 'Service', name: 's16' }))).toMatch(/at most 16 entries are allowed/);
  });
});

describe('BackendTlsPolicy', () => {
  test('targets from a kplus Service and by name, CA ConfigMaps, subjectAltNames, options', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'api' }, ports: [{ port: 443, name: 'https' }] });
    const ca = new kplus.ConfigMap(chart, 'ca', { metadata: { name: 'api-ca' }, data: { 'ca.crt': 'PEM' } });
    new BackendTlsPolicy(chart, 'p', {
      metadata: { name: 'api-tls' },
      targets: [BackendTlsPolicyTarget.fromService(svc, { sectionName: 'https' }), BackendTlsPolicyTarget.fromServiceName('legacy')],
      caCertificates: [CaCertificateRef.fromConfigMap(ca)],
      hostname: 'api.internal',
      subjectAltNames: [SubjectAltName.hostname('api.example.com'), SubjectAltName.uri('spiffe://cluster.local/ns/demo/sa/api')],
      options: { 'example.com/min-tls': '1.3' },
    });
    expect(only(chart, 'BackendTLSPolicy').spec).toStrictEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'api', sectionName: 'https' }, { group: '', kind: 'Service', name: 'legacy' }],
      validation: {
        caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'api-ca' }],
        hostname: 'api.internal',
        subjectAltNames: [{ type: 'Hostname', hostname: 'api.example.com' }, { type: 'URI', uri: 'spiffe://cluster.local/ns/demo/sa/api' }],
      },
      options: { 'example.com/min-tls': '1.3' },
    });
  });

  test('fails: both or neither CA source; no targets; duplicate targets; CA in another namespace', () => {
    const chart = demoChart();
    const base = { targets: [BackendTlsPolicyTarget.fromServiceName('api')], hostname: 'api.internal' };
    const ca = [CaCertificateRef.fromConfigMapName('ca')];
    expect(thrown(() => new BackendTlsPolicy(chart, 'a', base))).toMatch(/give exactly one of caCertificates .* or wellKnownCaCertificates/);
    expect(thrown(() => new BackendTlsPolicy(chart, 'b', { ...base, caCertificates: ca, wellKnownCaCertificates: WellKnownCaCertificates.SYSTEM }))).toMatch(/give exactly one of caCertificates/);
    expect(thrown(() => new BackendTlsPolicy(chart, 'c', { ...base, targets: [], caCertificates: ca }))).toMatch(/targets must list 1-16/);
    expect(thrown(() => new BackendTlsPolicy(chart, 'd', { ...base, targets: [BackendTlsPolicyTarget.fromServiceName('api'), BackendTlsPolicyTarget.fromServiceName('api', { sectionName: 'x' })], caCertificates: ca })))
      .toMatch(/Service "api" is targeted twice/);
    expect(thrown(() => new BackendTlsPolicy(chart, 'e', { ...base, caCertificates: [CaCertificateRef.fromConfigMapName('ca', { namespace: 'other' })] })))
      .toMatch(/CA ConfigMap "ca" is in namespace "other" but the policy is in "demo"/);
    expect(thrown(() => new BackendTlsPolicy(chart, 'f', { ...base, hostname: '*.internal', wellKnownCaCertificates: WellKnownCaCertificates.SYSTEM }))).toMatch(/invalid hostname "\*.internal"/);
    expect(thrown(() => SubjectAltName.uri('not a uri'))).toMatch(/invalid URI "not a uri"/);
  });
});
