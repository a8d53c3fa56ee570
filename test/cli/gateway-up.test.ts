import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';
import { freePort, localRequest } from '../../src/private/http-client';

/**
 * `cdk8s-routing up --echo` with Gateway API YAML: listener ports through
 * --port-map, built-in echo backends (HTTP and TLS passthrough), a header
 * match, an invalid backendRef share and the routing table.
 */
const APP = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: shop }
spec:
  gatewayClassName: local
  listeners:
  - { name: http, port: 80, protocol: HTTP, hostname: "*.shop.local" }
  - { name: tls, port: 443, protocol: TLS, hostname: pay.shop.local, tls: { mode: Passthrough } }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: canary, namespace: shop }
spec: { ports: [{ name: http, port: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: pay, namespace: shop }
spec: { ports: [{ name: https, port: 8443 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: gw }]
  hostnames: [www.shop.local]
  rules:
  - backendRefs: [{ name: web, port: 8080 }]
  - matches: [{ headers: [{ name: x-canary, value: always }] }]
    backendRefs: [{ name: canary, port: 8080 }]
  - matches: [{ path: { type: PathPrefix, value: /half } }]
    backendRefs: [{ name: web, port: 8080 }, { name: gone, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: { name: pay, namespace: shop }
spec:
  parentRefs: [{ name: gw, sectionName: tls }]
  hostnames: [pay.shop.local]
  rules:
  - backendRefs: [{ name: pay, port: 8443 }]
`;

test('up --echo serves Gateway listeners on --port-map ports with echo backends, header matches and 500 shares', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-up-'));
  process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
  fs.writeFileSync(path.join(dir, 'app.yaml'), APP);
  const httpPort = await freePort();
  const tlsPort = await freePort();
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const results: Record<string, any> = {};
  let out = '';
  let failure: unknown;
  const io: CliIo = {
    stdout: (s) => { out += s; },
    stderr: (s) => { out += s; },
    stdin: () => '',
    isTty: false,
    untilStopped: () => stopped,
    onServing: ({ dir: cfgDir }) => {
      void (async () => {
        try {
          const ca = fs.readFileSync(path.join(cfgDir, 'dev-ca.pem'), 'utf8');
          results.web = await localRequest({ scheme: 'http', port: httpPort, host: 'www.shop.local', path: '/x' });
          results.canary = await localRequest({ scheme: 'http', port: httpPort, host: 'www.shop.local', path: '/x', headers: { 'x-canary': 'always' } });
          results.half = [];
          for (let i = 0; i < 4; i++) results.half.push((await localRequest({ scheme: 'http', port: httpPort, host: 'www.shop.local', path: '/half' })).status);
          results.unknown = await localRequest({ scheme: 'http', port: httpPort, host: 'nope.shop.local', path: '/' });
          results.pay = await localRequest({ scheme: 'https', port: tlsPort, host: 'pay.shop.local', path: '/p', ca });
        } catch (e) {
          failure = e;
        } finally {
          stop();
        }
      })();
    },
  };
  const code = await main(['up', path.join(dir, 'app.yaml'), '--echo', '--port-map', `80=${httpPort},443=${tlsPort}`], io);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(failure).toBeUndefined();
  expect(code).toBe(0);
  // the routing table shows the listener port and the local port, and the 500 share
  expect(out).toContain(`80→${httpPort}`);
  expect(out).toContain(`gw:shop:gw:80 (listener port 80): http://127.0.0.1:${httpPort}`);
  expect(out).toContain(`gw:shop:gw:443 (listener port 443): tls://127.0.0.1:${tlsPort}`);
  expect(out).not.toContain('https://127.0.0.1:8443');
  expect(out).toMatch(/www\.shop\.local +prefix \/half +shop\/web 50%, 500 \(invalid shop\/gone\) 50%/);
  expect(out).toMatch(/HTTPRoute shop\/web: spec\.rules\[2\]\.backendRefs\[1\]\.name: .*BackendNotFound/);
  expect(JSON.parse(results.web.body)).toMatchObject({ service: 'web', namespace: 'shop', path: '/x' });
  expect(JSON.parse(results.canary.body)).toMatchObject({ service: 'canary' });
  expect([...new Set(results.half)].sort()).toStrictEqual([200, 500]);
  expect(results.unknown.status).toBe(404);
  expect(JSON.parse(results.pay.body)).toMatchObject({ service: 'pay', tls: true, sni: 'pay.shop.local' });
});
