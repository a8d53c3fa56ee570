/**
 * Every upstream v1.6.1 standard example that uses kinds the constructs support
 * is rebuilt with the constructs; the synthesized manifests must equal the
 * example's. Allowed differences, and only those:
 *  - API defaults (helpers.ts `normalise`, applied to both sides): a field the
 *    example leaves out and the construct writes with its default value (e.g.
 *    `group: ""`, `kind: Service`, `tls.mode: Terminate`) or the other way round;
 *  - objects of kinds that are not Gateway API (Namespace) are not compared;
 *  - comments and key order (YAML formatting).
 * The app is synthesized with validation (`app.synthYaml()`), so the constructs'
 * checks also accept every example.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { comparable, EXAMPLES, exampleChart, exampleObjects, gatewayObjects } from './helpers';
import {
  AllowedNamespaces, BackendTlsPolicy, BackendTlsPolicyTarget, CaCertificateRef, Gateway, GatewayAddress, GatewayBackend,
  GatewayCertificate, GatewayClass, GatewayParent, GatewayProtocol, GatewayTls, GrpcRoute, GrpcRouteMatch, HeaderMatch,
  HttpMethod, HttpPathModifier, HttpRoute, HttpRouteFilter, HttpRouteMatch, ListenerSet, QueryParamMatch, RedirectScheme,
  RedirectStatusCode, ReferenceGrant, TcpRoute, TlsRoute, UdpRoute, WellKnownCaCertificates,
} from '../../src/gateway';

const svc = (name: string, port: number, weight?: number) => GatewayBackend.fromName(name, { port, weight });
const gw = (name: string, sectionName?: string) => GatewayParent.fromName(name, { sectionName });
const HTTP80 = { name: 'http', port: 80, protocol: GatewayProtocol.HTTP };

/** Builds the example with `build`, synthesizes with validation and compares with the file. */
function expectExample(file: string, build: (chart: Chart, app: App) => void): void {
  const { app, chart } = exampleChart();
  build(chart, app);
  expect(comparable(gatewayObjects(app))).toStrictEqual(comparable(exampleObjects(file)));
}

function exampleClass(chart: Chart, name: string): GatewayClass {
  return new GatewayClass(chart, name, {
    metadata: { name },
    controllerName: 'acme.io/gateway-controller',
    parametersRef: { name: 'example', group: 'acme.io', kind: 'Parameters' },
  });
}

/** Files covered here, and files without supported Gateway API objects (with the reason). */
const COVERED = new Set<string>();
const NOT_APPLICABLE: Record<string, string> = {
  '0-namespaces.yaml': 'only Namespace objects',
  'cross-namespace-routing/0-namespaces.yaml': 'only Namespace objects',
  'multicluster/0-namespaces.yaml': 'only Namespace objects',
};

function example(file: string, build: (chart: Chart, app: App) => void): void {
  COVERED.add(file);
  test(file, () => expectExample(file, build));
}

