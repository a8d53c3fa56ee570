import { fromObjects, LoadedObject } from '../../src/validation/manifests';
import { admitRoutes, effectiveRouteHost, generatedRouteHost, sortRoutesByAge } from '../../src/validation/route-admission';

interface R {
  name: string;
  ns?: string;
  host?: string;
  subdomain?: string;
  path?: string;
  created?: string;
  uid?: string;
  tls?: any;
  wildcard?: boolean;
  spec?: any;
}

function routes(...rs: R[]): LoadedObject[] {
  return fromObjects(rs.map((r) => ({
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: r.name, namespace: r.ns ?? 'prod', creationTimestamp: r.created, uid: r.uid },
    spec: {
      host: r.host,
      subdomain: r.subdomain,
      path: r.path,
      tls: r.tls,
      to: { kind: 'Service', name: 'svc' },
      wildcardPolicy: r.wildcard ? 'Subdomain' : undefined,
      ...(r.spec ?? {}),
    },
  })));
}
const names = (a: { route: LoadedObject }[]) => a.map((x) => `${x.route.namespace}/${x.route.name}`);

describe('effective hosts', () => {
  test('explicit host is lower-cased, generated host replaces dots in the name', () => {
    const [a, b, c] = routes({ name: 'a', host: 'Shop.Example.COM' }, { name: 'my.app', ns: 'team' }, { name: 'c', subdomain: 'front' });
    expect(effectiveRouteHost(a, 'apps.local')).toEqual({ host: 'shop.example.com', generated: false, from: 'host' });
    expect(effectiveRouteHost(b, 'apps.local')).toEqual({ host: 'my-app-team.apps.local', generated: true, from: 'generated' });
    expect(effectiveRouteHost(c, 'apps.example.com')).toEqual({ host: 'front.apps.example.com', generated: true, from: 'subdomain' });
    expect(generatedRouteHost('x', undefined, 'd')).toBe('x-default.d');
  });

  test('admitted routes carry their host and whether it was generated', () => {
    const { admitted } = admitRoutes(routes({ name: 'web', ns: 'shop' }, { name: 'api', host: 'api.example.com' }), 'apps.local');
    expect(admitted.map((a) => [a.host, a.generated])).toEqual(
      expect.arrayContaining([['web-shop.apps.local', true], ['api.example.com', false]]),
    );
  });
});

describe('oldest wins', () => {
  test('the older route keeps the host; the newer one is rejected with HostAlreadyClaimed', () => {
    const { admitted, rejected } = admitRoutes(routes(
      { name: 'young', host: 'a.example.com', created: '2025-01-01T00:00:00Z' },
      { name: 'old', host: 'a.example.com', created: '2024-01-01T00:00:00Z' },
    ), 'apps.local');
    expect(names(admitted)).toEqual(['prod/old']);
    expect(rejected.map((r) => [r.route.name, r.reason])).toEqual([['young', 'HostAlreadyClaimed']]);
    expect(rejected[0].message).toContain('prod/old');
  });

  test('a route with a timestamp is older than one without; without timestamps namespace/name order decides', () => {
    const list = routes(
      { name: 'b', host: 'x.example.com' },
      { name: 'a', host: 'x.example.com' },
      { name: 'c', host: 'x.example.com', created: '2030-01-01T00:00:00Z' },
    );
    expect(admitRoutes(list, 'd').admitted.map((a) => a.route.name)).toEqual(['c']);
    expect(sortRoutesByAge(list).map((r) => r.name)).toEqual(['c', 'a', 'b']);
    expect(admitRoutes(list.slice(0, 2), 'd').admitted.map((a) => a.route.name)).toEqual(['a']);
    expect(admitRoutes([...list.slice(0, 2)].reverse(), 'd').admitted.map((a) => a.route.name)).toEqual(['a']);
  });

  test('same timestamp: lower uid wins', () => {
    const t = '2024-01-01T00:00:00Z';
    const { admitted } = admitRoutes(routes(
      { name: 'a', host: 'x.example.com', created: t, uid: 'bbbb' },
      { name: 'b', host: 'x.example.com', created: t, uid: 'aaaa' },
    ), 'd');
    expect(admitted.map((a) => a.route.name)).toEqual(['b']);
  });
});

