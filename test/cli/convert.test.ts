import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
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

const ROUTE = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: shop.example.com
  to: { kind: Service, name: web }
  port: { targetPort: http }
`;

describe('cdk8s-routing convert', () => {
  test('--to gateway writes multi-document YAML to stdout and a summary to stderr', async () => {
    const o = io(ROUTE);
    expect(await main(['convert', '--to', 'gateway', '-'], o)).toBe(0);
    const docs = parseAllDocuments(o.out).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Gateway/openshift-default', 'HTTPRoute/web']);
    expect(docs[1].spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80, weight: 100 }]);
    expect(o.err).toBe('2 objects, 0 not converted, 0 lossy\n');
  });

  test('--gateway-class names the generated Gateway and its class', async () => {
    const o = io(ROUTE);
    expect(await main(['convert', '--to', 'gateway', '--gateway-class', 'haproxy', '-'], o)).toBe(0);
    const gw = parseAllDocuments(o.out)[0].toJS();
    expect([gw.metadata.name, gw.spec.gatewayClassName]).toEqual(['haproxy', 'haproxy']);
  });

  test('--out writes one file per object', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-'));
    try {
      const o = io(ROUTE);
      expect(await main(['convert', '--to', 'gateway', '--out', path.join(dir, 'out'), '-'], o)).toBe(0);
      expect(fs.readdirSync(path.join(dir, 'out', 'shop')).sort()).toEqual(['gateway-openshift-default.yaml', 'httproute-web.yaml']);
      expect(o.out).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails with exit 1 when something cannot be converted, naming the object and field', async () => {
    const o = io(ROUTE.replace('port: { targetPort: http }', 'port: { targetPort: grpc }'));
    expect(await main(['convert', '--to', 'gateway', '-'], o)).toBe(1);
    expect(o.err).toMatch(/^-:\d+: Route shop\/web: spec\.port\.targetPort: backend web left out: Service shop\/web has no port named "grpc".* \(not converted\)$/m);
  });

  test('fails with exit 1 and converts nothing when the input has validation errors', async () => {
    const o = io('apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: { name: x, namespace: y }\nspec: { to: { kind: Service, name: "" } }\n');
    expect(await main(['convert', '--to', 'gateway', '-'], o)).toBe(1);
    expect(o.err).toContain('nothing converted');
    expect(o.out).toBe('');
  });

  test('fails with exit 2 without --to or with a bad class name', async () => {
    expect(await main(['convert', '-'], io(ROUTE))).toBe(2);
    const o = io(ROUTE);
    expect(await main(['convert', '--to', 'gateway', '--gateway-class', 'Bad Name', '-'], o)).toBe(2);
    expect(o.err).toContain('--gateway-class "Bad Name"');
  });
});
