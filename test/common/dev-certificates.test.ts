import 'reflect-metadata';
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import * as x509 from '@peculiar/x509';
import { DevCertificate, DevCertificateAuthority } from '../../src/common/dev-certificates';

let base: string;
let caDir: string;
let ca: DevCertificateAuthority;
let shop: DevCertificate;

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-ca-test-'));
  caDir = path.join(base, 'ca');
  ca = await DevCertificateAuthority.load(caDir);
  shop = await ca.issue(['shop.apps.local', '*.apps.local', '127.0.0.1', '::1']);
}, 60_000);

afterAll(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

function sans(pem: string): string | undefined {
  return new crypto.X509Certificate(pem).subjectAltName;
}

function mode(file: string): number {
  return fs.statSync(file).mode % 0o1000;
}

function handshake(cert: DevCertificate, servername: string): Promise<{ authorized: boolean; error?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const server = tls.createServer({ cert: cert.certificatePem, key: cert.keyPem }, (socket) => socket.end('hello over tls'));
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const socket = tls.connect({ host: '127.0.0.1', port, ca: cert.caPem, servername, rejectUnauthorized: false }, () => {
        const authorized = socket.authorized;
        const error = socket.authorizationError ? String(socket.authorizationError) : undefined;
        let body = '';
        socket.on('data', (d) => (body += d));
        socket.on('end', () => {
          server.close();
          resolve({ authorized, error, body });
        });
      });
      socket.on('error', (e) => {
        server.close();
        reject(e);
      });
    });
  });
}

