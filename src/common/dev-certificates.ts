/**
 * Development certificates for local runs: a private certificate authority
 * kept on disk and leaf certificates it issues for the hosts a run serves.
 * Pure JavaScript (`@peculiar/x509` on Node's WebCrypto); no openssl binary.
 *
 * Layout of the CA directory:
 * - `ca-key.pem`  (0600) CA certificate followed by its PKCS#8 key — created once, exclusively
 * - `ca.pem`      (0644) CA certificate only, for `curl --cacert` and trust stores
 * - `leaves/<host>-<sha256 of hosts>.pem` (0600) leaf certificate followed by its key
 *   (the combined form HAProxy's `crt` accepts)
 *
 * Every file is written to a temporary name and then linked or renamed into
 * place, so readers never see half a file. When two processes create the CA
 * at the same time, the first to publish wins and the other adopts it.
 */
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto, X509Certificate as NodeX509Certificate, createPrivateKey } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as x509 from '@peculiar/x509';
import * as ipaddr from 'ipaddr.js';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const subtle = webcrypto.subtle;
const provider = webcrypto;
x509.cryptoProvider.set(provider);

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Leaf lifetime. */
const LEAF_DAYS = 365;
/** A cached leaf is issued again when it expires within this many days. */
const LEAF_RENEW_DAYS = 7;
/** CA lifetime. */
const CA_DAYS = 3650;
/** Backdating of notBefore, for clocks that are a little behind. */
const BACKDATE_MS = 60 * 60 * 1000;

const CA_BUNDLE_FILE = 'ca-key.pem';
const CA_FILE = 'ca.pem';
const LEAF_DIR = 'leaves';

/** A leaf certificate, its private key and the CA that issued it, all PEM. */
export interface DevCertificate {
  /** The leaf certificate (PEM). */
  readonly certificatePem: string;
  /** The leaf's private key (PKCS#8 PEM, `PRIVATE KEY`). */
  readonly keyPem: string;
  /** The issuing CA certificate (PEM). */
  readonly caPem: string;
}

/**
 * A development certificate authority stored in a directory, reused across
 * runs and processes.
 */
export class DevCertificateAuthority {
  /**
   * Opens the CA in `dir`, creating it when it does not exist.
   *
   * @param dir the directory; default `$CDK8S_ROUTING_DEV_CA_DIR`, else `~/.cache/cdk8s-routing/dev-ca`
   */
  public static async load(dir?: string): Promise<DevCertificateAuthority> {
    const resolved = path.resolve(dir ?? process.env.CDK8S_ROUTING_DEV_CA_DIR ?? path.join(os.homedir(), '.cache', 'cdk8s-routing', 'dev-ca'));
    await fs.mkdir(path.join(resolved, LEAF_DIR), { recursive: true, mode: 0o700 });
    const bundlePath = path.join(resolved, CA_BUNDLE_FILE);
    let bundle = await readIfExists(bundlePath);
    if (bundle === undefined) {
      await publish(bundlePath, await createCaBundle(), 0o600, { exclusive: true });
      bundle = await fs.readFile(bundlePath, 'utf8');
    }
    const { certificatePem: caPem, keyPem } = splitBundle(bundle, bundlePath);
    const caCert = new x509.X509Certificate(caPem);
    const caKey = await subtle.importKey('pkcs8', pemBody(keyPem), KEY_ALGORITHM, false, ['sign']);
    if ((await readIfExists(path.join(resolved, CA_FILE))) !== caPem) {
      await publish(path.join(resolved, CA_FILE), caPem, 0o644, { exclusive: false });
    }
    return new DevCertificateAuthority(resolved, caPem, caCert, caKey);
  }

  /** The CA certificate (PEM). */
  public readonly caPem: string;
  /** The directory the CA lives in. */
  public readonly dir: string;

  private readonly caCert: x509.X509Certificate;
  private readonly caKey: CryptoKey;
  private readonly caNode: NodeX509Certificate;
  private readonly issued = new Map<string, Promise<DevCertificate>>();

  private constructor(dir: string, caPem: string, caCert: x509.X509Certificate, caKey: CryptoKey) {
    this.dir = dir;
    this.caPem = caPem;
    this.caCert = caCert;
    this.caKey = caKey;
    this.caNode = new NodeX509Certificate(caPem);
  }

  /**
   * A leaf certificate for `hosts` (DNS names, `*.` wildcards, IPv4/IPv6
   * addresses), valid for about a year. The same set of hosts, in any order,
   * returns the cached files byte for byte until the leaf is within 7 days of
   * expiry.
   */
  public async issue(hosts: string[]): Promise<DevCertificate> {
    const names = normaliseHosts(hosts);
    const file = path.join(this.dir, LEAF_DIR, leafFileName(names));
    let pending = this.issued.get(file);
    if (!pending) {
      pending = this.issueUncached(names, file);
      this.issued.set(file, pending);
      pending.catch(() => this.issued.delete(file));
    }
    return pending;
  }

  private async issueUncached(names: string[], file: string): Promise<DevCertificate> {
    const existing = await readIfExists(file);
    if (existing !== undefined && this.usable(existing, names)) return this.toDevCertificate(existing, file);
    const fresh = await this.createLeaf(names);
    // First issue: exclusive, so racing processes settle on one file. Renewal: replace.
    await publish(file, fresh, 0o600, { exclusive: existing === undefined });
    return this.toDevCertificate(await fs.readFile(file, 'utf8'), file);
  }

