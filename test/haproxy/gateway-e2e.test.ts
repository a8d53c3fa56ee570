/*
 * Gateway API conformance-style tests against a real HAProxy: the manifests in
 * test/fixtures/gateway/conformance.yaml go through the whole chain
 * (validate → model → translate → haproxy -c → HAProxy on loopback ports chosen
 * at run time) and real requests reach echo backends that report namespace,
 * pod, path and headers. Test names follow the upstream conformance tests.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as http2 from 'http2';
import * as net from 'net';
import * as path from 'path';
import { freePort, get, getTls, Reply, tempDir } from './util';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { RunningEcho, RunningHaproxy, checkConfig, startEcho, startHaproxy, writeFilesAtomically } from '../../src/haproxy';
import { EndpointSpec } from '../../src/model/endpoints';
import { renderLoaded, RenderOutcome } from '../../src/render';
import { fromObjects, loadText } from '../../src/validation/manifests';

jest.setTimeout(60_000);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'gateway', 'conformance.yaml');
const INFRA = 'gateway-conformance-infra';
const echoes: RunningEcho[] = [];
let wsServer: http.Server | undefined;
let haproxy: RunningHaproxy | undefined;
let dir: string;
let caDir: string;
let httpPort: number;
let httpsPort: number;
let tcpPort: number;
let kindsPort: number;
let outcome: RenderOutcome;
let secretCa: DevCertificateAuthority;
let devCa: string;

beforeAll(async () => {
  dir = tempDir('gw-e2e');
  caDir = tempDir('gw-e2e-ca');
  [httpPort, httpsPort, tcpPort, kindsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const backendCa = await DevCertificateAuthority.load(path.join(caDir, 'backend'));
  secretCa = await DevCertificateAuthority.load(path.join(caDir, 'secret'));
  const endpoints: EndpointSpec[] = [];
  const echo = async (namespace: string, name: string, mode: 'http' | 'https' | 'tls-http' | 'h2c' = 'http', hosts: string[] = []): Promise<void> => {
    const tls = mode === 'tls-http' || mode === 'https' ? await backendCa.issue(hosts) : undefined;
    const e = await startEcho({ name, namespace, pod: `${name}-pod`, mode, tls });
    echoes.push(e);
    endpoints.push({ namespace, name, addresses: [{ host: '127.0.0.1', port: e.port }] });
  };
  await echo(INFRA, 'infra-backend-v1');
  await echo(INFRA, 'infra-backend-v2');
  await echo(INFRA, 'infra-backend-v3');
  await echo(INFRA, 'tls-backend', 'tls-http', ['abc.pass.example.com']);
  await echo(INFRA, 'grpc-backend', 'h2c');
  await echo(INFRA, 'secure-backend', 'https', ['secure-backend.example.internal']);
  // A WebSocket backend: answers the upgrade with 101 and echoes the bytes that follow.
  wsServer = http.createServer((_req, res) => res.end('not an upgrade\n'));
  wsServer.on('upgrade', (upgrade, socket) => {
    const accept = crypto.createHash('sha1').update(`${upgrade.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => wsServer!.listen(0, '127.0.0.1', () => resolve()));
  endpoints.push({ namespace: INFRA, name: 'ws-backend', addresses: [{ host: '127.0.0.1', port: (wsServer.address() as net.AddressInfo).port }] });
  await echo(INFRA, 'wrong-name-backend', 'https', ['secure-backend.example.internal']);
  await echo('gateway-conformance-web-backend', 'web-backend');
  await echo('gateway-conformance-app-backend', 'app-backend-v1');

  const cert = await secretCa.issue(['secure.example.com']);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 'secure-cert', namespace: INFRA },
    data: { 'tls.crt': Buffer.from(cert.certificatePem).toString('base64'), 'tls.key': Buffer.from(cert.keyPem).toString('base64') },
  };
  // BackendTLSPolicy: TLS to the Service, verified with the CA of a ConfigMap and the policy's hostname.
  const backendTls = [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ws-backend', namespace: INFRA }, spec: { ports: [{ name: 'ws', port: 8080, appProtocol: 'kubernetes.io/ws' }] } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'websocket', namespace: INFRA },
      spec: { parentRefs: [{ name: 'same-namespace', sectionName: 'http' }], hostnames: ['ws.example.com'], rules: [{ backendRefs: [{ name: 'ws-backend', port: 8080 }] }] },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'backend-ca', namespace: INFRA }, data: { 'ca.crt': backendCa.caPem } },
    ...['secure-backend', 'wrong-name-backend'].map((name) => ({
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: INFRA }, spec: { ports: [{ name: 'https', port: 443 }] },
    })),
    ...[['secure-backend', 'secure-backend.example.internal'], ['wrong-name-backend', 'other.example.internal']].map(([name, hostname]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: { name, namespace: INFRA },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name }],
        validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'backend-ca' }], hostname },
      },
    })),
    ...['secure-backend', 'wrong-name-backend'].map((name) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace: INFRA },
      spec: {
        parentRefs: [{ name: 'same-namespace', sectionName: 'http' }],
        hostnames: [`${name}.example.com`],
        rules: [{ backendRefs: [{ name, port: 443 }] }],
      },
    })),
  ];
  const loaded = loadText(fs.readFileSync(FIXTURE, 'utf8'), FIXTURE);
  expect(loaded.findings).toStrictEqual([]);
  outcome = await renderLoaded([...loaded.objects, ...fromObjects([secret, ...backendTls])], {
    endpoints,
    gatewayClasses: ['local'],
    portMap: { 80: httpPort, 443: httpsPort, 9000: tcpPort, 8082: kindsPort },
    devCaDir: path.join(caDir, 'dev'),
    socketTag: 'gw-e2e',
  });
  expect(outcome.report.errors).toStrictEqual([]);
  devCa = outcome.devCaPem!;
  writeFilesAtomically(dir, outcome.files);
  const check = checkConfig(dir);
  expect(check.output).toBe('Configuration file is valid');
  haproxy = await startHaproxy(dir);
});

afterAll(async () => {
  if (haproxy) await haproxy.stop();
  if (wsServer) {
    wsServer.closeAllConnections();
    await new Promise<void>((resolve) => wsServer!.close(() => resolve()));
  }
  await Promise.all(echoes.map((e) => e.close()));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(caDir, { recursive: true, force: true });
});

async function req(host: string, p = '/', headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return get({ port: httpPort, host, path: p, headers, method });
}

/** `namespace/service` that answered, or `status N`. */
async function served(host: string, p = '/', headers: Record<string, string> = {}, method = 'GET'): Promise<string> {
  const r = await req(host, p, headers, method);
  return r.status === 200 && r.json ? `${r.json.namespace}/${r.json.service}` : `status ${r.status}`;
}

