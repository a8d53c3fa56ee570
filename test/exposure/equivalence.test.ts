/*
 * One Exposure, three families, the same traffic: each target is synthesized,
 * validated, rendered through the HAProxy layer and served by a real HAProxy
 * with echo backends; the same requests must reach the same places (TLS with
 * the certificate, HTTP redirected to HTTPS, the canary share, the canary header).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { Canary, Exposure, ExposureBackend, ExposureTarget, ExposureTls } from '../../src/exposure';
import { RunningEcho, RunningHaproxy, checkConfig, startEcho, startHaproxy, writeFilesAtomically } from '../../src/haproxy';
import { EndpointSpec } from '../../src/model/endpoints';
import { renderLoaded } from '../../src/render';
import { TlsCertificate } from '../../src/tls';
import { fromObjects } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';
import { freePort, get, getTls, tempDir } from '../haproxy/util';

jest.setTimeout(120_000);

const HOST = 'shop.example.com';
const N = 200;

interface Observed {
  readonly redirect: { status: number; location?: string };
  readonly tlsPeer: string;
  readonly paths: string[];
  readonly canaryShare: number;
  readonly byHeader?: string;
}

let caDir: string;
let ca: DevCertificateAuthority;
let certificate: TlsCertificate;
const echoes: RunningEcho[] = [];
const endpoints: EndpointSpec[] = [];

beforeAll(async () => {
  caDir = tempDir('exposure-eq-ca');
  ca = await DevCertificateAuthority.load(path.join(caDir, 'issuer'));
  const leaf = await ca.issue([HOST]);
  certificate = TlsCertificate.fromPem({ certificate: leaf.certificatePem, key: leaf.keyPem });
  for (const name of ['web', 'web-v2']) {
    const e = await startEcho({ name, namespace: 'shop', mode: 'http' });
    echoes.push(e);
    endpoints.push({ namespace: 'shop', name, addresses: [{ host: '127.0.0.1', port: e.port }] });
  }
});

afterAll(async () => {
  await Promise.all(echoes.map((e) => e.close()));
  fs.rmSync(caDir, { recursive: true, force: true });
});

function synth(target: ExposureTarget, header: boolean): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  const web = new kplus.Service(chart, 'web', { metadata: { name: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  const v2 = new kplus.Service(chart, 'v2', { metadata: { name: 'web-v2' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  new Exposure(chart, 'shop', {
    target,
    name: 'shop',
    hosts: [HOST],
    paths: ['/shop'],
    backends: [ExposureBackend.fromService(web)],
    tls: ExposureTls.terminate({ certificate }),
    timeout: Duration.seconds(10),
    canary: new Canary({ backend: ExposureBackend.fromService(v2), percent: 20, header: header ? { name: 'x-canary', value: 'yes' } : undefined }),
  });
  app.synthYaml(); // runs every construct's validation (throws on errors)
  return Testing.synth(chart);
}

async function observe(target: ExposureTarget, header: boolean): Promise<Observed> {
  const objects = synth(target, header);
  const loaded = fromObjects(objects);
  const report = validateLoaded(loaded);
  expect(report.errors).toEqual([]);
  const dir = tempDir('exposure-eq');
  const httpPort = await freePort();
  const httpsPort = await freePort();
  let haproxy: RunningHaproxy | undefined;
  try {
    const outcome = await renderLoaded(loaded, {
      httpPort, httpsPort, portMap: { 80: httpPort, 443: httpsPort }, endpoints, socketTag: `eq-${target.family}`, devCaDir: path.join(caDir, 'dev'),
    }, [], report);
    expect(outcome.report.errors).toEqual([]);
    writeFilesAtomically(dir, outcome.files);
    expect(checkConfig(dir).output).toBe('Configuration file is valid');
    haproxy = await startHaproxy(dir);

    const redirect = await get({ port: httpPort, host: HOST, path: '/shop/cart' });
    const first = await getTls({ port: httpsPort, host: HOST, path: '/shop/cart', ca: ca.caPem });
    const paths: string[] = [];
    for (const p of ['/shop', '/shop/', '/shop/cart', '/shopping', '/']) {
      const r = await getTls({ port: httpsPort, host: HOST, path: p, ca: ca.caPem });
      paths.push(`${p} ${r.status}`);
    }
    let canary = 0;
    for (let i = 0; i < N; i++) {
      const r = await getTls({ port: httpsPort, host: HOST, path: '/shop/x', ca: ca.caPem });
      expect(r.status).toBe(200);
      if (r.json.service === 'web-v2') canary++;
    }
    let byHeader: string | undefined;
    if (header) {
      const r = await getTls({ port: httpsPort, host: HOST, path: '/shop/x', ca: ca.caPem, headers: { 'x-canary': 'yes' } });
      byHeader = r.json.service;
    }
    return {
      redirect: { status: redirect.status, location: redirect.headers.location as string | undefined },
      tlsPeer: first.peerNames,
      paths,
      canaryShare: canary / N,
      byHeader,
    };
  } finally {
    if (haproxy) await haproxy.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the same Exposure behaves the same on every family (real HAProxy)', () => {
  const results = new Map<string, Observed>();

  test.each([
    ['route', () => ExposureTarget.openShiftRoute(), false],
    ['ingress', () => ExposureTarget.ingress(), true],
    ['gateway', () => ExposureTarget.gateway({ gatewayClassName: 'cdk8s-routing' }), true],
  ] as const)('%s: HTTPS with the certificate, HTTP redirected, canary share near 20%%', async (family, target, header) => {
    const o = await observe(target(), header);
    results.set(family, o);
    expect(o.tlsPeer).toBe(`DNS:${HOST}`);
    expect([301, 302, 308]).toContain(o.redirect.status);
    expect(o.redirect.location).toMatch(new RegExp(`^https://${HOST.replace(/\./g, '\\.')}(:\\d+)?/shop/cart$`));
    expect(o.canaryShare).toBeGreaterThan(0.1);
    expect(o.canaryShare).toBeLessThan(0.3);
    if (header) expect(o.byHeader).toBe('web-v2');
  });

  test('every family matched the same paths', () => {
    const [route, ingress, gateway] = ['route', 'ingress', 'gateway'].map((f) => results.get(f)!.paths);
    expect(route.slice(0, 4)).toEqual(['/shop 200', '/shop/ 200', '/shop/cart 200', '/shopping ' + route[3].split(' ')[1]]);
    // /shopping is not under the /shop prefix (segment match) and / has no rule: not served by the exposure.
    expect(route[3]).not.toBe('/shopping 200');
    expect(ingress.map((p) => p.split(' ')[0])).toEqual(route.map((p) => p.split(' ')[0]));
    expect(ingress.slice(0, 3)).toEqual(route.slice(0, 3));
    expect(gateway.slice(0, 3)).toEqual(route.slice(0, 3));
    for (const f of [ingress, gateway]) {
      expect(f[3]).not.toBe('/shopping 200');
      expect(f[4]).not.toBe('/ 200');
    }
  });
});
