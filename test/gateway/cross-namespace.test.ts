import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { demoChart, synthValidated, thrown } from './helpers';
import {
  AllowedNamespaces, CaCertificateRef, Gateway, GatewayBackend, GatewayCertificate, GatewayParent, GatewayProtocol, GatewayTls, GrpcRoute,
  HttpRoute, HttpRouteFilter, ListenerSet, TcpRoute,
} from '../../src/gateway';

function grants(objects: any[]): any[] {
  return objects.filter((o) => o.kind === 'ReferenceGrant');
}

describe('generated ReferenceGrants', () => {
  test('a backend in another namespace gets a grant in its namespace, naming the Service', () => {
    const app = Testing.app();
    const chart = demoChart(app, 'shop');
    new HttpRoute(chart, 'r', { rules: [{ backends: [GatewayBackend.fromName('db', { port: 5432, namespace: 'data' })] }] });
    const objects = synthValidated(app);
    expect(objects.find((o) => o.kind === 'HTTPRoute').spec.rules[0].backendRefs).toStrictEqual([{ name: 'db', namespace: 'data', port: 5432 }]);
    expect(grants(objects)).toStrictEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'cdk8s-routing-from-shop', namespace: 'data' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
        to: [{ group: '', kind: 'Service', name: 'db' }],
      },
    }]);
  });

  test('one grant per (from, to) namespace pair, merged across routes, kinds and charts; sorted; mirrors count', () => {
    const app = Testing.app();
    const a = demoChart(app, 'shop', 'a');
    const b = demoChart(app, 'shop', 'b');
    const data = new Chart(app, 'data', { namespace: 'data' });
    const cache = new kplus.Service(data, 'cache', { metadata: { name: 'cache' }, ports: [{ port: 6379 }] });
    new HttpRoute(a, 'r1', { rules: [{ backends: [GatewayBackend.fromName('db', { port: 5432, namespace: 'data' })], filters: [HttpRouteFilter.requestMirror({ backend: GatewayBackend.fromName('audit', { port: 80, namespace: 'data' }) })] }] });
    new GrpcRoute(b, 'r2', { rules: [{ backends: [GatewayBackend.fromService(cache)] }] });
    new TcpRoute(b, 'r3', { backends: [GatewayBackend.fromName('db', { port: 5432, namespace: 'data' }), GatewayBackend.fromName('other', { port: 1, namespace: 'ops' })] });
    new HttpRoute(data, 'local', { rules: [{ backends: [GatewayBackend.fromService(cache)] }] });
    const all = grants(synthValidated(app));
    expect(all.map((g) => `${g.metadata.namespace}/${g.metadata.name}`).sort()).toStrictEqual(['data/cdk8s-routing-from-shop', 'ops/cdk8s-routing-from-shop']);
    expect(all.find((g) => g.metadata.namespace === 'data').spec).toStrictEqual({
      from: [
        { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'shop' },
        { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' },
        { group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'shop' },
      ],
      to: [{ group: '', kind: 'Service', name: 'audit' }, { group: '', kind: 'Service', name: 'cache' }, { group: '', kind: 'Service', name: 'db' }],
    });
  });

  test('a Gateway certificate in another namespace gets a grant for the Secret', () => {
    const app = Testing.app();
    const edge = demoChart(app, 'edge');
    const certs = new Chart(app, 'certs', { namespace: 'certs' });
    const secret = new kplus.TlsSecret(certs, 's', { metadata: { name: 'wildcard' }, tlsCert: 'C', tlsKey: 'K' });
    new Gateway(edge, 'gw', {
      gatewayClassName: 'local',
      listeners: [{ name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecret(secret)] }) }],
    });
    const objects = synthValidated(app);
    expect(objects.find((o) => o.kind === 'Gateway').spec.listeners[0].tls.certificateRefs).toStrictEqual([{ group: '', kind: 'Secret', name: 'wildcard', namespace: 'certs' }]);
    expect(grants(objects).map((g) => [g.metadata, g.spec])).toStrictEqual([[
      { name: 'cdk8s-routing-from-edge', namespace: 'certs' },
      { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }], to: [{ group: '', kind: 'Secret', name: 'wildcard' }] },
    ]]);
  });

  test('a client-validation CA ConfigMap in another namespace gets a grant for the ConfigMap', () => {
    const app = Testing.app();
    new Gateway(demoChart(app, 'edge'), 'gw', {
      gatewayClassName: 'local',
      listeners: [{ name: 'http', port: 80, protocol: GatewayProtocol.HTTP }],
      frontendValidation: { caCertificates: [CaCertificateRef.fromConfigMapName('client-ca', { namespace: 'pki' })] },
    });
    const objects = synthValidated(app);
    expect(objects.find((o) => o.kind === 'Gateway').spec.tls.frontend.default.validation.caCertificateRefs).toStrictEqual([{ group: '', kind: 'ConfigMap', name: 'client-ca', namespace: 'pki' }]);
    expect(grants(objects).map((g) => [g.metadata, g.spec.to])).toStrictEqual([[{ name: 'cdk8s-routing-from-edge', namespace: 'pki' }, [{ group: '', kind: 'ConfigMap', name: 'client-ca' }]]]);
  });

  test('more than 16 Services in one namespace collapse into a grant for the kind', () => {
    const app = Testing.app();
    const chart = demoChart(app, 'shop');
    for (let i = 0; i < 17; i++) new TcpRoute(chart, `r${i}`, { backends: [GatewayBackend.fromName(`s${i}`, { port: 1, namespace: 'data' })] });
    expect(grants(synthValidated(app))[0].spec.to).toStrictEqual([{ group: '', kind: 'Service' }]);
  });

  test('generateReferenceGrants: false writes no grant; same-namespace backends need none', () => {
    const app = Testing.app();
    const chart = demoChart(app, 'shop');
    new HttpRoute(chart, 'r', { generateReferenceGrants: false, rules: [{ backends: [GatewayBackend.fromName('db', { port: 5432, namespace: 'data' })] }] });
    new HttpRoute(chart, 'r2', { rules: [{ backends: [GatewayBackend.fromName('web', { port: 80, namespace: 'shop' })] }] });
    const objects = synthValidated(app);
    expect(grants(objects)).toStrictEqual([]);
    expect(objects.find((o) => o.metadata.name.includes('r2')).spec.rules[0].backendRefs).toStrictEqual([{ name: 'web', port: 80 }]);
  });

  test('fails: a cross-namespace backend on a route whose namespace is unknown', () => {
    const chart = new Chart(Testing.app(), 'no-ns');
    const r = new HttpRoute(chart, 'r');
    expect(thrown(() => r.addRule({ backends: [GatewayBackend.fromName('db', { port: 5432, namespace: 'data' })] })))
      .toMatch(/HTTPRoute no-ns\/r: rules\[0\]\.backends\[0\]: backend "db" is in namespace "data" but the route's namespace is not set: set metadata.namespace .* or set generateReferenceGrants: false/);
  });
});

