import { convertManifests } from '../../src/convert';
import { loadText } from '../../src/validation/manifests';

const SERVICES = ['web', 'web-canary', 'api', 'fallback'].map((n) => `apiVersion: v1
kind: Service
metadata: { name: ${n}, namespace: shop }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
`).join('---\n');

function convert(yaml: string) {
  const { objects } = loadText(SERVICES + '---\n' + yaml, 'in.yaml');
  return convertManifests(objects, { to: 'gateway' });
}

function find(objects: any[], kind: string, name: string) {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

const MAIN = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls: [{ hosts: [shop.example.com], secretName: shop-tls }]
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { name: http } } } }
          - { path: /api, pathType: Prefix, backend: { service: { name: api, port: { number: 80 } } } }
          - { path: /healthz, pathType: Exact, backend: { service: { name: api, port: { number: 80 } } } }
`;

describe('convert Ingresses to Gateway API', () => {
  test('a TLS Ingress becomes a Gateway with HTTP and HTTPS listeners, an HTTPRoute on HTTPS and a 308 redirect on HTTP', () => {
    const r = convert(MAIN);
    const gw = find(r.objects, 'Gateway', 'nginx');
    expect(gw.metadata).toEqual({ name: 'nginx', namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } });
    expect(gw.spec.listeners.map((l: any) => [l.name, l.port, l.protocol, l.hostname, l.tls?.certificateRefs?.[0]?.name])).toEqual([
      ['shop-example-com-http', 80, 'HTTP', 'shop.example.com', undefined],
      ['shop-example-com-https', 443, 'HTTPS', 'shop.example.com', 'shop-tls'],
    ]);
    const route = find(r.objects, 'HTTPRoute', 'shop-shop-example-com');
    expect(route.spec.parentRefs).toEqual([{ name: 'nginx', sectionName: 'shop-example-com-https' }]);
    expect(route.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] },
      { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api', port: 80 }] },
      { matches: [{ path: { type: 'Exact', value: '/healthz' } }], backendRefs: [{ name: 'api', port: 80 }] },
    ]);
    const redirect = find(r.objects, 'HTTPRoute', 'shop-shop-example-com-http');
    expect(redirect.spec.parentRefs).toEqual([{ name: 'nginx', sectionName: 'shop-example-com-http' }]);
    expect(redirect.spec.rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }]);
    expect(r.notices).toEqual([]);
  });

  test('a weighted canary Ingress joins its main path as a weighted backendRef (W and total - W)', () => {
    const r = convert(`${MAIN}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop-canary
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: "20"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web-canary, port: { number: 80 } } } }
`);
    const route = find(r.objects, 'HTTPRoute', 'shop-shop-example-com');
    expect(route.spec.rules[0]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ name: 'web', port: 80, weight: 80 }, { name: 'web-canary', port: 80, weight: 20 }],
    });
    expect(r.notices).toEqual([]);
  });

  test('canary by header: an always rule to the canary and a never rule to the main backend; without weight the canary leaves the plain rule', () => {
    const r = convert(`${MAIN}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop-canary
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web-canary, port: { number: 80 } } } }
`);
    const rules = find(r.objects, 'HTTPRoute', 'shop-shop-example-com').spec.rules;
    expect(rules[0]).toEqual({ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] });
    expect(rules.slice(3)).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'X-Canary', value: 'always' }] }], backendRefs: [{ name: 'web-canary', port: 80 }] },
      { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'X-Canary', value: 'never' }] }], backendRefs: [{ name: 'web', port: 80 }] },
    ]);
  });

  test('canary by cookie is reported as lossy; a canary without main path is not converted', () => {
    const r = convert(`${MAIN}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop-canary
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-cookie: beta
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /other, pathType: Prefix, backend: { service: { name: web-canary, port: { number: 80 } } } }
`);
    expect(r.notices.map((n) => [n.severity, n.name, n.field])).toEqual([
      ['warning', 'shop-canary', 'metadata.annotations.nginx.ingress.kubernetes.io/canary-by-cookie'],
      ['error', 'shop-canary', 'spec.rules[0].http.paths[0]'],
    ]);
    expect(r.notices[0].message).toContain('follow the weights instead');
  });

  test('ssl-redirect "false" keeps the route on both listeners without a redirect; defaultBackend gets its own route', () => {
    const r = convert(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations: { nginx.ingress.kubernetes.io/ssl-redirect: "false", nginx.ingress.kubernetes.io/proxy-body-size: 8m }
spec:
  ingressClassName: nginx
  defaultBackend: { service: { name: fallback, port: { number: 80 } } }
  tls: [{ hosts: [shop.example.com], secretName: shop-tls }]
  rules:
    - host: shop.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`);
    expect(r.objects.filter((o) => o.kind === 'HTTPRoute').map((o) => o.metadata.name)).toEqual(['shop-default-backend', 'shop-shop-example-com']);
    expect(find(r.objects, 'HTTPRoute', 'shop-shop-example-com').spec.parentRefs).toEqual([
      { name: 'nginx', sectionName: 'shop-example-com-http' }, { name: 'nginx', sectionName: 'shop-example-com-https' },
    ]);
    expect(find(r.objects, 'HTTPRoute', 'shop-default-backend').spec).toEqual({
      parentRefs: [{ name: 'nginx', sectionName: 'http' }], rules: [{ backendRefs: [{ name: 'fallback', port: 80 }] }],
    });
    expect(r.notices.map((n) => [n.severity, n.field])).toEqual([['warning', 'metadata.annotations.nginx.ingress.kubernetes.io/proxy-body-size']]);
  });

  test('permanent-redirect becomes a RequestRedirect rule with the URL parts', () => {
    const r = convert(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: old
  namespace: shop
  annotations: { nginx.ingress.kubernetes.io/permanent-redirect: "https://new.example.com:8443/landing" }
spec:
  ingressClassName: nginx
  rules:
    - host: old.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`);
    expect(find(r.objects, 'HTTPRoute', 'old-old-example-com').spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', hostname: 'new.example.com', port: 8443, statusCode: 301, path: { type: 'ReplaceFullPath', replaceFullPath: '/landing' } } }],
    }]);
  });
});
