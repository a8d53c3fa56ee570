import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { demoChart, only, synthValidated, thrown } from './helpers';
import {
  AllowedNamespaces, CaCertificateRef, FrontendValidationMode, Gateway, GatewayAddress, GatewayCertificate,
  GatewayClass, GatewayListener, GatewayProps, GatewayProtocol, GatewayTls, LabelSelectorOperator, ListenerSet,
} from '../../src/gateway';
import { CertManagerIssuer } from '../../src/tls';

const HTTP: GatewayListener = { name: 'http', port: 80, protocol: GatewayProtocol.HTTP };
const cert = GatewayCertificate.fromSecretName('shop-tls');

function gatewayFor(props: Partial<GatewayProps>): any {
  const chart = demoChart();
  new Gateway(chart, 'gw', { gatewayClassName: 'local', listeners: [HTTP], ...props });
  return only(chart, 'Gateway');
}

describe('GatewayClass', () => {
  test('controllerName, parametersRef, description; cluster-scoped (no namespace even in a namespaced chart)', () => {
    const chart = demoChart();
    const cls = new GatewayClass(chart, 'cls', {
      metadata: { name: 'local' },
      controllerName: 'example.com/gateway-controller',
      parametersRef: { group: 'example.com', kind: 'Config', name: 'cfg', namespace: 'infra' },
      description: 'laptop',
    });
    expect(cls.node.children.map((c) => c.node.id)).toStrictEqual(['Resource']);
    expect(only(chart, 'GatewayClass')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'local' },
      spec: {
        controllerName: 'example.com/gateway-controller',
        parametersRef: { group: 'example.com', kind: 'Config', name: 'cfg', namespace: 'infra' },
        description: 'laptop',
      },
    });
  });

  test('fails: controllerName without a domain prefix', () => {
    expect(thrown(() => new GatewayClass(demoChart(), 'c', { controllerName: 'controller' })))
      .toMatch(/controllerName: invalid controllerName "controller": must be a domain-prefixed path/);
  });

  test('fails: description longer than 64 characters', () => {
    expect(thrown(() => new GatewayClass(demoChart(), 'c', { controllerName: 'a.io/b', description: 'x'.repeat(65) })))
      .toMatch(/description must be at most 64 characters/);
  });

  test('fails: a namespace in metadata', () => {
    expect(thrown(() => new GatewayClass(demoChart(), 'c', { controllerName: 'a.io/b', metadata: { namespace: 'x' } })))
      .toMatch(/cluster-scoped/);
  });
});

