import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { demoChart, theRoute } from './helpers';
import {
  CookieSameSite, InsecureEdgeTerminationPolicy, LoadBalancingAlgorithm, Route, RouteBackend, RouteCookies,
  RouteCertificate, RouteHeaderAction, RouteProps, RouteTls, WildcardPolicy,
} from '../../src/route';
import { CertManagerIssuer } from '../../src/tls';
import { validateManifests } from '../../src/validation/validate';

const web = RouteBackend.fromServiceName('web');

/** The Route manifest for these props, in namespace demo. */
function routeFor(props: Partial<RouteProps>): any {
  const chart = demoChart();
  new Route(chart, 'route', { to: web, ...props });
  return theRoute(chart);
}

function annotationsFor(props: Partial<RouteProps>): Record<string, string> | undefined {
  return routeFor(props).metadata.annotations;
}

describe('Route object', () => {
  test('minimal route: one ApiObject child "Resource", namespace of the chart, generated name', () => {
    const chart = demoChart();
    const route = new Route(chart, 'route', { to: web });
    expect(route.node.children.map((c) => c.node.id)).toStrictEqual(['Resource']);
    expect(route.apiObject.node.id).toBe('Resource');
    expect(Testing.synth(chart)).toStrictEqual([{
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: route.name, namespace: 'demo' },
      spec: { to: { kind: 'Service', name: 'web' } },
    }]);
    expect(route.name).toMatch(/^test-route-[0-9a-f]{8}$/);
  });

  test('metadata: name, labels and extra annotations are kept', () => {
    const r = routeFor({ metadata: { name: 'shop', labels: { app: 'shop' }, annotations: { 'example.com/owner': 'team-a' } } });
    expect(r.metadata).toStrictEqual({ name: 'shop', namespace: 'demo', labels: { app: 'shop' }, annotations: { 'example.com/owner': 'team-a' } });
  });

  test('host, path and wildcard policy', () => {
    expect(routeFor({ host: 'www.apps.local', path: '/static', wildcardPolicy: WildcardPolicy.SUBDOMAIN }).spec).toStrictEqual({
      host: 'www.apps.local', path: '/static', wildcardPolicy: 'Subdomain', to: { kind: 'Service', name: 'web' },
    });
    expect(routeFor({ host: 'www.apps.local', wildcardPolicy: WildcardPolicy.NONE }).spec.wildcardPolicy).toBe('None');
  });

  test('subdomain', () => {
    expect(routeFor({ subdomain: 'shop' }).spec).toStrictEqual({ subdomain: 'shop', to: { kind: 'Service', name: 'web' } });
  });

  test('no host: left to the API server (generated <name>-<namespace>.<domain>)', () => {
    const r = routeFor({});
    expect(r.spec.host).toBeUndefined();
    expect(r.metadata.annotations).toBeUndefined();
  });

  test('fails for wildcardPolicy Subdomain without a host', () => {
    expect(() => routeFor({ wildcardPolicy: WildcardPolicy.SUBDOMAIN })).toThrow(
      'Route test/route: wildcardPolicy Subdomain needs an explicit host',
    );
  });

  test('fails for a path with passthrough', () => {
    expect(() => routeFor({ host: 'a.apps.local', path: '/x', tls: RouteTls.passthrough() })).toThrow(
      'Route test/route: path "/x" is not possible with passthrough TLS',
    );
  });

  test('fails when "to" is missing', () => {
    expect(() => new Route(demoChart(), 'route', {} as RouteProps)).toThrow('Route test/route: "to" must be a RouteBackend');
  });
});

