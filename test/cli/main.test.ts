import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';

function io(stdin = ''): CliIo & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    stdout: (s: string) => { r.out += s; },
    stderr: (s: string) => { r.err += s; },
    stdin: () => stdin,
    isTty: false,
  };
  return r;
}

const VALID = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: demo }
spec:
  ports: [{ name: http, port: 8080, targetPort: 8080 }]
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: demo }
spec:
  host: web.apps.local
  to: { kind: Service, name: web }
  port: { targetPort: 8080 }
`;

const BROKEN = `apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: shop
  namespace: prod
spec:
  host: shop.example.com
  path: /cart
  to:
    kind: Service
    name: shop
  tls:
    termination: passthrough
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  fs.writeFileSync(path.join(dir, 'valid.yaml'), VALID);
  fs.writeFileSync(path.join(dir, 'broken.yaml'), BROKEN);
  fs.writeFileSync(path.join(dir, 'bad-yaml.yaml'), 'apiVersion: v1\nkind: [\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdk8s-routing validate', () => {
  test('exits 0 and prints a summary for valid input', async () => {
    const o = io();
    expect(await main(['validate', path.join(dir, 'valid.yaml')], o)).toBe(0);
    expect(o.out).toBe('2 objects checked: 0 errors, 0 warnings\n');
  });

  test('fails with exit 1 and FILE:LINE: KIND NS/NAME: FIELD: MESSAGE lines', async () => {
    const o = io();
    const file = path.join(dir, 'broken.yaml');
    expect(await main(['validate', file], o)).toBe(1);
    const lines = o.out.trim().split('\n');
    expect(lines.some((l) => l.startsWith(`${file}:8: Route prod/shop: spec.path: `))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^1 object checked: [1-9][0-9]* errors?, \d+ warnings?$/);
  });

  test('prints the JSON report of the contract, and nothing else on stdout', async () => {
    const o = io();
    expect(await main(['validate', '--format', 'json', path.join(dir, 'broken.yaml')], o)).toBe(1);
    const report = JSON.parse(o.out);
    expect(report.objects).toBe(1);
    const f = report.errors.find((e: any) => e.field === 'spec.path');
    expect(f).toMatchObject({
      file: path.join(dir, 'broken.yaml'),
      line: 8,
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      namespace: 'prod',
      name: 'shop',
      type: 'Invalid',
    });
    expect(typeof f.rule).toBe('string');
    expect(Object.keys(f).sort()).toStrictEqual(['apiVersion', 'field', 'file', 'kind', 'line', 'message', 'name', 'namespace', 'rule', 'type']);
  });

  test('prints GitHub workflow annotations with --format github', async () => {
    const o = io();
    expect(await main(['validate', '--format', 'github', path.join(dir, 'broken.yaml')], o)).toBe(1);
    expect(o.out).toMatch(new RegExp(`^::error file=${path.join(dir, 'broken.yaml').replace(/[/.]/g, '\\$&')},line=8,title=[^:]+::Route prod/shop: spec.path: `, 'm'));
  });

  test('fails with exit 1 on YAML that does not parse, naming its line', async () => {
    const o = io();
    expect(await main(['validate', path.join(dir, 'bad-yaml.yaml')], o)).toBe(1);
    expect(o.out).toMatch(/bad-yaml.yaml:\d+: <object>: YAML does not parse/);
  });

  test('reads standard input for -', async () => {
    const o = io(BROKEN);
    expect(await main(['validate', '-'], o)).toBe(1);
    expect(o.out).toMatch(/^-:8: Route prod\/shop: spec.path/m);
  });

  test('fails with exit 2 on an unknown flag', async () => {
    const o = io();
    expect(await main(['validate', '--frobnicate', dir], o)).toBe(2);
    expect(o.err).toMatch(/unknown option '--frobnicate'/);
  });

  test('fails with exit 2 on an unreadable path', async () => {
    const o = io();
    expect(await main(['validate', path.join(dir, 'missing.yaml')], o)).toBe(2);
    expect(o.err).toMatch(/cannot read .*missing.yaml: ENOENT/);
  });

  test('fails with exit 2 when no input is given', async () => {
    const o = io();
    expect(await main(['validate'], o)).toBe(2);
    expect(o.err).toMatch(/no input/);
  });

  test('fails with exit 1 on warnings with --strict only', async () => {
    const warnOnly = VALID.replace('name: web }\n  port', 'name: missing }\n  port');
    fs.writeFileSync(path.join(dir, 'warn.yaml'), warnOnly);
    const a = io();
    expect(await main(['validate', path.join(dir, 'warn.yaml')], a)).toBe(0);
    expect(a.out).toMatch(/spec.to.*\(warning, /);
    const b = io();
    expect(await main(['validate', '--strict', path.join(dir, 'warn.yaml')], b)).toBe(1);
  });
});

describe('cdk8s-routing validate --gateway-channel', () => {
  const TLS_V1ALPHA2 = `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: { name: tls, namespace: demo }
spec:
  rules:
  - backendRefs: [{ name: db, port: 443 }]
`;
  test('fails: TLSRoute v1alpha2 is not served by the standard channel (the default)', async () => {
    fs.writeFileSync(path.join(dir, 'tls-alpha.yaml'), TLS_V1ALPHA2);
    const o = io();
    expect(await main(['validate', path.join(dir, 'tls-alpha.yaml')], o)).toBe(1);
    expect(o.out).toMatch(/gateway\.schema\.version-not-served/);
    expect(o.out).toMatch(/no matches for kind "TLSRoute" in version "gateway.networking.k8s.io\/v1alpha2"/);
  });

  test('the experimental channel serves it', async () => {
    const o = io();
    expect(await main(['validate', '--gateway-channel', 'experimental', path.join(dir, 'tls-alpha.yaml')], o)).toBe(0);
  });

  test('fails with exit 2 on an unknown channel', async () => {
    const o = io();
    expect(await main(['validate', '--gateway-channel', 'beta', path.join(dir, 'tls-alpha.yaml')], o)).toBe(2);
    expect(o.err).toMatch(/standard, experimental/);
  });
});

describe('cdk8s-routing haproxy', () => {
  test('fails with exit 1 and writes nothing when validation finds errors', async () => {
    const o = io();
    const out = path.join(dir, 'out-broken');
    expect(await main(['haproxy', path.join(dir, 'broken.yaml'), '--out', out], o)).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(o.err).toMatch(/nothing written/);
  });

  test('writes a deterministic configuration with certificates 0600', async () => {
    process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
    const a = path.join(dir, 'out-a');
    const b = path.join(dir, 'out-b');
    const args = ['--endpoint', 'demo/web=127.0.0.1:9001'];
    expect(await main(['haproxy', path.join(dir, 'valid.yaml'), '--out', a, ...args], io())).toBe(0);
    expect(await main(['haproxy', path.join(dir, 'valid.yaml'), '--out', b, ...args], io())).toBe(0);
    const files = fs.readdirSync(a).sort();
    expect(files).toContain('haproxy.cfg');
    expect(fs.readdirSync(b).sort()).toStrictEqual(files);
    for (const f of files) {
      if (fs.statSync(path.join(a, f)).isDirectory()) continue;
      expect(fs.readFileSync(path.join(b, f))).toStrictEqual(fs.readFileSync(path.join(a, f)));
    }
    const cfg = fs.readFileSync(path.join(a, 'haproxy.cfg'), 'utf8');
    expect(cfg).toMatch(/127\.0\.0\.1:9001/);
    expect(cfg).toMatch(/127\.0\.0\.1:8080/);
  });

  test('fails with exit 2 on a bad --endpoint', async () => {
    const o = io();
    expect(await main(['haproxy', path.join(dir, 'valid.yaml'), '--out', path.join(dir, 'x'), '--endpoint', 'demo/web'], o)).toBe(2);
    expect(o.err).toMatch(/--endpoint demo\/web: expected/);
  });
});