describe('Gateway', () => {
  test('minimal gateway: one child "Resource", chart namespace, class by name', () => {
    const chart = demoChart();
    const gw = new Gateway(chart, 'gw', { metadata: { name: 'edge' }, gatewayClassName: 'local', listeners: [HTTP] });
    expect(gw.node.children.map((c) => c.node.id)).toStrictEqual(['Resource']);
    expect(only(chart, 'Gateway')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'demo' },
      spec: { gatewayClassName: 'local', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    expect(gw.listenerNames).toStrictEqual(['http']);
  });

  test('class from a GatewayClass construct', () => {
    const chart = demoChart();
    const cls = new GatewayClass(chart, 'cls', { metadata: { name: 'haproxy' }, controllerName: 'example.com/haproxy' });
    new Gateway(chart, 'gw', { gatewayClass: cls, listeners: [HTTP] });
    expect(only(chart, 'Gateway').spec.gatewayClassName).toBe('haproxy');
  });

  test('listeners: HTTPS with certificates from a kplus TlsSecret and by name in another namespace; TLS passthrough; allowedRoutes', () => {
    const chart = demoChart();
    const secret = new kplus.TlsSecret(chart, 'tls', { metadata: { name: 'shop-tls' }, tlsCert: 'CERT', tlsKey: 'KEY' });
    const gw = new Gateway(chart, 'gw', { gatewayClassName: 'local', generateReferenceGrants: false });
    gw.addListener({
      name: 'https',
      port: 443,
      protocol: GatewayProtocol.HTTPS,
      hostname: '*.example.com',
      tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecret(secret), GatewayCertificate.fromSecretName('other', { namespace: 'certs' })] }),
      allowedRoutes: {
        namespaces: AllowedNamespaces.selector({ matchLabels: { team: 'a' }, matchExpressions: [{ key: 'env', operator: LabelSelectorOperator.IN, values: ['prod'] }] }),
        kinds: [{ kind: 'HTTPRoute' }],
      },
    });
    gw.addListener({ name: 'tls', port: 8443, protocol: GatewayProtocol.TLS, tls: GatewayTls.passthrough(), allowedRoutes: { namespaces: AllowedNamespaces.all() } });
    expect(only(chart, 'Gateway').spec.listeners).toStrictEqual([
      {
        name: 'https',
        hostname: '*.example.com',
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }, { group: '', kind: 'Secret', name: 'other', namespace: 'certs' }] },
        allowedRoutes: {
          namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } },
          kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
        },
      },
      { name: 'tls', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'All' } } },
    ]);
  });

  test('addresses, infrastructure, allowedListeners, client and backend certificates, TLS options', () => {
    const spec = gatewayFor({
      addresses: [GatewayAddress.ipAddress('10.0.0.1'), GatewayAddress.hostname('lb.example.com'), GatewayAddress.custom('example.com/pool', 'blue')],
      infrastructure: { labels: { team: 'edge' }, annotations: { 'example.com/lb': 'internal' }, parametersRef: { group: 'example.com', kind: 'Infra', name: 'i' } },
      allowedListeners: AllowedNamespaces.same(),
      backendClientCertificate: GatewayCertificate.fromSecretName('client'),
      frontendValidation: { caCertificates: [CaCertificateRef.fromConfigMapName('ca')], mode: FrontendValidationMode.ALLOW_INSECURE_FALLBACK },
      frontendValidationPerPort: [{ port: 443, caCertificates: [CaCertificateRef.fromConfigMapName('ca-443')] }],
      listeners: [{ name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, tls: GatewayTls.terminate({ options: { 'example.com/cert-source': 'vault' } }) }],
    }).spec;
    expect(spec).toStrictEqual({
      gatewayClassName: 'local',
      addresses: [{ type: 'IPAddress', value: '10.0.0.1' }, { type: 'Hostname', value: 'lb.example.com' }, { type: 'example.com/pool', value: 'blue' }],
      infrastructure: { labels: { team: 'edge' }, annotations: { 'example.com/lb': 'internal' }, parametersRef: { group: 'example.com', kind: 'Infra', name: 'i' } },
      allowedListeners: { namespaces: { from: 'Same' } },
      listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', options: { 'example.com/cert-source': 'vault' } } }],
      tls: {
        backend: { clientCertificateRef: { group: '', kind: 'Secret', name: 'client' } },
        frontend: {
          default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }], mode: 'AllowInsecureFallback' } },
          perPort: [{ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca-443' }] } } }],
        },
      },
    });
  });

  test('certificate from an imported ISecret (Secret.fromSecretName): name only, Gateway namespace', () => {
    const chart = demoChart();
    const imported = kplus.Secret.fromSecretName(chart, 'imported', 'wildcard-tls');
    new Gateway(chart, 'gw', {
      gatewayClassName: 'local',
      listeners: [{ name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecret(imported)] }) }],
    });
    expect(only(chart, 'Gateway').spec.listeners[0].tls.certificateRefs).toStrictEqual([{ group: '', kind: 'Secret', name: 'wildcard-tls' }]);
    expect(Testing.synth(chart).filter((o: any) => o.kind === 'ReferenceGrant')).toStrictEqual([]);
  });

  test('certManager: cluster issuer and issuer annotations', () => {
    expect(gatewayFor({ certManager: CertManagerIssuer.clusterIssuer('letsencrypt') }).metadata.annotations).toStrictEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(gatewayFor({ certManager: CertManagerIssuer.issuer('local-ca') }).metadata.annotations).toStrictEqual({ 'cert-manager.io/issuer': 'local-ca' });
    expect(gatewayFor({ certManager: CertManagerIssuer.external({ name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' }) }).metadata.annotations)
      .toStrictEqual({ 'cert-manager.io/issuer': 'pca', 'cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer', 'cert-manager.io/issuer-group': 'awspca.cert-manager.io' });
  });

  test('synthesizes with validation (construct and manifest validators)', () => {
    const app = Testing.app();
    new Gateway(demoChart(app), 'gw', { gatewayClassName: 'local', listeners: [HTTP] });
    expect(synthValidated(app).map((o) => o.kind)).toStrictEqual(['Gateway']);
  });

  test('fails: both gatewayClass and gatewayClassName, or neither', () => {
    const chart = demoChart();
    const cls = new GatewayClass(chart, 'cls', { controllerName: 'a.io/b' });
    expect(thrown(() => new Gateway(chart, 'a', { gatewayClass: cls, gatewayClassName: 'x' }))).toMatch(/exactly one of gatewayClass .* or gatewayClassName/);
    expect(thrown(() => new Gateway(chart, 'b', {}))).toMatch(/exactly one of gatewayClass/);
  });

  test('fails: synthesis without listeners names the construct and the field', () => {
    const app = Testing.app();
    new Gateway(demoChart(app), 'gw', { gatewayClassName: 'local' });
    expect(thrown(() => app.synthYaml())).toMatch(/test\/gw.*spec\.listeners: at least one listener is required .*\[gateway\.construct\.listeners-required\]/s);
  });

  test('fails: listener port out of range', () => {
    expect(thrown(() => gatewayFor({ listeners: [{ name: 'http', port: 70000, protocol: GatewayProtocol.HTTP }] }))).toMatch(/listener "http": port: must be an integer between 1 and 65535, got 70000/);
  });

  test('fails: unknown protocol', () => {
    expect(thrown(() => gatewayFor({ listeners: [{ name: 'x', port: 80, protocol: 'SCTP' as GatewayProtocol }] }))).toMatch(/protocol: unsupported value "SCTP": supported values: HTTP, HTTPS, TLS, TCP, UDP/);
  });

  test('fails: bad listener name and hostname', () => {
    expect(thrown(() => gatewayFor({ listeners: [{ name: 'Web_1', port: 80, protocol: GatewayProtocol.HTTP }] }))).toMatch(/invalid section name "Web_1"/);
    expect(thrown(() => gatewayFor({ listeners: [{ ...HTTP, hostname: 'Shop.Example.com' }] }))).toMatch(/invalid hostname "Shop.Example.com"/);
    expect(thrown(() => gatewayFor({ listeners: [{ ...HTTP, hostname: '10.0.0.1' }] }))).toMatch(/IP addresses are not allowed/);
  });

  test('fails: hostname on TCP, tls on HTTP, HTTPS without tls, HTTPS passthrough', () => {
    expect(thrown(() => gatewayFor({ listeners: [{ name: 't', port: 9000, protocol: GatewayProtocol.TCP, hostname: 'a.example.com' }] }))).toMatch(/hostname "a.example.com" is not allowed with protocol TCP/);
    expect(thrown(() => gatewayFor({ listeners: [{ ...HTTP, tls: GatewayTls.terminate({ certificates: [cert] }) }] }))).toMatch(/tls is not allowed with protocol HTTP/);
    expect(thrown(() => gatewayFor({ listeners: [{ name: 's', port: 443, protocol: GatewayProtocol.HTTPS }] }))).toMatch(/protocol HTTPS needs tls/);
    expect(thrown(() => gatewayFor({ listeners: [{ name: 's', port: 443, protocol: GatewayProtocol.HTTPS, tls: GatewayTls.passthrough() }] }))).toMatch(/an HTTPS listener must terminate TLS/);
  });

  test('fails: duplicate listener names and indistinct listeners', () => {
    expect(thrown(() => gatewayFor({ listeners: [HTTP, { ...HTTP, port: 8080 }] }))).toMatch(/listener name "http" is already used/);
    expect(thrown(() => gatewayFor({ listeners: [HTTP, { ...HTTP, name: 'http2' }] }))).toMatch(/listener "http2" has the same port \(80\), protocol \(HTTP\) and hostname .* as listener "http"/);
  });

  test('fails: more than 64 listeners', () => {
    const listeners = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: GatewayProtocol.HTTP }));
    expect(thrown(() => gatewayFor({ listeners }))).toMatch(/at most 64 listeners are allowed/);
  });

  test('fails: terminate without certificates; bad options', () => {
    expect(thrown(() => GatewayTls.terminate({}))).toMatch(/give at least one certificate/);
    expect(thrown(() => GatewayTls.terminate({ certificates: [cert], options: { 'bad key!': 'x' } }))).toMatch(/invalid key "bad key!"/);
  });

  test('fails: allowedRoutes with none(), too many kinds, bad selector', () => {
    expect(thrown(() => gatewayFor({ listeners: [{ ...HTTP, allowedRoutes: { namespaces: AllowedNamespaces.none() } }] }))).toMatch(/allowedRoutes.namespaces cannot be AllowedNamespaces.none\(\)/);
    const kinds = Array.from({ length: 9 }, (_, i) => ({ kind: `K${i}` }));
    expect(thrown(() => gatewayFor({ listeners: [{ ...HTTP, allowedRoutes: { kinds } }] }))).toMatch(/at most 8 kinds are allowed, got 9/);
    expect(thrown(() => AllowedNamespaces.selector({}))).toMatch(/give matchLabels or matchExpressions/);
    expect(thrown(() => AllowedNamespaces.selector({ matchExpressions: [{ key: 'a', operator: LabelSelectorOperator.EXISTS, values: ['x'] }] }))).toMatch(/operator Exists takes no values/);
    expect(thrown(() => AllowedNamespaces.selector({ matchExpressions: [{ key: 'a', operator: LabelSelectorOperator.IN }] }))).toMatch(/operator In needs at least one value/);
  });

  test('fails: bad addresses and duplicates', () => {
    expect(thrown(() => GatewayAddress.ipAddress('300.1.1.1'))).toMatch(/invalid IP address "300.1.1.1"/);
    expect(thrown(() => GatewayAddress.hostname('Bad Host'))).toMatch(/invalid hostname "Bad Host"/);
    expect(thrown(() => GatewayAddress.custom('pool', 'x'))).toMatch(/must be domain-prefixed/);
    expect(thrown(() => gatewayFor({ addresses: [GatewayAddress.ipAddress('1.2.3.4'), GatewayAddress.ipAddress('1.2.3.4')] }))).toMatch(/IPAddress "1.2.3.4" is already listed/);
  });

  test('fails: infrastructure limits and keys', () => {
    const labels = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`l${i}`, 'x']));
    expect(thrown(() => gatewayFor({ infrastructure: { labels } }))).toMatch(/at most 8 labels are allowed, got 9/);
    expect(thrown(() => gatewayFor({ infrastructure: { annotations: { '-bad': 'x' } } }))).toMatch(/invalid key "-bad"/);
    expect(thrown(() => gatewayFor({ infrastructure: { parametersRef: { group: 'a.io', kind: 'K', name: 'n', namespace: 'x' } } }))).toMatch(/namespace is not allowed here/);
  });

  test('fails: frontend validation per port without a default, duplicate ports', () => {
    const v = { caCertificates: [CaCertificateRef.fromConfigMapName('ca')] };
    expect(thrown(() => gatewayFor({ frontendValidationPerPort: [{ port: 443, ...v }] }))).toMatch(/frontendValidationPerPort needs frontendValidation/);
    expect(thrown(() => gatewayFor({ frontendValidation: v, frontendValidationPerPort: [{ port: 443, ...v }, { port: 443, ...v }] }))).toMatch(/port 443 is listed twice/);
    expect(thrown(() => gatewayFor({ frontendValidation: { caCertificates: [] } }))).toMatch(/caCertificates must list 1-16/);
  });

  test('fails: certManager annotation also given in metadata', () => {
    expect(thrown(() => gatewayFor({ metadata: { annotations: { 'cert-manager.io/issuer': 'x' } }, certManager: CertManagerIssuer.issuer('y') }))).toMatch(/metadata.annotations sets cert-manager.io\/issuer/);
  });

  test('fails: bad certificate and issuer names', () => {
    expect(thrown(() => GatewayCertificate.fromSecretName('Bad_Name'))).toMatch(/invalid name "Bad_Name"/);
    expect(thrown(() => GatewayCertificate.fromSecretName('ok', { namespace: 'Bad' }))).toMatch(/invalid namespace "Bad"/);
  });
});