describe('backends', () => {
  test('alternate backends from props and addAlternateBackend, weights 90/10', () => {
    const chart = demoChart();
    const route = new Route(chart, 'route', {
      to: RouteBackend.fromServiceName('v1', { weight: 90 }),
      alternateBackends: [RouteBackend.fromServiceName('v2', { weight: 10 })],
    });
    route.addAlternateBackend(RouteBackend.fromServiceName('v3', { weight: 0 }));
    expect(route.alternateBackends.map((b) => b.serviceName)).toStrictEqual(['v2', 'v3']);
    expect(theRoute(chart).spec).toStrictEqual({
      to: { kind: 'Service', name: 'v1', weight: 90 },
      alternateBackends: [{ kind: 'Service', name: 'v2', weight: 10 }, { kind: 'Service', name: 'v3', weight: 0 }],
    });
  });

  test('fails for a fourth alternate backend', () => {
    const chart = demoChart();
    const route = new Route(chart, 'route', {
      to: web,
      alternateBackends: ['a', 'b', 'c'].map((n) => RouteBackend.fromServiceName(n)),
    });
    expect(() => route.addAlternateBackend(RouteBackend.fromServiceName('d'))).toThrow(
      'Route test/route: cannot add alternate backend "d": at most 3 alternate backends are allowed (already: a, b, c)',
    );
  });

  test('fails for four alternate backends in props', () => {
    expect(() => routeFor({ alternateBackends: ['a', 'b', 'c', 'd'].map((n) => RouteBackend.fromServiceName(n)) })).toThrow(
      'at most 3 alternate backends are allowed',
    );
  });

  test('fails for a duplicate backend', () => {
    expect(() => routeFor({ alternateBackends: [RouteBackend.fromServiceName('web')] })).toThrow(
      'Route test/route: alternateBackends[0]: Service "web" is already a backend of this route',
    );
  });

  test('an explicit port on an alternate backend is the route port when "to" has none', () => {
    const r = routeFor({ alternateBackends: [RouteBackend.fromServiceName('b', { targetPortName: 'http' })] });
    expect(r.spec.port).toStrictEqual({ targetPort: 'http' });
  });

  test('fails for an alternate backend with a different explicit port', () => {
    expect(() => routeFor({
      to: RouteBackend.fromServiceName('a', { targetPort: 8080 }),
      alternateBackends: [RouteBackend.fromServiceName('b', { targetPort: 9090 })],
    })).toThrow('Route test/route: alternateBackends[0]: target port 9090 differs from the route\'s target port 8080: a Route has one spec.port for all its backends');
  });

  test('fails for a kplus Service in another namespace', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'web', { metadata: { namespace: 'other' }, ports: [{ port: 80 }] });
    expect(() => new Route(chart, 'route', { to: RouteBackend.fromService(svc) })).toThrow(
      `Route test/route: to: Service "${svc.name}" is in namespace "other" but the Route is in "demo": a Route can only reference objects in its own namespace`,
    );
  });

  test('a kplus Service when namespaces are unknown is accepted', () => {
    const chart = new Chart(Testing.app(), 'test');
    const svc = new kplus.Service(chart, 'web', { metadata: { namespace: 'other' }, ports: [{ port: 80 }] });
    new Route(chart, 'route', { to: RouteBackend.fromService(svc) });
    expect(theRoute(chart).spec.to).toStrictEqual({ kind: 'Service', name: svc.name });
  });
});

describe('header actions', () => {
  test('request and response actions from props and methods, in order', () => {
    const chart = demoChart();
    const route = new Route(chart, 'route', {
      to: web,
      tls: RouteTls.edge(),
      requestHeaders: [RouteHeaderAction.set('X-Forwarded-Client-Cert', '%{+Q}[ssl_c_der,base64]')],
      responseHeaders: [RouteHeaderAction.delete('Server')],
    });
    route.addRequestHeader(RouteHeaderAction.delete('X-Debug'));
    route.addResponseHeader(RouteHeaderAction.set('X-Frame-Options', 'DENY'));
    expect(theRoute(chart).spec.httpHeaders).toStrictEqual({
      actions: {
        request: [
          { name: 'X-Forwarded-Client-Cert', action: { type: 'Set', set: { value: '%{+Q}[ssl_c_der,base64]' } } },
          { name: 'X-Debug', action: { type: 'Delete' } },
        ],
        response: [
          { name: 'Server', action: { type: 'Delete' } },
          { name: 'X-Frame-Options', action: { type: 'Set', set: { value: 'DENY' } } },
        ],
      },
    });
  });

  test('only response actions', () => {
    expect(routeFor({ responseHeaders: [RouteHeaderAction.delete('Server')] }).spec.httpHeaders).toStrictEqual({
      actions: { response: [{ name: 'Server', action: { type: 'Delete' } }] },
    });
  });

  test('fails for header actions on passthrough', () => {
    expect(() => routeFor({ host: 'a.apps.local', tls: RouteTls.passthrough(), requestHeaders: [RouteHeaderAction.delete('X-A')] })).toThrow(
      'Route test/route: request header "X-A": header actions are only possible with edge or reencrypt TLS or no TLS, not passthrough',
    );
  });

  test('fails for a duplicate header name (case-insensitive)', () => {
    expect(() => routeFor({ responseHeaders: [RouteHeaderAction.delete('X-A'), RouteHeaderAction.set('x-a', 'v')] })).toThrow(
      'Route test/route: response header "x-a": an action for "X-A" already exists (one action per header name)',
    );
  });

  test('fails for a 21st header action', () => {
    const chart = demoChart();
    const route = new Route(chart, 'route', { to: web, requestHeaders: Array.from({ length: 20 }, (_, i) => RouteHeaderAction.delete(`X-${i}`)) });
    expect(() => route.addRequestHeader(RouteHeaderAction.delete('X-20'))).toThrow(
      'Route test/route: request header "X-20": at most 20 request header actions are allowed',
    );
  });
});

