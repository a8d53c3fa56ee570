/*
 * End to end: a hand-built routing model → translate → haproxy -c → a real
 * HAProxy on loopback ports chosen at run time → real requests to echo backends.
 */
import * as fs from 'fs';
import * as path from 'path';
import { backend, entrypoint, freePort, get, getTls, rule, sni, tempDir } from './util';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { RunningEcho, RunningHaproxy, checkConfig, startEcho, startHaproxy, translate, writeFilesAtomically } from '../../src/haproxy';
import { HostMatchKind, RoutingModel } from '../../src/model/types';

jest.setTimeout(60_000);

const echoes: RunningEcho[] = [];
let haproxy: RunningHaproxy | undefined;
let dir: string;
let caDir: string;
let httpPort: number;
let httpsPort: number;
let ca: DevCertificateAuthority;
let otherCa: DevCertificateAuthority;

async function echo(name: string, mode: 'http' | 'https' | 'tls-http' = 'http', extra: { delayMs?: number; tlsHosts?: string[] } = {}): Promise<number> {
  const tls = extra.tlsHosts ? await ca.issue(extra.tlsHosts) : undefined;
  const e = await startEcho({ name, namespace: 'test', pod: `${name}-pod`, mode, tls, delayMs: extra.delayMs });
  echoes.push(e);
  return e.port;
}

