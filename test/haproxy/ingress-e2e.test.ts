/*
 * End to end for Kubernetes Ingress with ingress-nginx annotations: manifests
 * (YAML as a user writes it) → validation → routing model → haproxy.cfg →
 * `haproxy -c` → a real HAProxy on loopback ports chosen at run time → real
 * requests to echo backends that report which Service and pod answered.
 */
import * as fs from 'fs';
import * as path from 'path';
import { freePort, get, getTls, tempDir } from './util';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { RunningEcho, RunningHaproxy, checkConfig, startEcho, startHaproxy, writeFilesAtomically } from '../../src/haproxy';
import { EndpointSpec } from '../../src/model/endpoints';
import { renderLoaded, RenderOutcome } from '../../src/render';
import { loadText } from '../../src/validation/manifests';

jest.setTimeout(90_000);

const echoes: RunningEcho[] = [];
const endpoints: EndpointSpec[] = [];
let haproxy: RunningHaproxy | undefined;
let dir: string;
let caDir: string;
let httpPort: number;
let httpsPort: number;
let secretCa: DevCertificateAuthority;
let outcome: RenderOutcome;

async function svc(name: string, pods = 1, delayMs?: number): Promise<void> {
  const addresses = [];
  for (let i = 0; i < pods; i++) {
    const e = await startEcho({ name, namespace: 'web', pod: `${name}-${i}`, mode: 'http', delayMs });
    echoes.push(e);
    addresses.push({ host: '127.0.0.1', port: e.port });
  }
  endpoints.push({ namespace: 'web', name, addresses });
}

const service = (name: string) => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: web }
spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] }
`;

function ingress(name: string, spec: string, annotations: Record<string, string> = {}): string {
  const ann = Object.keys(annotations).length === 0 ? '' :
    `  annotations:\n${Object.entries(annotations).map(([k, v]) => `    nginx.ingress.kubernetes.io/${k}: ${JSON.stringify(v)}`).join('\n')}\n`;
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: web
${ann}spec:
  ingressClassName: nginx
${spec.trim().split('\n').map((l) => `  ${l}`).join('\n')}
`;
}

const be = (svcName: string) => `backend: { service: { name: ${svcName}, port: { number: 80 } } }`;
const simple = (host: string, svcName: string, pathType = 'Prefix', p = '/') => `rules:
  - host: ${host}
    http:
      paths:
        - { path: "${p}", pathType: ${pathType}, ${be(svcName)} }`;

const SERVICES = ['web', 'app', 'admin', 'exact', 'img', 'wild', 'def', 'only', 'secure', 'dev', 'plain', 'api', 'body', 'allow', 'deny',
  'sticky', 'rate', 'slow', 'cors', 'stable', 'canary', 'hstable', 'hcanary', 'pstable', 'pcanary', 'astable', 'acanary', 'cstable', 'ccanary'];