describe('router settings → annotations', () => {
  test.each([
    [LoadBalancingAlgorithm.ROUND_ROBIN, 'roundrobin'],
    [LoadBalancingAlgorithm.LEAST_CONN, 'leastconn'],
    [LoadBalancingAlgorithm.SOURCE, 'source'],
    [LoadBalancingAlgorithm.RANDOM, 'random'],
  ])('loadBalancing %p', (loadBalancing, value) => {
    expect(annotationsFor({ loadBalancing })).toStrictEqual({ 'haproxy.router.openshift.io/balance': value });
  });

  test('cookies disabled', () => {
    expect(annotationsFor({ cookies: RouteCookies.disabled() })).toStrictEqual({ 'haproxy.router.openshift.io/disable_cookies': 'true' });
  });

  test('cookie name and SameSite on an edge route', () => {
    expect(annotationsFor({ tls: RouteTls.edge(), cookies: RouteCookies.named('shop_session', { sameSite: CookieSameSite.STRICT }) })).toStrictEqual({
      'router.openshift.io/cookie_name': 'shop_session',
      'router.openshift.io/cookie-same-site': 'Strict',
    });
  });

  test('cookie name on a plain HTTP route', () => {
    expect(annotationsFor({ cookies: RouteCookies.named('sid') })).toStrictEqual({ 'router.openshift.io/cookie_name': 'sid' });
  });

  test('SameSite with the default cookie name on reencrypt', () => {
    expect(annotationsFor({ tls: RouteTls.reencrypt(), cookies: RouteCookies.withSameSite(CookieSameSite.LAX) })).toStrictEqual({
      'router.openshift.io/cookie-same-site': 'Lax',
    });
  });

  test('fails for SameSite where the router ignores it', () => {
    expect(() => annotationsFor({ cookies: RouteCookies.withSameSite(CookieSameSite.NONE) })).toThrow(
      'Route test/route: cookie SameSite "None" has no effect: the router only sets SameSite on edge or reencrypt routes whose insecureEdgeTerminationPolicy is not Allow',
    );
    expect(() => annotationsFor({
      tls: RouteTls.edge({ insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.ALLOW }),
      cookies: RouteCookies.named('sid', { sameSite: CookieSameSite.LAX }),
    })).toThrow('cookie SameSite "Lax" has no effect');
  });

  test('fails for cookies on passthrough', () => {
    expect(() => annotationsFor({ host: 'a.apps.local', tls: RouteTls.passthrough(), cookies: RouteCookies.disabled() })).toThrow(
      'Route test/route: cookies cannot be configured on a passthrough route',
    );
  });

  test('cookie settings expose what was given', () => {
    const named = RouteCookies.named('sid', { sameSite: CookieSameSite.LAX });
    expect([named.isDisabled, named.name, named.sameSite]).toStrictEqual([false, 'sid', 'Lax']);
    expect(RouteCookies.disabled().isDisabled).toBe(true);
  });

  test('fails for an invalid cookie name', () => {
    expect(() => RouteCookies.named('my cookie')).toThrow('RouteCookies.named: invalid cookie name "my cookie": must match [a-zA-Z0-9_-]+');
  });

  test('timeouts and health-check interval, rendered exactly', () => {
    expect(annotationsFor({
      timeout: Duration.seconds(30),
      tunnelTimeout: Duration.minutes(60),
      healthCheckInterval: Duration.millis(1500),
    })).toStrictEqual({
      'haproxy.router.openshift.io/timeout': '30s',
      'haproxy.router.openshift.io/timeout-tunnel': '1h',
      'router.openshift.io/haproxy.health.check.interval': '1500ms',
    });
  });

  test('fails for a zero timeout', () => {
    expect(() => annotationsFor({ timeout: Duration.seconds(0) })).toThrow('Route test/route: timeout: must be a positive duration, got 0ms');
  });

  test('fails for a tunnel timeout above the router limit', () => {
    expect(() => annotationsFor({ tunnelTimeout: Duration.days(30) })).toThrow(
      'Route test/route: tunnelTimeout: 2592000000ms is too large: at most 2147483647ms',
    );
  });

  test('rate limits', () => {
    expect(annotationsFor({ rateLimit: { concurrentTcpConnections: 10, tcpConnectionRate: 20, httpRequestRate: 100 } })).toStrictEqual({
      'haproxy.router.openshift.io/rate-limit-connections': 'true',
      'haproxy.router.openshift.io/rate-limit-connections.concurrent-tcp': '10',
      'haproxy.router.openshift.io/rate-limit-connections.rate-tcp': '20',
      'haproxy.router.openshift.io/rate-limit-connections.rate-http': '100',
    });
    expect(annotationsFor({ rateLimit: { tcpConnectionRate: 5 } })).toStrictEqual({
      'haproxy.router.openshift.io/rate-limit-connections': 'true',
      'haproxy.router.openshift.io/rate-limit-connections.rate-tcp': '5',
    });
  });

  test('fails for an empty rate limit', () => {
    expect(() => annotationsFor({ rateLimit: {} })).toThrow(
      'Route test/route: rateLimit must set at least one of concurrentTcpConnections, tcpConnectionRate, httpRequestRate',
    );
  });

  test('fails for a zero or fractional rate limit', () => {
    expect(() => annotationsFor({ rateLimit: { concurrentTcpConnections: 0 } })).toThrow(
      'Route test/route: rateLimit.concurrentTcpConnections: must be an integer between 1 and 2147483647, got 0',
    );
    expect(() => annotationsFor({ rateLimit: { httpRequestRate: 2.5 } })).toThrow('rateLimit.httpRequestRate: must be an integer between 1 and 2147483647, got 2.5');
  });

  test('fails for an HTTP request rate on passthrough', () => {
    expect(() => annotationsFor({ host: 'a.apps.local', tls: RouteTls.passthrough(), rateLimit: { httpRequestRate: 10 } })).toThrow(
      'Route test/route: rateLimit.httpRequestRate has no effect on a passthrough route',
    );
  });

  test('allowed source ranges', () => {
    expect(annotationsFor({ allowedSourceRanges: ['10.0.0.0/8', '192.168.1.10', '2001:db8::/32'] })).toStrictEqual({
      'haproxy.router.openshift.io/ip_allowlist': '10.0.0.0/8 192.168.1.10 2001:db8::/32',
    });
  });

  test('fails for a bad source range, naming it', () => {
    expect(() => annotationsFor({ allowedSourceRanges: ['10.0.0.0/8', '10.0.0.0/33'] })).toThrow(
      'Route test/route: allowedSourceRanges[1]: invalid IP address or CIDR "10.0.0.0/33": prefix length must be an integer between 0 and 32',
    );
  });

  test('fails for an empty allowlist', () => {
    expect(() => annotationsFor({ allowedSourceRanges: [] })).toThrow(
      'Route test/route: allowedSourceRanges: must list at least one IP address or CIDR',
    );
  });

  test('HSTS', () => {
    expect(annotationsFor({ tls: RouteTls.edge(), hsts: { maxAge: Duration.days(365), includeSubDomains: true, preload: true } })).toStrictEqual({
      'haproxy.router.openshift.io/hsts_header': 'max-age=31536000;includeSubDomains;preload',
    });
    expect(annotationsFor({ tls: RouteTls.reencrypt(), hsts: { maxAge: Duration.seconds(0) } })).toStrictEqual({
      'haproxy.router.openshift.io/hsts_header': 'max-age=0',
    });
  });

  test('fails for HSTS without edge or reencrypt TLS', () => {
    expect(() => annotationsFor({ hsts: { maxAge: Duration.days(1) } })).toThrow('Route test/route: hsts needs edge or reencrypt TLS');
    expect(() => annotationsFor({ host: 'a.apps.local', tls: RouteTls.passthrough(), hsts: { maxAge: Duration.days(1) } })).toThrow('hsts needs edge or reencrypt TLS');
  });

  test('fails for a fractional HSTS max-age', () => {
    expect(() => annotationsFor({ tls: RouteTls.edge(), hsts: { maxAge: Duration.millis(1500) } })).toThrow(
      'Route test/route: hsts.maxAge: must be a whole, non-negative number of seconds, got 1500ms',
    );
  });

  test('fails when metadata annotations repeat a router annotation', () => {
    expect(() => annotationsFor({
      metadata: { annotations: { 'haproxy.router.openshift.io/timeout': '5s' } },
      timeout: Duration.seconds(30),
    })).toThrow('Route test/route: metadata.annotations sets haproxy.router.openshift.io/timeout ("5s") which a typed prop also sets ("30s")');
  });

  test('every written annotation value matches the format the router accepts', () => {
    const a = annotationsFor({
      tls: RouteTls.edge(),
      loadBalancing: LoadBalancingAlgorithm.LEAST_CONN,
      cookies: RouteCookies.named('sid', { sameSite: CookieSameSite.LAX }),
      timeout: Duration.millis(90_000),
      tunnelTimeout: Duration.hours(2),
      healthCheckInterval: Duration.seconds(2),
      rateLimit: { concurrentTcpConnections: 1, tcpConnectionRate: 2, httpRequestRate: 3 },
      allowedSourceRanges: ['1.2.3.4'],
      hsts: { maxAge: Duration.seconds(60), includeSubDomains: true },
    })!;
    // Router patterns (openshift-router-haproxy.md §5), anchored as the router does.
    const timer = /^[1-9][0-9]*(us|ms|s|m|h|d)?$/;
    const patterns: Record<string, RegExp> = {
      'haproxy.router.openshift.io/balance': /^(roundrobin|leastconn|source|random)$/,
      'router.openshift.io/cookie_name': /^[a-zA-Z0-9_-]+$/,
      'router.openshift.io/cookie-same-site': /^(Lax|Strict|None)$/,
      'haproxy.router.openshift.io/timeout': timer,
      'haproxy.router.openshift.io/timeout-tunnel': timer,
      'router.openshift.io/haproxy.health.check.interval': timer,
      'haproxy.router.openshift.io/rate-limit-connections': /^true$/,
      'haproxy.router.openshift.io/rate-limit-connections.concurrent-tcp': /^-?[0-9]+$/,
      'haproxy.router.openshift.io/rate-limit-connections.rate-tcp': /^-?[0-9]+$/,
      'haproxy.router.openshift.io/rate-limit-connections.rate-http': /^-?[0-9]+$/,
      'haproxy.router.openshift.io/ip_allowlist': /^\S+( \S+)*$/,
      'haproxy.router.openshift.io/hsts_header': /^((includeSubDomains|preload)\s*;\s*)*max-age\s*=\s*(\d+|"\d+")(\s*;\s*(includeSubDomains|preload))*$/i,
    };
    expect(Object.keys(a).sort()).toStrictEqual(Object.keys(patterns).sort());
    for (const [key, value] of Object.entries(a)) expect(`${key}=${value}`).toMatch(new RegExp(`^${key.replace(/[.]/g, '\\.')}=${patterns[key].source.slice(1)}`, patterns[key].flags));
    expect(a['haproxy.router.openshift.io/timeout']).toBe('90s');
  });
});