beforeAll(async () => {
  dir = tempDir('e2e');
  caDir = tempDir('e2e-ca');
  ca = await DevCertificateAuthority.load(path.join(caDir, 'one'));
  otherCa = await DevCertificateAuthority.load(path.join(caDir, 'two'));
  httpPort = await freePort();
  httpsPort = await freePort();

  const root = await echo('root');
  const app = await echo('app');
  const appx = await echo('appx');
  const slash = await echo('slash');
  const exact = await echo('exact');
  const wild = await echo('wild');
  const exactWild = await echo('exact-wild');
  const edge = await echo('edge');
  const heavy = await echo('heavy');
  const light = await echo('light');
  const zero = await echo('zero');
  const slow = await echo('slow', 'http', { delayMs: 3000 });
  const reenc = await echo('reenc', 'https', { tlsHosts: ['reenc.test.svc'] });
  const pass = await echo('pass', 'tls-http', { tlsHosts: ['pass.example.com'] });

  const edgeCert = await ca.issue(['secure.example.com', '*.wild.example.com']);
  const defaultCert = await ca.issue(['default.local']);

  const model: RoutingModel = {
    entrypoints: [
      entrypoint('routes-http', 80, 'HTTP', [
        rule('app.example.com', '/app/x', 'be_http:test:appx'),
        rule('app.example.com', '/app', 'be_http:test:app'),
        rule('app.example.com', '/slash/', 'be_http:test:slash'),
        rule('app.example.com', { type: 'Exact', value: '/exact' }, 'be_http:test:exact'),
        rule('app.example.com', '/with-headers', 'be_http:test:root', {
          requestHeaders: [{ type: 'set', name: 'X-Rule', value: 'rule 1' }, { type: 'delete', name: 'X-Drop' }],
          responseHeaders: [{ type: 'set', name: 'X-Rule-Response', value: 'done' }],
        }),
        rule('app.example.com', '/', 'be_http:test:root'),
        rule('exact.wild.example.com', '/', 'be_http:test:exact-wild'),
        rule('*.wild.example.com', '/', 'be_http:test:wild'),
        rule('secure.example.com', '/', { type: 'redirect-https', code: 302 }),
        rule('split.example.com', '/', 'be_http:test:split'),
        rule('zero.example.com', '/', 'be_http:test:zero'),
        rule('allzero.example.com', '/', 'be_http:test:allzero'),
        rule('empty.example.com', '/', 'be_http:test:empty'),
        rule('allow.example.com', '/', 'be_http:test:allow'),
        rule('deny.example.com', '/', 'be_http:test:deny'),
        rule('slow.example.com', '/', 'be_http:test:slow'),
        rule('rate.example.com', '/', 'be_http:test:rate'),
        rule('headers.example.com', '/', 'be_http:test:headers'),
        rule('teapot.example.com', '/', { type: 'status', code: 418 }),
        { ...rule('', '/catchall', 'be_http:test:app'), hostMatch: HostMatchKind.ANY },
      ]),
      entrypoint('routes-https', 443, 'HTTPS', [
        rule('secure.example.com', '/', 'be_edge_http:test:secure'),
        rule('*.wild.example.com', '/', 'be_edge_http:test:secure'),
        rule('reenc.example.com', '/', 'be_secure:test:reenc'),
        rule('badca.example.com', '/', 'be_secure:test:badca'),
      ], {
        passthrough: [sni('pass.example.com', 'be_tcp:test:pass')],
        certificates: [{
          id: 'test:secure', hosts: ['secure.example.com', '*.wild.example.com'], source: { apiVersion: 'v1', kind: 'Route', name: 'secure', field: 'spec.tls' },
        }],
      }),
    ],
    backends: [
      backend('be_http:test:root', [{ port: root }]),
      backend('be_http:test:app', [{ port: app }]),
      backend('be_http:test:appx', [{ port: appx }]),
      backend('be_http:test:slash', [{ port: slash }]),
      backend('be_http:test:exact', [{ port: exact }]),
      backend('be_http:test:wild', [{ port: wild }]),
      backend('be_http:test:exact-wild', [{ port: exactWild }]),
      backend('be_edge_http:test:secure', [{ port: edge }], { hsts: 'max-age=31536000;includeSubDomains', cookie: { name: 'shop', secure: true, sameSite: 'Lax' } }),
      backend('be_http:test:split', [{ port: heavy, weight: 256, service: 'heavy' }, { port: light, weight: 28, service: 'light' }]),
      backend('be_http:test:zero', [{ port: heavy, weight: 1, service: 'heavy' }, { port: zero, weight: 0, service: 'zero' }]),
      backend('be_http:test:allzero', [{ port: heavy, weight: 0, service: 'heavy' }, { port: zero, weight: 0, service: 'zero' }]),
      backend('be_http:test:empty', []),
      backend('be_http:test:allow', [{ port: root }], { allowlist: ['10.1.2.3', '127.0.0.1/32'] }),
      backend('be_http:test:deny', [{ port: root }], { allowlist: ['10.0.0.0/8'] }),
      backend('be_http:test:slow', [{ port: slow }], { timeoutServerMs: 300 }),
      backend('be_http:test:rate', [{ port: root }], { rateLimit: { rateHttp: 3 } }),
      backend('be_http:test:headers', [{ port: root }], {
        requestHeaders: [
          { type: 'set', name: 'X-Literal', value: "50% it's #1 %[src]" },
          { type: 'set', name: 'X-Host-Copy', value: '%[req.hdr(host),lower]', dynamic: true },
          { type: 'delete', name: 'X-Remove-Me' },
        ],
        responseHeaders: [{ type: 'add', name: 'X-Served-By', value: 'cdk8s routing' }],
      }),
      backend('be_secure:test:reenc', [{ port: reenc }], {}, { upstreamTls: { caPem: ca.caPem, verifyHost: 'reenc.test.svc' } }),
      backend('be_secure:test:badca', [{ port: reenc }], {}, { upstreamTls: { caPem: otherCa.caPem, verifyHost: 'reenc.test.svc' } }),
      backend('be_tcp:test:pass', [{ port: pass }], {}, { mode: 'tcp' }),
    ],
  };
  const files = translate(model, {
    httpPort,
    httpsPort,
    defaultCertificate: defaultCert,
    devCertificates: new Map([['test:secure', edgeCert]]),
    socketTag: 'e2e',
  });
  writeFilesAtomically(dir, files);
  const check = checkConfig(dir);
  expect(check.output).toBe('Configuration file is valid');
  haproxy = await startHaproxy(dir);
});

afterAll(async () => {
  if (haproxy) {
    await haproxy.stop();
  }
  await Promise.all(echoes.map((e) => e.close()));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(caDir, { recursive: true, force: true });
});

async function served(host: string, p = '/'): Promise<string> {
  const r = await get({ port: httpPort, host, path: p });
  return r.status === 200 ? r.json.service : `status ${r.status}`;
}

