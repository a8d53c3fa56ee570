/**
 * OpenShift Routes with cdk8s-routing: edge TLS with a redirect, passthrough,
 * reencrypt, a 90/10 weighted split and path-based routing, all in namespace `demo`.
 *
 *   npx ts-node --project tsconfig.dev.json examples/route-app.ts   # writes dist/examples/route/
 */
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  InsecureEdgeTerminationPolicy, Route, RouteBackend, RouteCertificate, RouteHeaderAction, RouteTls,
} from '../src';

/** Options of the example. */
export interface RouteAppOptions {
  /** Certificate and key (PEM) for shop.apps.local; without it the router's default certificate is served. */
  readonly edgeCertificate?: { readonly certificate: string; readonly key: string };
  /** CA (PEM) that signs the api pods' certificates; without it the service-serving CA is used. */
  readonly destinationCaCertificate?: string;
}

/** A Service listening on `port` (pods on the same port), selecting pods labelled `app: <id>`. */
function service(scope: Construct, id: string, port = 8080): kplus.Service {
  const svc = new kplus.Service(scope, `${id}-service`, { metadata: { name: id }, ports: [{ port, targetPort: port }] });
  svc.selectLabel('app', id);
  return svc;
}

/** Builds the example chart into `app`. */
export function buildRouteApp(app: App, options: RouteAppOptions = {}): Chart {
  const chart = new Chart(app, 'route-example', { namespace: 'demo' });

  // Edge TLS: the router terminates TLS; plain HTTP is redirected to HTTPS.
  new Route(chart, 'shop', {
    metadata: { name: 'shop' },
    host: 'shop.apps.local',
    to: RouteBackend.fromService(service(chart, 'shop')),
    tls: RouteTls.edge({
      certificate: options.edgeCertificate ? RouteCertificate.fromPem(options.edgeCertificate) : undefined,
      insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.REDIRECT,
    }),
    hsts: { maxAge: Duration.days(1) },
    responseHeaders: [RouteHeaderAction.set('X-Frame-Options', 'DENY')],
  });

  // Passthrough: the pods terminate TLS themselves (chosen by SNI); plain HTTP is redirected.
  new Route(chart, 'secure', {
    metadata: { name: 'secure' },
    host: 'secure.apps.local',
    to: RouteBackend.fromService(service(chart, 'secure', 8443)),
    tls: RouteTls.passthrough({ insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.REDIRECT }),
  });

  // Reencrypt: the router terminates TLS and opens a new TLS connection to the pods.
  new Route(chart, 'api', {
    metadata: { name: 'api' },
    host: 'api.apps.local',
    to: RouteBackend.fromService(service(chart, 'api', 8443)),
    tls: RouteTls.reencrypt({ destinationCaCertificate: options.destinationCaCertificate }),
    timeout: Duration.seconds(60),
  });

  // Weighted: 90% of new clients to v1, 10% to v2 (the router's cookie keeps a client on its endpoint).
  new Route(chart, 'canary', {
    metadata: { name: 'canary' },
    host: 'canary.apps.local',
    to: RouteBackend.fromService(service(chart, 'canary-v1'), { weight: 90 }),
    alternateBackends: [RouteBackend.fromService(service(chart, 'canary-v2'), { weight: 10 })],
  });

  // Path-based: the longest matching path wins, so /static/... goes to the static Service.
  const web = service(chart, 'web');
  const assets = service(chart, 'static');
  new Route(chart, 'www', { metadata: { name: 'www' }, host: 'www.apps.local', path: '/', to: RouteBackend.fromService(web) });
  new Route(chart, 'www-static', { metadata: { name: 'www-static' }, host: 'www.apps.local', path: '/static', to: RouteBackend.fromService(assets) });

  return chart;
}

if (require.main === module) {
  const app = new App({ outdir: path.join(process.cwd(), 'dist', 'examples', 'route') });
  buildRouteApp(app);
  app.synth();
  console.log(`wrote ${app.outdir}`);
}
