/**
 * What the constructs write must be accepted by the real v1.6.1 standard CRDs
 * (OpenAPI schema and CEL rules, evaluated by the CRD engine from ../shared),
 * not only by our own checks. One app uses every factory and option.
 */
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { GATEWAY_KINDS, SHARED, synthValidated } from './helpers';
import {
  AllowedNamespaces, BackendTlsPolicy, BackendTlsPolicyTarget, CaCertificateRef, FrontendValidationMode, Gateway,
  GatewayAddress, GatewayBackend, GatewayCertificate, GatewayClass, GatewayParent, GatewayProtocol, GatewayTls, GrpcRoute, GrpcRouteMatch,
  HeaderMatch, HttpMethod, HttpPathModifier, HttpRoute, HttpRouteFilter, HttpRouteMatch, LabelSelectorOperator, ListenerSet,
  QueryParamMatch, RedirectScheme, RedirectStatusCode, ReferenceGrant, SubjectAltName, TcpRoute, TlsRoute, UdpRoute, WellKnownCaCertificates,
} from '../../src/gateway';
import { CertManagerIssuer } from '../../src/tls';
import { CustomResourceDefinitions } from '../../src/validation/crd/definitions';
import { Issues, Severity } from '../../src/validation/finding';
import { fromObjects } from '../../src/validation/manifests';
import { validateManifests } from '../../src/validation/validate';

