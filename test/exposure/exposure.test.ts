import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Canary, CanaryStages, Exposure, ExposureBackend, ExposureProps, ExposureTarget, ExposureTls,
} from '../../src/exposure';

function chartWith(build: (chart: Chart, web: kplus.Service, v2: kplus.Service) => Partial<ExposureProps> & { target: ExposureTarget }): any[] {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
  const web = new kplus.Service(chart, 'web', { metadata: { name: 'web' }, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  const v2 = new kplus.Service(chart, 'v2', { metadata: { name: 'web-v2' }, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  const props = build(chart, web, v2);
  new Exposure(chart, 'shop', { name: 'shop', hosts: ['shop.example.com'], backends: [ExposureBackend.fromService(web)], ...props });
  return Testing.synth(chart).filter((o) => o.kind !== 'Service');
}

const canary = (v2: kplus.Service, extra: any = {}) => new Canary({ backend: ExposureBackend.fromService(v2), percent: 10, ...extra });

describe('Exposure: one definition, three families', () => {
  test('Route target: edge TLS with redirect, 90/10 canary as alternate backend, timeout and allowlist as router annotations', () => {
    const out = chartWith((_c, _w, v2) => ({
      target: ExposureTarget.openShiftRoute(),
      tls: ExposureTls.terminate({ secretName: 'shop-tls' }),
      canary: canary(v2),
      timeout: Duration.seconds(20),
      allowedSourceRanges: ['10.0.0.0/8'],
      paths: ['/cart'],
    }));
    expect(out).toHaveLength(1);
    const r = out[0];
    expect(r.kind).toBe('Route');
    expect(r.metadata.name).toBe('shop');
    expect(r.metadata.annotations).toEqual({ 'haproxy.router.openshift.io/timeout': '20s', 'haproxy.router.openshift.io/ip_allowlist': '10.0.0.0/8' });
    expect(r.spec).toEqual({
      host: 'shop.example.com',
      path: '/cart',
      to: { kind: 'Service', name: 'web', weight: 90 },
      alternateBackends: [{ kind: 'Service', name: 'web-v2', weight: 10 }],
      port: { targetPort: 'http' },
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect', externalCertificate: { name: 'shop-tls' } },
    });
  });

  test('Ingress target: main Ingress with TLS, nginx timeout and allowlist; a canary Ingress with weight, header and cookie', () => {
    const out = chartWith((_c, _w, v2) => ({
      target: ExposureTarget.ingress(),
      tls: ExposureTls.terminate({ secretName: 'shop-tls' }),
      canary: canary(v2, { header: { name: 'x-canary', value: 'yes' }, cookie: 'beta' }),
      timeout: Duration.seconds(20),
      allowedSourceRanges: ['10.0.0.0/8'],
    }));
    expect(out.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Ingress/shop', 'Ingress/shop-canary']);
    const [main, can] = out;
    expect(main.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
    expect(main.metadata.annotations).toEqual(expect.objectContaining({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '20',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '20',
      'nginx.ingress.kubernetes.io/allowlist-source-range': '10.0.0.0/8',
    }));
    expect(can.metadata.annotations).toEqual(expect.objectContaining({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '10',
      'nginx.ingress.kubernetes.io/canary-by-header': 'x-canary',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'yes',
      'nginx.ingress.kubernetes.io/canary-by-cookie': 'beta',
    }));
    expect(can.spec.rules[0].http.paths[0].backend.service.name).toBe('web-v2');
  });

  test('Gateway target: a Gateway with HTTP and HTTPS listeners, a weighted HTTPRoute with a header rule, and a 308 redirect route', () => {
    const out = chartWith((_c, _w, v2) => ({
      target: ExposureTarget.gateway({ gatewayClassName: 'haproxy' }),
      tls: ExposureTls.terminate({ secretName: 'shop-tls' }),
      canary: canary(v2, { header: { name: 'x-canary', value: 'yes' } }),
      timeout: Duration.seconds(20),
    }));
    expect(out.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Gateway/shop', 'HTTPRoute/shop', 'HTTPRoute/shop-redirect']);
    const [gw, route, redirect] = out;
    expect(gw.spec.listeners.map((l: any) => [l.name, l.port, l.protocol])).toEqual([['http', 80, 'HTTP'], ['https', 443, 'HTTPS']]);
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ name: 'shop', port: 443 })]);
    expect(route.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-canary', value: 'yes' }] }],
        backendRefs: [expect.objectContaining({ name: 'web-v2', port: 80 })],
        timeouts: { request: '20s', backendRequest: '20s' },
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [expect.objectContaining({ name: 'web', port: 80, weight: 90 }), expect.objectContaining({ name: 'web-v2', port: 80, weight: 10 })],
        timeouts: { request: '20s', backendRequest: '20s' },
      },
    ]);
    expect(redirect.spec.parentRefs).toEqual([expect.objectContaining({ name: 'shop', port: 80 })]);
    expect(redirect.spec.rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }]);
  });

  test('passthrough: Route passthrough, Ingress ssl-passthrough, Gateway TLS listener + TLSRoute', () => {
    expect(chartWith(() => ({ target: ExposureTarget.openShiftRoute(), tls: ExposureTls.passthrough() }))[0].spec.tls)
      .toEqual({ termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' });
    expect(chartWith(() => ({ target: ExposureTarget.ingress(), tls: ExposureTls.passthrough() }))[0].metadata.annotations)
      .toEqual(expect.objectContaining({ 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' }));
    const gw = chartWith(() => ({ target: ExposureTarget.gateway({ gatewayClassName: 'haproxy' }), tls: ExposureTls.passthrough() }));
    expect(gw.map((o) => o.kind)).toEqual(['Gateway', 'TLSRoute']);
    expect(gw[0].spec.listeners).toEqual([expect.objectContaining({ name: 'tls', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' } })]);
  });

  test('fails for what a family cannot express, saying which target can', () => {
    expect(() => chartWith((_c, _w, v2) => ({ target: ExposureTarget.openShiftRoute(), canary: canary(v2, { header: { name: 'x', value: 'y' } }) })))
      .toThrow(/Routes split traffic by weight only; header and cookie canaries need the Ingress or Gateway API target/);
    expect(() => chartWith((_c, _w, v2) => ({ target: ExposureTarget.gateway({ gatewayClassName: 'x' }), canary: canary(v2, { cookie: 'beta' }) })))
      .toThrow(/no cookie match/);
    expect(() => chartWith(() => ({ target: ExposureTarget.gateway({ gatewayClassName: 'x' }), allowedSourceRanges: ['10.0.0.0/8'] })))
      .toThrow(/no standard field for source IP allowlists/);
    expect(() => chartWith((_c, w) => ({ target: ExposureTarget.ingress(), backends: [ExposureBackend.fromService(w), ExposureBackend.fromServiceName('b', { port: 80 })] })))
      .toThrow(/an Ingress sends a path to one Service; split traffic with a canary/);
    expect(() => chartWith(() => ({ target: ExposureTarget.openShiftRoute(), tls: ExposureTls.passthrough(), paths: ['/x'] })))
      .toThrow(/paths cannot be used with passthrough/);
    expect(() => new Canary({ backend: ExposureBackend.fromServiceName('x', { port: 80 }), percent: 120 })).toThrow(/percent 120 must be an integer in 0-100/);
  });
});

describe('CanaryStages', () => {
  test('one chart per stage; the canary share follows the stages and 100 leaves the stable Service without traffic', () => {
    const app = new App({ outdir: 'unused' });
    const stages = new CanaryStages(app, 'shop', {
      stages: [5, 50, 100],
      chartProps: { namespace: 'shop' },
      exposure: {
        target: ExposureTarget.gateway({ gatewayClassName: 'haproxy' }),
        name: 'shop',
        hosts: ['shop.example.com'],
        backends: [ExposureBackend.fromServiceName('web', { port: 80 })],
        canary: new Canary({ backend: ExposureBackend.fromServiceName('web-v2', { port: 80 }), percent: 0 }),
      },
    });
    expect(stages.charts.map((c) => c.node.id)).toEqual(['shop-stage-5', 'shop-stage-50', 'shop-stage-100']);
    const weights = stages.charts.map((c) => Testing.synth(c).find((o) => o.kind === 'HTTPRoute').spec.rules[0].backendRefs.map((b: any) => b.weight));
    expect(weights).toEqual([[95, 5], [50, 50], [0, 100]]);
  });

  test('fails for stages that do not ascend or an exposure without canary', () => {
    const app = new App({ outdir: 'unused' });
    const exposure = { target: ExposureTarget.openShiftRoute(), hosts: ['a.example.com'], backends: [ExposureBackend.fromServiceName('a', { port: 80 })] };
    expect(() => new CanaryStages(app, 'x', { stages: [5], exposure })).toThrow(/needs a canary/);
    expect(() => new CanaryStages(app, 'y', { stages: [50, 25], exposure: { ...exposure, canary: new Canary({ backend: exposure.backends[0], percent: 1 }) } })).toThrow(/must ascend/);
  });
});

describe('Exposure lossy notes', () => {
  test('a wildcard host on Gateway API is lossy (several labels); failOnLossy turns it into a synthesis error', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const e = new Exposure(chart, 'x', {
      target: ExposureTarget.gateway({ gatewayClassName: 'x' }),
      hosts: ['*.shop.example.com'],
      backends: [ExposureBackend.fromServiceName('web', { port: 80 })],
      failOnLossy: true,
    });
    expect(e.lossy).toEqual([expect.stringContaining('host *.shop.example.com: a Gateway API wildcard matches one or more labels')]);
    expect(() => app.synthYaml()).toThrow(/\[exposure\.lossy\]/);
  });

  test('Route weights that cannot keep the exact shares are reported; exact translations report nothing', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const exact = new Exposure(chart, 'a', {
      target: ExposureTarget.openShiftRoute(),
      hosts: ['a.example.com'],
      backends: [ExposureBackend.fromServiceName('a', { port: 80, weight: 3 }), ExposureBackend.fromServiceName('b', { port: 80, weight: 1 })],
    });
    expect(exact.lossy).toEqual([]);
    const rounded = new Exposure(chart, 'b', {
      target: ExposureTarget.openShiftRoute(),
      hosts: ['b.example.com'],
      backends: [ExposureBackend.fromServiceName('a', { port: 80, weight: 999_999 }), ExposureBackend.fromServiceName('b', { port: 80, weight: 1 })],
    });
    expect(rounded.lossy).toHaveLength(2);
    expect(rounded.lossy[1]).toMatch(/^backend b: share 0\.00% becomes 0\.39% with Route weights/);
  });
});
