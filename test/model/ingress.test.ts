import * as fs from 'fs';
import * as path from 'path';
import { buildRoutingModel } from '../../src/model/build';
import { loadPaths, loadText } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';

/** Golden test at the manifests → model boundary for Ingresses. Regenerate with UPDATE_GOLDEN=1 and review the diff. */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'model');
const INPUT = path.join(FIXTURES, 'ingress.yaml');
const GOLDEN = path.join(FIXTURES, 'ingress.model.json');

function build() {
  const { objects } = loadPaths([INPUT]);
  return buildRoutingModel(objects, {
    endpoints: [
      { namespace: 'shop', name: 'web', addresses: [{ host: '127.0.0.1', port: 9001 }] },
      { namespace: 'shop', name: 'web-v2', addresses: [{ host: '127.0.0.1', port: 9002 }] },
    ],
  });
}
function stable(value: unknown): string {
  return JSON.stringify(value, (k, v) => (k === 'file' && typeof v === 'string' ? path.relative(FIXTURES, v) : v), 2) + '\n';
}

test('manifests → model matches the golden file', () => {
  const text = stable(build().model);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, text);
  expect(text).toBe(fs.readFileSync(GOLDEN, 'utf8'));
});

test('the model is deterministic', () => {
  expect(stable(build().model)).toBe(stable(build().model));
});

test('canary rules at the main location in nginx precedence: header always/never, cookie always/never, then the weighted split', () => {
  const { model } = build();
  const https = model.entrypoints.find((e) => e.id === 'routes-https')!;
  const at = https.httpRules.filter((r) => r.host === 'shop.example.com' && r.path.value === '/app');
  expect(at.map((r) => [r.headers?.[0]?.value ?? r.cookies?.[0]?.value ?? '-', (r.action as any).backend])).toStrictEqual([
    ['always', 'ing:shop:shop:r0:p0:canary'],
    ['never', 'ing:shop:shop:r0:p0:main'],
    ['always', 'ing:shop:shop:r0:p0:canary'],
    ['never', 'ing:shop:shop:r0:p0:main'],
    ['-', 'ing:shop:shop:r0:p0:split'],
  ]);
  const split = model.backends.find((b) => b.id === 'ing:shop:shop:r0:p0:split')!;
  expect(split.services.map((s) => [s.name, s.weight])).toStrictEqual([['web', 75], ['web-v2', 25]]);
  expect(split.servers.map((s) => [s.service, s.weight])).toStrictEqual([['shop/web', 256], ['shop/web-v2', 85]]);
  // The canary's rules name the canary Ingress as their source.
  expect(at[0].source).toMatchObject({ name: 'shop-canary', field: 'spec.rules[0].http.paths[0]' });
});

test('TLS hosts redirect with 308 on port 80; Ingress-only input answers 404 when nothing matches', () => {
  const { model, findings } = build();
  const http = model.entrypoints.find((e) => e.id === 'routes-http')!;
  expect(http.noMatchStatus).toBe(404);
  const shop = http.httpRules.find((r) => r.host === 'shop.example.com' && r.path.value === '/app/exact')!;
  expect(shop.action).toStrictEqual({ type: 'redirect-https', code: 308 });
  const api = http.httpRules.find((r) => r.path.type === 'RegularExpression')!;
  expect(api.path).toStrictEqual({ type: 'RegularExpression', value: '(?i)/api(/|$)(.*).*' });
  expect(findings.map((f) => [f.name, f.field, f.rule])).toStrictEqual([['shop', 'spec.tls[1].secretName', 'ingress.tls.dev-certificate']]);
});

test('fails with a conflict warning when a Route and an Ingress claim the same host and path; 503 when Routes are present', () => {
  const text = `apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: r, namespace: a }
spec: { host: same.example.com, path: /x, to: { kind: Service, name: web } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: i, namespace: b }
spec:
  rules:
    - host: same.example.com
      http: { paths: [{ path: /x, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`;
  const { model, findings } = buildRoutingModel(loadText(text, 'x.yaml').objects);
  expect(findings.map((f) => [f.kind, f.name, f.field, f.rule])).toStrictEqual([
    ['Ingress', 'i', 'spec.rules[0].http.paths[0]', 'ingress.host.route-conflict'],
  ]);
  expect(model.entrypoints.map((e) => e.noMatchStatus)).toStrictEqual([503, 503]);
});

test('Ingresses with API errors are not modelled', () => {
  const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: bad, namespace: b }
spec:
  rules:
    - host: 10.0.0.1
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`;
  expect(buildRoutingModel(loadText(text, 'x.yaml').objects).model.entrypoints).toStrictEqual([]);
});

test('fails with a warning when a redirect URL cannot be written locally (query); the request is forwarded', () => {
  const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: moved
  namespace: b
  annotations: { nginx.ingress.kubernetes.io/permanent-redirect: "https://new.example.com/x?a=1" }
spec:
  rules:
    - host: moved.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`;
  const { model, findings } = buildRoutingModel(loadText(text, 'x.yaml').objects);
  expect(findings.map((f) => [f.field, f.rule])).toStrictEqual([['metadata.annotations[nginx.ingress.kubernetes.io/permanent-redirect]', 'ingress.nginx.redirect.not-rendered']]);
  expect(model.entrypoints[0].httpRules[0].action).toStrictEqual({ type: 'forward', backend: 'ing:b:moved:r0:p0' });
});

test('fails: two Ingresses claim one host+path: the older keeps it (model and validation agree)', () => {
  const ing = (name: string, created: string, svc: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: a, creationTimestamp: "${created}" }
spec:
  rules:
    - host: same.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: ${svc}, port: { number: 80 } } } }] }
`;
  const objects = loadText([ing('newer', '2026-05-01T00:00:00Z', 'new'), ing('older', '2026-01-01T00:00:00Z', 'old')].join('---\n'), 'x.yaml').objects;
  const { model } = buildRoutingModel(objects);
  const rules = model.entrypoints[0].httpRules;
  expect(rules.map((r) => r.source.name)).toStrictEqual(['older']);
  const report = validateLoaded(objects);
  expect(report.warnings.map((w) => [w.name, w.rule])).toStrictEqual([['newer', 'ingress.nginx.location.duplicate']]);
});

test('fails with warnings when names nginx allows cannot be matched or set locally (/ and : in canary names, . in cookie names)', () => {
  const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: main
  namespace: a
  annotations: { nginx.ingress.kubernetes.io/affinity: cookie, nginx.ingress.kubernetes.io/session-cookie-name: my.cookie }
spec:
  rules:
    - host: c.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: v1, port: { number: 80 } } } }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: canary
  namespace: a
  annotations: { nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-by-header: "x/canary", nginx.ingress.kubernetes.io/canary-weight: "10" }
spec:
  rules:
    - host: c.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: v2, port: { number: 80 } } } }] }
`;
  const { model, findings } = buildRoutingModel(loadText(text, 'x.yaml').objects);
  expect(findings.map((f) => [f.name, f.rule])).toStrictEqual([
    ['canary', 'ingress.nginx.canary.not-rendered'],
    ['main', 'ingress.nginx.session-cookie.not-rendered'],
  ]);
  expect(model.entrypoints[0].httpRules.map((r) => [r.headers, (r.action as any).backend])).toStrictEqual([[undefined, 'ing:a:main:r0:p0:split']]);
  expect(model.backends.every((b) => b.policies.cookie === undefined)).toBe(true);
});
