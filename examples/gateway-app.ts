/**
 * Gateway API with cdk8s-routing: a Gateway with an HTTP and an HTTPS listener
 * (certificate from a cdk8s-plus Secret built from PEM), an HTTP→HTTPS redirect,
 * a header-matched canary rule and an 80/20 weighted split, in namespace `gateway-demo`.
 *
 *   npx ts-node --project tsconfig.dev.json examples/gateway-app.ts   # writes dist/examples/gateway/
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  DevCertificateAuthority, Gateway, GatewayBackend, GatewayCertificate, GatewayClass, GatewayParent, GatewayProtocol, GatewayTls,
  HeaderMatch, HttpRoute, HttpRouteFilter, HttpRouteMatch, RedirectScheme, RedirectStatusCode, TlsCertificate,
} from '../src';

/** The host the example serves; the certificate must cover it. */
export const GATEWAY_APP_HOST = 'shop.gateway.local';

/** Options of the example. */
export interface GatewayAppOptions {
  /** Serving certificate for `GATEWAY_APP_HOST` (PEM, leaf first). */
  readonly certificatePem: string;
  /** Its private key (PEM). */
  readonly keyPem: string;
}

/** A Service on port 8080 selecting pods labelled `app: <name>`. */
function service(scope: Construct, name: string): kplus.Service {
  const svc = new kplus.Service(scope, `${name}-service`, { metadata: { name }, ports: [{ port: 8080, targetPort: 8080 }] });
  svc.selectLabel('app', name);
  return svc;
}

/** Builds the example chart into `app`. */
export function buildGatewayApp(app: App, options: GatewayAppOptions): Chart {
  const chart = new Chart(app, 'gateway-example', { namespace: 'gateway-demo' });

  // The PEM is checked (X.509 parse, key matches certificate) before it becomes a kubernetes.io/tls Secret.
  const tlsSecret = TlsCertificate.fromPem({ certificate: options.certificatePem, key: options.keyPem })
    .toSecret(chart, 'shop-tls', { metadata: { name: 'shop-tls' } });

  const gatewayClass = new GatewayClass(chart, 'class', {
    metadata: { name: 'cdk8s-routing' },
    controllerName: 'cdk8s-routing.local/haproxy',
    description: 'Local HAProxy rendered by cdk8s-routing',
  });

  const gateway = new Gateway(chart, 'edge', {
    metadata: { name: 'edge' },
    gatewayClass,
    listeners: [
      { name: 'http', port: 80, protocol: GatewayProtocol.HTTP, hostname: GATEWAY_APP_HOST },
      {
        name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, hostname: GATEWAY_APP_HOST,
        tls: GatewayTls.terminate({ certificates: [GatewayCertificate.fromSecret(tlsSecret)] }),
      },
    ],
  });

  // Plain HTTP: every request is redirected to HTTPS (301).
  new HttpRoute(chart, 'shop-redirect', {
    metadata: { name: 'shop-redirect' },
    parents: [GatewayParent.fromGateway(gateway, { sectionName: 'http' })],
    hostnames: [GATEWAY_APP_HOST],
    rules: [{ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, statusCode: RedirectStatusCode.MOVED_PERMANENTLY })] }],
  });

  // HTTPS: canary by header, a weighted split under /api, everything else to shop.
  const shop = new HttpRoute(chart, 'shop', {
    metadata: { name: 'shop' },
    parents: [GatewayParent.fromGateway(gateway, { sectionName: 'https' })],
    hostnames: [GATEWAY_APP_HOST],
  });
  shop.addRule({
    name: 'canary',
    matches: [HttpRouteMatch.anyPath({ headers: [HeaderMatch.exact('x-env', 'canary')] })],
    backends: [GatewayBackend.fromService(service(chart, 'shop-canary'))],
  });
  shop.addRule({
    name: 'api',
    matches: [HttpRouteMatch.pathPrefix('/api')],
    backends: [
      GatewayBackend.fromService(service(chart, 'api-v1'), { weight: 80 }),
      GatewayBackend.fromService(service(chart, 'api-v2'), { weight: 20 }),
    ],
  });
  shop.addRule({ name: 'default', backends: [GatewayBackend.fromService(service(chart, 'shop'))] });

  return chart;
}

if (require.main === module) {
  void (async () => {
    const ca = await DevCertificateAuthority.load();
    const cert = await ca.issue([GATEWAY_APP_HOST]);
    const app = new App({ outdir: path.join(process.cwd(), 'dist', 'examples', 'gateway') });
    buildGatewayApp(app, { certificatePem: cert.certificatePem, keyPem: cert.keyPem });
    app.synth();
    console.log(`wrote ${app.outdir}`);
  })();
}