beforeAll(async () => {
  dir = tempDir('ingress-e2e');
  caDir = tempDir('ingress-e2e-ca');
  httpPort = await freePort();
  httpsPort = await freePort();
  secretCa = await DevCertificateAuthority.load(path.join(caDir, 'secret-ca'));
  const secretCert = await secretCa.issue(['secure.example.com']);
  for (const s of SERVICES) await svc(s, s === 'sticky' ? 2 : 1, s === 'slow' ? 2500 : undefined);
  const passCert = await secretCa.issue(['pass.example.com']);
  const pass = await startEcho({ name: 'pass', namespace: 'web', mode: 'tls-http', tls: passCert });
  echoes.push(pass);
  endpoints.push({ namespace: 'web', name: 'pass', addresses: [{ host: '127.0.0.1', port: pass.port }] });

  const docs = [
    ...[...SERVICES, 'pass'].map(service),
    `apiVersion: v1
kind: Secret
metadata: { name: secure-tls, namespace: web }
type: kubernetes.io/tls
stringData:
  tls.crt: ${JSON.stringify(secretCert.certificatePem)}
  tls.key: ${JSON.stringify(secretCert.keyPem)}
`,
    ingress('paths', `rules:
  - host: paths.example.com
    http:
      paths:
        - { path: /, pathType: Prefix, ${be('web')} }
        - { path: /app, pathType: Prefix, ${be('app')} }
        - { path: /app/admin/, pathType: Prefix, ${be('admin')} }
        - { path: /app/exact, pathType: Exact, ${be('exact')} }
        - { path: /img, pathType: ImplementationSpecific, ${be('img')} }`),
    ingress('wild', simple('"*.wild.example.com"', 'wild')),
    ingress('default', `defaultBackend: { service: { name: def, port: { number: 80 } } }
${simple('def.example.com', 'only', 'Prefix', '/only')}`),
    ingress('secure', `tls: [{ hosts: [secure.example.com], secretName: secure-tls }]
${simple('secure.example.com', 'secure')}`),
    ingress('dev', `tls: [{ hosts: [dev.example.com], secretName: not-in-input }]
${simple('dev.example.com', 'dev')}`),
    ingress('plain', `tls: [{ hosts: [plain.example.com] }]
${simple('plain.example.com', 'plain')}`, { 'ssl-redirect': 'false' }),
    ingress('pass', simple('pass.example.com', 'pass'), { 'ssl-passthrough': 'true' }),
    ingress('rewrite', simple('rewrite.example.com', 'api', 'ImplementationSpecific', '/api(/|$)(.*)'), { 'rewrite-target': '/$2' }),
    ingress('body', simple('body.example.com', 'body'), { 'proxy-body-size': '16' }),
    ingress('allow', simple('allow.example.com', 'allow'), { 'allowlist-source-range': '10.0.0.0/8, 127.0.0.1/32' }),
    ingress('deny', simple('deny.example.com', 'deny'), { 'allowlist-source-range': '10.0.0.0/8' }),
    ingress('sticky', simple('sticky.example.com', 'sticky'), {
      'affinity': 'cookie', 'session-cookie-name': 'STICKY', 'session-cookie-max-age': '3600', 'session-cookie-samesite': 'Lax',
    }),
    ingress('rate', simple('rate.example.com', 'rate'), { 'limit-rpm': '3', 'limit-burst-multiplier': '1' }),
    ingress('slow', simple('slow.example.com', 'slow'), { 'proxy-read-timeout': '1', 'proxy-send-timeout': '1' }),
    ingress('moved', simple('moved.example.com', 'web'), { 'permanent-redirect': 'https://new.example.com:8443/landing' }),
    ingress('moved2', simple('moved2.example.com', 'web'), { 'temporal-redirect': 'http://new.example.com/tmp', 'temporal-redirect-code': '307' }),
    ingress('cors', simple('cors.example.com', 'cors'), { 'enable-cors': 'true', 'cors-allow-origin': 'https://app.example.com', 'cors-allow-methods': 'GET, POST' }),
    ingress('stable', simple('canary.example.com', 'stable')),
    ingress('canary', simple('canary.example.com', 'canary'), { 'canary': 'true', 'canary-weight': '20' }),
    ingress('hstable', simple('header.example.com', 'hstable')),
    ingress('hcanary', simple('header.example.com', 'hcanary'), { 'canary': 'true', 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'yes' }),
    ingress('pstable', simple('pattern.example.com', 'pstable')),
    ingress('pcanary', simple('pattern.example.com', 'pcanary'), { 'canary': 'true', 'canary-by-header': 'X-Beta', 'canary-by-header-pattern': '^(beta|gamma)$' }),
    ingress('astable', simple('always.example.com', 'astable')),
    ingress('acanary', simple('always.example.com', 'acanary'), { 'canary': 'true', 'canary-by-header': 'X-Canary', 'canary-weight': '100' }),
    ingress('cstable', simple('cookie.example.com', 'cstable')),
    ingress('ccanary', simple('cookie.example.com', 'ccanary'), { 'canary': 'true', 'canary-by-cookie': 'use_canary' }),
  ];
  const loaded = loadText(docs.join('---\n'), 'ingress-e2e.yaml');
  expect(loaded.findings).toEqual([]);
  outcome = await renderLoaded(loaded.objects, { httpPort, httpsPort, endpoints, socketTag: 'ingress-e2e', devCaDir: path.join(caDir, 'dev-ca') });
  expect(outcome.report.errors).toEqual([]);
  writeFilesAtomically(dir, outcome.files);
  expect(checkConfig(dir).output).toBe('Configuration file is valid');
  haproxy = await startHaproxy(dir);
});