const v1 = `${INFRA}/infra-backend-v1`;
const v2 = `${INFRA}/infra-backend-v2`;
const v3 = `${INFRA}/infra-backend-v3`;

function warning(rule: string, name: string): { field: string; message: string } | undefined {
  return outcome.report.warnings.find((w) => w.rule === rule && w.name === name);
}

describe('Gateway API conformance scenarios through a real HAProxy', () => {
  test('HTTPRouteSimpleSameNamespace', async () => {
    const r = await req('simple.example.com', '/');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ namespace: INFRA, service: 'infra-backend-v1', pod: 'infra-backend-v1-pod', path: '/' });
  });

  test('HTTPRouteExactPathMatching', async () => {
    expect(await served('exact.example.com', '/one')).toBe(v1);
    expect(await served('exact.example.com', '/two')).toBe(v2);
    expect(await served('exact.example.com', '/one/')).toBe('status 404');
    expect(await served('exact.example.com', '/two/x')).toBe('status 404');
  });

  test('HTTPRouteMatching', async () => {
    expect(await served('matching.example.com', '/')).toBe(v1);
    expect(await served('matching.example.com', '/example')).toBe(v1);
    expect(await served('matching.example.com', '/v2')).toBe(v2);
    expect(await served('matching.example.com', '/v2/example')).toBe(v2);
    expect(await served('matching.example.com', '/v2example')).toBe(v1);
    expect(await served('matching.example.com', '/foo/v2/example')).toBe(v1);
    expect(await served('matching.example.com', '/', { version: 'two' })).toBe(v2);
  });

  test('HTTPRouteHeaderMatching', async () => {
    expect(await served('headers.example.com', '/', { version: 'one' })).toBe(v1);
    expect(await served('headers.example.com', '/', { Version: 'two' })).toBe(v2);
    expect(await served('headers.example.com', '/', { version: 'two', color: 'orange' })).toBe(v3);
    expect(await served('headers.example.com', '/', { color: 'grey' })).toBe(v3);
    expect(await served('headers.example.com', '/', { color: 'blue' })).toBe('status 404');
    expect(await served('headers.example.com', '/', { version: 'three' })).toBe('status 404');
  });

  test('HTTPRouteQueryParamMatching', async () => {
    expect(await served('query.example.com', '/?animal=whale')).toBe(v1);
    expect(await served('query.example.com', '/?animal=dolphin')).toBe(v2);
    expect(await served('query.example.com', '/?animal=dolphin&color=blue')).toBe(v3);
    expect(await served('query.example.com', '/?color=blue&animal=dolphin')).toBe(v3);
    expect(await served('query.example.com', '/?animal=shark')).toBe('status 404');
    expect(await served('query.example.com', '/')).toBe('status 404');
  });

  test('HTTPRouteMethodMatching', async () => {
    expect(await served('method.example.com', '/', {}, 'POST')).toBe(v1);
    expect(await served('method.example.com', '/', {}, 'GET')).toBe(v2);
    expect(await served('method.example.com', '/', {}, 'PUT')).toBe('status 404');
  });

  test('HTTPRouteMatchingAcrossRoutes', async () => {
    expect(await served('across.example.com', '/')).toBe(v1);
    expect(await served('across.example.com', '/v2')).toBe(v2);
    expect(await served('across.example.com', '/', { version: 'three' })).toBe(v3);
    // Same match in both routes: the older route wins.
    expect(await served('across.example.com', '/v1')).toBe(v1);
  });

  test('HTTPRouteHostnameIntersection', async () => {
    expect(await served('very.specific.wildcard.io')).toBe(v1);
    expect(await served('a.anotherwildcard.wildcard.io')).toBe(v2);
    expect(await served('a.b.anotherwildcard.wildcard.io')).toBe(v2);
    expect(await served('non.matching.com')).toBe('status 404');
    expect(await served('specific.but.wrong.com')).toBe('status 404');
    expect(await served('other.wildcard.io')).toBe('status 404');
    expect(warning('gateway.parentref.no-matching-hostname', 'no-intersecting-hosts')?.field).toBe('spec.hostnames');
  });

  test('HTTPRouteListenerHostnameMatching', async () => {
    expect(await served('bar.com')).toBe(v1);
    expect(await served('foo.bar.com', '/only')).toBe(v2);
    expect(await served('baz.bar.com')).toBe(v3);
    expect(await served('boo.bar.com')).toBe(v3);
    expect(await served('multiple.prefixes.bar.com')).toBe(v3);
    expect(await served('multiple.prefixes.foo.com')).toBe(v3);
    expect(await served('foo.com')).toBe('status 404');
    expect(await served('no.matching.host')).toBe('status 404');
    // Listener isolation: foo.bar.com belongs to listener-2 only, even where listener-3 (*.bar.com) has a route.
    expect(await served('foo.bar.com', '/other')).toBe('status 404');
  });

  test('HTTPRouteRequestHeaderModifier', async () => {
    const r = await req('reqhdr.example.com', '/', { 'X-Header-Set': 'some-other-value', 'X-Header-Add': 'something', 'X-Header-Remove': 'gone' });
    expect(r.json.headers['x-header-set']).toBe('set-overwrites-values');
    expect(r.json.headers['x-header-add']).toBe('something, add-appends-values');
    expect(r.json.headers['x-header-remove']).toBeUndefined();
    const odd = await req('reqhdr.example.com', '/odd');
    expect(odd.json.headers['x-odd']).toBe("50% 'quoted' #not-a-comment %[src]");
  });

  test('HTTPRouteResponseHeaderModifier', async () => {
    const r = await req('reshdr.example.com', '/');
    expect(r.status).toBe(200);
    expect(r.headers['x-header-set']).toBe('set-overwrites-values');
    expect(r.headers['x-header-add']).toBe('add-appends-values');
    expect(r.headers['x-echo-pod']).toBeUndefined();
  });

  test('HTTPRouteRedirectHostAndStatus', async () => {
    const a = await req('redirect.example.com', '/hostname-redirect?x=1');
    expect(a.status).toBe(302);
    // The listener port (80) is served on a local port, which the Location keeps so the redirect works locally.
    expect(a.headers.location).toBe(`http://example.org:${httpPort}/hostname-redirect?x=1`);
    const b = await req('redirect.example.com', '/host-and-status');
    expect(b.status).toBe(301);
    expect(b.headers.location).toBe(`http://example.org:${httpPort}/host-and-status`);
  });

  test('HTTPRouteRedirectPath', async () => {
    const full = await req('redirect.example.com', '/full/path/original');
    expect(full.status).toBe(302);
    expect(full.headers.location).toBe(`http://redirect.example.com:${httpPort}/full-path-replacement`);
    const prefix = await req('redirect.example.com', '/prefix/one/two?a=b');
    expect(prefix.headers.location).toBe(`http://redirect.example.com:${httpPort}/replacement-prefix/one/two?a=b`);
    const exact = await req('redirect.example.com', '/prefix');
    expect(exact.headers.location).toBe(`http://redirect.example.com:${httpPort}/replacement-prefix`);
  });

  test('HTTPRouteRedirectPort', async () => {
    const r = await req('redirect.example.com', '/port');
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('http://redirect.example.com:8083/port');
  });

  test('HTTPRouteRedirectScheme', async () => {
    const r = await req('redirect.example.com', '/scheme');
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe(`https://redirect.example.com:${httpsPort}/scheme`);
    const explicit = await req('redirect.example.com', '/scheme-and-port');
    expect(explicit.headers.location).toBe('https://example.org/scheme-and-port');
  });

  test('HTTPRouteRewriteHost', async () => {
    const r = await req('rewrite.example.com', '/one');
    expect(r.json).toMatchObject({ service: 'infra-backend-v1', host: 'one.example.org', path: '/one' });
  });

  test('HTTPRouteRewritePath', async () => {
    expect((await req('rewrite.example.com', '/prefix/one/two')).json.path).toBe('/one/two');
    expect((await req('rewrite.example.com', '/prefix/one')).json.path).toBe('/one');
    expect((await req('rewrite.example.com', '/prefix/one/?q=1')).json.path).toBe('/one/?q=1');
    expect((await req('rewrite.example.com', '/strip-prefix/three')).json.path).toBe('/three');
    expect((await req('rewrite.example.com', '/strip-prefix')).json.path).toBe('/');
    expect((await req('rewrite.example.com', '/full/one/two?x=y')).json.path).toBe('/one?x=y');
  });

  test('HTTPRouteWeight', async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const s = await served('weight.example.com');
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(counts.get(v3)).toBeUndefined();
    expect(counts.get(v1)! + counts.get(v2)!).toBe(100);
    expect(counts.get(v1)!).toBeGreaterThanOrEqual(60);
    expect(counts.get(v1)!).toBeLessThanOrEqual(80);
  });

  test('HTTPRouteInvalidCrossNamespaceBackendRef', async () => {
    expect(await served('invalid-xns.example.com')).toBe('status 500');
    expect(warning('gateway.backendref.not-permitted', 'invalid-cross-namespace-backend-ref')?.field).toBe('spec.rules[0].backendRefs[0].namespace');
  });

  test('fails for the share of an unknown backend with 500; no backends, all-zero weights and ExtensionRef get 500', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) seen.add(await served('half.example.com'));
    expect([...seen].sort()).toStrictEqual([v1, 'status 500']);
    expect(await served('half.example.com', '/no-backends')).toBe('status 500');
    expect(await served('half.example.com', '/all-zero')).toBe('status 500');
    expect(await served('half.example.com', '/extension')).toBe('status 500');
    expect(warning('gateway.backendref.service-not-found', 'partially-invalid')?.field).toBe('spec.rules[0].backendRefs[1].name');
    expect(warning('gateway.rule.no-backends', 'partially-invalid')?.field).toBe('spec.rules[1].backendRefs');
    expect(warning('gateway.filter.extension-ref', 'partially-invalid')?.field).toBe('spec.rules[3].filters[0]');
  });

  test('fails for the share of a Service without endpoints with 503', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) seen.add(await served('half.example.com', '/idle'));
    expect([...seen].sort()).toStrictEqual([v1, 'status 503']);
  });

  test('RequestMirror is skipped with a warning; the request is still forwarded', async () => {
    expect(await served('half.example.com', '/mirror')).toBe(v1);
    expect(warning('gateway.filter.mirror-skipped', 'partially-invalid')?.field).toBe('spec.rules[4].filters[0]');
  });

  test('HTTPRouteReferenceGrant', async () => {
    expect(await served('grant.example.com')).toBe('gateway-conformance-app-backend/app-backend-v1');
  });

  test('HTTPRouteCrossNamespace', async () => {
    expect(await served('xns.example.com')).toBe('gateway-conformance-web-backend/web-backend');
    // A namespace the listener's selector does not pick is not attached.
    expect(await served('notselected.example.com')).toBe('status 404');
    expect(warning('gateway.parentref.not-allowed', 'not-selected')?.field).toBe('spec.parentRefs[0]');
  });

  test('HTTPRouteDisallowedKind', async () => {
    const r = await get({ port: kindsPort, host: 'anything.example.com', path: '/' });
    expect(r.status).toBe(404);
    expect(warning('gateway.parentref.not-allowed', 'disallowed-kind')?.message).toMatch(/allows route kinds GRPCRoute, not HTTPRoute/);
  });

  test('HTTPRouteHTTPSListener', async () => {
    const r = await getTls({ port: httpsPort, host: 'secure.example.com', ca: secretCa.caPem });
    expect(r.status).toBe(200);
    expect(r.peerNames).toContain('DNS:secure.example.com');
    expect(r.json).toMatchObject({ namespace: INFRA, service: 'infra-backend-v2' });
    expect(r.json.headers['x-forwarded-proto']).toBe('https');
    // A conditional rule is evaluated behind a local hop: the backend still sees https and the client address.
    const b = await getTls({ port: httpsPort, host: 'secure.example.com', ca: secretCa.caPem, headers: { 'x-variant': 'b' } });
    expect(b.json).toMatchObject({ service: 'infra-backend-v3' });
    expect(b.json.headers['x-forwarded-proto']).toBe('https');
    expect(b.json.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(b.json.headers['x-forwarded-port']).toBe(String(httpsPort));
    // SNI of one listener, Host of another on the same port: 421 Misdirected Request.
    const misdirected = await getTls({ port: httpsPort, servername: 'secure.example.com', host: 'dev.example.com', ca: secretCa.caPem });
    expect(misdirected.status).toBe(421);
    // A listener whose Secret is missing is served with a development certificate (and a warning).
    const dev = await getTls({ port: httpsPort, host: 'dev.example.com', ca: devCa });
    expect(dev.json.service).toBe('infra-backend-v2');
    expect(warning('gateway.listener.dev-certificate', 'same-namespace')?.field).toBe('spec.listeners[8].tls.certificateRefs');
    expect(warning('gateway.certificateref.not-found', 'same-namespace')?.field).toBe('spec.listeners[8].tls.certificateRefs[0].name');
  });

  test('HTTPS listeners offer HTTP/2 through ALPN', async () => {
    const body = await new Promise<any>((resolve, reject) => {
      const session = http2.connect(`https://127.0.0.1:${httpsPort}`, { ca: secretCa.caPem, servername: 'secure.example.com' });
      session.on('error', reject);
      const stream = session.request({ ':path': '/h2', ':authority': 'secure.example.com' });
      let data = '';
      stream.on('data', (d: Buffer) => (data += d.toString()));
      stream.on('end', () => {
        expect(session.alpnProtocol).toBe('h2');
        session.close();
        resolve(JSON.parse(data));
      });
      stream.on('error', reject);
      stream.end();
    });
    expect(body).toMatchObject({ service: 'infra-backend-v2', path: '/h2' });
  });

  test('TLSRouteSimpleSameNamespace', async () => {
    const r = await getTls({ port: httpsPort, host: 'abc.pass.example.com', ca: fs.readFileSync(path.join(caDir, 'backend', 'ca.pem'), 'utf8') });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ service: 'tls-backend', tls: true, sni: 'abc.pass.example.com' });
    const ca = fs.readFileSync(path.join(caDir, 'backend', 'ca.pem'), 'utf8');
    const wild = await getTls({ port: httpsPort, host: 'a.b.deep.pass.example.com', ca, skipHostnameCheck: true });
    expect(wild.json).toMatchObject({ service: 'tls-backend', sni: 'a.b.deep.pass.example.com' });
    // The bare wildcard domain is not covered: it is not passed through (the terminating side answers 404).
    const bare = await getTls({ port: httpsPort, host: 'deep.pass.example.com', ca: devCa, skipHostnameCheck: true });
    expect(bare.status).toBe(404);
  });

  test('TCPRoute', async () => {
    const r = await get({ port: tcpPort, host: 'whatever', path: '/tcp' });
    expect(r.json).toMatchObject({ service: 'infra-backend-v3', path: '/tcp' });
  });

  test('HTTPRouteCORS', async () => {
    const pre = await req('cors.example.com', '/', {
      'Origin': 'https://www.foo.com', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-header-1',
    }, 'OPTIONS');
    expect(pre.status).toBe(200);
    expect(pre.headers['access-control-allow-origin']).toBe('https://www.foo.com');
    expect(pre.headers['access-control-allow-methods']).toBe('GET, OPTIONS');
    expect(pre.headers['access-control-allow-headers']).toBe('x-header-1, x-header-2');
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    expect(pre.headers['access-control-max-age']).toBe('3600');
    expect(pre.json).toBeUndefined();
    const wild = await req('cors.example.com', '/', { Origin: 'https://a.b.bar.com' });
    expect(wild.json.service).toBe('infra-backend-v1');
    expect(wild.headers['access-control-allow-origin']).toBe('https://a.b.bar.com');
    expect(wild.headers['access-control-expose-headers']).toBe('x-header-3, x-header-4');
    const other = await req('cors.example.com', '/', { Origin: 'https://evil.example' });
    expect(other.json.service).toBe('infra-backend-v1');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('GRPCRoute: service/method matches become HTTP/2 paths; h2c prior knowledge in, HTTP/2 to the backend', async () => {
    const call = (p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> => new Promise((resolve, reject) => {
      const session = http2.connect(`http://127.0.0.1:${httpPort}`);
      session.on('error', reject);
      const stream = session.request({
        ':method': 'POST', ':path': p, ':authority': 'grpc.example.com', 'content-type': 'application/grpc', ...headers,
      });
      let status = 0;
      let data = '';
      stream.on('response', (h) => (status = Number(h[':status'])));
      stream.on('data', (d: Buffer) => (data += d.toString()));
      stream.on('end', () => {
        session.close();
        let body: any;
        try {
          body = JSON.parse(data);
        } catch {
          body = undefined;
        }
        resolve({ status, body });
      });
      stream.on('error', reject);
      stream.end();
    });
    const check = await call('/grpc.health.v1.Health/Check');
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ service: 'grpc-backend', path: '/grpc.health.v1.Health/Check', httpVersion: '2.0', host: 'grpc.example.com' });
    expect((await call('/echo.Echo/Say', { 'x-tenant': 'blue' })).body).toMatchObject({ service: 'grpc-backend', path: '/echo.Echo/Say' });
    expect((await call('/echo.Echo/Say')).status).toBe(404);
    expect((await call('/grpc.health.v1.Health/Watch')).status).toBe(404);
  });

  test('BackendTLSPolicy: TLS to the backend with SNI and certificate check from the policy', async () => {
    const r = await req('secure-backend.example.com', '/tls');
    expect(r.json).toMatchObject({ service: 'secure-backend', tls: true, sni: 'secure-backend.example.internal', path: '/tls' });
  });

  test('fails to reach a backend whose certificate does not match the policy hostname (503)', async () => {
    expect(await served('wrong-name-backend.example.com')).toBe('status 503');
  });

  test('HTTPRouteBackendProtocolH2C: an HTTP/1.1 client reaches an h2c Service over HTTP/2', async () => {
    const r = await req('h2c.example.com', '/h2c');
    expect(r.json).toMatchObject({ service: 'grpc-backend', path: '/h2c', httpVersion: '2.0' });
    expect((await req('simple.example.com', '/')).json.httpVersion).toBe('1.1');
  });

  test('HTTPRouteBackendProtocolWebSocket: the upgrade and the bytes after it pass through', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(httpPort, '127.0.0.1', () => {
        sock.write('GET /chat HTTP/1.1\r\nHost: ws.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
          + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
      });
      let buf = '';
      let sent = false;
      sock.on('data', (d) => {
        buf += d.toString();
        if (!sent && buf.includes('\r\n\r\n')) {
          sent = true;
          sock.write('ping-through-haproxy');
        }
        if (buf.includes('ping-through-haproxy')) {
          sock.destroy();
          resolve(buf);
        }
      });
      sock.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 101/);
    expect(text).toContain('ping-through-haproxy');
  });

  test('UDP listeners, other GatewayClasses and unserved listeners are reported, not served', () => {
    expect(warning('gateway.udp.not-served', 'same-namespace')?.field).toBe('spec.listeners[11].protocol');
    expect(outcome.model!.entrypoints.map((e) => e.id)).toStrictEqual([
      `gw:${INFRA}:kinds:8082`, `gw:${INFRA}:same-namespace:80`, `gw:${INFRA}:same-namespace:443`, `gw:${INFRA}:same-namespace:9000`,
    ]);
  });

  test('the TCP listener forwards any bytes (not only HTTP)', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const s = net.connect(tcpPort, '127.0.0.1', () => s.end('GET /raw HTTP/1.0\r\n\r\n'));
      let buf = '';
      s.on('data', (d) => (buf += d.toString()));
      s.on('end', () => resolve(buf));
      s.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.[01] 200/);
    expect(text).toContain('"service":"infra-backend-v3"');
  });
});
