import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CA, CERT, KEY } from './helpers';
import {
  CookieSameSite, InsecureEdgeTerminationPolicy, LoadBalancingAlgorithm, Route, RouteBackend, RouteCertificate, RouteCookies,
  RouteHeaderAction, RouteTls,
} from '../../src/route';

function appAndChart(): { app: App; chart: Chart } {
  const app = new App({ outdir: '/nonexistent-not-written' });
  return { app, chart: new Chart(app, 'shop', { namespace: 'demo' }) };
}

/** The validation error message of app.synthYaml(), or undefined when it passes. */
function synthError(app: App): string | undefined {
  try {
    app.synthYaml();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('validation at synth', () => {
  test('fails for an upper-case host, with construct path, field path and rule', () => {
    const { app, chart } = appAndChart();
    new Route(chart, 'web', { host: 'Shop.apps.local', to: RouteBackend.fromServiceName('web') });
    const message = synthError(app);
    expect(message).toContain('Validation failed with the following errors:');
    expect(message).toContain('[shop/web] spec.host: Invalid value: "Shop.apps.local": label "Shop": ');
    expect(message).toContain('[route.host.dns-label]');
  });

  test('fails for an invalid path, with the manifest validator\'s rule', () => {
    const { app, chart } = appAndChart();
    new Route(chart, 'web', { host: 'shop.apps.local', path: 'static', to: RouteBackend.fromServiceName('web') });
    expect(synthError(app)).toContain('[shop/web] spec.path: Invalid value: "static": path must begin with / [route.path.absolute]');
  });

  test('fails for a target port that matches no port of the kplus Service', () => {
    const { app, chart } = appAndChart();
    const v1 = new kplus.Service(chart, 'v1', { ports: [{ port: 80, targetPort: 8080 }] });
    const v2 = new kplus.Service(chart, 'v2', { ports: [{ name: 'http', port: 80, targetPort: 9090 }] });
    new Route(chart, 'canary', {
      host: 'canary.apps.local',
      to: RouteBackend.fromService(v1, { weight: 90 }),
      alternateBackends: [RouteBackend.fromService(v2, { weight: 10 })],
    });
    expect(synthError(app)).toContain(
      `[shop/canary] spec.alternateBackends[0]: targetPort 8080 matches no port of Service "${v2.name}" (http: port 80 -> targetPort 9090); `
      + 'the router matches the pods\' port number or the Service port\'s name, so this backend would get no endpoints [route.construct.port-mismatch]',
    );
  });

  test('fails for an explicit targetPort given as the Service port instead of the pod port', () => {
    const { app, chart } = appAndChart();
    const svc = new kplus.Service(chart, 'svc', { ports: [{ port: 80, targetPort: 8080 }] });
    new Route(chart, 'web', { host: 'shop.apps.local', to: RouteBackend.fromService(svc, { targetPort: 80 }) });
    expect(synthError(app)).toContain('[shop/web] spec.to: targetPort 80 matches no port of Service');
  });

  test('a port name of the Service passes', () => {
    const { app, chart } = appAndChart();
    const svc = new kplus.Service(chart, 'svc', { ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
    new Route(chart, 'web', { host: 'shop.apps.local', to: RouteBackend.fromService(svc, { targetPortName: 'http' }) });
    expect(synthError(app)).toBeUndefined();
  });

  test('warnings do not fail synthesis by default', () => {
    const { app, chart } = appAndChart();
    new Route(chart, 'web', { host: 'shop.apps.local', subdomain: 'shop', to: RouteBackend.fromServiceName('web') });
    expect(synthError(app)).toBeUndefined();
  });

  test('fails for warnings with failOnWarnings', () => {
    const { app, chart } = appAndChart();
    new Route(chart, 'web', { host: 'shop.apps.local', subdomain: 'shop', to: RouteBackend.fromServiceName('web'), failOnWarnings: true });
    expect(synthError(app)).toContain('[shop/web] spec.subdomain: spec.host is set; spec.subdomain may be ignored [route.subdomain.ignored]');
  });

  test('a route using every prop passes validation, warnings included', () => {
    const { app, chart } = appAndChart();
    const v1 = new kplus.Service(chart, 'v1', { ports: [{ port: 8443, targetPort: 8443 }] });
    const v2 = new kplus.Service(chart, 'v2', { ports: [{ port: 8443, targetPort: 8443 }] });
    const route = new Route(chart, 'web', {
      host: 'shop.apps.local',
      path: '/shop',
      to: RouteBackend.fromService(v1, { weight: 90 }),
      alternateBackends: [RouteBackend.fromService(v2, { weight: 10 })],
      tls: RouteTls.reencrypt({
        certificate: RouteCertificate.fromPem({ certificate: CERT, key: KEY, caCertificate: CA }),
        destinationCaCertificate: CA,
        insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.REDIRECT,
      }),
      requestHeaders: [RouteHeaderAction.set('X-Client-Host', '%[req.hdr(Host),lower]')],
      responseHeaders: [RouteHeaderAction.delete('Server')],
      loadBalancing: LoadBalancingAlgorithm.LEAST_CONN,
      cookies: RouteCookies.named('shop_session', { sameSite: CookieSameSite.LAX }),
      timeout: Duration.seconds(30),
      tunnelTimeout: Duration.hours(1),
      rateLimit: { concurrentTcpConnections: 100, tcpConnectionRate: 50, httpRequestRate: 500 },
      allowedSourceRanges: ['10.0.0.0/8', '2001:db8::/32'],
      hsts: { maxAge: Duration.days(365), includeSubDomains: true, preload: true },
      healthCheckInterval: Duration.millis(1500),
      failOnWarnings: true,
    });
    route.addResponseHeader(RouteHeaderAction.set('X-Frame-Options', 'DENY'));
    expect(synthError(app)).toBeUndefined();
  });
});
