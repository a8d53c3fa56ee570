import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { synthValidated } from './helpers';
import { buildGatewayApp, GATEWAY_APP_HOST } from '../../examples/gateway-app';
import { DevCertificateAuthority, validateManifests } from '../../src';

let CERT = '';
let KEY = '';
let caDir = '';
let objects: any[] = [];
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

beforeAll(async () => {
  // A certificate for the example's host from a throw-away development CA.
  caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-app-ca-'));
  const leaf = await (await DevCertificateAuthority.load(caDir)).issue([GATEWAY_APP_HOST]);
  CERT = leaf.certificatePem;
  KEY = leaf.keyPem;
  const app = Testing.app();
  buildGatewayApp(app, { certificatePem: CERT, keyPem: KEY });
  // app.synthYaml() runs every construct's validation, as `cdk8s synth` does.
  objects = synthValidated(app);
});

afterAll(() => fs.rmSync(caDir, { recursive: true, force: true }));

describe('examples/gateway-app', () => {

  test('objects of the example', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toStrictEqual([
      'Gateway/edge', 'GatewayClass/cdk8s-routing', 'HTTPRoute/shop', 'HTTPRoute/shop-redirect',
      'Secret/shop-tls', 'Service/api-v1', 'Service/api-v2', 'Service/shop', 'Service/shop-canary',
    ]);
    expect(byKind('Secret')[0]).toMatchObject({ type: 'kubernetes.io/tls', metadata: { name: 'shop-tls', namespace: 'gateway-demo' }, stringData: { 'tls.crt': CERT, 'tls.key': KEY } });
  });

  test('fails: a key that does not belong to the certificate is refused when the example is built', () => {
    const wrongKey = fs.readFileSync(path.join(__dirname, '..', 'route', 'fixtures', 'shop.key'), 'utf8');
    let message = '';
    try {
      buildGatewayApp(Testing.app(), { certificatePem: CERT, keyPem: wrongKey });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/key/i);
    expect(message).not.toContain('PRIVATE KEY-----');
  });

  test('gateway: HTTP and HTTPS listeners, certificate from the Secret', () => {
    expect(byKind('Gateway')[0]).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'gateway-demo' },
      spec: {
        gatewayClassName: 'cdk8s-routing',
        listeners: [
          { name: 'http', hostname: GATEWAY_APP_HOST, port: 80, protocol: 'HTTP' },
          { name: 'https', hostname: GATEWAY_APP_HOST, port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] } },
        ],
      },
    });
  });

  test('routes: redirect on http; canary header, 80/20 split and default on https', () => {
    const routes = Object.fromEntries(byKind('HTTPRoute').map((r) => [r.metadata.name, r.spec]));
    expect(routes['shop-redirect']).toStrictEqual({
      parentRefs: [{ name: 'edge', sectionName: 'http' }],
      hostnames: [GATEWAY_APP_HOST],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(routes.shop).toStrictEqual({
      parentRefs: [{ name: 'edge', sectionName: 'https' }],
      hostnames: [GATEWAY_APP_HOST],
      rules: [
        { name: 'canary', matches: [{ headers: [{ type: 'Exact', name: 'x-env', value: 'canary' }] }], backendRefs: [{ name: 'shop-canary', port: 8080 }] },
        { name: 'api', matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api-v1', port: 8080, weight: 80 }, { name: 'api-v2', port: 8080, weight: 20 }] },
        { name: 'default', backendRefs: [{ name: 'shop', port: 8080 }] },
      ],
    });
  });

  test('deterministic: two builds synthesize byte-identical YAML', () => {
    const build = () => {
      const a = Testing.app();
      buildGatewayApp(a, { certificatePem: CERT, keyPem: KEY });
      return a.synthYaml();
    };
    expect(build()).toBe(build());
  });

  test('the manifests validate without errors or warnings (the certificate covers the host)', () => {
    const report = validateManifests(objects);
    expect(report.errors).toStrictEqual([]);
    expect(report.warnings).toStrictEqual([]);
  });
});
