import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DevCertificate, DevCertificateAuthority } from '../../src/common/dev-certificates';
import { fromObjects } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';

let dir: string;
let shop: DevCertificate;
let other: DevCertificate;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-secrets-'));
  const ca = await DevCertificateAuthority.load(dir);
  shop = await ca.issue(['shop.example.com']);
  other = await ca.issue(['other.example.com']);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function secret(name: string, cert: string, key: string, encoded = true) {
  return encoded
    ? { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name, namespace: 'shop' }, data: { 'tls.crt': Buffer.from(cert).toString('base64'), 'tls.key': Buffer.from(key).toString('base64') } }
    : { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name, namespace: 'shop' }, stringData: { 'tls.crt': cert, 'tls.key': key } };
}

function ingress(host: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: { tls: [{ hosts: [host], secretName: 'shop-tls' }], rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  };
}

function gateway(hostname: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'shop' },
    spec: { gatewayClassName: 'x', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname, tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-tls' }] } }] },
  };
}

const tlsWarnings = (r: ReturnType<typeof validateLoaded>) => r.warnings.filter((w) => /\.tls\./.test(w.rule)).map((w) => [w.kind, w.field, w.rule]);

describe('TLS Secrets named by Ingresses and Gateway listeners', () => {
  test('a matching certificate and key give no warning (data and stringData)', () => {
    expect(tlsWarnings(validateLoaded(fromObjects([secret('shop-tls', shop.certificatePem, shop.keyPem), ingress('shop.example.com')])))).toEqual([]);
    expect(tlsWarnings(validateLoaded(fromObjects([secret('shop-tls', shop.certificatePem, shop.keyPem, false), gateway('shop.example.com')])))).toEqual([]);
  });

  test('warns when the certificate does not cover the Ingress TLS host, on spec.tls[i].secretName', () => {
    const r = validateLoaded(fromObjects([secret('shop-tls', other.certificatePem, other.keyPem), ingress('shop.example.com')]));
    expect(tlsWarnings(r)).toEqual([['Ingress', 'spec.tls[0].secretName', 'ingress.tls.host-mismatch']]);
    expect(r.warnings.find((w) => w.rule === 'ingress.tls.host-mismatch')!.message).toMatch(/^Secret shop\/shop-tls \(tls\.crt\): host "shop\.example\.com" is not covered/);
  });

  test('warns when the key does not match the certificate, on the Gateway listener certificateRef; the key is never printed', () => {
    const r = validateLoaded(fromObjects([secret('shop-tls', shop.certificatePem, other.keyPem), gateway('shop.example.com')]));
    expect(tlsWarnings(r)).toEqual([['Gateway', 'spec.listeners[0].tls.certificateRefs[0]', 'gateway.listener.tls.key-mismatch']]);
    expect(JSON.stringify(r)).not.toMatch(/PRIVATE KEY/);
  });

  test('no check when the Secret is not in the input', () => {
    expect(tlsWarnings(validateLoaded(fromObjects([ingress('shop.example.com')])))).toEqual([]);
  });
});