function kitchenSink(): any[] {
  const app = Testing.app();
  const infra = new Chart(app, 'infra', { namespace: 'infra' });
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  new kplus.Namespace(shop, 'ns', { metadata: { name: 'shop', labels: { gateway: 'edge' } } });
  const secret = new kplus.TlsSecret(infra, 'cert', { metadata: { name: 'edge-tls' }, tlsCert: 'C', tlsKey: 'K' });
  const web = new kplus.Service(shop, 'web', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
  const api = new kplus.Service(shop, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] });

  const cls = new GatewayClass(infra, 'cls', {
    metadata: { name: 'local' },
    controllerName: 'example.com/gateway',
    description: 'all options',
    parametersRef: { group: 'example.com', kind: 'Params', name: 'p', namespace: 'infra' },
  });
  const selector = AllowedNamespaces.selector({ matchLabels: { gateway: 'edge' }, matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['test'] }] });
  const gw = new Gateway(infra, 'gw', {
    metadata: { name: 'edge' },
    gatewayClass: cls,
    addresses: [GatewayAddress.ipAddress('10.0.0.1'), GatewayAddress.ipAddress('2001:db8::1'), GatewayAddress.hostname('lb.example.com')],
    infrastructure: { labels: { team: 'edge' }, annotations: { 'example.com/lb': 'internal' }, parametersRef: { group: 'example.com', kind: 'Infra', name: 'i' } },
    allowedListeners: AllowedNamespaces.selector({ matchLabels: { gateway: 'edge' } }),
    backendClientCertificate: GatewayCertificate.fromSecretName('client'),
    frontendValidation: { caCertificates: [CaCertificateRef.fromConfigMapName('ca')], mode: FrontendValidationMode.ALLOW_VALID_ONLY },
    frontendValidationPerPort: [{ port: 443, caCertificates: [CaCertificateRef.fromConfigMapName('ca-443')], mode: FrontendValidationMode.ALLOW_INSECURE_FALLBACK }],
    certManager: CertManagerIssuer.clusterIssuer('letsencrypt'),
    listeners: [
      { name: 'http', port: 80, protocol: GatewayProtocol.HTTP, allowedRoutes: { namespaces: selector } },
      { name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, hostname: '*.example.com', tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecret(secret)] }), allowedRoutes: { namespaces: AllowedNamespaces.all(), kinds: [{ kind: 'HTTPRoute' }, { kind: 'GRPCRoute' }] } },
      { name: 'tls', port: 8443, protocol: GatewayProtocol.TLS, tls: GatewayTls.passthrough(), allowedRoutes: { namespaces: AllowedNamespaces.all() } },
      { name: 'tls-term', port: 9443, protocol: GatewayProtocol.TLS, tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('t')], options: { 'example.com/min': '1.3' } }), allowedRoutes: { namespaces: AllowedNamespaces.all() } },
      { name: 'tcp', port: 5432, protocol: GatewayProtocol.TCP, allowedRoutes: { namespaces: AllowedNamespaces.all() } },
      { name: 'udp', port: 53, protocol: GatewayProtocol.UDP, allowedRoutes: { namespaces: AllowedNamespaces.all() } },
    ],
  });
  const ls = new ListenerSet(shop, 'ls', {
    metadata: { name: 'shop-listeners' },
    gateway: gw,
    listeners: [{ name: 'shop', port: 8080, protocol: GatewayProtocol.HTTP, hostname: 'shop.example.com' }],
  });

  const r = new HttpRoute(shop, 'http', {
    metadata: { name: 'shop' },
    parents: [GatewayParent.fromGateway(gw, { sectionName: 'https' }), GatewayParent.fromGateway(gw, { sectionName: 'http', port: 80 }), GatewayParent.fromListenerSet(ls)],
    hostnames: ['shop.example.com', '*.shop.example.com'],
  });
  r.addRule({
    name: 'matches',
    matches: [
      HttpRouteMatch.pathPrefix('/shop', { method: HttpMethod.GET, headers: [HeaderMatch.exact('x-env', 'canary'), HeaderMatch.regex('x-re', '^a.*')], queryParams: [QueryParamMatch.exact('v', '2'), QueryParamMatch.regex('id', '[0-9]+')] }),
      HttpRouteMatch.exact('/login'),
      HttpRouteMatch.regex('^/api/v[0-9]+'),
      HttpRouteMatch.anyPath({ method: HttpMethod.DELETE }),
    ],
    filters: [
      HttpRouteFilter.requestHeaderModifier({ set: { 'x-a': '1' }, add: { 'x-b': '2' }, remove: ['x-c'] }),
      HttpRouteFilter.responseHeaderModifier({ set: { 'x-d': '4' } }),
      HttpRouteFilter.requestMirror({ backend: GatewayBackend.fromName('shadow', { port: 80 }), percent: 5 }),
      HttpRouteFilter.requestMirror({ backend: GatewayBackend.fromName('audit', { port: 80, namespace: 'audit' }), fraction: { numerator: 1, denominator: 1000 } }),
      HttpRouteFilter.cors({ allowOrigins: ['https://a.example.com', 'https://*.b.example.com:8443'], allowMethods: [HttpMethod.GET, HttpMethod.POST], allowHeaders: ['x-token'], exposeHeaders: ['x-id'], allowCredentials: true, maxAge: Duration.minutes(5) }),
      HttpRouteFilter.extensionRef({ group: 'example.com', kind: 'RateLimit', name: 'strict' }),
      HttpRouteFilter.urlRewrite({ hostname: 'internal.example.com', path: HttpPathModifier.replaceFullPath('/x') }),
    ],
    backends: [
      GatewayBackend.fromService(web, { weight: 90, filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'x-backend': 'web' } })] }),
      GatewayBackend.fromService(api, { port: 443, weight: 10 }),
      GatewayBackend.fromName('db', { port: 5432, namespace: 'data', weight: 0 }),
      GatewayBackend.fromReference({ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'global', port: 80 }),
    ],
    timeouts: { request: Duration.seconds(30), backendRequest: Duration.millis(10500) },
  });
  r.addRule({ matches: [HttpRouteMatch.pathPrefix('/old')], filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, hostname: 'new.example.com', port: 8443, path: HttpPathModifier.replacePrefixMatch('/new'), statusCode: RedirectStatusCode.PERMANENT_REDIRECT })] });
  r.addRule({ matches: [HttpRouteMatch.pathPrefix('/v1')], filters: [HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/v2') })], backends: [GatewayBackend.fromService(web)] });
  r.addRule({ filters: [HttpRouteFilter.cors({ allowOrigins: ['*'], allowAllMethods: true, allowHeaders: ['*'] })], backends: [GatewayBackend.fromService(web)], timeouts: { request: Duration.seconds(0) } });

  new GrpcRoute(shop, 'grpc', {
    metadata: { name: 'users' },
    parents: [GatewayParent.fromGateway(gw, { sectionName: 'https' })],
    hostnames: ['grpc.example.com'],
    rules: [
      {
        name: 'login',
        matches: [GrpcRouteMatch.method({ service: 'com.example.User', method: 'Login', headers: [HeaderMatch.exact('x-env', 'a')] }), GrpcRouteMatch.methodRegex({ method: 'Get.*' }), GrpcRouteMatch.headers([HeaderMatch.regex('x-re', '.*')])],
        filters: [HttpRouteFilter.requestHeaderModifier({ set: { a: 'b' } }), HttpRouteFilter.responseHeaderModifier({ remove: ['c'] }), HttpRouteFilter.requestMirror({ backend: GatewayBackend.fromName('shadow', { port: 50051 }) }), HttpRouteFilter.extensionRef({ group: 'example.com', kind: 'F', name: 'f' })],
        backends: [GatewayBackend.fromName('users', { port: 50051, weight: 3, filters: [HttpRouteFilter.requestHeaderModifier({ add: { d: 'e' } })] })],
      },
      { backends: [GatewayBackend.fromName('users', { port: 50051 })] },
    ],
  });
  new TlsRoute(shop, 'tls', { metadata: { name: 'db-tls' }, parents: [GatewayParent.fromGateway(gw, { sectionName: 'tls' })], hostnames: ['db.example.com', '*.db.example.com'], ruleName: 'main', backends: [GatewayBackend.fromName('db', { port: 5432, weight: 2 }), GatewayBackend.fromName('db2', { port: 5432 })] });
  new TcpRoute(shop, 'tcp', { metadata: { name: 'db-tcp' }, parents: [GatewayParent.fromGateway(gw, { sectionName: 'tcp' })], backends: [GatewayBackend.fromName('db', { port: 5432 })] });
  new UdpRoute(shop, 'udp', { metadata: { name: 'dns' }, parents: [GatewayParent.fromGateway(gw, { sectionName: 'udp' })], backends: [GatewayBackend.fromName('dns', { port: 53, namespace: 'kube-system' })] });
  new ReferenceGrant(infra, 'grant', { metadata: { name: 'manual' }, from: [{ kind: 'HTTPRoute', namespace: 'shop' }, { group: '', kind: 'Service', namespace: 'x' }], to: [{ kind: 'Service' }, { group: 'example.com', kind: 'Thing', name: 'one' }] });
  new BackendTlsPolicy(shop, 'btls', {
    metadata: { name: 'api-tls' },
    targets: [BackendTlsPolicyTarget.fromService(api, { sectionName: 'https' }), BackendTlsPolicyTarget.fromServiceName('legacy')],
    caCertificates: [CaCertificateRef.fromConfigMapName('api-ca')],
    hostname: 'api.internal',
    subjectAltNames: [SubjectAltName.hostname('api.example.com'), SubjectAltName.uri('spiffe://cluster.local/ns/shop/sa/api')],
    options: { 'example.com/x': 'y' },
  });
  new BackendTlsPolicy(shop, 'btls-system', { metadata: { name: 'legacy-tls' }, targets: [BackendTlsPolicyTarget.fromServiceName('legacy2')], wellKnownCaCertificates: WellKnownCaCertificates.SYSTEM, hostname: 'legacy.internal' });
  return synthValidated(app).filter((o) => GATEWAY_KINDS.includes(o.kind));
}

describe('constructs write objects the upstream CRDs accept', () => {
  const crds = CustomResourceDefinitions.fromPaths([path.join(SHARED, 'gateway-api', 'crds', 'standard')]);
  const objects = kitchenSink();

  test('every kind is present, with the generated grants', () => {
    const kinds = [...new Set(objects.map((o) => o.kind))].sort();
    expect(kinds).toStrictEqual([...GATEWAY_KINDS].sort());
    expect(objects.filter((o) => o.kind === 'ReferenceGrant').map((g) => `${g.metadata.namespace}/${g.metadata.name}`).sort())
      .toStrictEqual(['audit/cdk8s-routing-from-shop', 'data/cdk8s-routing-from-shop', 'infra/manual', 'kube-system/cdk8s-routing-from-shop']);
  });

  test('schema and CEL rules of the v1.6.1 standard CRDs: no errors', () => {
    const errors: string[] = [];
    for (const obj of fromObjects(objects)) {
      expect(crds._definesKind(obj.group, obj.kind)).toBe(true);
      const issues = new Issues();
      crds._validate(obj, issues);
      for (const i of issues.list) if (i.severity === Severity.ERROR) errors.push(`${obj.kind} ${obj.name}: ${i.field.toString()} [${i.rule}] ${i.message}`);
    }
    expect(errors).toStrictEqual([]);
  });

  test('the built-in validators agree: no errors over all objects together', () => {
    expect(validateManifests(objects).errors.map((f) => `${f.kind} ${f.name}: ${f.field} [${f.rule}] ${f.message}`)).toStrictEqual([]);
  });

  test('fails: the CRD engine does reject a broken object (the check above is not vacuous)', () => {
    const broken = JSON.parse(JSON.stringify(objects.find((o) => o.kind === 'HTTPRoute')));
    broken.spec.rules[0].backendRefs[0].weight = 2_000_000;
    const issues = new Issues();
    crds._validate(fromObjects([broken])[0], issues);
    expect(issues.list.filter((i) => i.severity === Severity.ERROR).map((i) => i.field.toString())).toContain('spec.rules[0].backendRefs[0].weight');
  });
});
