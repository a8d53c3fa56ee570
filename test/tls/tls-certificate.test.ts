import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { DevCertificate, DevCertificateAuthority } from '../../src/common/dev-certificates';
import { Route, RouteBackend, RouteCertificate, RouteTls } from '../../src/route';
import { TlsCertificate } from '../../src/tls';

let dir: string;
let shop: DevCertificate;
let other: DevCertificate;
let foreignCa: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-cert-'));
  const ca = await DevCertificateAuthority.load(path.join(dir, 'a'));
  shop = await ca.issue(['shop.example.com', '*.shop.example.com']);
  other = await ca.issue(['other.example.com']);
  foreignCa = (await DevCertificateAuthority.load(path.join(dir, 'b'))).caPem;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('TlsCertificate', () => {
  test('accepts a certificate with its key and CA; reports no problem for covered hosts', () => {
    const c = TlsCertificate.fromPem({ certificate: shop.certificatePem, key: shop.keyPem, caCertificate: shop.caPem });
    expect(c.problemsFor(['shop.example.com', 'www.shop.example.com'])).toEqual([]);
    expect(c.description).toContain('shop.example.com');
  });

  test('problemsFor names hosts the certificate does not cover (a wildcard covers one label only)', () => {
    const c = TlsCertificate.fromPem({ certificate: shop.certificatePem, key: shop.keyPem });
    const problems = c.problemsFor(['a.b.shop.example.com']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/host "a\.b\.shop\.example\.com" is not covered .*\[tls\.host-mismatch\]$/);
  });

  test('fails at once for a key that does not match, without printing the key', () => {
    let message = '';
    try {
      TlsCertificate.fromPem({ certificate: shop.certificatePem, key: other.keyPem });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^TlsCertificate\.fromPem: the private key does not match/);
    expect(message).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  test('fails for a chain that does not verify, for garbage, and for unreadable files', () => {
    expect(() => TlsCertificate.fromPem({ certificate: shop.certificatePem, key: shop.keyPem, caCertificate: foreignCa })).toThrow(/does not verify against caCertificate/);
    expect(() => TlsCertificate.fromPem({ certificate: 'hello', key: shop.keyPem })).toThrow(/certificate must hold at least one PEM certificate/);
    expect(() => TlsCertificate.fromPem({ certificate: shop.certificatePem, key: 'nope' })).toThrow(/key holds no PEM private key/);
    expect(() => TlsCertificate.fromFiles({ certificateFile: path.join(dir, 'missing.pem'), keyFile: 'x' })).toThrow(/certificateFile: cannot read file .*missing\.pem: ENOENT/);
  });

  test('fromFiles reads the files; toSecret makes a kubernetes.io/tls Secret with the CA appended to the chain', () => {
    fs.writeFileSync(path.join(dir, 'c.pem'), shop.certificatePem);
    fs.writeFileSync(path.join(dir, 'k.pem'), shop.keyPem);
    fs.writeFileSync(path.join(dir, 'ca.pem'), shop.caPem);
    const c = TlsCertificate.fromFiles({ certificateFile: path.join(dir, 'c.pem'), keyFile: path.join(dir, 'k.pem'), caCertificateFile: path.join(dir, 'ca.pem') });
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    c.toSecret(chart, 'tls', { metadata: { name: 'shop-tls' } });
    const [secret] = Testing.synth(chart);
    expect(secret.kind).toBe('Secret');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(secret.metadata).toEqual(expect.objectContaining({ name: 'shop-tls', namespace: 'shop' }));
    const crt = secret.stringData?.['tls.crt'] ?? Buffer.from(secret.data['tls.crt'], 'base64').toString();
    expect(crt.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });
});

describe('RouteCertificate.fromTlsCertificate', () => {
  test('writes the checked PEM inline into an edge Route', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const c = TlsCertificate.fromPem({ certificate: shop.certificatePem, key: shop.keyPem, caCertificate: shop.caPem });
    new Route(chart, 'r', { host: 'shop.example.com', to: RouteBackend.fromServiceName('web'), tls: RouteTls.edge({ certificate: RouteCertificate.fromTlsCertificate(c) }) });
    const [route] = Testing.synth(chart);
    expect(route.spec.tls).toEqual({ termination: 'edge', certificate: shop.certificatePem, key: shop.keyPem, caCertificate: shop.caPem });
  });
});