afterAll(async () => {
  if (haproxy) await haproxy.stop();
  await Promise.all(echoes.map((e) => e.close()));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(caDir, { recursive: true, force: true });
});

async function served(host: string, p = '/', headers: Record<string, string> = {}): Promise<string> {
  const r = await get({ port: httpPort, host, path: p, headers });
  return r.status === 200 ? r.json.service : `status ${r.status}`;
}

describe('paths and hosts', () => {
  test('Exact beats Prefix, the longest Prefix wins by path element, ImplementationSpecific is a string prefix', async () => {
    expect(await served('paths.example.com', '/')).toBe('web');
    expect(await served('paths.example.com', '/app')).toBe('app');
    expect(await served('paths.example.com', '/app/')).toBe('app');
    expect(await served('paths.example.com', '/application')).toBe('web');
    expect(await served('paths.example.com', '/app/admin')).toBe('admin');
    expect(await served('paths.example.com', '/app/admin/users')).toBe('admin');
    expect(await served('paths.example.com', '/app/exact')).toBe('exact');
    expect(await served('paths.example.com', '/app/exact/more')).toBe('app');
    expect(await served('paths.example.com', '/img')).toBe('img');
    expect(await served('paths.example.com', '/imgs/logo.png')).toBe('img');
  });

  test('a wildcard host matches exactly one label', async () => {
    expect(await served('shop.wild.example.com')).toBe('wild');
    expect(await served('a.b.wild.example.com')).toBe('def');
  });

  test('the default backend serves the Ingress host\'s unmatched paths and hosts no rule matches', async () => {
    expect(await served('def.example.com', '/only/x')).toBe('only');
    expect(await served('def.example.com', '/other')).toBe('def');
    expect(await served('unknown.example.org', '/')).toBe('def');
  });
});

describe('TLS and redirects', () => {
  test('a host with TLS is redirected from HTTP with 308 (ssl-redirect default), path and query kept', async () => {
    const r = await get({ port: httpPort, host: 'secure.example.com', path: '/a?b=1' });
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe(`https://secure.example.com:${httpsPort}/a?b=1`);
  });

  test('TLS with the kubernetes.io/tls Secret from the input', async () => {
    const r = await getTls({ port: httpsPort, host: 'secure.example.com', ca: secretCa.caPem });
    expect(r.status).toBe(200);
    expect(r.json.service).toBe('secure');
    expect(r.peerNames).toBe('DNS:secure.example.com');
  });

  test('TLS with a development certificate when the Secret is not in the input, with a warning', async () => {
    const r = await getTls({ port: httpsPort, host: 'dev.example.com', ca: outcome.devCaPem });
    expect(r.status).toBe(200);
    expect(r.json.service).toBe('dev');
    expect(r.peerNames).toBe('DNS:dev.example.com');
    const w = outcome.report.warnings.filter((f) => f.name === 'dev').map((f) => [f.field, f.rule]);
    expect(w).toContainEqual(['spec.tls[0].secretName', 'ingress.tls.dev-certificate']);
    expect(w).toContainEqual(['spec.tls[0].secretName', 'ingress.tls.secret-not-found']);
  });

  test('ssl-passthrough: the client\'s TLS session reaches the pod by SNI', async () => {
    const r = await getTls({ port: httpsPort, host: 'pass.example.com', ca: secretCa.caPem });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ service: 'pass', tls: true, sni: 'pass.example.com' });
    expect(await served('pass.example.com')).toBe('def');
  });

  test('ssl-redirect "false" serves HTTP; every Ingress host is also served on 443', async () => {
    expect(await served('plain.example.com')).toBe('plain');
    const r = await getTls({ port: httpsPort, host: 'paths.example.com', servername: 'paths.example.com', ca: outcome.devCaPem, skipHostnameCheck: true });
    expect(r.json.service).toBe('web');
  });
});

