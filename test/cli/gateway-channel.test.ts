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

const INPUT = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: shop }
spec:
  gatewayClassName: x
  listeners: [{ name: http, port: 80, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: gw }]
  rules: [{ backendRefs: [{ name: web, port: 80 }], retry: { attempts: 0 } }]
`;

describe('haproxy --gateway-channel', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-channel-'));
    process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.CDK8S_ROUTING_DEV_CA_DIR;
  });

  test('standard (default): an experimental-only field is a warning and the configuration is written', async () => {
    const o = io(INPUT);
    expect(await main(['haproxy', '-', '--out', path.join(dir, 'std')], o)).toBe(0);
    expect(o.err).toContain('gateway.schema.experimental-field');
    expect(fs.existsSync(path.join(dir, 'std', 'haproxy.cfg'))).toBe(true);
  });

  test('fails with exit 1 and writes nothing when the experimental channel rejects the field', async () => {
    const o = io(INPUT);
    expect(await main(['haproxy', '-', '--gateway-channel', 'experimental', '--out', path.join(dir, 'exp')], o)).toBe(1);
    expect(o.err).toMatch(/spec\.rules\[0\]\.retry\.attempts/);
    expect(fs.existsSync(path.join(dir, 'exp'))).toBe(false);
  });
});