describe('ListenerSet', () => {
  test('parentRef to a Gateway construct in another namespace, listeners', () => {
    const app = Testing.app();
    const infra = demoChart(app, 'infra', 'infra');
    const team = demoChart(app, 'team-a', 'team');
    new ApiObjectNamespace(team, 'team-a', { team: 'a' });
    const gw = new Gateway(infra, 'gw', {
      metadata: { name: 'shared' },
      gatewayClassName: 'local',
      listeners: [HTTP],
      allowedListeners: AllowedNamespaces.selector({ matchLabels: { team: 'a' } }),
    });
    const ls = new ListenerSet(team, 'ls', { metadata: { name: 'team-a' }, gateway: gw });
    ls.addListener({ name: 'shop', port: 443, protocol: GatewayProtocol.HTTPS, hostname: 'shop.example.com', tls: GatewayTls.terminate({ certificates: [cert] }) });
    const objects = synthValidated(app);
    expect(objects.find((o) => o.kind === 'ListenerSet')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { name: 'team-a', namespace: 'team-a' },
      spec: {
        parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared', namespace: 'infra' },
        listeners: [{ name: 'shop', hostname: 'shop.example.com', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] } }],
      },
    });
  });

  test('fails: gateway and gatewayName both, or neither; gatewayNamespace with a construct', () => {
    const chart = demoChart();
    const gw = new Gateway(chart, 'gw', { gatewayClassName: 'local', listeners: [HTTP] });
    expect(thrown(() => new ListenerSet(chart, 'a', { gateway: gw, gatewayName: 'x' }))).toMatch(/exactly one of gateway/);
    expect(thrown(() => new ListenerSet(chart, 'b', {}))).toMatch(/exactly one of gateway/);
    expect(thrown(() => new ListenerSet(chart, 'c', { gateway: gw, gatewayNamespace: 'x' }))).toMatch(/gatewayNamespace is only for gatewayName/);
  });

  test('fails: a ListenerSet from a namespace the Gateway does not allow', () => {
    const app = Testing.app();
    const gw = new Gateway(demoChart(app, 'infra', 'infra'), 'gw', { gatewayClassName: 'local', listeners: [HTTP] });
    new ListenerSet(demoChart(app, 'team-b', 'team'), 'ls', { gateway: gw, listeners: [{ name: 'x', port: 8080, protocol: GatewayProtocol.HTTP }] });
    expect(thrown(() => app.synthYaml())).toMatch(/ListenerSet team\/ls \(namespace "team-b"\) cannot attach to Gateway infra\/gw \(namespace "infra"\): its allowedListeners allow from None .*\[gateway\.construct\.listener-set-not-allowed\]/s);
  });
});

/** A Namespace object with labels, as the attachment checks read them. */
class ApiObjectNamespace {
  constructor(scope: any, name: string, labels: Record<string, string>) {
    new kplus.Namespace(scope, `ns-${name}`, { metadata: { name, labels } });
  }
}