describe('upstream standard examples rebuilt with the constructs', () => {
  example('backend-tls.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'backend-tls' },
      gatewayClassName: 'acme-lb',
      backendClientCertificate: GatewayCertificate.fromSecretName('foo-example-cert'),
      listeners: [{ name: 'foo-http', protocol: GatewayProtocol.HTTP, port: 80, hostname: 'foo.example.com' }],
    });
  });

  example('backendtlspolicy/backendtlspolicy-ca-certs.yaml', (c) => {
    new BackendTlsPolicy(c, 'p', {
      metadata: { name: 'tls-upstream-auth' },
      targets: [BackendTlsPolicyTarget.fromServiceName('auth')],
      caCertificates: [CaCertificateRef.fromConfigMapName('auth-cert')],
      hostname: 'auth.example.com',
    });
  });

  example('backendtlspolicy/backendtlspolicy-system-certs.yaml', (c) => {
    new BackendTlsPolicy(c, 'p', {
      metadata: { name: 'tls-upstream-dev' },
      targets: [BackendTlsPolicyTarget.fromServiceName('dev')],
      wellKnownCaCertificates: WellKnownCaCertificates.SYSTEM,
      hostname: 'dev.example.com',
    });
  });

  example('basic-grpc.yaml', (c) => {
    const cls = exampleClass(c, 'example');
    const g = new Gateway(c, 'gw', {
      metadata: { name: 'my-gateway' },
      gatewayClass: cls,
      listeners: [{
        name: 'https',
        protocol: GatewayProtocol.HTTPS,
        port: 50051,
        tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('example-com-cert')] }),
      }],
    });
    const r = new GrpcRoute(c, 'r', { metadata: { name: 'grpc-app-1' }, parents: [GatewayParent.fromGateway(g)], hostnames: ['example.com'] });
    r.addRule({ matches: [GrpcRouteMatch.method({ service: 'com.example.User', method: 'Login' })], backends: [svc('my-service1', 50051)] });
    r.addRule({
      matches: [GrpcRouteMatch.method({ service: 'com.example.Things', method: 'DoThing', headers: [HeaderMatch.exact('magic', 'foo')] })],
      backends: [svc('my-service2', 50051)],
    });
  });

  example('basic-http.yaml', (c) => {
    const cls = exampleClass(c, 'example');
    const g = new Gateway(c, 'gw', { metadata: { name: 'my-gateway' }, gatewayClass: cls, listeners: [HTTP80] });
    const r = new HttpRoute(c, 'r', { metadata: { name: 'http-app-1' }, parents: [GatewayParent.fromGateway(g)], hostnames: ['foo.com'] });
    r.addRule({ matches: [HttpRouteMatch.pathPrefix('/bar')], backends: [svc('my-service1', 8080)] });
    r.addRule({
      matches: [HttpRouteMatch.pathPrefix('/some/thing', {
        headers: [HeaderMatch.exact('magic', 'foo')],
        queryParams: [QueryParamMatch.exact('great', 'example')],
        method: HttpMethod.GET,
      })],
      backends: [svc('my-service2', 8080)],
    });
  });

  example('cross-namespace-routing/gateway.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'shared-gateway', namespace: 'infra-ns' },
      gatewayClassName: 'shared-gateway-class',
      listeners: [{
        name: 'https',
        hostname: 'foo.example.com',
        protocol: GatewayProtocol.HTTPS,
        port: 443,
        allowedRoutes: { namespaces: AllowedNamespaces.selector({ matchLabels: { 'shared-gateway-access': 'true' } }) },
        tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('foo-example-com')] }),
      }],
    });
  });

  example('cross-namespace-routing/site-route.yaml', (c) => {
    const parent = GatewayParent.fromName('shared-gateway', { namespace: 'infra-ns' });
    new HttpRoute(c, 'home', { metadata: { name: 'home', namespace: 'site-ns' }, parents: [parent], rules: [{ backends: [svc('home', 8080)] }] });
    new HttpRoute(c, 'login', {
      metadata: { name: 'login', namespace: 'site-ns' },
      parents: [parent],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/login')], backends: [svc('login-v1', 8080, 90), svc('login-v2', 8080, 10)] }],
    });
  });

  example('cross-namespace-routing/store-route.yaml', (c) => {
    new HttpRoute(c, 'store', {
      metadata: { name: 'store', namespace: 'store-ns' },
      parents: [GatewayParent.fromName('shared-gateway', { namespace: 'infra-ns' })],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/store')], backends: [svc('store', 8080)] }],
    });
  });

  example('default-match-http.yaml', (c) => {
    const cls = new GatewayClass(c, 'cls', { metadata: { name: 'default-match-example' }, controllerName: 'acme.io/gateway-controller' });
    const g = new Gateway(c, 'gw', { metadata: { name: 'default-match-gw' }, gatewayClass: cls, listeners: [HTTP80] });
    new HttpRoute(c, 'r', {
      metadata: { name: 'default-match-route', labels: { app: 'default-match' } },
      parents: [GatewayParent.fromGateway(g)],
      hostnames: ['default-match.com'],
      rules: [
        {
          matches: [HttpRouteMatch.anyPath({ headers: [HeaderMatch.exact('magic', 'default-match')] })],
          backends: [GatewayBackend.fromReference({ group: 'acme.io', kind: 'CustomBackend', name: 'my-custom-resource', port: 8080 })],
        },
        { matches: [HttpRouteMatch.exact('/example/exact')], backends: [svc('my-service-2', 8080)] },
      ],
    });
  });

  example('frontend-cert-validation.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'client-validation-basic' },
      gatewayClassName: 'acme-lb',
      frontendValidation: { caCertificates: [CaCertificateRef.fromConfigMapName('foo-example-com-ca-cert')] },
      frontendValidationPerPort: [{ port: 8443, caCertificates: [CaCertificateRef.fromConfigMapName('bar-example-com-ca-cert')] }],
      listeners: [
        { name: 'foo-https', protocol: GatewayProtocol.HTTPS, port: 443, hostname: 'foo.example.com', tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('foo-example-com-cert')] }) },
        { name: 'bar-https', protocol: GatewayProtocol.HTTPS, port: 8443, hostname: 'bar.example.com', tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('bar-example-com-cert')] }) },
      ],
    });
  });

  example('gateway-addresses.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'gateway-addresses' },
      gatewayClassName: 'example',
      addresses: [
        '1200:0000:AB00:1234:0000:2552:7777:1313', '21DA:D3:0:2F3B:2AA:FF:FE28:9C5A', '2001:db8:3c4d:15:0:d234:3eee::', '1234::',
        '1.1.1.1', '1.2.3.4', '0.0.0.0', '9.255.255.255', '11.0.0.0', '255.255.255.255',
      ].map((a) => GatewayAddress.ipAddress(a)).concat([GatewayAddress.hostname('example.com')]),
      listeners: [{ protocol: GatewayProtocol.HTTP, port: 80, name: 'prod-web-gw', allowedRoutes: { namespaces: AllowedNamespaces.same() } }],
    });
  });

  example('grpc-filter.yaml', (c) => {
    new GrpcRoute(c, 'r', {
      metadata: { name: 'grpc-filter-1' },
      hostnames: ['my.filter.com'],
      rules: [{ filters: [HttpRouteFilter.requestHeaderModifier({ add: { 'my-header': 'foo' } })], backends: [svc('my-filter-svc1', 50051, 1)] }],
    });
  });

  example('grpc-routing/bar-grpcroute.yaml', (c) => {
    new GrpcRoute(c, 'r', {
      metadata: { name: 'bar-route' },
      parents: [gw('example-gateway')],
      hostnames: ['bar.example.com'],
      rules: [
        { matches: [GrpcRouteMatch.headers([HeaderMatch.exact('env', 'canary')])], backends: [svc('bar-svc-canary', 50051)] },
        { backends: [svc('bar-svc', 50051)] },
      ],
    });
  });

  example('grpc-routing/foo-grpcroute.yaml', (c) => {
    new GrpcRoute(c, 'r', {
      metadata: { name: 'foo-route' },
      parents: [gw('example-gateway')],
      hostnames: ['foo.example.com'],
      rules: [{ matches: [GrpcRouteMatch.method({ service: 'com.example', method: 'Login' })], backends: [svc('foo-svc', 50051)] }],
    });
  });

  example('grpc-routing/gateway.yaml', (c) => {
    const g = new Gateway(c, 'gw', {
      metadata: { name: 'example-gateway' },
      gatewayClassName: 'example-gateway-class',
      listeners: [{ name: 'grpc', protocol: GatewayProtocol.HTTPS, port: 50051, tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('example-com-cert')] }) }],
    });
    new GrpcRoute(c, 'r', { metadata: { name: 'example-route' }, parents: [GatewayParent.fromGateway(g)], hostnames: ['example.com'], rules: [{ backends: [svc('example-svc', 50051)] }] });
  });

  example('grpc-routing/reflection-grpcroute.yaml', (c) => {
    new GrpcRoute(c, 'r', {
      metadata: { name: 'foo-route' },
      parents: [gw('example-gateway')],
      hostnames: ['foo.example.com'],
      rules: [
        { matches: [GrpcRouteMatch.method({ service: 'com.example.User', method: 'Login' })], backends: [svc('foo-svc', 50051)] },
        { matches: [GrpcRouteMatch.method({ service: 'grpc.reflection.v1.ServerReflection' })], backends: [svc('foo-svc', 50051)] },
      ],
    });
  });

  const corsRoute = (c: Chart, prefix: string, cors: Parameters<typeof HttpRouteFilter.cors>[0]) => new HttpRoute(c, 'r', {
    metadata: { name: 'cors-allow-credentials' },
    parents: [gw('same-namespace')],
    rules: [{ matches: [HttpRouteMatch.pathPrefix(prefix)], backends: [svc('infra-backend-v1', 8080)], filters: [HttpRouteFilter.cors(cors)] }],
  });

  example('http-cors/httproute-all-fields-set.yaml', (c) => corsRoute(c, '/cors-behavior-creds-true', {
    allowOrigins: ['https://www.foo.com', 'https://*.bar.com'],
    allowMethods: [HttpMethod.GET, HttpMethod.OPTIONS],
    allowHeaders: ['*'],
    exposeHeaders: ['x-header-3', 'x-header-4'],
    allowCredentials: true,
    maxAge: Duration.hours(1),
  }));
  example('http-cors/httproute-all-origins-no-creds.yaml', (c) => corsRoute(c, '/cors-behavior-creds-false', { allowOrigins: ['*'], allowCredentials: false }));
  example('http-cors/httproute-credentials-true.yaml', (c) => corsRoute(c, '/cors-behavior-creds-true', { allowOrigins: ['https://app.example'], allowCredentials: true }));
  example('http-cors/httproute-origins-with-wildcards-no-creds.yaml', (c) => corsRoute(c, '/cors-behavior-creds-false', {
    allowOrigins: ['https://www.baz.com', 'https://*.bar.com', 'https://*.foo.com'], allowCredentials: false,
  }));
  example('http-cors/httproute-specific-origin-no-creds.yaml', (c) => corsRoute(c, '/cors-behavior-creds-false', { allowOrigins: ['https://app.example'], allowCredentials: false }));

  example('http-filter.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'http-filter-1' },
      hostnames: ['my.filter.com'],
      rules: [{ filters: [HttpRouteFilter.requestHeaderModifier({ add: { 'my-header': 'foo' } })], backends: [svc('my-filter-svc1', 80, 1)] }],
    });
  });

  example('http-redirect-path.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'http-filter-1', namespace: 'gateway-api-example-ns1' },
      parents: [gw('my-filter-gateway', 'http')],
      hostnames: ['my-filter.example.com'],
      rules: [{ filters: [HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replaceFullPath('/foo') })] }],
    });
  });

  const redirectGateway = (c: Chart) => new Gateway(c, 'gw', {
    metadata: { name: 'redirect-gateway' },
    gatewayClassName: 'foo-lb',
    listeners: [HTTP80, { name: 'https', protocol: GatewayProtocol.HTTPS, port: 443, tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('redirect-example')] }) }],
  });
  example('http-redirect-rewrite/gateway-redirect-http-https.yaml', (c) => redirectGateway(c));

  const redirectRoute = (c: Chart, name: string, host: string, match: HttpRouteMatch, fullPath: string, statusCode: RedirectStatusCode) => new HttpRoute(c, 'r', {
    metadata: { name },
    parents: [gw('redirect-gateway')],
    hostnames: [host],
    rules: [{ matches: [match], filters: [HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replaceFullPath(fullPath), statusCode })] }],
  });
  example('http-redirect-rewrite/httproute-redirect-303.yaml', (c) => redirectRoute(c, 'post-redirect-get', 'forms.example.com',
    HttpRouteMatch.exact('/submit-form', { method: HttpMethod.POST }), '/thank-you', RedirectStatusCode.SEE_OTHER));
  example('http-redirect-rewrite/httproute-redirect-307.yaml', (c) => redirectRoute(c, 'method-preserving-redirect', 'api.example.com',
    HttpRouteMatch.pathPrefix('/api/v1'), '/api/v2', RedirectStatusCode.TEMPORARY_REDIRECT));
  example('http-redirect-rewrite/httproute-redirect-308.yaml', (c) => redirectRoute(c, 'permanent-method-preserving-redirect', 'api.example.com',
    HttpRouteMatch.pathPrefix('/old-api'), '/new-api', RedirectStatusCode.PERMANENT_REDIRECT));

  example('http-redirect-rewrite/httproute-redirect-full.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'http-filter-redirect' },
      hostnames: ['redirect.example'],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/cayenne')], filters: [HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replaceFullPath('/paprika'), statusCode: RedirectStatusCode.FOUND })] }],
    });
  });

  example('http-redirect-rewrite/httproute-redirect-http.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'http-filter-redirect' },
      parents: [gw('redirect-gateway', 'http')],
      hostnames: ['redirect.example'],
      rules: [{ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, statusCode: RedirectStatusCode.MOVED_PERMANENTLY })] }],
    });
  });

  example('http-redirect-rewrite/httproute-redirect-https.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'https-route', labels: { gateway: 'redirect-gateway' } },
      parents: [gw('redirect-gateway', 'https')],
      hostnames: ['redirect.example'],
      rules: [{ backends: [svc('example-svc', 80)] }],
    });
  });

  example('http-redirect-rewrite/httproute-redirect-prefix.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'http-filter-redirect' },
      hostnames: ['redirect.example'],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/cayenne')], filters: [HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replacePrefixMatch('/paprika'), statusCode: RedirectStatusCode.FOUND })] }],
    });
  });

  const rewriteRoute = (c: Chart, match: HttpRouteMatch | undefined, modifier: HttpPathModifier | undefined) => new HttpRoute(c, 'r', {
    metadata: { name: 'http-filter-rewrite' },
    hostnames: ['rewrite.example'],
    rules: [{
      matches: match ? [match] : undefined,
      filters: [HttpRouteFilter.urlRewrite({ hostname: 'elsewhere.example', path: modifier })],
      backends: [svc('example-svc', 80, 1)],
    }],
  });
  example('http-redirect-rewrite/httproute-rewrite-full-path.yaml', (c) => rewriteRoute(c, HttpRouteMatch.pathPrefix('/cardamom'), HttpPathModifier.replaceFullPath('/fennel')));
  example('http-redirect-rewrite/httproute-rewrite-prefix-path.yaml', (c) => rewriteRoute(c, HttpRouteMatch.pathPrefix('/cardamom'), HttpPathModifier.replacePrefixMatch('/fennel')));
  example('http-redirect-rewrite/httproute-rewrite.yaml', (c) => rewriteRoute(c, undefined, undefined));

  example('http-redirect.yaml', (c) => {
    const cls = exampleClass(c, 'filter-lb');
    const g = new Gateway(c, 'gw', {
      metadata: { name: 'my-filter-gateway', namespace: 'gateway-api-example-ns1' },
      gatewayClass: cls,
      listeners: [HTTP80, { name: 'https', protocol: GatewayProtocol.HTTPS, port: 443, tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('example-com-cert')] }) }],
    });
    new HttpRoute(c, 'r1', {
      metadata: { name: 'http-filter-1', namespace: 'gateway-api-example-ns1' },
      parents: [GatewayParent.fromGateway(g, { sectionName: 'http' })],
      hostnames: ['my-filter.example.com'],
      rules: [{ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS })] }],
    });
    new HttpRoute(c, 'r2', {
      metadata: { name: 'http-filter-2', namespace: 'gateway-api-example-ns1' },
      parents: [GatewayParent.fromGateway(g, { sectionName: 'https' })],
      hostnames: ['my-filter.example.com'],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/')], backends: [svc('my-filter-svc1', 80, 1)] }],
    });
  });

  const headerRoute = (c: Chart, prefix: string, filter: HttpRouteFilter) => new HttpRoute(c, 'r', {
    metadata: { name: 'header-http-echo' },
    parents: [gw('acme-gw')],
    rules: [{ matches: [HttpRouteMatch.pathPrefix(prefix)], filters: [filter], backends: [svc('echo', 8080)] }],
  });
  example('http-request-header-add.yaml', (c) => headerRoute(c, '/add-a-request-header', HttpRouteFilter.requestHeaderModifier({ add: { 'my-header-name': 'my-header-value' } })));
  example('http-request-header-remove.yaml', (c) => headerRoute(c, '/remove-a-request-header', HttpRouteFilter.requestHeaderModifier({ remove: ['x-request-id'] })));
  example('http-request-header-set.yaml', (c) => headerRoute(c, '/edit-a-request-header', HttpRouteFilter.requestHeaderModifier({ set: { 'my-header-name': 'my-new-header-value' } })));

  example('http-request-mirroring/httproute-mirroring.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'http-filter-mirror', labels: { gateway: 'mirror-gateway' } },
      parents: [gw('mirror-gateway')],
      hostnames: ['mirror.example'],
      rules: [{ backends: [svc('foo-v1', 8080)], filters: [HttpRouteFilter.requestMirror({ backend: svc('foo-v2', 8080) })] }],
    });
  });

  example('http-rewrite.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'http-filter-1', namespace: 'gateway-api-example-ns1' },
      parents: [gw('my-filter-gateway', 'http')],
      hostnames: ['my-filter.example.com'],
      rules: [{ filters: [HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replaceFullPath('/foo') })] }],
    });
  });

  const selectorGateway = (c: Chart, name: string, labels: Record<string, string>) => new Gateway(c, name, {
    metadata: { name, namespace: 'gateway-api-example-ns1' },
    gatewayClassName: 'foo-lb',
    listeners: [{
      name: 'prod-web',
      port: 80,
      protocol: GatewayProtocol.HTTP,
      allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }], namespaces: AllowedNamespaces.selector({ matchLabels: labels }) },
    }],
  });
  example('http-route-attachment/gateway-namespaces.yaml', (c) => selectorGateway(c, 'prod-gateway', { 'expose-apps': 'true' }));
  example('http-route-attachment/gateway-strict.yaml', (c) => selectorGateway(c, 'foo-gateway', { 'kubernetes.io/metadata.name': 'gateway-api-example-ns2' }));
  example('http-route-attachment/httproute.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'my-route', namespace: 'gateway-api-example-ns2' },
      parents: [GatewayParent.fromName('foo-gateway', { namespace: 'gateway-api-example-ns1' })],
      rules: [{ backends: [svc('foo-svc', 8080)] }],
    });
  });

  example('http-routing/bar-httproute.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'bar-route' },
      parents: [gw('example-gateway')],
      hostnames: ['bar.example.com'],
      rules: [
        { matches: [HttpRouteMatch.anyPath({ headers: [HeaderMatch.exact('env', 'canary')] })], backends: [svc('bar-svc-canary', 8080)] },
        { backends: [svc('bar-svc', 8080)] },
      ],
    });
  });

  example('http-routing/foo-httproute.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'foo-route' },
      parents: [gw('example-gateway')],
      hostnames: ['foo.example.com'],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/login')], backends: [svc('foo-svc', 8080)] }],
    });
  });

  example('http-routing/gateway.yaml', (c) => {
    const g = new Gateway(c, 'gw', { metadata: { name: 'example-gateway' }, gatewayClassName: 'example-gateway-class', listeners: [HTTP80] });
    new HttpRoute(c, 'r', { metadata: { name: 'example-route' }, parents: [GatewayParent.fromGateway(g)], hostnames: ['example.com'], rules: [{ backends: [svc('example-svc', 80)] }] });
  });

  example('httproute.yaml', (c) => {
    const r = new HttpRoute(c, 'r', { metadata: { name: 'my-app' } });
    r.addRule({ matches: [HttpRouteMatch.pathPrefix('/mypath')], backends: [svc('my-service-1', 8080)] });
    r.addRule({ matches: [HttpRouteMatch.pathPrefix('/mypath-012')], backends: [svc('my-service-2', 8080)] });
    r.addRule({ matches: [HttpRouteMatch.pathPrefix('/my%20path/123')], backends: [svc('my-service-3', 8080)] });
  });

  example('listenerset/listenerset.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'parent-gateway' },
      gatewayClassName: 'example',
      allowedListeners: AllowedNamespaces.selector({ matchLabels: { 'belongs-to': 'shared-gateway' } }),
      listeners: [{ name: 'foo', hostname: 'foo.com', protocol: GatewayProtocol.HTTP, port: 80 }],
    });
    for (const [team, n] of [['team-1-ns', 'first'], ['team-2-ns', 'second']]) {
      new ListenerSet(c, `${n}-ls`, {
        metadata: { name: `${n}-workload-listeners`, namespace: team },
        gatewayName: 'parent-gateway',
        gatewayNamespace: 'default',
        listeners: [{
          name: n,
          hostname: `${n}.foo.com`,
          protocol: GatewayProtocol.HTTPS,
          port: 443,
          tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName(`${n}-workload-cert`)] }),
        }],
      });
    }
  });

  const serviceImport = (name: string, port?: number, weight?: number, namespace?: string) => GatewayBackend.fromReference({ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name, port, weight, namespace });

  example('multicluster/httproute-gamma.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'store' },
      parents: [GatewayParent.fromReference({ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'store' })],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/cart')], backends: [serviceImport('cart')] }],
    });
  });

  example('multicluster/httproute-hybrid.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'store' },
      parents: [gw('external-http')],
      rules: [{ backends: [svc('store', 8080, 90), serviceImport('store-global', 8080, 10)] }],
    });
  });

  example('multicluster/httproute-location.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'store' },
      parents: [gw('external-http')],
      rules: [
        { matches: [HttpRouteMatch.pathPrefix('/west')], backends: [serviceImport('store-west', 8080)] },
        { matches: [HttpRouteMatch.pathPrefix('/east')], backends: [serviceImport('store-east', 8080)] },
        { backends: [serviceImport('store', 8080)] },
      ],
    });
  });

  example('multicluster/httproute-method.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'api' },
      parents: [gw('api-gw')],
      rules: [
        { matches: [HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE].map((method) => HttpRouteMatch.anyPath({ method })), backends: [serviceImport('api-primary', 8080)] },
        { backends: [serviceImport('api-replicas', 8080)] },
      ],
    });
  });

  example('multicluster/httproute-referencegrant.yaml', (c) => {
    // The example writes its own grant; generation is switched off so it is not doubled.
    new HttpRoute(c, 'r', {
      metadata: { name: 'foo', namespace: 'foo' },
      generateReferenceGrants: false,
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/bar')], backends: [serviceImport('bar', undefined, undefined, 'bar')] }],
    });
    new ReferenceGrant(c, 'g', {
      metadata: { name: 'bar', namespace: 'bar' },
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'foo' }],
      to: [{ group: 'multicluster.x-k8s.io', kind: 'ServiceImport' }],
    });
  });

  example('multicluster/httproute-simple.yaml', (c) => {
    new HttpRoute(c, 'r', { metadata: { name: 'store' }, parents: [gw('external-http')], rules: [{ backends: [serviceImport('store', 8080)] }] });
  });

  example('reference-grant.yaml', (c) => {
    new ReferenceGrant(c, 'g', {
      metadata: { name: 'allow-prod-traffic' },
      from: [{ kind: 'HTTPRoute', namespace: 'prod' }],
      to: [{ kind: 'Service' }],
    });
  });

  example('simple-gateway/gateway.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'prod-web' },
      gatewayClassName: 'example',
      listeners: [{ protocol: GatewayProtocol.HTTP, port: 80, name: 'prod-web-gw', allowedRoutes: { namespaces: AllowedNamespaces.same() } }],
    });
  });

  example('simple-gateway/httproute.yaml', (c) => {
    new HttpRoute(c, 'r', { metadata: { name: 'foo' }, parents: [gw('prod-web')], rules: [{ backends: [svc('foo-svc', 8080)] }] });
  });

  example('simple-http-https/bar-route.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'bar' },
      parents: [gw('example-gateway', 'https')],
      hostnames: ['bar.example.com'],
      rules: [{ matches: [HttpRouteMatch.pathPrefix('/')], backends: [svc('bar-app', 80)] }],
    });
  });

  example('simple-http-https/foo-route.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'foo' },
      parents: [gw('example-gateway', 'https')],
      hostnames: ['foo.example.com'],
      rules: [
        { matches: [HttpRouteMatch.pathPrefix('/')], backends: [svc('foo-app', 80)] },
        { matches: [HttpRouteMatch.pathPrefix('/orders')], backends: [svc('foo-orders-app', 80)] },
      ],
    });
  });

  example('simple-http-https/gateway.yaml', (c) => {
    const tls = (name: string) => GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName(name)] });
    new Gateway(c, 'gw', {
      metadata: { name: 'example-gateway' },
      gatewayClassName: 'prod',
      listeners: [
        { name: 'http', port: 80, protocol: GatewayProtocol.HTTP, hostname: '*.example.com' },
        { name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, hostname: '*.example.com', tls: tls('example-com') },
        { name: 'https-default-tls-mode', port: 8443, protocol: GatewayProtocol.HTTPS, hostname: '*.foo.com', tls: tls('foo-com') },
      ],
    });
  });

  example('simple-http-https/tls-redirect-route.yaml', (c) => {
    new HttpRoute(c, 'r', {
      metadata: { name: 'tls-redirect' },
      parents: [gw('example-gateway', 'http')],
      hostnames: ['foo.example.com', 'bar.example.com'],
      rules: [{ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, port: 443 })] }],
    });
  });

  example('tcp-routing/gateway.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'my-tcp-gateway' },
      gatewayClassName: 'my-tcp-gateway-class',
      listeners: [{ name: 'foo', protocol: GatewayProtocol.TCP, port: 8080, allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] } }],
    });
  });

  example('tcp-routing/tcp-route.yaml', (c) => {
    new TcpRoute(c, 'r', { metadata: { name: 'tcp-app-1' }, parents: [gw('my-tcp-gateway', 'foo')], backends: [svc('my-foo-service', 6000)] });
  });

  const tlsGateway = (c: Chart, name: string, listeners: Array<[string, string]>) => new Gateway(c, 'gw', {
    metadata: { name },
    gatewayClassName: 'example',
    listeners: listeners.map(([host, cert], i) => ({
      name: name === 'tls-basic' ? ['foo-https', 'bar-https'][i] : ['foo-https', 'wildcard-https'][i],
      protocol: GatewayProtocol.HTTPS,
      port: 443,
      hostname: host,
      tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName(cert)] }),
    })),
  });
  example('tls-basic.yaml', (c) => tlsGateway(c, 'tls-basic', [['foo.example.com', 'foo-example-com-cert'], ['bar.example.com', 'bar-example-com-cert']]));
  example('wildcard-tls-gateway.yaml', (c) => tlsGateway(c, 'wildcard-tls-gateway', [['foo.example.com', 'foo-example-com-cert'], ['*.example.com', 'wildcard-example-com-cert']]));

  example('tls-cert-cross-namespace.yaml', (c) => {
    // The example's grant allows every Secret of ns2 and has its own name; build it as written.
    new Gateway(c, 'gw', {
      metadata: { name: 'cross-namespace-tls-gateway', namespace: 'gateway-api-example-ns1' },
      gatewayClassName: 'example',
      generateReferenceGrants: false,
      listeners: [{
        name: 'https',
        protocol: GatewayProtocol.HTTPS,
        port: 443,
        hostname: '*.example.com',
        tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('wildcard-example-com-cert', { namespace: 'gateway-api-example-ns2' })] }),
      }],
    });
    new ReferenceGrant(c, 'g', {
      metadata: { name: 'allow-ns1-gateways-to-ref-secrets', namespace: 'gateway-api-example-ns2' },
      from: [{ kind: 'Gateway', namespace: 'gateway-api-example-ns1' }],
      to: [{ kind: 'Secret' }],
    });
  });

  example('tls-routing/gateway.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'example-gateway' },
      gatewayClassName: 'example-gateway-class',
      listeners: [
        { name: 'tls', protocol: GatewayProtocol.TLS, port: 443, tls: GatewayTls.passthrough() },
        { name: 'tls-terminate', protocol: GatewayProtocol.TLS, port: 8443, tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('tls-terminate-certificate')] }) },
      ],
    });
  });

  example('tls-routing/tls-route-terminate.yaml', (c) => {
    new TlsRoute(c, 'r', { metadata: { name: 'bar-route' }, parents: [gw('example-gateway', 'tls-terminate')], hostnames: ['bar.example.com'], backends: [svc('bar-svc', 8080)] });
  });

  example('tls-routing/tls-route.yaml', (c) => {
    new TlsRoute(c, 'r', { metadata: { name: 'foo-route' }, parents: [gw('example-gateway', 'tls')], hostnames: ['foo.example.com'], backends: [svc('foo-svc', 443)] });
  });

  example('traffic-splitting/grpc-traffic-split-2.yaml', (c) => {
    new GrpcRoute(c, 'r', {
      metadata: { name: 'foo-route', labels: { gateway: 'prod-web-gw' } },
      hostnames: ['foo.example.com'],
      rules: [{ backends: [svc('foo-v1', 50051, 90), svc('foo-v2', 50051, 10)] }],
    });
  });

  example('traffic-splitting/simple-split.yaml', (c) => {
    new HttpRoute(c, 'r', { metadata: { name: 'simple-split' }, rules: [{ backends: [svc('foo-v1', 8080, 90), svc('foo-v2', 8080, 10)] }] });
  });

  const splitRoute = (c: Chart) => new HttpRoute(c, 'r', { metadata: { name: 'foo-route', labels: { gateway: 'prod-web-gw' } }, hostnames: ['foo.example.com'] });
  example('traffic-splitting/traffic-split-1.yaml', (c) => {
    const r = splitRoute(c);
    r.addRule({ backends: [svc('foo-v1', 8080)] });
    r.addRule({ matches: [HttpRouteMatch.anyPath({ headers: [HeaderMatch.exact('traffic', 'test')] })], backends: [svc('foo-v2', 8080)] });
  });
  example('traffic-splitting/traffic-split-2.yaml', (c) => splitRoute(c).addRule({ backends: [svc('foo-v1', 8080, 90), svc('foo-v2', 8080, 10)] }));
  example('traffic-splitting/traffic-split-3.yaml', (c) => splitRoute(c).addRule({ backends: [svc('foo-v1', 8080, 0), svc('foo-v2', 8080, 1)] }));

  example('udp-routing/gateway.yaml', (c) => {
    new Gateway(c, 'gw', {
      metadata: { name: 'my-udp-gateway' },
      gatewayClassName: 'my-udp-gateway-class',
      listeners: [{ name: 'foo', protocol: GatewayProtocol.UDP, port: 8080, allowedRoutes: { kinds: [{ kind: 'UDPRoute' }] } }],
    });
  });

  example('udp-routing/udp-route.yaml', (c) => {
    new UdpRoute(c, 'r', { metadata: { name: 'udp-app-1' }, parents: [gw('my-udp-gateway', 'foo')], backends: [svc('my-foo-service', 6000)] });
  });

  test('every example file is rebuilt above or has no Gateway API objects', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e.name)) files.push(path.relative(EXAMPLES, p));
      }
    };
    walk(EXAMPLES);
    const missing = files.filter((f) => !COVERED.has(f) && !(f in NOT_APPLICABLE)).sort();
    expect(missing).toStrictEqual([]);
    for (const f of Object.keys(NOT_APPLICABLE)) expect(exampleObjects(f)).toStrictEqual([]);
    expect(COVERED.size).toBeGreaterThan(60);
  });

  test('fails: a difference that is not a default is reported (the comparison is not vacuous)', () => {
    const { app, chart } = exampleChart();
    new HttpRoute(chart, 'r', { metadata: { name: 'simple-split' }, rules: [{ backends: [svc('foo-v1', 8080, 80), svc('foo-v2', 8080, 20)] }] });
    expect(comparable(gatewayObjects(app))).not.toStrictEqual(comparable(exampleObjects('traffic-splitting/simple-split.yaml')));
  });
});