describe('DevCertificateAuthority', () => {
  test('creates a CA directory with a public CA file and a private key file', () => {
    expect(ca.dir).toBe(caDir);
    expect(fs.readFileSync(path.join(caDir, 'ca.pem'), 'utf8')).toBe(ca.caPem);
    expect(mode(path.join(caDir, 'ca-key.pem'))).toBe(0o600);
    expect(mode(path.join(caDir, 'ca.pem'))).toBe(0o644);
    const caCert = new crypto.X509Certificate(ca.caPem);
    expect(caCert.ca).toBe(true);
    expect(caCert.subject).toMatch(/^CN=cdk8s-routing development CA [0-9a-f]{8}\nO=cdk8s-routing development$/);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    const lifetime = new x509.X509Certificate(ca.caPem);
    expect((lifetime.notAfter.getTime() - lifetime.notBefore.getTime()) / 86_400_000).toBeGreaterThan(3649);
  });

  test('issues a leaf for DNS names, a wildcard and IP addresses, signed by the CA', () => {
    const leaf = new crypto.X509Certificate(shop.certificatePem);
    const caCert = new crypto.X509Certificate(ca.caPem);
    expect(shop.caPem).toBe(ca.caPem);
    expect(leaf.issuer).toBe(caCert.subject);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey(crypto.createPrivateKey(shop.keyPem))).toBe(true);
    expect(sans(shop.certificatePem)).toBe('DNS:*.apps.local, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.0.1, DNS:shop.apps.local');
    expect(leaf.keyUsage).toStrictEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(shop.keyPem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    const parsed = new x509.X509Certificate(shop.certificatePem);
    const days = (parsed.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThan(366);
  });

  test('stores each leaf as one file, readable only by its owner', () => {
    const files = fs.readdirSync(path.join(caDir, 'leaves')).filter((f) => f.startsWith('wildcard.apps.local-'));
    expect(files).toHaveLength(1);
    expect(mode(path.join(caDir, 'leaves', files[0]))).toBe(0o600);
    expect(fs.readFileSync(path.join(caDir, 'leaves', files[0]), 'utf8')).toBe(shop.certificatePem + shop.keyPem);
  });

  test('returns the same bytes for the same hosts in any order and case, in this and a new process view', async () => {
    const again = await ca.issue(['::1', 'SHOP.apps.local', '127.0.0.1', '*.apps.local', 'shop.apps.local.']);
    expect(again).toStrictEqual(shop);
    const reopened = await DevCertificateAuthority.load(caDir);
    expect(reopened.caPem).toBe(ca.caPem);
    expect(await reopened.issue(['shop.apps.local', '*.apps.local', '127.0.0.1', '::1'])).toStrictEqual(shop);
  });

  test('issues different leaves for different host sets, under a hashed name for long lists', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `service-${i}.${'x'.repeat(60)}.example`);
    const big = await ca.issue(many);
    expect(big.certificatePem).not.toBe(shop.certificatePem);
    expect(sans(big.certificatePem)?.split(', ')).toHaveLength(40);
    for (const f of fs.readdirSync(path.join(caDir, 'leaves'))) expect(f.length).toBeLessThan(100);
  });

  test('openssl verify accepts the leaf as a TLS server certificate, and openssl reads the key', () => {
    const dir = fs.mkdtempSync(path.join(base, 'openssl-'));
    fs.writeFileSync(path.join(dir, 'leaf.pem'), shop.certificatePem);
    fs.writeFileSync(path.join(dir, 'key.pem'), shop.keyPem);
    const out = execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', path.join(caDir, 'ca.pem'), path.join(dir, 'leaf.pem')], { encoding: 'utf8' });
    expect(out.trim()).toBe(`${path.join(dir, 'leaf.pem')}: OK`);
    const key = execFileSync('openssl', ['pkey', '-in', path.join(dir, 'key.pem'), '-noout', '-text'], { encoding: 'utf8' });
    expect(key).toContain('NIST CURVE: P-256');
  });

  test('a Node TLS client trusting only the CA accepts the leaf for each of its names', async () => {
    const exact = await handshake(shop, 'shop.apps.local');
    expect(exact).toStrictEqual({ authorized: true, error: undefined, body: 'hello over tls' });
    const wildcard = await handshake(await ca.issue(['*.apps.local']), 'shop.apps.local');
    expect(wildcard.authorized).toBe(true);
  });

  test('fails a TLS client connecting with a name the leaf does not have', async () => {
    const result = await handshake(await ca.issue(['*.apps.local']), 'a.b.apps.local');
    expect(result.authorized).toBe(false);
    expect(result.error).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  test('issues a new leaf when the cached one expires within 7 days', async () => {
    const hosts = ['renew.apps.local'];
    const first = await ca.issue(hosts);
    const [file] = fs.readdirSync(path.join(caDir, 'leaves')).filter((f) => f.startsWith('renew.apps.local-'));
    // Replace the cached leaf with one from the same CA that ends in 3 days.
    const bundle = fs.readFileSync(path.join(caDir, 'ca-key.pem'), 'utf8');
    const caKeyPem = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/.exec(bundle)![0];
    const subtle = crypto.webcrypto.subtle;
    const caKey = await subtle.importKey('pkcs8', new Uint8Array(crypto.createPrivateKey(caKeyPem).export({ type: 'pkcs8', format: 'der' })),
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const leafKey = crypto.createPrivateKey(first.keyPem);
    const publicKey = await subtle.importKey('spki', new Uint8Array(crypto.createPublicKey(leafKey).export({ type: 'spki', format: 'der' })),
      { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const short = await x509.X509CertificateGenerator.create({
      subject: 'CN=renew.apps.local',
      issuer: new x509.X509Certificate(ca.caPem).subject,
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 3 * 86_400_000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      signingKey: caKey,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'renew.apps.local' }])],
    }, crypto.webcrypto);
    fs.writeFileSync(path.join(caDir, 'leaves', file), `${short.toString('pem')}\n${first.keyPem}`);

    const renewed = await (await DevCertificateAuthority.load(caDir)).issue(hosts);
    expect(renewed.certificatePem).not.toBe(short.toString('pem') + '\n');
    expect(new x509.X509Certificate(renewed.certificatePem).notAfter.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(fs.readFileSync(path.join(caDir, 'leaves', file), 'utf8')).toBe(renewed.certificatePem + renewed.keyPem);
  });

  test('two loaders racing on an empty directory end up with one CA and one leaf', async () => {
    const dir = path.join(base, 'race');
    const [a, b] = await Promise.all([DevCertificateAuthority.load(dir), DevCertificateAuthority.load(dir)]);
    expect(a.caPem).toBe(b.caPem);
    expect(fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8')).toBe(a.caPem);
    const [la, lb] = await Promise.all([a.issue(['race.apps.local']), b.issue(['race.apps.local'])]);
    expect(la).toStrictEqual(lb);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toStrictEqual([]);
    expect(fs.readdirSync(path.join(dir, 'leaves'))).toHaveLength(1);
  });

  test('uses CDK8S_ROUTING_DEV_CA_DIR when no directory is given', async () => {
    const dir = path.join(base, 'from-env');
    const saved = process.env.CDK8S_ROUTING_DEV_CA_DIR;
    process.env.CDK8S_ROUTING_DEV_CA_DIR = dir;
    try {
      const fromEnv = await DevCertificateAuthority.load();
      expect(fromEnv.dir).toBe(dir);
      expect(fs.existsSync(path.join(dir, 'ca.pem'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CDK8S_ROUTING_DEV_CA_DIR;
      else process.env.CDK8S_ROUTING_DEV_CA_DIR = saved;
    }
  });

  test('fails to issue for an empty host list', async () => {
    await expect(ca.issue([])).rejects.toThrow('a development certificate needs at least one host');
  });

  test('fails to issue for a name that cannot be a SAN', async () => {
    await expect(ca.issue(['shop apps.local'])).rejects.toThrow('"shop apps.local" is not a host name, wildcard (*.example.com) or IP address');
    await expect(ca.issue(['a.*.local'])).rejects.toThrow('"a.*.local" is not a host name');
  });

  test('fails to load a CA directory whose key file is damaged, saying what to do', async () => {
    const dir = path.join(base, 'damaged');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'ca-key.pem'), 'not pem');
    await expect(DevCertificateAuthority.load(dir)).rejects.toThrow(`${path.join(dir, 'ca-key.pem')} is not a certificate followed by a PRIVATE KEY block; delete it to create a new one`);
  });
});