describe('plain HTTP dispatch', () => {
  test('host and path pick the backend, path prefixes end at a segment boundary', async () => {
    expect(await served('app.example.com', '/')).toBe('root');
    expect(await served('app.example.com', '/app')).toBe('app');
    expect(await served('app.example.com', '/app/')).toBe('app');
    expect(await served('app.example.com', '/app/y')).toBe('app');
    expect(await served('app.example.com', '/app/x')).toBe('appx');
    expect(await served('app.example.com', '/app/x/deeper?q=1')).toBe('appx');
    expect(await served('app.example.com', '/application')).toBe('root');
    expect(await served('app.example.com', '/app/xy')).toBe('app');
  });

  test('a path ending in / does not match the path without it', async () => {
    expect(await served('app.example.com', '/slash/')).toBe('slash');
    expect(await served('app.example.com', '/slash/a')).toBe('slash');
    expect(await served('app.example.com', '/slash')).toBe('root');
  });

  test('exact paths match only themselves', async () => {
    expect(await served('app.example.com', '/exact')).toBe('exact');
    expect(await served('app.example.com', '/exact/')).toBe('root');
  });

  test('Host is matched case-insensitively, with a port and with a trailing dot', async () => {
    expect(await served('APP.Example.COM', '/app')).toBe('app');
    expect(await served('app.example.com:8080', '/app/x')).toBe('appx');
    expect(await served('app.example.com.', '/app')).toBe('app');
    const r = await get({ port: httpPort, host: 'App.Example.Com:1234', path: '/' });
    expect(r.json.host).toBe('app.example.com:1234');
  });

  test('an exact host beats the wildcard; the wildcard matches one label only', async () => {
    expect(await served('exact.wild.example.com')).toBe('exact-wild');
    expect(await served('shop.wild.example.com')).toBe('wild');
    expect(await served('a.shop.wild.example.com')).toBe('status 503');
    expect(await served('wild.example.com')).toBe('status 503');
  });

  test('a rule\'s own header changes apply only to requests it matched', async () => {
    const hit = await get({ port: httpPort, host: 'app.example.com', path: '/with-headers/x', headers: { 'X-Drop': '1' } });
    expect(hit.json.service).toBe('root');
    expect(hit.json.headers['x-rule']).toBe('rule 1');
    expect(hit.json.headers['x-drop']).toBeUndefined();
    expect(hit.headers['x-rule-response']).toBe('done');
    const miss = await get({ port: httpPort, host: 'app.example.com', path: '/other', headers: { 'X-Drop': '1' } });
    expect(miss.json.service).toBe('root');
    expect(miss.json.headers['x-rule']).toBeUndefined();
    expect(miss.json.headers['x-drop']).toBe('1');
    expect(miss.headers['x-rule-response']).toBeUndefined();
  });

  test('a rule without host serves every host that has no rule of its own for the path', async () => {
    expect(await served('nobody.example.com', '/catchall/x')).toBe('app');
    expect(await served('shop.wild.example.com', '/catchall')).toBe('wild');
    expect(await served('app.example.com', '/catchall')).toBe('root');
    expect(await served('nobody.example.com', '/catchallx')).toBe('status 503');
  });

  test('fails with 503 for an unknown host, and a status rule answers its status', async () => {
    expect(await served('nobody.example.com')).toBe('status 503');
    expect((await get({ port: httpPort, host: 'teapot.example.com' })).status).toBe(418);
  });

  test('redirects to HTTPS with 302, keeping host (without port), path and query', async () => {
    const r = await get({ port: httpPort, host: 'Secure.example.com:8080', path: '/a/b?x=1&y=2' });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`https://secure.example.com:${httpsPort}/a/b?x=1&y=2`);
  });

  test('hygiene: the Proxy header is removed and an empty Content-Length is refused', async () => {
    const r = await get({ port: httpPort, host: 'app.example.com', headers: { Proxy: 'http://evil' } });
    expect(r.json.headers.proxy).toBeUndefined();
    const bad = await rawRequest(httpPort, 'POST / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length:\r\n\r\n');
    expect(bad).toMatch(/^HTTP\/1\.[01] 400/);
  });

  test('header actions: literal values arrive verbatim, dynamic values are evaluated', async () => {
    const r = await get({ port: httpPort, host: 'Headers.example.com', headers: { 'X-Remove-Me': 'yes' } });
    expect(r.status).toBe(200);
    expect(r.json.headers['x-literal']).toBe("50% it's #1 %[src]");
    expect(r.json.headers['x-host-copy']).toBe('headers.example.com');
    expect(r.json.headers['x-remove-me']).toBeUndefined();
    expect(r.headers['x-served-by']).toBe('cdk8s routing');
    expect(r.json.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(r.json.headers['x-forwarded-proto']).toBe('http');
  });
});