  private toDevCertificate(bundle: string, file: string): DevCertificate {
    const { certificatePem, keyPem } = splitBundle(bundle, file);
    return { certificatePem, keyPem, caPem: this.caPem };
  }

  /** Whether a cached leaf was issued by this CA for exactly `names` and lives long enough. */
  private usable(bundle: string, names: string[]): boolean {
    try {
      const { certificatePem, keyPem } = splitBundle(bundle, '');
      const cert = new NodeX509Certificate(certificatePem);
      if (!cert.verify(this.caNode.publicKey) || !cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
      const parsed = new x509.X509Certificate(certificatePem);
      if (parsed.notAfter.getTime() - Date.now() < LEAF_RENEW_DAYS * DAY_MS) return false;
      const san = parsed.getExtension(x509.SubjectAlternativeNameExtension);
      const sans = (san?.names.items ?? []).map((n) => (n.type === 'ip' ? normaliseIp(n.value) : n.value.toLowerCase())).sort();
      return JSON.stringify(sans) === JSON.stringify([...names].sort());
    } catch {
      return false;
    }
  }

  private async createLeaf(names: string[]): Promise<string> {
    const keys = await subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']) as CryptoKeyPair;
    const now = Date.now();
    const caSki = this.caCert.getExtension(x509.SubjectKeyIdentifierExtension);
    const commonName = names.find((n) => n.length <= 64) ?? 'cdk8s-routing development certificate';
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject: [{ CN: [commonName] }, { O: ['cdk8s-routing development'] }],
      issuer: this.caCert.subjectName,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + LEAF_DAYS * DAY_MS),
      signingAlgorithm: SIGNING_ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: this.caKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth], false),
        new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIp(n) ? 'ip' as const : 'dns' as const, value: n })), false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
        caSki
          ? new x509.AuthorityKeyIdentifierExtension(caSki.keyId, false)
          : await x509.AuthorityKeyIdentifierExtension.create(this.caCert.publicKey, false, provider),
      ],
    }, provider);
    return withNewline(cert.toString('pem')) + await exportKeyPem(keys.privateKey);
  }
}

async function createCaBundle(): Promise<string> {
  const keys = await subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const id = randomBytes(4).toString('hex');
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [`cdk8s-routing development CA ${id}`] }, { O: ['cdk8s-routing development'] }],
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + CA_DAYS * DAY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      // eslint-disable-next-line no-bitwise
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
    ],
  }, provider);
  return withNewline(cert.toString('pem')) + await exportKeyPem(keys.privateKey);
}

function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : pem + '\n';
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return withNewline(x509.PemConverter.encode(der, 'PRIVATE KEY'));
}

/** Splits a "certificate then key" file into its two PEM blocks, normalised to end in a newline. */
function splitBundle(text: string, file: string): { certificatePem: string; keyPem: string } {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(text);
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/.exec(text);
  if (!cert || !key) {
    throw new Error(`${file} is not a certificate followed by a PRIVATE KEY block; delete it to create a new one`);
  }
  return { certificatePem: cert[0] + '\n', keyPem: key[0] + '\n' };
}

function pemBody(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** A positive 128-bit serial number in hex. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] % 0x7f) + 1; // 0x01..0x7f: positive, no leading zero byte
  return bytes.toString('hex');
}

/** Lower-cases, trims, drops trailing dots and duplicates, sorts; throws on names that cannot go in a SAN. */
function normaliseHosts(hosts: string[]): string[] {
  if (hosts.length === 0) throw new Error('a development certificate needs at least one host');
  const out = new Set<string>();
  for (const raw of hosts) {
    const host = raw.trim().toLowerCase().replace(/\.$/, '');
    if (isIp(host)) {
      out.add(normaliseIp(host));
      continue;
    }
    const labels = host.split('.');
    const ok = host.length > 0 && host.length <= 253 && labels.every((label, i) =>
      (i === 0 && label === '*' && labels.length > 1) || /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/.test(label));
    if (!ok) {
      throw new Error(`"${raw}" is not a host name, wildcard (*.example.com) or IP address for a development certificate`);
    }
    out.add(host);
  }
  return [...out].sort();
}

function isIp(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(h) && (h.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(h));
}

function normaliseIp(value: string): string {
  const addr = ipaddr.parse(value.replace(/^\[|\]$/g, ''));
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toNormalizedString() : addr.toString();
}

/** `leaves/<readable prefix>-<sha256 of the sorted host list>.pem`: stable, safe on any file system. */
function leafFileName(names: string[]): string {
  const digest = createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 32);
  const readable = names[0].replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9._-]/g, '_').slice(0, 60);
  return `${readable}-${digest}.pem`;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Writes `content` to `file` through a temporary file in the same directory.
 * `exclusive`: publish with link(2), which fails when `file` exists — then
 * the existing file (another process's) is kept. Otherwise rename(2) replaces it.
 */
async function publish(file: string, content: string, mode: number, options: { exclusive: boolean }): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, content, { mode, flag: 'wx' });
  await fs.chmod(tmp, mode); // the umask may have narrowed or widened nothing, but be explicit
  try {
    if (options.exclusive) {
      try {
        await fs.link(tmp, file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') return;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
        // No hard links here: fall back to create-if-absent, then rename.
        if ((await readIfExists(file)) !== undefined) return;
        await fs.rename(tmp, file);
      }
    } else {
      await fs.rename(tmp, file);
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
