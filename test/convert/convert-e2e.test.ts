/*
 * convert, end to end: Routes and Ingresses, and the Gateway API objects
 * `convert --to gateway` makes of them, are each rendered and served by a real
 * HAProxy; the same requests must reach the same Services (TLS, redirects,
 * paths, weights).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { convertManifests } from '../../src/convert';
import { RunningEcho, RunningHaproxy, checkConfig, startEcho, startHaproxy, writeFilesAtomically } from '../../src/haproxy';
import { EndpointSpec } from '../../src/model/endpoints';
import { renderLoaded } from '../../src/render';
import { fromObjects, loadText, LoadedObject } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';
import { freePort, get, getTls, tempDir } from '../haproxy/util';

jest.setTimeout(120_000);

const SERVICES = ['web', 'web-v2', 'static', 'shop', 'shop-v2', 'api'];
const INPUT = `${SERVICES.map((n) => `apiVersion: v1
kind: Service
metadata: { name: ${n}, namespace: app }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
`).join('---\n')}---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: app }
spec:
  host: web.example.com
  port: { targetPort: http }
  to: { kind: Service, name: web, weight: 70 }
  alternateBackends: [{ kind: Service, name: web-v2, weight: 30 }]
  tls: { termination: edge, insecureEdgeTerminationPolicy: Redirect }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: static, namespace: app }
spec:
  host: web.example.com
  path: /static
  port: { targetPort: http }
  to: { kind: Service, name: static }
  tls: { termination: edge, insecureEdgeTerminationPolicy: Redirect }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: app }
spec:
  tls: [{ hosts: [shop.example.com], secretName: shop-tls }]
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: shop, port: { number: 80 } } } }
          - { path: /api, pathType: Prefix, backend: { service: { name: api, port: { name: http } } } }
          - { path: /healthz, pathType: Exact, backend: { service: { name: api, port: { number: 80 } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop-canary
  namespace: app
  annotations: { nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "25" }
spec:
  rules:
    - host: shop.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: shop-v2, port: { number: 80 } } } }] }
`;

interface Seen { readonly answers: string[]; readonly shares: Record<string, number> }

const echoes: RunningEcho[] = [];
const endpoints: EndpointSpec[] = [];
let caDir: string;
let ca: DevCertificateAuthority;

beforeAll(async () => {
  caDir = tempDir('convert-e2e-ca');
  ca = await DevCertificateAuthority.load(path.join(caDir, 'ca'));
  for (const name of SERVICES) {
    const e = await startEcho({ name, namespace: 'app', mode: 'http' });
    echoes.push(e);
    endpoints.push({ namespace: 'app', name, addresses: [{ host: '127.0.0.1', port: e.port }] });
  }
});

afterAll(async () => {
  await Promise.all(echoes.map((e) => e.close()));
  fs.rmSync(caDir, { recursive: true, force: true });
});

async function serve(objects: LoadedObject[], tag: string): Promise<Seen> {
  const report = validateLoaded(objects);
  expect(report.errors).toEqual([]);
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const dir = tempDir(`convert-e2e-${tag}`);
  let haproxy: RunningHaproxy | undefined;
  try {
    const outcome = await renderLoaded(objects, {
      httpPort, httpsPort, portMap: { 80: httpPort, 443: httpsPort }, endpoints, socketTag: `convert-${tag}`, devCaDir: path.join(caDir, 'ca'),
    }, [], report);
    expect(outcome.report.errors).toEqual([]);
    writeFilesAtomically(dir, outcome.files);
    expect(checkConfig(dir).output).toBe('Configuration file is valid');
    haproxy = await startHaproxy(dir);
    const answers: string[] = [];
    const describe = (r: { status: number; json?: any; headers: any }) => (r.status === 200 ? `200 ${r.json.service}` : `${r.status}${r.headers.location ? ' redirect' : ''}`);
    for (const [host, p] of [['web.example.com', '/static/app.js'], ['shop.example.com', '/api/items'], ['shop.example.com', '/healthz'], ['shop.example.com', '/healthz/deep']]) {
      answers.push(`https ${host}${p} -> ${describe(await getTls({ port: httpsPort, host, path: p, ca: ca.caPem }))}`);
    }
    for (const [host, p] of [['web.example.com', '/'], ['shop.example.com', '/api']]) {
      const r = await get({ port: httpPort, host, path: p });
      answers.push(`http ${host}${p} -> ${r.status >= 300 && r.status < 400 ? `redirect to ${String(r.headers.location).replace(/:\d+/, '')}` : r.status}`);
    }
    const shares: Record<string, number> = {};
    for (const host of ['web.example.com', 'shop.example.com']) {
      for (let i = 0; i < 200; i++) {
        const r = await getTls({ port: httpsPort, host, path: '/x', ca: ca.caPem });
        expect(r.status).toBe(200);
        shares[r.json.service] = (shares[r.json.service] ?? 0) + 1 / 200;
      }
    }
    return { answers, shares };
  } finally {
    if (haproxy) await haproxy.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('Routes and Ingresses and their Gateway API conversion route the same requests to the same Services', async () => {
  const { objects } = loadText(INPUT, 'input.yaml');
  // Ingresses without a class join the Routes' Gateway, so one HAProxy serves both on 80/443.
  const converted = convertManifests(objects, { to: 'gateway', gatewayClass: 'openshift-default' });
  expect(converted.notices.filter((n) => n.severity === 'error')).toEqual([]);
  const services = objects.filter((o) => o.kind === 'Service').map((o) => o.object);

  const before = await serve(objects, 'before');
  const after = await serve(fromObjects([...services, ...converted.objects]), 'after');

  expect(before.answers).toEqual([
    'https web.example.com/static/app.js -> 200 static',
    'https shop.example.com/api/items -> 200 api',
    'https shop.example.com/healthz -> 200 api',
    'https shop.example.com/healthz/deep -> 200 shop',
    'http web.example.com/ -> redirect to https://web.example.com/',
    'http shop.example.com/api -> redirect to https://shop.example.com/api',
  ]);
  expect(after.answers).toEqual(before.answers);
  for (const [svc, expected] of [['web', 0.7], ['web-v2', 0.3], ['shop', 0.75], ['shop-v2', 0.25]] as const) {
    expect(Math.abs(before.shares[svc] - expected)).toBeLessThan(0.1);
    expect(Math.abs(after.shares[svc] - expected)).toBeLessThan(0.1);
  }
});
