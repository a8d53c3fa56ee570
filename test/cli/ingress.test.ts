import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';
import { freePort, localRequest } from '../../src/private/http-client';

/** The CLI on Ingress YAML: validate (text and JSON with file:line and field paths) and haproxy (refuses on errors). */
function io(): CliIo & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    stdout: (s: string) => { r.out += s; },
    stderr: (s: string) => { r.err += s; },
    stdin: () => '',
    isTty: false,
  };
  return r;
}

const GOOD = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: demo
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8MB
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`;
const BAD = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: broken, namespace: demo }
spec:
  rules:
    - host: 10.0.0.1
      http:
        paths:
          - { path: app, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-ingress-'));
  fs.writeFileSync(path.join(dir, 'good.yaml'), GOOD);
  fs.writeFileSync(path.join(dir, 'bad.yaml'), BAD);
  process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('validate: an nginx annotation warning exits 0, with --strict 1', async () => {
  const file = path.join(dir, 'good.yaml');
  const r = io();
  expect(await main(['validate', file], r)).toBe(0);
  expect(r.out).toContain(`${file}:7: Ingress demo/shop: metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size]:`);
  expect(await main(['validate', file, '--strict'], io())).toBe(1);
});

test('fails: validate reports API errors as JSON with lines, fields and rule ids (exit 1)', async () => {
  const r = io();
  expect(await main(['validate', path.join(dir, 'bad.yaml'), '--format', 'json'], r)).toBe(1);
  const report = JSON.parse(r.out);
  expect(report.errors.map((f: any) => [f.line, f.field, f.type, f.rule])).toStrictEqual([
    [6, 'spec.rules[0].host', 'Invalid', 'ingress.rules.host.ip'],
    [9, 'spec.rules[0].http.paths[0].path', 'Invalid', 'ingress.paths.path.absolute'],
  ]);
});

test('haproxy renders Ingresses and refuses (exit 1, nothing written) when validation finds errors', async () => {
  const out = path.join(dir, 'out');
  expect(await main(['haproxy', path.join(dir, 'good.yaml'), '--out', out], io())).toBe(0);
  expect(fs.readFileSync(path.join(out, 'routes-http.prefix.map'), 'utf8')).toBe('shop.example.com/ ing:demo:shop:r0:p0\n');
  const refused = path.join(dir, 'refused');
  expect(await main(['haproxy', path.join(dir, 'bad.yaml'), '--out', refused], io())).toBe(1);
  expect(fs.existsSync(path.join(refused, 'haproxy.cfg'))).toBe(false);
});

test('up --echo serves an Ingress canary split and the TLS redirect until stopped', async () => {
  const file = path.join(dir, 'canary.yaml');
  fs.writeFileSync(file, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: store, namespace: demo }
spec:
  tls: [{ hosts: [store.example.com] }]
  rules:
    - host: store.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: store-v1, port: { number: 80 } } } }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: store-canary
  namespace: demo
  annotations: { nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "50" }
spec:
  rules:
    - host: store.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: store-v2, port: { number: 80 } } } }] }
`);
  const httpPort = await freePort();
  const httpsPort = await freePort();
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const seen = new Map<string, number>();
  let redirect: any;
  let failure: unknown;
  const r = io();
  const cli: CliIo = {
    ...r,
    untilStopped: () => stopped,
    onServing: ({ dir: cfgDir }) => {
      void (async () => {
        try {
          const ca = fs.readFileSync(path.join(cfgDir, 'dev-ca.pem'), 'utf8');
          redirect = await localRequest({ scheme: 'http', port: httpPort, host: 'store.example.com', path: '/x?y=1' });
          for (let i = 0; i < 100; i++) {
            const res = await localRequest({ scheme: 'https', port: httpsPort, host: 'store.example.com', path: '/', ca });
            const svc = JSON.parse(res.body).service;
            seen.set(svc, (seen.get(svc) ?? 0) + 1);
          }
        } catch (e) {
          failure = e;
        } finally {
          stop();
        }
      })();
    },
  };
  const code = await main(['up', file, '--echo', '--http-port', String(httpPort), '--https-port', String(httpsPort)], cli);
  expect(failure).toBeUndefined();
  expect(code).toBe(0);
  expect(r.out).toMatch(/store\.example\.com/);
  expect(redirect.status).toBe(308);
  expect(redirect.headers.location).toBe(`https://store.example.com:${httpsPort}/x?y=1`);
  expect([...seen.keys()].sort()).toStrictEqual(['store-v1', 'store-v2']);
  expect(seen.get('store-v2')!).toBeGreaterThanOrEqual(30);
  expect(seen.get('store-v2')!).toBeLessThanOrEqual(70);
});
