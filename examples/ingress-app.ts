/**
 * Kubernetes Ingress with cdk8s-routing (ingress-nginx semantics; legacy, see
 * docs/ingress.md): an nginx-class Ingress with Prefix and Exact paths and TLS
 * whose Secret cert-manager issues, and a stable + canary pair (canary weight 20),
 * all in namespace `ingress-demo`.
 *
 *   npx ts-node --project tsconfig.dev.json examples/ingress-app.ts   # writes dist/examples/ingress/
 */
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CertManagerIssuer, Ingress, IngressBackend, IngressClass, PathType } from '../src';

/** Options of the example. */
export interface IngressAppOptions {
  /**
   * Certificate and key (PEM) for shop.ingress.local. On a cluster cert-manager
   * writes the `shop-tls` Secret; for local runs the example includes it when given.
   */
  readonly shopCertificate?: { readonly certificate: string; readonly key: string };
}

/** A Service on port 80 (pods on 8080), selecting pods labelled `app: <id>`. */
function service(scope: Construct, id: string): kplus.Service {
  const svc = new kplus.Service(scope, `${id}-service`, { metadata: { name: id }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  svc.selectLabel('app', id);
  return svc;
}

/** Builds the example chart into `app`. */
export function buildIngressApp(app: App, options: IngressAppOptions = {}): Chart {
  const chart = new Chart(app, 'ingress-example', { namespace: 'ingress-demo' });
  new IngressClass(chart, 'nginx', { metadata: { name: 'nginx' }, controller: 'k8s.io/ingress-nginx' });

  // Several paths, TLS from cert-manager; HTTP is redirected to HTTPS (308).
  const shop = new Ingress(chart, 'shop', {
    metadata: { name: 'shop' },
    ingressClassName: 'nginx',
    tls: [{ hosts: ['shop.ingress.local'], secretName: 'shop-tls' }],
    certManager: CertManagerIssuer.clusterIssuer('letsencrypt'),
    nginx: { proxyBodySize: Size.mebibytes(8), proxyTimeouts: { read: Duration.seconds(30) } },
  });
  shop.addRule('shop.ingress.local', '/', IngressBackend.fromService(service(chart, 'web')));
  shop.addRule('shop.ingress.local', '/api', IngressBackend.fromService(service(chart, 'api')));
  shop.addRule('shop.ingress.local', '/healthz', IngressBackend.fromService(service(chart, 'health')), { pathType: PathType.EXACT });
  if (options.shopCertificate) {
    new kplus.TlsSecret(chart, 'shop-tls', {
      metadata: { name: 'shop-tls' },
      tlsCert: options.shopCertificate.certificate,
      tlsKey: options.shopCertificate.key,
    });
  }

  // Stable + canary: 20% of requests go to v2; `X-Canary: always` forces the canary.
  const store = new Ingress(chart, 'store', { metadata: { name: 'store' }, ingressClassName: 'nginx' });
  store.addRule('store.ingress.local', '/', IngressBackend.fromService(service(chart, 'store-v1')));
  store.addCanary('store-canary', {
    metadata: { name: 'store-canary' },
    backend: IngressBackend.fromService(service(chart, 'store-v2')),
    weight: 20,
    byHeader: 'X-Canary',
  });
  return chart;
}

if (require.main === module) {
  const app = new App({ outdir: path.join(process.cwd(), 'dist', 'examples', 'ingress') });
  buildIngressApp(app);
  app.synth();
  console.log(`wrote ${app.outdir}`);
}