describe('weights and servers', () => {
  test('a 90/10 split sends about 10% to the light service (±8% over 200 requests)', async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const s = await served('split.example.com');
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toStrictEqual(['heavy', 'light']);
    const share = (counts.get('light') ?? 0) / 200;
    expect(share).toBeGreaterThanOrEqual(0.02);
    expect(share).toBeLessThanOrEqual(0.18);
  });

  test('a weight-0 server gets nothing', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      seen.add(await served('zero.example.com'));
    }
    expect([...seen]).toStrictEqual(['heavy']);
  });

  test('fails with 503 when every weight is 0 or the backend has no servers', async () => {
    expect(await served('allzero.example.com')).toBe('status 503');
    expect(await served('empty.example.com')).toBe('status 503');
  });
});

describe('backend policies', () => {
  test('an allowlist containing 127.0.0.1 lets the request through', async () => {
    expect(await served('allow.example.com')).toBe('root');
  });

  test('fails: an allowlist without the client closes the connection', async () => {
    await expect(get({ port: httpPort, host: 'deny.example.com' })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  test('fails with 504 when the backend is slower than timeout server', async () => {
    expect(await served('slow.example.com')).toBe('status 504');
  });

  test('fails: requests beyond the HTTP rate limit are rejected', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(await get({ port: httpPort, host: 'rate.example.com' }).then((r) => String(r.status), () => 'rejected'));
    }
    expect(outcomes.slice(0, 3)).toStrictEqual(['200', '200', '200']);
    expect(outcomes.slice(3)).toStrictEqual(['rejected', 'rejected', 'rejected']);
  });
});

describe('TLS', () => {
  test('edge: the route certificate is chosen by SNI, HSTS and a secure cookie are set', async () => {
    const r = await getTls({ port: httpsPort, host: 'secure.example.com', ca: ca.caPem });
    expect(r.status).toBe(200);
    expect(r.json.service).toBe('edge');
    expect(r.json.tls).toBe(false);
    expect(r.json.headers['x-forwarded-proto']).toBe('https');
    expect(r.peerNames).toContain('DNS:secure.example.com');
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000;includeSubDomains');
    expect(r.headers['set-cookie']?.[0]).toMatch(/^shop=[0-9a-f]{32}; path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  test('edge: a wildcard certificate and wildcard host on 443', async () => {
    const r = await getTls({ port: httpsPort, host: 'Shop.wild.example.com', servername: 'shop.wild.example.com', ca: ca.caPem });
    expect(r.json.service).toBe('edge');
    expect(r.peerNames).toContain('DNS:*.wild.example.com');
  });

  test('an unknown SNI gets the default certificate and is routed by Host', async () => {
    const r = await getTls({ port: httpsPort, host: 'secure.example.com', servername: 'unknown.example.org', ca: ca.caPem, skipHostnameCheck: true });
    expect(r.peerNames).toBe('DNS:default.local');
    expect(r.json.service).toBe('edge');
  });

  test('fails: Node refuses the default certificate for an unknown SNI', async () => {
    await expect(getTls({ port: httpsPort, host: 'secure.example.com', servername: 'unknown.example.org', ca: ca.caPem }))
      .rejects.toThrow(/does not match|altnames/);
  });

  test('fails with 503 on 443 for a host that only has an HTTP route', async () => {
    const r = await getTls({ port: httpsPort, host: 'app.example.com', servername: 'secure.example.com', ca: ca.caPem });
    expect(r.status).toBe(503);
  });

  test('passthrough: the client TLS session reaches the tls-http echo by SNI', async () => {
    const r = await getTls({ port: httpsPort, host: 'pass.example.com', servername: 'PASS.example.com', ca: ca.caPem });
    expect(r.status).toBe(200);
    expect(r.json.service).toBe('pass');
    expect(r.json.tls).toBe(true);
    // The echo sees the client's own TLS session, SNI exactly as sent.
    expect(r.json.sni).toBe('PASS.example.com');
    expect(r.peerNames).toBe('DNS:pass.example.com');
  });

  test('reencrypt: HAProxy verifies the pod certificate against the destination CA', async () => {
    const r = await getTls({ port: httpsPort, host: 'reenc.example.com', servername: 'secure.example.com', ca: ca.caPem });
    expect(r.status).toBe(200);
    expect(r.json.service).toBe('reenc');
    expect(r.json.tls).toBe(true);
    expect(r.json.sni).toBe('reenc.test.svc');
  });

  test('fails with 503 when the pod certificate is not signed by the destination CA', async () => {
    const r = await getTls({ port: httpsPort, host: 'badca.example.com', servername: 'secure.example.com', ca: ca.caPem });
    expect(r.status).toBe(503);
  });
});

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const net = require('net') as typeof import('net');
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(text));
    let out = '';
    s.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    s.on('end', () => resolve(out));
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
}
