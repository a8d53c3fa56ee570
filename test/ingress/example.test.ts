/*
 * examples/ingress-app.ts end to end: synthesize (with construct validation),
 * validate the manifests (no errors), render haproxy.cfg, start a real HAProxy
 * and send requests: the paths, TLS with the cert-manager Secret provided for
 * the local run, and the 80/20 canary split.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { buildIngressApp } from '../../examples/ingress-app';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { RunningEcho, RunningHaproxy, checkConfig, startEcho, startHaproxy, writeFilesAtomically } from '../../src/haproxy';
import { EndpointSpec } from '../../src/model/endpoints';
import { renderLoaded } from '../../src/render';
import { fromObjects } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';
import { freePort, get, getTls, tempDir } from '../haproxy/util';

jest.setTimeout(90_000);

test('the example synthesizes with its construct validation', () => {
  const app = new App({ outdir: '/nonexistent-not-written' });
  buildIngressApp(app);
  expect(() => app.synthYaml()).not.toThrow();
  const kinds = Testing.synth(buildIngressApp(Testing.app())).map((o: any) => `${o.kind}/${o.metadata.name}`).sort();
  expect(kinds.filter((k: string) => k.startsWith('Ingress'))).toStrictEqual(['Ingress/shop', 'Ingress/store', 'Ingress/store-canary', 'IngressClass/nginx']);
});

describe('rendered and served by a real HAProxy', () => {
  const echoes: RunningEcho[] = [];
  let haproxy: RunningHaproxy | undefined;
  let dir: string;
  let caDir: string;
  let httpPort: number;
  let httpsPort: number;
  let ca: DevCertificateAuthority;

  beforeAll(async () => {
    dir = tempDir('ingress-example');
    caDir = tempDir('ingress-example-ca');
    httpPort = await freePort();
    httpsPort = await freePort();
    ca = await DevCertificateAuthority.load(path.join(caDir, 'issuer'));
    const cert = await ca.issue(['shop.ingress.local']);
    const objects = Testing.synth(buildIngressApp(Testing.app(), { shopCertificate: { certificate: cert.certificatePem, key: cert.keyPem } }));
    const loaded = fromObjects(objects);
    const report = validateLoaded(loaded);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    const endpoints: EndpointSpec[] = [];
    for (const name of ['web', 'api', 'health', 'store-v1', 'store-v2']) {
      const e = await startEcho({ name, namespace: 'ingress-demo', pod: `${name}-0`, mode: 'http' });
      echoes.push(e);
      endpoints.push({ namespace: 'ingress-demo', name, addresses: [{ host: '127.0.0.1', port: e.port }] });
    }
    const outcome = await renderLoaded(loaded, { httpPort, httpsPort, endpoints, socketTag: 'ingress-example', devCaDir: path.join(caDir, 'dev') }, [], report);
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

  test('shop: HTTP is redirected with 308; HTTPS with the Secret\'s certificate routes by path', async () => {
    const r = await get({ port: httpPort, host: 'shop.ingress.local', path: '/api/items' });
    expect(r.status).toBe(308);
    const tls = (p: string) => getTls({ port: httpsPort, host: 'shop.ingress.local', path: p, ca: ca.caPem });
    const api = await tls('/api/items');
    expect(api.json).toMatchObject({ service: 'api', namespace: 'ingress-demo', path: '/api/items' });
    expect(api.peerNames).toBe('DNS:shop.ingress.local');
    expect((await tls('/healthz')).json.service).toBe('health');
    expect((await tls('/healthz/x')).json.service).toBe('web');
    expect((await tls('/')).json.service).toBe('web');
  });

  test('store: about 20% of 200 requests reach the canary (±10%); X-Canary: always forces it', async () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const s = (await get({ port: httpPort, host: 'store.ingress.local' })).json.service;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const share = (counts.get('store-v2') ?? 0) / 200;
    expect(share).toBeGreaterThanOrEqual(0.1);
    expect(share).toBeLessThanOrEqual(0.3);
    expect((await get({ port: httpPort, host: 'store.ingress.local', headers: { 'X-Canary': 'always' } })).json.service).toBe('store-v2');
    expect((await get({ port: httpPort, host: 'store.ingress.local', headers: { 'X-Canary': 'never' } })).json.service).toBe('store-v1');
  });
});