describe('namespace ownership', () => {
  test('fails: another namespace cannot use the host, even with a different path', () => {
    const { admitted, rejected } = admitRoutes(routes(
      { name: 'a', ns: 'team-a', host: 'x.example.com', created: '2024-01-01T00:00:00Z' },
      { name: 'b', ns: 'team-b', host: 'x.example.com', path: '/other', created: '2024-02-01T00:00:00Z' },
    ), 'd');
    expect(names(admitted)).toEqual(['team-a/a']);
    expect(rejected.map((r) => [r.route.name, r.reason])).toEqual([['b', 'HostAlreadyClaimed']]);
    expect(rejected[0].message).toContain('another namespace');
  });

  test('the same namespace may use the host with different paths; each host+path once', () => {
    const { admitted, rejected } = admitRoutes(routes(
      { name: 'root', host: 'x.example.com', created: '2024-01-01T00:00:00Z' },
      { name: 'api', host: 'x.example.com', path: '/api', created: '2024-01-02T00:00:00Z' },
      { name: 'api2', host: 'X.example.com', path: '/api', created: '2024-01-03T00:00:00Z' },
    ), 'd');
    expect(names(admitted)).toEqual(['prod/root', 'prod/api']);
    expect(rejected.map((r) => r.route.name)).toEqual(['api2']);
  });

  test('fails: a path-based TLS route cannot share a host with a passthrough route', () => {
    const { admitted, rejected } = admitRoutes(routes(
      { name: 'pt', host: 'x.example.com', tls: { termination: 'passthrough' }, created: '2024-01-01T00:00:00Z' },
      { name: 'edge', host: 'x.example.com', path: '/p', tls: { termination: 'edge' }, created: '2024-01-02T00:00:00Z' },
      { name: 'plain', host: 'x.example.com', path: '/q', created: '2024-01-03T00:00:00Z' },
    ), 'd');
    expect(names(admitted)).toEqual(['prod/pt', 'prod/plain']);
    expect(rejected.map((r) => [r.route.name, r.reason])).toEqual([['edge', 'HostAlreadyClaimed']]);
  });

  test('fails: a wildcard route blocks hosts under its domain in other namespaces', () => {
    const { admitted, rejected } = admitRoutes(routes(
      { name: 'wild', ns: 'a', host: 'any.apps.example.com', wildcard: true, created: '2024-01-01T00:00:00Z' },
      { name: 'same-ns', ns: 'a', host: 'shop.apps.example.com', created: '2024-01-02T00:00:00Z' },
      { name: 'other-ns', ns: 'b', host: 'blog.apps.example.com', created: '2024-01-03T00:00:00Z' },
      { name: 'deeper', ns: 'b', host: 'x.blog.apps.example.com', created: '2024-01-04T00:00:00Z' },
    ), 'd');
    expect(names(admitted)).toEqual(['a/wild', 'a/same-ns', 'b/deeper']);
    expect(rejected.map((r) => r.route.name)).toEqual(['other-ns']);
  });

  test('fails: an older explicit host in another namespace blocks a newer wildcard route', () => {
    const { rejected } = admitRoutes(routes(
      { name: 'host', ns: 'a', host: 'shop.apps.example.com', created: '2024-01-01T00:00:00Z' },
      { name: 'wild', ns: 'b', host: 'any.apps.example.com', wildcard: true, created: '2024-01-02T00:00:00Z' },
    ), 'd');
    expect(rejected.map((r) => [r.route.name, r.reason])).toEqual([['wild', 'HostAlreadyClaimed']]);
  });
});

describe('invalid routes', () => {
  test('fails: routes with API errors are not admitted and do not claim hosts', () => {
    const { admitted, rejected } = admitRoutes(routes(
      { name: 'bad', host: 'x.example.com', created: '2020-01-01T00:00:00Z', spec: { to: { name: 'svc', weight: 999 } } },
      { name: 'good', host: 'x.example.com', created: '2024-01-01T00:00:00Z' },
    ), 'd');
    expect(names(admitted)).toEqual(['prod/good']);
    expect(rejected.map((r) => [r.route.name, r.reason])).toEqual([['bad', 'Invalid']]);
  });

  test('fails: a generated host the router refuses is InvalidHost', () => {
    const [r] = fromObjects([{
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'n'.repeat(40), namespace: 's'.repeat(30), annotations: { 'route.openshift.io/allow-non-dns-compliant-host': 'true' } },
      spec: { to: { name: 'svc' } },
    }]);
    expect(admitRoutes([r], 'd').rejected.map((x) => x.reason)).toEqual(['InvalidHost']);
  });
});

test('10,000 routes are admitted quickly', () => {
  const list: R[] = [];
  for (let i = 0; i < 10000; i++) {
    list.push({ name: `r${i}`, ns: `ns${i % 50}`, host: `h${i % 2000}.example.com`, path: `/p${i % 7}`, created: new Date(1700000000000 + i * 1000).toISOString() });
  }
  const objs = routes(...list);
  const start = Date.now();
  const { admitted, rejected } = admitRoutes(objs, 'apps.local');
  expect(Date.now() - start).toBeLessThan(3000);
  expect(admitted.length + rejected.length).toBe(10000);
  expect(admitted.length).toBeGreaterThan(2000);
});

test('validating 10,000 routes and 6,000 Services end to end stays cheap', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateLoaded } = require('../../src/validation/validate');
  const objs: any[] = [];
  for (let i = 0; i < 10000; i++) {
    objs.push({
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: `r${i}`, namespace: `ns${i % 3}`, creationTimestamp: new Date(1700000000000 + i * 1000).toISOString() },
      spec: { host: `h${i % 2000}.example.com`, path: `/p${i % 7}`, to: { name: `s${i % 2000}` }, port: { targetPort: 'http' } },
    });
  }
  for (let i = 0; i < 6000; i++) {
    objs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i % 2000}`, namespace: `ns${i % 3}` }, spec: { ports: [{ name: 'http', port: 80 }] } });
  }
  const start = Date.now();
  const report = validateLoaded(fromObjects(objs));
  expect(Date.now() - start).toBeLessThan(10000);
  expect(report.errors).toEqual([]);
  expect(report.warnings.some((w: any) => w.rule === 'route.host.already-claimed')).toBe(true);
});
