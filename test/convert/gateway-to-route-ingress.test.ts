import { convertManifests } from '../../src/convert';
import { durationMs } from '../../src/convert/gateway-to-ingress';
import { scaleToRouteWeights } from '../../src/convert/gateway-to-route';
import { intersectHostnames } from '../../src/validation/gateway-attachment';
import { loadText } from '../../src/validation/manifests';

const BASE = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web-canary, namespace: shop }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: shop }
spec:
  gatewayClassName: example
  listeners:
    - { name: http, port: 80, protocol: HTTP }
    - name: https
      port: 443
      protocol: HTTPS
      hostname: shop.example.com
      tls: { mode: Terminate, certificateRefs: [{ name: shop-tls }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop, namespace: shop }
spec:
  parentRefs: [{ name: gw, sectionName: https }]
  hostnames: [shop.example.com]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /cart } }]
      backendRefs: [{ name: web, port: 80, weight: 800000 }, { name: web-canary, port: 80, weight: 200000 }]
      timeouts: { request: 30s }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop-redirect, namespace: shop }
spec:
  parentRefs: [{ name: gw, sectionName: http }]
  hostnames: [shop.example.com]
  rules:
    - filters: [{ type: RequestRedirect, requestRedirect: { scheme: https, statusCode: 301 } }]
`;

function convert(yaml: string, to: 'route' | 'ingress') {
  return convertManifests(loadText(yaml, 'in.yaml').objects, { to });
}

describe('convert Gateway API to Routes', () => {
  test('an HTTPS-listener route with an https redirect on HTTP becomes an edge Route with Redirect and scaled weights', () => {
    const r = convert(BASE, 'route');
    expect(r.objects).toEqual([{
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'shop', namespace: 'shop', annotations: { 'haproxy.router.openshift.io/timeout': '30s' } },
      spec: {
        host: 'shop.example.com',
        path: '/cart',
        to: { kind: 'Service', name: 'web', weight: 256 },
        alternateBackends: [{ kind: 'Service', name: 'web-canary', weight: 64 }],
        port: { targetPort: 'http' },
        tls: { termination: 'edge', externalCertificate: { name: 'shop-tls' }, insecureEdgeTerminationPolicy: 'Redirect' },
      },
    }]);
    expect(r.notices).toEqual([]);
  });

  test('fails to convert header matches and says which match', () => {
    const r = convert(BASE.replace('matches: [{ path: { type: PathPrefix, value: /cart } }]', 'matches: [{ path: { type: PathPrefix, value: /cart }, headers: [{ name: x-env, value: canary }] }]'), 'route');
    expect(r.objects).toEqual([]);
    expect(r.notices).toEqual([expect.objectContaining({ severity: 'error', kind: 'HTTPRoute', name: 'shop', field: 'spec.rules[0].matches[0]' })]);
  });

  test('a TLSRoute on a passthrough listener becomes a passthrough Route', () => {
    const r = convert(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: db }
spec:
  gatewayClassName: example
  listeners: [{ name: tls, port: 443, protocol: TLS, hostname: db.example.com, tls: { mode: Passthrough } }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: { name: db, namespace: db }
spec:
  parentRefs: [{ name: gw }]
  rules: [{ backendRefs: [{ name: pg, port: 5432 }] }]
`, 'route');
    expect(r.objects).toEqual([{
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'db', namespace: 'db' },
      spec: { host: 'db.example.com', to: { kind: 'Service', name: 'pg', weight: 1 }, port: { targetPort: 5432 }, tls: { termination: 'passthrough' } },
    }]);
  });

  test('Ingresses are not converted to Routes directly', () => {
    const r = convert('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: x, namespace: y }\nspec: { defaultBackend: { service: { name: a, port: { number: 80 } } } }\n', 'route');
    expect(r.notices).toEqual([expect.objectContaining({ severity: 'error', kind: 'Ingress', name: 'x' })]);
    expect(r.notices[0].message).toContain('--to gateway');
  });
});

describe('convert Gateway API to Ingresses', () => {
  test('an 80/20 split becomes a main Ingress with TLS and a canary Ingress with canary-weight 20', () => {
    const r = convert(BASE, 'ingress');
    expect(r.objects).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'shop', namespace: 'shop', annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30', 'nginx.ingress.kubernetes.io/proxy-send-timeout': '30' } },
        spec: {
          ingressClassName: 'nginx',
          rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/cart', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
          tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: {
          name: 'shop-canary-0',
          namespace: 'shop',
          annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '200000', 'nginx.ingress.kubernetes.io/canary-weight-total': '1000000' },
        },
        spec: {
          ingressClassName: 'nginx',
          rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/cart', pathType: 'Prefix', backend: { service: { name: 'web-canary', port: { number: 80 } } } }] } }],
          tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        },
      },
    ]);
    expect(r.notices).toEqual([]);
  });

  test('fails to convert header modifiers and more than two weighted backends', () => {
    const r = convert(`${BASE}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: other, namespace: shop }
spec:
  parentRefs: [{ name: gw, sectionName: http }]
  hostnames: [other.example.com]
  rules:
    - filters: [{ type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: x, value: y }] } }]
      backendRefs: [{ name: web, port: 80 }]
    - backendRefs: [{ name: web, port: 80 }, { name: web-canary, port: 80 }, { name: third, port: 80 }]
`, 'ingress');
    expect(r.notices.map((n) => [n.severity, n.name, n.field])).toEqual([
      ['error', 'other', 'spec.rules[0].filters'],
      ['error', 'other', 'spec.rules[1].backendRefs'],
    ]);
  });
});

describe('conversion helpers', () => {
  test('hostname intersection follows Gateway API rules', () => {
    expect(intersectHostnames('a.example.com', [])).toEqual(['a.example.com']);
    expect(intersectHostnames(undefined, ['a.example.com'])).toEqual(['a.example.com']);
    expect(intersectHostnames('a.example.com', ['*.example.com'])).toEqual(['a.example.com']);
    expect(intersectHostnames('*.example.com', ['a.b.example.com'])).toEqual(['a.b.example.com']);
    expect(intersectHostnames('*.example.com', ['example.com'])).toBeUndefined();
    expect(intersectHostnames('a.example.com', ['a.example.net'])).toBeUndefined();
  });

  test('weights scale to 0-256 keeping ratios; small weights are kept', () => {
    expect(scaleToRouteWeights([800000, 200000])).toEqual([256, 64]);
    expect(scaleToRouteWeights([1000000, 1])).toEqual([256, 1]);
    expect(scaleToRouteWeights([0, 1000])).toEqual([0, 256]);
    expect(scaleToRouteWeights([3, 1])).toEqual([3, 1]);
  });

  test('Gateway API durations parse to milliseconds', () => {
    expect(durationMs('1h2m3s4ms')).toBe(3_723_004);
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('10m')).toBe(600_000);
    expect(durationMs('abc')).toBeUndefined();
  });
});