describe('attachment to Gateway constructs (allowedRoutes)', () => {
  function setup(listener: Partial<Parameters<Gateway['addListener']>[0]> = {}) {
    const app = Testing.app();
    const infra = demoChart(app, 'infra', 'infra');
    const gw = new Gateway(infra, 'gw', { metadata: { name: 'edge' }, gatewayClassName: 'local', listeners: [{ name: 'http', port: 80, protocol: GatewayProtocol.HTTP, ...listener }] });
    return { app, gw, team: demoChart(app, 'shop', 'team') };
  }

  test('same namespace (the default) attaches', () => {
    const { app, gw } = setup();
    new HttpRoute(gw.node.scope as Chart, 'r', { parents: [GatewayParent.fromGateway(gw)] });
    expect(synthValidated(app).find((o) => o.kind === 'HTTPRoute').spec.parentRefs).toStrictEqual([{ name: 'edge' }]);
  });

  test('another namespace with from All attaches; parentRef carries the namespace', () => {
    const { app, gw, team } = setup({ allowedRoutes: { namespaces: AllowedNamespaces.all() } });
    new HttpRoute(team, 'r', { parents: [GatewayParent.fromGateway(gw, { sectionName: 'http' })] });
    expect(synthValidated(app).find((o) => o.kind === 'HTTPRoute').spec.parentRefs).toStrictEqual([{ name: 'edge', namespace: 'infra', sectionName: 'http' }]);
  });

  test('fails: another namespace with the default (Same) names both construct paths', () => {
    const { app, gw, team } = setup();
    new HttpRoute(team, 'r', { parents: [GatewayParent.fromGateway(gw)] });
    expect(thrown(() => app.synthYaml())).toMatch(/team\/r.*spec\.parentRefs\[0\]: HTTPRoute team\/r \(namespace "shop"\) cannot attach to Gateway infra\/gw \(namespace "infra"\): listener "http" allows routes from Same \[gateway\.construct\.not-allowed-by-listeners\]/s);
  });

  test('selector: checked against a Namespace object of the app; unknown labels are not judged', () => {
    const selector = AllowedNamespaces.selector({ matchLabels: { gateway: 'edge' } });
    const ok = setup({ allowedRoutes: { namespaces: selector } });
    new kplus.Namespace(ok.team, 'ns', { metadata: { name: 'shop', labels: { gateway: 'edge' } } });
    new HttpRoute(ok.team, 'r', { parents: [GatewayParent.fromGateway(ok.gw)] });
    expect(() => ok.app.synthYaml()).not.toThrow();

    const unknown = setup({ allowedRoutes: { namespaces: selector } });
    new HttpRoute(unknown.team, 'r', { parents: [GatewayParent.fromGateway(unknown.gw)] });
    expect(() => unknown.app.synthYaml()).not.toThrow();
  });

  test('fails: selector that the route namespace\'s labels do not match', () => {
    const { app, gw, team } = setup({ allowedRoutes: { namespaces: AllowedNamespaces.selector({ matchLabels: { gateway: 'edge' } }) } });
    new kplus.Namespace(team, 'ns', { metadata: { name: 'shop', labels: { gateway: 'other' } } });
    new HttpRoute(team, 'r', { parents: [GatewayParent.fromGateway(gw)] });
    expect(thrown(() => app.synthYaml())).toMatch(/listener "http" allows routes from Selector \{"matchLabels":\{"gateway":"edge"\}\} \[gateway\.construct\.not-allowed-by-listeners\]/);
  });

  test('fails: route kind the listener does not accept', () => {
    const { app, gw } = setup();
    new TcpRoute(gw.node.scope as Chart, 'r', { parents: [GatewayParent.fromGateway(gw)], backends: [GatewayBackend.fromName('db', { port: 1 })] });
    expect(thrown(() => app.synthYaml())).toMatch(/TCPRoute infra\/r .* cannot attach to Gateway infra\/gw .*: listener "http" accepts kinds HTTPRoute, GRPCRoute/);
  });

  test('hostnames: a route attaches where a listener hostname intersects its hostnames', () => {
    const { app, gw } = setup({ hostname: '*.example.com' });
    const chart = gw.node.scope as Chart;
    new HttpRoute(chart, 'exact', { parents: [GatewayParent.fromGateway(gw)], hostnames: ['shop.example.com'] });
    new HttpRoute(chart, 'wider', { parents: [GatewayParent.fromGateway(gw)], hostnames: ['*.example.com'] });
    new HttpRoute(chart, 'deeper', { parents: [GatewayParent.fromGateway(gw)], hostnames: ['a.b.example.com'] });
    new HttpRoute(chart, 'any', { parents: [GatewayParent.fromGateway(gw)] });
    expect(synthValidated(app).filter((o) => o.kind === 'HTTPRoute')).toHaveLength(4);
  });

  test('fails: no listener hostname intersects the route\'s hostnames', () => {
    const { app, gw } = setup({ hostname: 'shop.example.com' });
    new HttpRoute(gw.node.scope as Chart, 'r', { parents: [GatewayParent.fromGateway(gw)], hostnames: ['example.com', '*.example.net'] });
    expect(thrown(() => app.synthYaml()))
      .toMatch(/listener "http" serves hostname "shop.example.com", which matches none of the route's hostnames \(example.com, \*.example.net\) \[gateway\.construct\.not-allowed-by-listeners\]/);
  });

  test('fails: sectionName or port that names no listener', () => {
    const { app, gw } = setup();
    new HttpRoute(gw.node.scope as Chart, 'r', { parents: [GatewayParent.fromGateway(gw, { sectionName: 'https' })] });
    new HttpRoute(gw.node.scope as Chart, 'r2', { parents: [GatewayParent.fromGateway(gw, { port: 443 })] });
    const message = thrown(() => app.synthYaml());
    expect(message).toMatch(/spec\.parentRefs\[0\]: Gateway infra\/gw has no listener with sectionName "https" \(listeners: http:80\) \[gateway\.construct\.no-matching-parent\]/);
    expect(message).toMatch(/Gateway infra\/gw has no listener with port 443/);
  });

  test('a ListenerSet construct as parent: its listeners and namespace count', () => {
    const { app, gw, team } = setup();
    const ls = new ListenerSet(team, 'ls', { metadata: { name: 'shop-listeners' }, gatewayName: 'edge', gatewayNamespace: 'infra', listeners: [{ name: 'shop', port: 8080, protocol: GatewayProtocol.HTTP }] });
    new HttpRoute(team, 'r', { parents: [GatewayParent.fromListenerSet(ls, { sectionName: 'shop' })] });
    expect(gw.name).toBe('edge');
    expect(synthValidated(app).find((o) => o.kind === 'HTTPRoute').spec.parentRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-listeners', sectionName: 'shop' }]);
  });
});
