import { convertManifests } from '../../src/convert';
import { loadText } from '../../src/validation/manifests';

const SERVICES = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web-canary, namespace: shop }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec: { ports: [{ name: tls, port: 5432 }] }
`;

function convert(yaml: string) {
  const { objects } = loadText(SERVICES + '---\n' + yaml, 'in.yaml');
  return convertManifests(objects, { to: 'gateway' });
}

function find(objects: any[], kind: string, name: string) {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

describe('convert Routes to Gateway API', () => {
  test('an edge route with a redirect and a 90/10 split becomes an HTTPS listener, a weighted HTTPRoute and a 302 redirect route', () => {
    const r = convert(`apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: shop.example.com
  path: /cart
  port: { targetPort: http }
  to: { kind: Service, name: web, weight: 90 }
  alternateBackends: [{ kind: Service, name: web-canary, weight: 10 }]
  tls: { termination: edge, insecureEdgeTerminationPolicy: Redirect }
`);
    const gw = find(r.objects, 'Gateway', 'openshift-default');
    expect(gw.metadata.namespace).toBe('shop');
    expect(gw.spec.gatewayClassName).toBe('openshift-default');
    expect(gw.spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https-shop-example-com',
        port: 443,
        protocol: 'HTTPS',
        hostname: 'shop.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', group: '', name: 'web-tls' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
    ]);
    expect(find(r.objects, 'HTTPRoute', 'web').spec).toEqual({
      parentRefs: [{ name: 'openshift-default', sectionName: 'https-shop-example-com' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
        backendRefs: [{ name: 'web', port: 80, weight: 90 }, { name: 'web-canary', port: 80, weight: 10 }],
      }],
    });
    expect(find(r.objects, 'HTTPRoute', 'web-redirect').spec).toEqual({
      parentRefs: [{ name: 'openshift-default', sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/cart' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 302 } }],
      }],
    });
    // The route used the router's default certificate: the user must provide the Secret.
    expect(r.notices).toEqual([expect.objectContaining({ severity: 'warning', field: 'spec.tls', name: 'web', line: expect.any(Number) })]);
    expect(r.notices[0].message).toContain('shop/web-tls');
  });

  test('inline certificates become a kubernetes.io/tls Secret with the CA appended to the chain', () => {
    const r = convert(`apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: shop.example.com
  to: { kind: Service, name: web }
  tls: { termination: edge, certificate: CERT, key: KEY, caCertificate: CA }
`);
    expect(find(r.objects, 'Secret', 'web-tls')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'web-tls', namespace: 'shop' },
      stringData: { 'tls.crt': 'CERT\nCA', 'tls.key': 'KEY' },
    });
    expect(r.notices).toEqual([]);
  });

  test('a passthrough route becomes a TLSRoute on a TLS passthrough listener', () => {
    const r = convert(`apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: db, namespace: shop }
spec:
  host: db.example.com
  to: { kind: Service, name: db }
  tls: { termination: passthrough }
`);
    expect(find(r.objects, 'Gateway', 'openshift-default').spec.listeners).toEqual([{
      name: 'tls-db-example-com', port: 443, protocol: 'TLS', hostname: 'db.example.com', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'Same' } },
    }]);
    expect(find(r.objects, 'TLSRoute', 'db').spec).toEqual({
      parentRefs: [{ name: 'openshift-default', sectionName: 'tls-db-example-com' }],
      hostnames: ['db.example.com'],
      rules: [{ backendRefs: [{ name: 'db', port: 5432, weight: 100 }] }],
    });
  });

  test('a reencrypt route gets a BackendTLSPolicy that checks SERVICE.NAMESPACE.svc against its destination CA', () => {
    const r = convert(`apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: shop.example.com
  to: { kind: Service, name: web }
  tls: { termination: reencrypt, externalCertificate: { name: shop-cert }, destinationCACertificate: DESTCA }
`);
    expect(find(r.objects, 'BackendTLSPolicy', 'web-backend-tls').spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
      validation: { hostname: 'web.shop.svc', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'web-destination-ca' }] },
    });
    expect(find(r.objects, 'ConfigMap', 'web-destination-ca').data).toEqual({ 'ca.crt': 'DESTCA' });
    expect(find(r.objects, 'Gateway', 'openshift-default').spec.listeners[0].tls.certificateRefs).toEqual([{ kind: 'Secret', group: '', name: 'shop-cert' }]);
  });

  test('the router timeout is carried as rule timeouts; header actions as header modifiers; other annotations are lossy', () => {
    const r = convert(`apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
  namespace: shop
  annotations:
    haproxy.router.openshift.io/timeout: 90s
    haproxy.router.openshift.io/balance: leastconn
spec:
  host: shop.example.com
  to: { kind: Service, name: web }
  httpHeaders:
    actions:
      request:
        - { name: X-Env, action: { type: Set, set: { value: prod } } }
        - { name: X-Debug, action: { type: Delete } }
        - { name: X-Client, action: { type: Set, set: { value: "%[src]" } } }
`);
    const rule = find(r.objects, 'HTTPRoute', 'web').spec.rules[0];
    expect(rule.timeouts).toEqual({ backendRequest: '1m30s', request: '1m30s' });
    expect(rule.filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Env', value: 'prod' }], remove: ['X-Debug'] } }]);
    expect(r.notices.map((n) => [n.severity, n.field])).toEqual([
      ['warning', 'metadata.annotations.haproxy.router.openshift.io/balance'],
      ['warning', 'spec.httpHeaders.actions.request[2].action.set.value'],
    ]);
  });

  test('fails to convert a backend whose port name the input cannot resolve, and says why', () => {
    const r = convert(`apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: api, namespace: shop }
spec:
  host: api.example.com
  port: { targetPort: grpc }
  to: { kind: Service, name: api }
`);
    expect(r.notices).toEqual([expect.objectContaining({ severity: 'error', field: 'spec.port.targetPort' })]);
    expect(r.notices[0].message).toContain('Service shop/api is not in the input');
  });

  test('output is deterministic', () => {
    const y = `apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec: { host: shop.example.com, to: { kind: Service, name: web } }
`;
    expect(JSON.stringify(convert(y))).toBe(JSON.stringify(convert(y)));
  });
});