describe('Route certManager', () => {
  test('writes the openshift-routes controller annotations for an edge route', () => {
    expect(annotationsFor({ tls: RouteTls.edge(), certManager: CertManagerIssuer.clusterIssuer('letsencrypt') })).toStrictEqual({
      'cert-manager.io/issuer-name': 'letsencrypt', 'cert-manager.io/issuer-kind': 'ClusterIssuer', 'cert-manager.io/issuer-group': 'cert-manager.io',
    });
  });

  test('fails with passthrough TLS or an inline certificate', () => {
    expect(() => routeFor({ tls: RouteTls.passthrough(), certManager: CertManagerIssuer.issuer('ca') })).toThrow(/certManager cannot be used with passthrough/);
    expect(() => routeFor({ tls: RouteTls.edge({ certificate: RouteCertificate.fromSecretName('shop-tls') }), certManager: CertManagerIssuer.issuer('ca') }))
      .toThrow(/certManager and a certificate are mutually exclusive/);
  });

  test('validation warns about cert-manager.io/cluster-issuer on a Route (the controller ignores it)', () => {
    const r = validateManifests([{
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'x', namespace: 'y', annotations: { 'cert-manager.io/cluster-issuer': 'le' } },
      spec: { host: 'x.example.com', to: { kind: 'Service', name: 'x' }, tls: { termination: 'edge' } },
    }]);
    expect(r.warnings.map((w) => [w.field, w.rule])).toEqual([['metadata.annotations.cert-manager.io/cluster-issuer', 'route.cert-manager.cluster-issuer']]);
  });
});
