import * as kplus from 'cdk8s-plus-28';
import { demoChart, theRoute } from './helpers';
import { Route, RouteBackend } from '../../src/route';

describe('RouteBackend', () => {
  test('a kplus Service without port options targets its first port by targetPort', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'web', { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] });
    new Route(chart, 'route', { to: RouteBackend.fromService(svc) });
    expect(theRoute(chart).spec).toStrictEqual({
      to: { kind: 'Service', name: svc.name },
      port: { targetPort: 8080 },
    });
  });

  test('a kplus Service port without targetPort targets its port', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'web', { ports: [{ port: 9090 }] });
    new Route(chart, 'route', { to: RouteBackend.fromService(svc) });
    expect(theRoute(chart).spec.port).toStrictEqual({ targetPort: 9090 });
  });

  test('ports bound after the route is created are used (read at synth)', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'web');
    new Route(chart, 'route', { to: RouteBackend.fromService(svc) });
    svc.bind(80, { targetPort: 3000 });
    expect(theRoute(chart).spec.port).toStrictEqual({ targetPort: 3000 });
  });

  test('explicit targetPort and targetPortName', () => {
    const chart = demoChart();
    new Route(chart, 'a', { metadata: { name: 'a' }, to: RouteBackend.fromServiceName('web', { targetPort: 8443 }) });
    new Route(chart, 'b', { metadata: { name: 'b' }, to: RouteBackend.fromServiceName('web', { targetPortName: 'https' }) });
    const [a, b] = chart.toJson().filter((o: any) => o.kind === 'Route');
    expect(a.spec).toStrictEqual({ to: { kind: 'Service', name: 'web' }, port: { targetPort: 8443 } });
    expect(b.spec).toStrictEqual({ to: { kind: 'Service', name: 'web' }, port: { targetPort: 'https' } });
  });

  test('a Service name without port writes no spec.port', () => {
    const chart = demoChart();
    new Route(chart, 'route', { to: RouteBackend.fromServiceName('web') });
    expect(theRoute(chart).spec).toStrictEqual({ to: { kind: 'Service', name: 'web' } });
  });

  test('weights 0 and 256 are written; no weight is left to the API default', () => {
    const chart = demoChart();
    new Route(chart, 'route', {
      to: RouteBackend.fromServiceName('a', { weight: 0 }),
      alternateBackends: [RouteBackend.fromServiceName('b', { weight: 256 }), RouteBackend.fromServiceName('c')],
    });
    expect(theRoute(chart).spec).toStrictEqual({
      to: { kind: 'Service', name: 'a', weight: 0 },
      alternateBackends: [{ kind: 'Service', name: 'b', weight: 256 }, { kind: 'Service', name: 'c' }],
    });
  });

  test('exposes what was given', () => {
    const b = RouteBackend.fromServiceName('web', { weight: 10, targetPortName: 'http' });
    expect([b.serviceName, b.weight, b.targetPort, b.targetPortName]).toStrictEqual(['web', 10, undefined, 'http']);
  });

  test.each([-1, 257, 1.5, NaN])('fails for weight %p with the value and the range', (weight) => {
    expect(() => RouteBackend.fromServiceName('web', { weight })).toThrow(
      `backend "web": weight must be an integer between 0 and 256, got ${weight}`,
    );
  });

  test('fails when both targetPort and targetPortName are given', () => {
    expect(() => RouteBackend.fromServiceName('web', { targetPort: 80, targetPortName: 'http' })).toThrow(
      'backend "web": give either targetPort (80) or targetPortName ("http"), not both',
    );
  });

  test.each([0, 65536, 80.5])('fails for targetPort %p', (targetPort) => {
    expect(() => RouteBackend.fromServiceName('web', { targetPort })).toThrow(
      `backend "web": targetPort: must be an integer between 1 and 65535, got ${targetPort}`,
    );
  });

  test.each(['', 'HTTP', '8080', '-x'])('fails for targetPortName %p', (targetPortName) => {
    expect(() => RouteBackend.fromServiceName('web', { targetPortName })).toThrow(
      `backend "web": invalid targetPortName ${JSON.stringify(targetPortName)}`,
    );
  });

  test.each(['', 'Web', 'web.x', 'a'.repeat(64)])('fails for Service name %p', (name) => {
    expect(() => RouteBackend.fromServiceName(name)).toThrow(
      `RouteBackend.fromServiceName: invalid Service name ${JSON.stringify(name)}: must be a DNS-1123 label`,
    );
  });
});