describe('ingress-nginx settings', () => {
  test('rewrite-target with capture groups rewrites the path, the query is kept', async () => {
    const r = await get({ port: httpPort, host: 'rewrite.example.com', path: '/api/users/7?full=1' });
    expect(r.json.service).toBe('api');
    expect(r.json.path).toBe('/users/7?full=1');
    expect((await get({ port: httpPort, host: 'rewrite.example.com', path: '/API' })).json.path).toBe('/');
  });

  test('fails with 413 when the body is larger than proxy-body-size', async () => {
    const small = await get({ port: httpPort, host: 'body.example.com', method: 'POST', headers: { 'content-length': '4' }, body: 'abcd' });
    expect(small.status).toBe(200);
    const big = await get({ port: httpPort, host: 'body.example.com', method: 'POST', headers: { 'content-length': '17' }, body: 'x'.repeat(17) });
    expect(big.status).toBe(413);
  });

  test('an allowlist with the client passes; fails with 403 outside the allowlist', async () => {
    expect(await served('allow.example.com')).toBe('allow');
    expect(await served('deny.example.com')).toBe('status 403');
  });

  test('the affinity cookie pins a client to one pod, with nginx\'s attributes', async () => {
    const first = await get({ port: httpPort, host: 'sticky.example.com' });
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^STICKY=[0-9a-f]{32}; path=\/; HttpOnly; SameSite=Lax; Max-Age=3600$/);
    const pod = first.json.pod;
    for (let i = 0; i < 6; i++) {
      const r = await get({ port: httpPort, host: 'sticky.example.com', headers: { cookie: cookie.split(';')[0] } });
      expect(r.json.pod).toBe(pod);
    }
  });

  test('fails with 503 beyond limit-rpm (burst multiplier 1)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await get({ port: httpPort, host: 'rate.example.com' })).status);
    expect(codes).toStrictEqual([200, 200, 200, 503, 503]);
  });

  test('fails with 504 when the backend is slower than proxy-read-timeout', async () => {
    expect(await served('slow.example.com')).toBe('status 504');
  });

  test('CORS: preflight answered with 204, allowed origins echoed, others get no CORS headers', async () => {
    const pre = await get({ port: httpPort, host: 'cors.example.com', method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(pre.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    expect(pre.headers['access-control-max-age']).toBe('1728000');
    const ok = await get({ port: httpPort, host: 'cors.example.com', headers: { origin: 'https://app.example.com' } });
    expect(ok.json.service).toBe('cors');
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await get({ port: httpPort, host: 'cors.example.com', headers: { origin: 'https://evil.example.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('redirects', () => {
  test('permanent-redirect answers 301 with the URL as written; temporal-redirect with its code', async () => {
    const r = await get({ port: httpPort, host: 'moved.example.com', path: '/old/page?x=1' });
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('https://new.example.com:8443/landing');
    const t = await get({ port: httpPort, host: 'moved2.example.com', path: '/' });
    expect([t.status, t.headers.location]).toStrictEqual([307, 'http://new.example.com/tmp']);
  });
});

describe('canary', () => {
  test('canary-weight 20 sends about 20% to the canary (±10% over 200 requests)', async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const s = await served('canary.example.com');
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toStrictEqual(['canary', 'stable']);
    const share = (counts.get('canary') ?? 0) / 200;
    expect(share).toBeGreaterThanOrEqual(0.1);
    expect(share).toBeLessThanOrEqual(0.3);
  });

  test('by header value: only the exact value reaches the canary', async () => {
    expect(await served('header.example.com', '/', { 'X-Canary': 'yes' })).toBe('hcanary');
    expect(await served('header.example.com', '/', { 'X-Canary': 'always' })).toBe('hstable');
    expect(await served('header.example.com', '/')).toBe('hstable');
  });

  test('by header pattern', async () => {
    expect(await served('pattern.example.com', '/', { 'X-Beta': 'gamma' })).toBe('pcanary');
    expect(await served('pattern.example.com', '/', { 'X-Beta': 'delta' })).toBe('pstable');
  });

  test('by header always/never, before the weight (weight 100 sends the rest to the canary)', async () => {
    expect(await served('always.example.com', '/', { 'X-Canary': 'always' })).toBe('acanary');
    expect(await served('always.example.com', '/', { 'X-Canary': 'never' })).toBe('astable');
    expect(await served('always.example.com', '/')).toBe('acanary');
  });

  test('by cookie always/never', async () => {
    expect(await served('cookie.example.com', '/', { cookie: 'use_canary=always' })).toBe('ccanary');
    expect(await served('cookie.example.com', '/', { cookie: 'a=b; use_canary=never' })).toBe('cstable');
    expect(await served('cookie.example.com', '/')).toBe('cstable');
  });
});