// The Namespace objects of the cross-namespace example make the attachment check
// evaluate the listener's label selector against real labels.
test('cross-namespace-routing: routes attach to the Gateway construct through its label selector', () => {
  const { app, chart } = exampleChart();
  for (const ns of ['infra-ns', 'site-ns', 'store-ns']) {
    new ApiObject(chart, ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'shared-gateway-access': 'true' } } });
  }
  const g = new Gateway(chart, 'gw', {
    metadata: { name: 'shared-gateway', namespace: 'infra-ns' },
    gatewayClassName: 'shared-gateway-class',
    listeners: [{
      name: 'https',
      hostname: 'foo.example.com',
      protocol: GatewayProtocol.HTTPS,
      port: 443,
      allowedRoutes: { namespaces: AllowedNamespaces.selector({ matchLabels: { 'shared-gateway-access': 'true' } }) },
      tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecretName('foo-example-com')] }),
    }],
  });
  new HttpRoute(chart, 'store', {
    metadata: { name: 'store', namespace: 'store-ns' },
    parents: [GatewayParent.fromGateway(g)],
    rules: [{ matches: [HttpRouteMatch.pathPrefix('/store')], backends: [svc('store', 8080)] }],
  });
  const expected = exampleObjects('cross-namespace-routing/gateway.yaml').concat(exampleObjects('cross-namespace-routing/store-route.yaml'));
  expect(comparable(gatewayObjects(app))).toStrictEqual(comparable(expected));
});
