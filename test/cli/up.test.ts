import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';
import { freePort, localRequest } from '../../src/private/http-client';

/**
 * `cdk8s-routing up --echo` end to end: hand-written Route YAML, a real HAProxy,
 * built-in echo backends, real HTTP and TLS requests with SNI on loopback.
 */
const APP = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { ports: [{ name: http, port: 8080, targetPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: pay, namespace: shop }
spec: { ports: [{ name: https, port: 8443, targetPort: 8443 }] }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop, creationTimestamp: "2026-01-01T00:00:00Z" }
spec:
  host: web.apps.local
  to: { kind: Service, name: web }
  port: { targetPort: 8080 }
  tls: { termination: edge, insecureEdgeTerminationPolicy: Redirect }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: pay, namespace: shop }
spec:
  host: pay.apps.local
  to: { kind: Service, name: pay }
  port: { targetPort: 8443 }
  tls: { termination: passthrough }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: generated, namespace: shop }
spec:
  to: { kind: Service, name: web }
  port: { targetPort: http }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: admin, namespace: other, creationTimestamp: "2026-03-01T00:00:00Z" }
spec:
  host: web.apps.local
  path: /admin
  to: { kind: Service, name: evil }
  tls: { termination: edge }
`;

test('up --echo serves edge, redirect, passthrough, generated hosts and host admission across namespaces until stopped', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'up-'));
  process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
  fs.writeFileSync(path.join(dir, 'app.yaml'), APP);
  const httpPort = await freePort();
  const httpsPort = await freePort();
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
          results.redirect = await localRequest({ scheme: 'http', port: httpPort, host: 'web.apps.local', path: '/a?b=1' });
          results.edge = await localRequest({ scheme: 'https', port: httpsPort, host: 'web.apps.local', path: '/x', ca });
          results.passthrough = await localRequest({ scheme: 'https', port: httpsPort, host: 'pay.apps.local', path: '/p', ca });
          results.claimed = await localRequest({ scheme: 'https', port: httpsPort, host: 'web.apps.local', path: '/admin', ca });
          results.generated = await localRequest({ scheme: 'http', port: httpPort, host: 'generated-shop.apps.local', path: '/' });
          results.unknown = await localRequest({ scheme: 'http', port: httpPort, host: 'nope.apps.local', path: '/' });
        } catch (e) {
          failure = e;
        } finally {
          stop();
        }
      })();
    },
  };
  const code = await main(['up', path.join(dir, 'app.yaml'), '--echo', '--http-port', String(httpPort), '--https-port', String(httpsPort)], io);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(failure).toBeUndefined();
  expect(code).toBe(0);
  expect(out).toMatch(/web\.apps\.local/);
  expect(out).toMatch(/generated-shop\.apps\.local/);

  expect(results.redirect.status).toBe(302);
  expect(results.redirect.headers.location).toBe(`https://web.apps.local:${httpsPort}/a?b=1`);
  expect(results.edge.status).toBe(200);
  expect(JSON.parse(results.edge.body)).toMatchObject({ service: 'web', namespace: 'shop', path: '/x', tls: false });
  expect(results.passthrough.status).toBe(200);
  expect(JSON.parse(results.passthrough.body)).toMatchObject({ service: 'pay', namespace: 'shop', path: '/p', tls: true });
  // the newer route in another namespace does not get the host: /admin still reaches shop/web
  expect(out).toMatch(/Route other\/admin: spec.host: HostAlreadyClaimed/);
  expect(JSON.parse(results.claimed.body)).toMatchObject({ service: 'web', namespace: 'shop', path: '/admin' });
  expect(results.generated.status).toBe(200);
  expect(JSON.parse(results.generated.body)).toMatchObject({ service: 'web' });
  expect(results.unknown.status).toBe(503);
  // HAProxy is gone after stop: the port refuses connections.
  await expect(localRequest({ scheme: 'http', port: httpPort, host: 'web.apps.local' })).rejects.toThrow(/ECONNREFUSED/);
});
