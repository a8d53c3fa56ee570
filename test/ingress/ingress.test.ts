import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  BackendProtocol, CertManagerIssuer, Ingress, IngressBackend, IngressClass, IngressClassParametersScope, PathType, SessionCookieSameSite,
} from '../../src';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'shop' });
}
const ofKind = (c: Chart, kind: string) => Testing.synth(c).filter((o: any) => o.kind === kind);

describe('Ingress construct', () => {
  test('rules by host and path with path types, default backend, TLS, class and cert-manager', () => {
    const c = chart();
    const web = new kplus.Service(c, 'web', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
    const secret = kplus.Secret.fromSecretName(c, 'tls', 'shop-tls');
    const ing = new Ingress(c, 'shop', {
      metadata: { name: 'shop' },
      ingressClassName: 'nginx',
      defaultBackend: IngressBackend.fromServiceName('fallback', { portName: 'http' }),
      tls: [{ hosts: ['shop.example.com'], secret }],
      certManager: CertManagerIssuer.clusterIssuer('letsencrypt'),
    });
    ing.addRule('shop.example.com', '/', IngressBackend.fromService(web));
    ing.addRule('shop.example.com', '/exact', IngressBackend.fromServiceName('api', { port: 80 }), { pathType: PathType.EXACT });
    ing.addRule('', '/static', IngressBackend.fromResource({ apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' }), { pathType: PathType.IMPLEMENTATION_SPECIFIC });
    expect(ofKind(c, 'Ingress')).toStrictEqual([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop', namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      spec: {
        ingressClassName: 'nginx',
        defaultBackend: { service: { name: 'fallback', port: { name: 'http' } } },
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } },
                { path: '/exact', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 80 } } } },
              ],
            },
          },
          { http: { paths: [{ path: '/static', pathType: 'ImplementationSpecific', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' } } }] } },
        ],
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      },
    }]);
  });

  test('typed ingress-nginx settings become annotations', () => {
    const c = chart();
    const ing = new Ingress(c, 'api', {
      metadata: { name: 'api' },
      nginx: {
        sslRedirect: false,
        forceSslRedirect: true,
        backendProtocol: BackendProtocol.HTTPS,
        rewriteTarget: '/$2',
        useRegex: true,
        proxyBodySize: Size.mebibytes(8),
        allowedSourceRanges: ['10.0.0.0/8', '192.168.1.10'],
        sessionAffinity: { name: 'SID', maxAge: Duration.hours(1), sameSite: SessionCookieSameSite.LAX, secure: true },
        rateLimit: { requestsPerSecond: 10, requestsPerMinute: 300, connections: 5, burstMultiplier: 2 },
        proxyTimeouts: { connect: Duration.seconds(3), send: Duration.seconds(30), read: Duration.minutes(2) },
        cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type'], allowCredentials: false, maxAge: Duration.minutes(10) },
      },
    });
    ing.addRule('api.example.com', '/api(/|$)(.*)', IngressBackend.fromServiceName('api', { port: 80 }), { pathType: PathType.IMPLEMENTATION_SPECIFIC });
    const p = 'nginx.ingress.kubernetes.io/';
    expect(ofKind(c, 'Ingress')[0].metadata.annotations).toStrictEqual({
      [`${p}ssl-redirect`]: 'false',
      [`${p}force-ssl-redirect`]: 'true',
      [`${p}backend-protocol`]: 'HTTPS',
      [`${p}rewrite-target`]: '/$2',
      [`${p}use-regex`]: 'true',
      [`${p}proxy-body-size`]: '8m',
      [`${p}allowlist-source-range`]: '10.0.0.0/8,192.168.1.10',
      [`${p}affinity`]: 'cookie',
      [`${p}session-cookie-name`]: 'SID',
      [`${p}session-cookie-max-age`]: '3600',
      [`${p}session-cookie-samesite`]: 'Lax',
      [`${p}session-cookie-secure`]: 'true',
      [`${p}limit-rps`]: '10',
      [`${p}limit-rpm`]: '300',
      [`${p}limit-connections`]: '5',
      [`${p}limit-burst-multiplier`]: '2',
      [`${p}proxy-connect-timeout`]: '3',
      [`${p}proxy-send-timeout`]: '30',
      [`${p}proxy-read-timeout`]: '120',
      [`${p}enable-cors`]: 'true',
      [`${p}cors-allow-origin`]: 'https://app.example.com',
      [`${p}cors-allow-methods`]: 'GET, POST',
      [`${p}cors-allow-headers`]: 'Content-Type',
      [`${p}cors-allow-credentials`]: 'false',
      [`${p}cors-max-age`]: '600',
    });
  });

  test('addCanary makes a canary Ingress with the same hosts, paths and path types and another Service', () => {
    const c = chart();
    const main = new Ingress(c, 'stable', { metadata: { name: 'stable' }, ingressClassName: 'nginx' });
    main.addRule('shop.example.com', '/', IngressBackend.fromServiceName('shop-v1', { port: 80 }));
    main.addRule('shop.example.com', '/api', IngressBackend.fromServiceName('api-v1', { port: 80 }), { pathType: PathType.EXACT });
    const canary = main.addCanary('canary', {
      backend: IngressBackend.fromServiceName('shop-v2', { port: 80 }),
      weight: 20,
      byHeader: 'X-Canary',
      byHeaderValue: 'yes',
      byCookie: 'canary',
      metadata: { name: 'stable-canary' },
    });
    expect(canary.canaryOf).toBe(main);
    const out = ofKind(c, 'Ingress').find((o: any) => o.metadata.name === 'stable-canary');
    expect(out.metadata.annotations).toStrictEqual({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '20',
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'yes',
      'nginx.ingress.kubernetes.io/canary-by-cookie': 'canary',
    });
    expect(out.spec).toStrictEqual({
      ingressClassName: 'nginx',
      rules: [{
        host: 'shop.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'shop-v2', port: { number: 80 } } } },
            { path: '/api', pathType: 'Exact', backend: { service: { name: 'shop-v2', port: { number: 80 } } } },
          ],
        },
      }],
    });
  });

  test('fails: a canary that cannot attach or is malformed', () => {
    const c = chart();
    const empty = new Ingress(c, 'empty', { defaultBackend: IngressBackend.fromServiceName('x', { port: 80 }) });
    const b = (n: string) => IngressBackend.fromServiceName(n, { port: 80 });
    expect(() => empty.addCanary('c0', { backend: b('v2'), weight: 10 })).toThrow(/no rules to attach to/);
    const main = new Ingress(c, 'main');
    main.addRule('a.example.com', '/', b('v1'));
    expect(() => main.addCanary('c1', { backend: b('v1'), weight: 10 })).toThrow(/also the main Ingress's Service/);
    expect(() => main.addCanary('c2', { backend: b('v2'), weight: 120 })).toThrow(/weight: must be an integer between 0 and 100, got 120/);
    expect(() => main.addCanary('c3', { backend: b('v2') })).toThrow(/give a weight, byHeader or byCookie/);
    expect(() => main.addCanary('c4', { backend: b('v2'), byHeaderValue: 'x' })).toThrow(/need byHeader/);
    expect(() => main.addCanary('c5', { backend: b('v2'), byHeader: 'X', byHeaderPattern: '(' })).toThrow(/not a regular expression/);
    const ok = main.addCanary('c6', { backend: b('v2'), weight: 50 });
    expect(() => main.addCanary('c7', { backend: b('v3'), weight: 10 })).toThrow(/one canary per host and path/);
    expect(() => ok.addRule('b.example.com', '/', b('v9'))).toThrow(/takes its rules from its main Ingress/);
    expect(() => main.addRule('b.example.com', '/', b('v2'))).toThrow(/also the main Ingress's Service/);
  });

  test('fails: bad rules, backends and settings throw at once with the bad value', () => {
    const c = chart();
    const ing = new Ingress(c, 'x');
    const b = IngressBackend.fromServiceName('web', { port: 80 });
    expect(() => ing.addRule('10.0.0.1:80', '/', b)).toThrow(/invalid host/);
    expect(() => ing.addRule('a.example.com', 'app', b)).toThrow(/must start with "\/"/);
    expect(() => ing.addRule('a.example.com', '/a//b', b, { pathType: PathType.EXACT })).toThrow(/must not contain/);
    ing.addRule('a.example.com', '/', b);
    expect(() => ing.addRule('a.example.com', '/', b)).toThrow(/already defined/);
    expect(() => IngressBackend.fromServiceName('1web', { port: 80 })).toThrow(/RFC 1035/);
    expect(() => IngressBackend.fromServiceName('web')).toThrow(/give port or portName/);
    expect(() => IngressBackend.fromServiceName('web', { port: 80, portName: 'http' })).toThrow(/not both/);
    expect(() => IngressBackend.fromServiceName('web', { portName: 'http--x' })).toThrow(/IANA/);
    expect(() => IngressBackend.fromResource({ kind: 'Bucket', name: 'a/b' })).toThrow(/invalid name/);
    expect(() => new Ingress(c, 'y', { nginx: { allowedSourceRanges: ['10.0.0.0/33'] } })).toThrow(/allowedSourceRanges\[0\]: invalid IP address or CIDR "10.0.0.0\/33"/);
    expect(() => new Ingress(c, 'z', { nginx: { rewriteTarget: '/a b' } })).toThrow(/invalid rewriteTarget/);
    expect(() => new Ingress(c, 'w', { nginx: { proxyTimeouts: { read: Duration.millis(1500) } } })).toThrow(/whole, non-negative number of seconds/);
    expect(() => new Ingress(c, 'v', { nginx: { rateLimit: {} } })).toThrow(/at least one of/);
    expect(() => new Ingress(c, 'u', { nginx: { sessionAffinity: { name: 'a b' } } })).toThrow(/invalid sessionAffinity.name/);
    expect(() => new Ingress(c, 's', { nginx: { sslPassthrough: true, sslRedirect: false } })).toThrow(/sslPassthrough makes every other nginx setting ineffective \(remove sslRedirect\)/);
    expect(new Ingress(c, 'r', { nginx: { sslPassthrough: true } }).apiObject.toJson().metadata.annotations).toStrictEqual({ 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' });
    expect(() => new Ingress(c, 't', { nginx: { sslRedirect: true }, metadata: { annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } } }))
      .toThrow(/which a typed prop also sets/);
  });

  test('fails at synthesis: an Ingress without rules or default backend; manifest validators run on the object', () => {
    const app = new App({ outdir: '/nonexistent-not-written' });
    const c = new Chart(app, 'c', { namespace: 'shop' });
    new Ingress(c, 'empty');
    expect(() => app.synthYaml()).toThrow(/ingress.construct.empty/);
  });

  test('IngressClass (cluster-scoped: no namespace even in a namespaced chart)', () => {
    const c = chart();
    const cls = new IngressClass(c, 'nginx', { metadata: { name: 'nginx' }, controller: 'k8s.io/ingress-nginx', isDefault: true });
    expect(cls.name).toBe('nginx');
    expect(ofKind(c, 'IngressClass')).toStrictEqual([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: 'k8s.io/ingress-nginx' },
    }]);
    expect(() => new IngressClass(c, 'bad', { controller: 'nginx' })).toThrow(/domain-prefixed path/);
    const withParams = new IngressClass(c, 'params', {
      controller: 'example.com/lb', parameters: { apiGroup: 'k8s.example.com', kind: 'LbParams', name: 'p', scope: IngressClassParametersScope.NAMESPACE, namespace: 'ops' },
    });
    expect(withParams.apiObject.toJson().spec).toStrictEqual({
      controller: 'example.com/lb', parameters: { apiGroup: 'k8s.example.com', kind: 'LbParams', name: 'p', scope: 'Namespace', namespace: 'ops' },
    });
    expect(() => new IngressClass(c, 'p2', { controller: 'example.com/lb', parameters: { kind: 'K', name: 'n', scope: IngressClassParametersScope.NAMESPACE } }))
      .toThrow(/scope Namespace needs a namespace/);
    expect(() => new IngressClass(c, 'p3', { controller: 'example.com/lb', parameters: { kind: 'K', name: 'n', namespace: 'x' } }))
      .toThrow(/scope Cluster forbids a namespace/);
  });
});
