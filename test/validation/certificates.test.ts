import 'reflect-metadata';
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as x509 from '@peculiar/x509';
import {
  CertificateProblem,
  checkKeyMatchesCertificate,
  checkRouteCertificates,
  daysUntilExpiry,
  hostCoveredBy,
  isWeakSignature,
  parseCertificates,
  verifyChain,
} from '../../src/validation/certificates';
import { encodePem } from '../../src/validation/pem';

type CryptoKey = crypto.webcrypto.CryptoKey;
type CryptoKeyPair = crypto.webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(crypto.webcrypto);

// ---------------------------------------------------------------------------
// Fixtures, built once per run

const DAY = 24 * 60 * 60 * 1000;
// An hour ahead, so certificates openssl makes during the run are already valid at NOW.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const SHA256 = { name: 'ECDSA', hash: 'SHA-256' };
const SHA1 = { name: 'ECDSA', hash: 'SHA-1' };

interface Issued { certPem: string; keyPem: string; cert: x509.X509Certificate; keys: CryptoKeyPair }

async function keyPem(key: CryptoKey): Promise<string> {
  return encodePem('PRIVATE KEY', new Uint8Array(await crypto.webcrypto.subtle.exportKey('pkcs8', key)));
}

async function makeCa(name: string, opts: { signer?: Issued; signingAlgorithm?: object } = {}): Promise<Issued> {
  const keys = await crypto.webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const extensions = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    // eslint-disable-next-line no-bitwise
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const common = {
    notBefore: new Date(NOW.getTime() - 10 * DAY),
    notAfter: new Date(NOW.getTime() + 1000 * DAY),
    signingAlgorithm: opts.signingAlgorithm ?? SHA256,
    extensions,
  };
  const cert = opts.signer
    ? await x509.X509CertificateGenerator.create({
      ...common, subject: `CN=${name}`, issuer: opts.signer.cert.subject, publicKey: keys.publicKey, signingKey: opts.signer.keys.privateKey,
    })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: `CN=${name}`, keys });
  return { cert, keys, certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

async function makeLeaf(issuer: Issued, opts: {
  cn?: string; dns?: string[]; ips?: string[]; notBefore?: Date; notAfter?: Date; signingAlgorithm?: object; eku?: string[];
} = {}): Promise<Issued> {
  const keys = await crypto.webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const names = [...(opts.dns ?? []).map((value) => ({ type: 'dns' as const, value })), ...(opts.ips ?? []).map((value) => ({ type: 'ip' as const, value }))];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(opts.eku ?? [x509.ExtendedKeyUsage.serverAuth]),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${opts.cn ?? opts.dns?.[0] ?? 'leaf'}`,
    issuer: issuer.cert.subject,
    notBefore: opts.notBefore ?? new Date(NOW.getTime() - DAY),
    notAfter: opts.notAfter ?? new Date(NOW.getTime() + 300 * DAY),
    signingAlgorithm: opts.signingAlgorithm ?? SHA256,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions,
  });
  return { cert, keys, certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

let root: Issued;
let otherRoot: Issued;
let intermediate: Issued;
let leaf: Issued;
let viaIntermediate: Issued;
let expired: Issued;
let notYetValid: Issued;
let expiringSoon: Issued;
let sha1Leaf: Issued;
let sha1Root: Issued;
let cnOnly: Issued;
let clientOnly: Issued;
let opensslSha1Leaf: { certPem: string; keyPem: string; caPem: string };
let opensslEcKey: { certPem: string; keyPem: string };
let encryptedKeyPem: string;
let tmp: string;

beforeAll(async () => {
  root = await makeCa('Test Root CA');
  otherRoot = await makeCa('Other Root CA');
  intermediate = await makeCa('Test Intermediate CA', { signer: root });
  leaf = await makeLeaf(root, { dns: ['shop.example.com', '*.apps.example.com'], ips: ['10.0.0.1', '2001:db8::1'] });
  viaIntermediate = await makeLeaf(intermediate, { dns: ['shop.example.com'] });
  expired = await makeLeaf(root, { dns: ['shop.example.com'], notBefore: new Date(NOW.getTime() - 400 * DAY), notAfter: new Date(NOW.getTime() - 12 * DAY) });
  notYetValid = await makeLeaf(root, { dns: ['shop.example.com'], notBefore: new Date(NOW.getTime() + 5 * DAY) });
  expiringSoon = await makeLeaf(root, { dns: ['shop.example.com'], notAfter: new Date(NOW.getTime() + 10 * DAY + 3600_000) });
  sha1Leaf = await makeLeaf(root, { dns: ['shop.example.com'], signingAlgorithm: SHA1 });
  sha1Root = await makeCa('SHA-1 Root CA', { signingAlgorithm: SHA1 });
  cnOnly = await makeLeaf(root, { cn: 'legacy.example.com' });
  clientOnly = await makeLeaf(root, { dns: ['shop.example.com'], eku: [x509.ExtendedKeyUsage.clientAuth] });
  encryptedKeyPem = crypto.generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
  }).privateKey;

  // The openssl way: an RSA CA, a SHA-1 signed leaf (`x509 -req -sha1`), and an EC key with EC PARAMETERS.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cert-fixtures-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: tmp, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=OpenSSL Test CA', '-sha256');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=shop.example.com', '-addext', 'subjectAltName=DNS:shop.example.com');
  run('x509', '-req', '-sha1', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '100', '-copy_extensions', 'copy');
  run('ecparam', '-name', 'prime256v1', '-genkey', '-out', 'ec.key');
  run('req', '-x509', '-key', 'ec.key', '-out', 'ec.pem', '-days', '100', '-subj', '/CN=ec.example.com', '-addext', 'subjectAltName=DNS:ec.example.com');
  const read = (f: string) => fs.readFileSync(path.join(tmp, f), 'utf8');
  opensslSha1Leaf = { certPem: read('leaf.pem'), keyPem: read('leaf.key'), caPem: read('ca.pem') };
  opensslEcKey = { certPem: read('ec.pem'), keyPem: read('ec.key') };
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function codes(problems: CertificateProblem[]): Array<[string, string, string]> {
  return problems.map((p) => [p.field, p.code, p.severity]);
}

function check(input: Partial<Parameters<typeof checkRouteCertificates>[0]>): CertificateProblem[] {
  return checkRouteCertificates({ hosts: ['shop.example.com'], now: NOW, ...input });
}

// ---------------------------------------------------------------------------
// checkRouteCertificates

describe('checkRouteCertificates', () => {
  test('accepts a leaf with its key, its CA and a covered host', () => {
    const tlsFields = { certificate: leaf.certPem, key: leaf.keyPem, caCertificate: root.certPem, destinationCACertificate: otherRoot.certPem };
    expect(check(tlsFields)).toStrictEqual([]);
  });

  test('accepts a route without any PEM material', () => {
    expect(check({})).toStrictEqual([]);
  });

  describe('certificate-parse', () => {
    test('fails text without PEM armour', () => {
      const problems = check({ certificate: 'not a certificate', key: leaf.keyPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'certificate-parse', 'warning']]);
      expect(problems[0].message).toContain('no PEM armour');
    });

    test('fails a CERTIFICATE block that is not X.509', () => {
      const problems = check({ certificate: encodePem('CERTIFICATE', Buffer.from('junk')), key: leaf.keyPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'certificate-parse', 'warning']]);
      expect(problems[0].message).toContain('CERTIFICATE block #1 is not a valid X.509 certificate');
    });

    test('fails a certificate field that holds only a private key', () => {
      const problems = check({ certificate: leaf.keyPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'certificate-parse', 'warning']]);
      expect(problems[0].message).toContain('found only a private key');
    });

    test('accepts a certificate surrounded by text, as the router drops it', () => {
      expect(check({ certificate: `Subject: shop\n${leaf.certPem}trailing notes\n`, key: leaf.keyPem })).toStrictEqual([]);
    });
  });

  describe('ca-parse and destination-ca-parse', () => {
    test('fails an unreadable caCertificate and skips the chain check', () => {
      expect(codes(check({ certificate: leaf.certPem, key: leaf.keyPem, caCertificate: 'garbage' })))
        .toStrictEqual([['caCertificate', 'ca-parse', 'warning']]);
    });

    test('fails an unreadable destinationCACertificate', () => {
      const problems = check({ destinationCACertificate: encodePem('CERTIFICATE', Buffer.from('junk')) });
      expect(codes(problems)).toStrictEqual([['destinationCACertificate', 'destination-ca-parse', 'warning']]);
    });

    test('accepts several CA certificates in either field', () => {
      expect(check({
        certificate: viaIntermediate.certPem,
        key: viaIntermediate.keyPem,
        caCertificate: intermediate.certPem + root.certPem,
        destinationCACertificate: root.certPem + otherRoot.certPem,
      })).toStrictEqual([]);
    });
  });

  describe('pem-unknown-block', () => {
    test('fails a block type that does not belong in certificate', () => {
      const problems = check({ certificate: leaf.certPem + encodePem('X509 CRL', Buffer.from([1, 2])), key: leaf.keyPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'pem-unknown-block', 'warning']]);
      expect(problems[0].message).toBe('certificate holds a PEM block of type "X509 CRL"; it may hold only certificates (and optionally the private key)');
    });

    test('fails a certificate pasted into key', () => {
      const problems = check({ certificate: leaf.certPem, key: leaf.keyPem + leaf.certPem });
      expect(codes(problems)).toStrictEqual([['key', 'pem-unknown-block', 'warning']]);
    });

    test('fails a public key in caCertificate', () => {
      const problems = check({ caCertificate: root.certPem + encodePem('PUBLIC KEY', Buffer.from([1])) });
      expect(codes(problems)).toStrictEqual([['caCertificate', 'pem-unknown-block', 'warning']]);
    });

    test('accepts an openssl EC key with its EC PARAMETERS block', () => {
      expect(opensslEcKey.keyPem).toContain('-----BEGIN EC PARAMETERS-----');
      expect(check({ certificate: opensslEcKey.certPem, key: opensslEcKey.keyPem, hosts: ['ec.example.com'] }))
        .toStrictEqual([]);
    });
  });

  describe('key-missing', () => {
    test('fails a certificate without a key', () => {
      const problems = check({ certificate: leaf.certPem });
      expect(codes(problems)).toStrictEqual([['key', 'key-missing', 'warning']]);
      expect(problems[0].message).toContain('no key specified');
    });

    test('accepts a key bundled in certificate', () => {
      expect(check({ certificate: leaf.certPem + leaf.keyPem })).toStrictEqual([]);
    });
  });

  describe('key-parse', () => {
    test('fails an encrypted private key', () => {
      const problems = check({ certificate: leaf.certPem, key: encryptedKeyPem });
      expect(codes(problems)).toStrictEqual([['key', 'key-parse', 'warning']]);
      expect(problems[0].message).toBe('key: the ENCRYPTED PRIVATE KEY block is encrypted; the router needs an unencrypted key');
    });

    test('fails a PRIVATE KEY block that is not a key', () => {
      const problems = check({ certificate: leaf.certPem, key: encodePem('PRIVATE KEY', Buffer.from('junk')) });
      expect(codes(problems)).toStrictEqual([['key', 'key-parse', 'warning']]);
    });

    test('fails key text without any private key', () => {
      expect(codes(check({ certificate: leaf.certPem, key: 'secret' }))).toStrictEqual([['key', 'key-parse', 'warning']]);
    });

    test('accepts PKCS#1 RSA and SEC 1 EC keys written by openssl', () => {
      expect(opensslEcKey.keyPem).toContain('-----BEGIN EC PRIVATE KEY-----');
      expect(check({ certificate: opensslEcKey.certPem, key: opensslEcKey.keyPem, hosts: ['ec.example.com'] })).toStrictEqual([]);
      const rsaPkcs1 = crypto.createPrivateKey(opensslSha1Leaf.keyPem).export({ type: 'pkcs1', format: 'pem' }) as string;
      const problems = check({ certificate: opensslSha1Leaf.certPem, key: rsaPkcs1 });
      expect(problems.filter((p) => p.field === 'key')).toStrictEqual([]);
    });
  });

  describe('key-mismatch', () => {
    test('fails a key that belongs to another certificate', () => {
      const problems = check({ certificate: leaf.certPem, key: expired.keyPem });
      expect(codes(problems)).toStrictEqual([['key', 'key-mismatch', 'warning']]);
      expect(problems[0].message).toBe('the private key does not match the first certificate, certificate "CN=shop.example.com"');
    });

    test('fails a chain with the CA first and says which certificate the key belongs to', () => {
      const problems = check({ certificate: intermediate.certPem + viaIntermediate.certPem, key: viaIntermediate.keyPem });
      expect(codes(problems)).toContainEqual(['key', 'key-mismatch', 'warning']);
      const mismatch = problems.find((p) => p.code === 'key-mismatch')!;
      expect(mismatch.message).toContain('it matches certificate #2 in certificate, certificate "CN=shop.example.com": put the serving certificate first');
    });

    test('fails only the pairing that does not match when the same certificate is checked many times (parsed once)', () => {
      for (let i = 0; i < 3; i++) {
        expect(check({ certificate: leaf.certPem, key: leaf.keyPem })).toStrictEqual([]);
        expect(codes(check({ certificate: leaf.certPem, key: expired.keyPem }))).toStrictEqual([['key', 'key-mismatch', 'warning']]);
        expect(codes(check({ certificate: expired.certPem, key: leaf.keyPem }))).toContainEqual(['key', 'key-mismatch', 'warning']);
      }
    });

    test('accepts the leaf first followed by its intermediate', () => {
      expect(check({ certificate: viaIntermediate.certPem + intermediate.certPem, key: viaIntermediate.keyPem })).toStrictEqual([]);
    });
  });

  describe('chain', () => {
    test('fails a leaf issued by a different CA', () => {
      const problems = check({ certificate: leaf.certPem, key: leaf.keyPem, caCertificate: otherRoot.certPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'chain', 'warning']]);
      expect(problems[0].message).toBe('certificate "CN=shop.example.com" does not verify against caCertificate: no CA certificate has the subject "CN=Test Root CA" that issued certificate "CN=shop.example.com"');
    });

    test('fails a leaf whose issuer name matches but whose signature does not', async () => {
      const impostor = await makeCa('Test Root CA');
      const problems = check({ certificate: leaf.certPem, key: leaf.keyPem, caCertificate: impostor.certPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'chain', 'warning']]);
      expect(problems[0].message).toContain('does not verify with the key of certificate "CN=Test Root CA"');
    });

    test('fails when the intermediate is only in certificate, and says to move it', () => {
      const certificate = viaIntermediate.certPem + intermediate.certPem;
      const problems = check({ certificate, key: viaIntermediate.keyPem, caCertificate: root.certPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'chain', 'warning']]);
      expect(problems[0].message).toContain('the router builds the chain from caCertificate only');
    });

    test('fails a leaf that is not valid for server authentication', () => {
      const problems = check({ certificate: clientOnly.certPem, key: clientOnly.keyPem, caCertificate: root.certPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'chain', 'warning']]);
      expect(problems[0].message).toContain('is not valid for server authentication (extended key usage 1.3.6.1.5.5.7.3.2)');
    });

    test('accepts the intermediate in caCertificate, and a self-signed leaf that is its own CA', () => {
      const caCertificate = root.certPem + intermediate.certPem;
      expect(check({ certificate: viaIntermediate.certPem, key: viaIntermediate.keyPem, caCertificate })).toStrictEqual([]);
      expect(check({ certificate: opensslEcKey.certPem, key: opensslEcKey.keyPem, caCertificate: opensslEcKey.certPem, hosts: ['ec.example.com'] })).toStrictEqual([]);
    });

    test('accepts an expired leaf in the chain check, as the router does (expiry is only info)', () => {
      expect(codes(check({ certificate: expired.certPem, key: expired.keyPem, caCertificate: root.certPem })))
        .toStrictEqual([['certificate', 'expired', 'info']]);
    });
  });

  describe('weak-signature', () => {
    test('fails a SHA-1 signed leaf made with openssl x509 -req -sha1', () => {
      const problems = check({ certificate: opensslSha1Leaf.certPem, key: opensslSha1Leaf.keyPem, caCertificate: opensslSha1Leaf.caPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'weak-signature', 'warning']]);
      expect(problems[0].message).toBe('certificate "CN=shop.example.com" is signed with SHA-1 with RSA; the router rejects SHA-1, MD5 and MD2 signatures on certificates that are not self-signed');
    });

    test('fails an ECDSA-SHA1 certificate in caCertificate and in destinationCACertificate', () => {
      const problems = check({ caCertificate: root.certPem + sha1Leaf.certPem, destinationCACertificate: sha1Leaf.certPem });
      expect(codes(problems)).toStrictEqual([
        ['caCertificate', 'weak-signature', 'warning'],
        ['destinationCACertificate', 'weak-signature', 'warning'],
      ]);
      expect(problems[0].message).toContain('ECDSA with SHA-1');
    });

    test('accepts a self-signed SHA-1 root', () => {
      expect(check({ caCertificate: sha1Root.certPem, destinationCACertificate: sha1Root.certPem })).toStrictEqual([]);
    });
  });

  describe('host-mismatch', () => {
    test('fails a host the leaf does not name', () => {
      const problems = check({ certificate: leaf.certPem, key: leaf.keyPem, hosts: ['shop.example.com', 'admin.example.com'] });
      expect(codes(problems)).toStrictEqual([['certificate', 'host-mismatch', 'warning']]);
      expect(problems[0].message).toBe('host "admin.example.com" is not covered by certificate "CN=shop.example.com" (names: shop.example.com, *.apps.example.com, 10.0.0.1, 2001:db8:0:0:0:0:0:1); clients will reject the connection (the router does not check this)');
    });

    test('fails a host two labels below a wildcard', () => {
      expect(codes(check({ certificate: leaf.certPem, key: leaf.keyPem, hosts: ['a.b.apps.example.com'] })))
        .toStrictEqual([['certificate', 'host-mismatch', 'warning']]);
    });

    test('fails a host covered only by the subject CN', () => {
      const problems = check({ certificate: cnOnly.certPem, key: cnOnly.keyPem, hosts: ['legacy.example.com'] });
      expect(codes(problems)).toStrictEqual([['certificate', 'host-mismatch', 'warning']]);
      expect(problems[0].message).toContain('matches only the subject CN');
    });

    test('accepts wildcard, IP and mixed-case hosts the leaf names', () => {
      expect(check({
        certificate: leaf.certPem,
        key: leaf.keyPem,
        hosts: ['Shop.Example.com', 'cart.apps.example.com', '*.apps.example.com', '10.0.0.1', '2001:DB8::1'],
      })).toStrictEqual([]);
    });
  });

  describe('validity dates', () => {
    test('fails an expired leaf with an info that gives the days', () => {
      const problems = check({ certificate: expired.certPem, key: expired.keyPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'expired', 'info']]);
      expect(problems[0].message).toMatch(/^certificate "CN=shop.example.com" expired 12 days ago, at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    });

    test('fails a leaf that is not valid yet with an info that gives the days', () => {
      const problems = check({ certificate: notYetValid.certPem, key: notYetValid.keyPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'not-yet-valid', 'info']]);
      expect(problems[0].message).toContain('becomes valid in 5 days');
    });

    test('fails a leaf expiring within 30 days with an info', () => {
      const problems = check({ certificate: expiringSoon.certPem, key: expiringSoon.keyPem });
      expect(codes(problems)).toStrictEqual([['certificate', 'expires-soon', 'info']]);
      expect(problems[0].message).toContain('expires in 10 days');
    });

    test('accepts a leaf with 300 days left', () => {
      expect(check({ certificate: leaf.certPem, key: leaf.keyPem })).toStrictEqual([]);
    });
  });

  test('never puts key material or PEM text in a message', () => {
    const inputs = [
      { certificate: leaf.certPem, key: expired.keyPem },
      { certificate: 'garbage ' + leaf.keyPem, key: leaf.keyPem + leaf.certPem },
      { certificate: leaf.certPem, key: encryptedKeyPem },
      { certificate: leaf.certPem, key: encodePem('PRIVATE KEY', Buffer.from('junk')) },
      { certificate: intermediate.certPem + viaIntermediate.certPem, key: viaIntermediate.keyPem, caCertificate: otherRoot.certPem },
    ];
    const keyBodies = [leaf.keyPem, expired.keyPem, viaIntermediate.keyPem, encryptedKeyPem].map((k) => k.split('\n')[1].slice(0, 20));
    for (const input of inputs) {
      const problems = check(input);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.message).not.toContain('-----');
        for (const body of keyBodies) expect(p.message).not.toContain(body);
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Helpers

describe('helpers', () => {
  const node = (pem: string) => new crypto.X509Certificate(pem);

  test('parseCertificates returns the certificates in order and the bundled keys', () => {
    const parsed = parseCertificates(leaf.certPem + root.certPem + leaf.keyPem, { allowPrivateKeys: true });
    expect(parsed.certificates.map((c) => c.subject)).toStrictEqual(['CN=shop.example.com', 'CN=Test Root CA']);
    expect(parsed.keyBlocks.map((b) => b.type)).toStrictEqual(['PRIVATE KEY']);
    expect(parsed.unknownTypes).toStrictEqual([]);
  });

  test('fails parseCertificates on keys when they are not allowed', () => {
    expect(parseCertificates(leaf.keyPem).unknownTypes).toStrictEqual(['PRIVATE KEY']);
  });

  test('checkKeyMatchesCertificate tells matching from other keys', () => {
    expect(checkKeyMatchesCertificate(node(leaf.certPem), crypto.createPrivateKey(leaf.keyPem))).toBe(true);
    expect(checkKeyMatchesCertificate(node(leaf.certPem), crypto.createPrivateKey(root.keyPem))).toBe(false);
  });

  test('verifyChain names the trusted issuer', () => {
    const result = verifyChain(node(viaIntermediate.certPem), [node(root.certPem), node(intermediate.certPem)]);
    expect(result.valid).toBe(true);
    expect(result.issuer?.subject).toBe('CN=Test Intermediate CA');
  });

  test('fails verifyChain against an unrelated root', () => {
    expect(verifyChain(node(viaIntermediate.certPem), [node(root.certPem)]).valid).toBe(false);
  });

  test.each([
    ['shop.example.com', true],
    ['SHOP.example.com.', true],
    ['x.apps.example.com', true],
    ['apps.example.com', false],
    ['a.x.apps.example.com', false],
    ['*.apps.example.com', true],
    ['*.example.com', false],
    ['10.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['10.0.0.2', false],
    ['2001:db8:0::1', true],
    ['example.com', false],
  ])('hostCoveredBy(%s) is %s for a leaf with shop.example.com, *.apps.example.com and IPs', (host, covered) => {
    expect(hostCoveredBy(host, node(leaf.certPem))).toBe(covered);
  });

  test('hostCoveredBy uses the CN only when there are no DNS names, and only if allowed', () => {
    expect(hostCoveredBy('legacy.example.com', node(cnOnly.certPem))).toBe(true);
    expect(hostCoveredBy('legacy.example.com', node(cnOnly.certPem), { commonNameFallback: false })).toBe(false);
    expect(hostCoveredBy('shop.example.com', node(leaf.certPem), { commonNameFallback: false })).toBe(true);
  });

  test('hostCoveredBy refuses a wildcard over a single remaining label and partial wildcards', async () => {
    const broad = await makeLeaf(root, { dns: ['*.com', 'f*.example.com'] });
    expect(hostCoveredBy('example.com', node(broad.certPem))).toBe(false);
    expect(hostCoveredBy('foo.example.com', node(broad.certPem))).toBe(false);
  });

  test('daysUntilExpiry counts whole days, negative once expired', () => {
    expect(daysUntilExpiry(node(leaf.certPem), NOW)).toBe(300);
    expect(daysUntilExpiry(node(expired.certPem), NOW)).toBe(-12);
  });

  test('isWeakSignature flags SHA-1 and not SHA-256', () => {
    expect(isWeakSignature(node(sha1Leaf.certPem))).toBe(true);
    expect(isWeakSignature(node(opensslSha1Leaf.certPem))).toBe(true);
    expect(isWeakSignature(node(sha1Root.certPem))).toBe(true);
    expect(isWeakSignature(node(leaf.certPem))).toBe(false);
  });
});
