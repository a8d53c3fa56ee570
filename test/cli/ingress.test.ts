import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';

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
