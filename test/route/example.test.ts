import { App, Testing } from 'cdk8s';
import { CA, CERT, KEY } from './helpers';
import { buildRouteApp } from '../../examples/route-app';

function routes(options = {}): any[] {
  const chart = buildRouteApp(Testing.app(), options);
  return Testing.synth(chart).filter((o: any) => o.kind === 'Route');
}

describe('examples/route-app', () => {
  test('routes of the example', () => {
    const byName = Object.fromEntries(routes().map((r) => [r.metadata.name, r]));
    expect(Object.keys(byName).sort()).toStrictEqual(['api', 'canary', 'secure', 'shop', 'www', 'www-static']);
    expect(byName.shop).toStrictEqual({
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'shop', namespace: 'demo', annotations: { 'haproxy.router.openshift.io/hsts_header': 'max-age=86400' } },
      spec: {
        host: 'shop.apps.local',
        to: { kind: 'Service', name: 'shop' },
        port: { targetPort: 8080 },
        tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
        httpHeaders: { actions: { response: [{ name: 'X-Frame-Options', action: { type: 'Set', set: { value: 'DENY' } } }] } },
      },
    });
    expect(byName.secure.spec).toStrictEqual({
      host: 'secure.apps.local',
      to: { kind: 'Service', name: 'secure' },
      port: { targetPort: 8443 },
      tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' },
    });
    expect(byName.api.spec.tls).toStrictEqual({ termination: 'reencrypt' });
    expect(byName.canary.spec).toStrictEqual({
      host: 'canary.apps.local',
      to: { kind: 'Service', name: 'canary-v1', weight: 90 },
      alternateBackends: [{ kind: 'Service', name: 'canary-v2', weight: 10 }],
      port: { targetPort: 8080 },
    });
    expect([byName.www.spec.path, byName['www-static'].spec.path]).toStrictEqual(['/', '/static']);
    expect(byName['www-static'].spec.to).toStrictEqual({ kind: 'Service', name: 'static' });
  });

  test('certificate and destination CA from options', () => {
    const options = { edgeCertificate: { certificate: CERT, key: KEY }, destinationCaCertificate: CA };
    const byName = Object.fromEntries(routes(options).map((r) => [r.metadata.name, r]));
    expect(byName.shop.spec.tls).toStrictEqual({ termination: 'edge', certificate: CERT, key: KEY, insecureEdgeTerminationPolicy: 'Redirect' });
    expect(byName.api.spec.tls).toStrictEqual({ termination: 'reencrypt', destinationCACertificate: CA });
  });

  test('the example synthesizes with validation and without findings', () => {
    const app = new App({ outdir: '/nonexistent-not-written' });
    buildRouteApp(app, { edgeCertificate: { certificate: CERT, key: KEY }, destinationCaCertificate: CA });
    expect(() => app.synthYaml()).not.toThrow();
  });
});
