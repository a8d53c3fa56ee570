import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';

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

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: demo }
spec:
  gatewayClassName: local
  listeners:
  - { name: http, port: 80, protocol: HTTP }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: other, namespace: demo }
spec:
  gatewayClassName: remote
  listeners:
  - { name: http, port: 80, protocol: HTTP }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: demo }
spec:
  parentRefs: [{ name: web }, { name: missing }]
  hostnames: [web.example.com]
  rules:
  - backendRefs: [{ name: web, port: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: demo }
spec:
  ports: [{ name: http, port: 8080 }]
`;

const ROUTE = `apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: demo }
spec:
  host: web.apps.local
  to: { kind: Service, name: web }
`;

describe('cdk8s-routing with Gateway API input', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-routing-cli-gw-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('validate warns about a parentRef to a Gateway that is not in the input, with field and rule', async () => {
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, GATEWAY);
    const o = io();
    expect(await main(['validate', '--format', 'json', file], o)).toBe(0);
    const report = JSON.parse(o.out);
    expect(report.warnings.map((w: any) => [w.kind, w.name, w.field, w.rule, w.type])).toStrictEqual([
      ['HTTPRoute', 'web', 'spec.parentRefs[1].name', 'gateway.parentref.not-found', 'NotFound'],
    ]);
  });

  test('--gateway-class selects the Gateways that are served', async () => {
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, GATEWAY);
    const out = path.join(dir, 'out');
    const o = io();
    expect(await main(['haproxy', file, '--out', out, '--gateway-class', 'local', '--port-map', '80=18080'], o)).toBe(0);
    const cfg = fs.readFileSync(path.join(out, 'haproxy.cfg'), 'utf8');
    expect(cfg).toContain('frontend fe_gw:demo:web:80');
    expect(cfg).toContain('bind 127.0.0.1:18080');
    expect(cfg).not.toContain('gw:demo:other');
  });

  test('fails with a clear message when two Gateways need the same local port', async () => {
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, GATEWAY);
    const o = io();
    expect(await main(['haproxy', file, '--out', path.join(dir, 'out')], o)).toBe(1);
    expect(o.err).toContain('entrypoints gw:demo:other:80 and gw:demo:web:80 would both listen on local port 8080');
    expect(o.err).toContain('--port-map');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('fails when a Gateway listener and Routes share a local port; --port-map separates them', async () => {
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, `${GATEWAY}---\n${ROUTE}`);
    const o = io();
    expect(await main(['haproxy', file, '--out', path.join(dir, 'out'), '--gateway-class', 'local'], o)).toBe(1);
    expect(o.err).toMatch(/entrypoints routes-http and gw:demo:web:80 would both listen on local port 8080/);
    const ok = io();
    expect(await main(['haproxy', file, '--out', path.join(dir, 'out'), '--gateway-class', 'local', '--port-map', '80=18080,443=18443'], ok)).toBe(0);
    const cfg = fs.readFileSync(path.join(dir, 'out', 'haproxy.cfg'), 'utf8');
    expect(cfg).toContain('bind 127.0.0.1:8080');
    expect(cfg).toContain('bind 127.0.0.1:18080');
  });

  test('fails with the route and field when a regular expression cannot work (nothing written)', async () => {
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, GATEWAY.replace('  rules:\n  - backendRefs: [{ name: web, port: 8080 }]',
      '  rules:\n  - matches: [{ path: { type: RegularExpression, value: "/a(b" } }]\n    backendRefs: [{ name: web, port: 8080 }]'));
    const o = io();
    expect(await main(['haproxy', file, '--out', path.join(dir, 'out'), '--gateway-class', 'local'], o)).toBe(1);
    expect(o.err).toMatch(/HTTPRoute demo\/web: spec\.rules\[0\]\.matches\[0\]: path regular expression has an unmatched '\('/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
