/**
 * Certificate checks for route TLS material, done the way the OpenShift
 * router's extended validation does them (reference §5), plus a few
 * informational checks the router does not make (host coverage, expiry).
 *
 * Everything here is synchronous: it runs inside cdk8s `node.addValidation`.
 * Parsing and signature checks use Node's `crypto.X509Certificate`; subject
 * alternative names and names come from `@peculiar/x509` (its parse is sync).
 *
 * Messages name subjects, host names, dates and fingerprints — never key
 * material or PEM text.
 */
import 'reflect-metadata';
import * as crypto from 'crypto';
import * as x509 from '@peculiar/x509';
import * as ipaddr from 'ipaddr.js';
import { CERTIFICATE_BLOCK, isPrivateKeyType, PemBlock, splitPem } from './pem';

/** One problem with route TLS material. */
export interface CertificateProblem {
  /** The `spec.tls` field the problem is about. */
  field: 'certificate' | 'key' | 'caCertificate' | 'destinationCACertificate';
  /** Stable code, used in rule ids `route.tls.<code>`. */
  code: string;
  /** What is wrong, in words a user can act on. */
  message: string;
  /** `warning` when a router would refuse the route or clients would fail; `info` for facts worth knowing. */
  severity: 'warning' | 'info';
}

/** Problem codes. */
export const CertificateProblemCode = {
  CERTIFICATE_PARSE: 'certificate-parse',
  CA_PARSE: 'ca-parse',
  DESTINATION_CA_PARSE: 'destination-ca-parse',
  PEM_UNKNOWN_BLOCK: 'pem-unknown-block',
  KEY_PARSE: 'key-parse',
  KEY_MISSING: 'key-missing',
  KEY_MISMATCH: 'key-mismatch',
  CHAIN: 'chain',
  WEAK_SIGNATURE: 'weak-signature',
  HOST_MISMATCH: 'host-mismatch',
  EXPIRED: 'expired',
  NOT_YET_VALID: 'not-yet-valid',
  EXPIRES_SOON: 'expires-soon',
} as const;

/** A certificate expiring in fewer days than this gets an `expires-soon` note. */
export const EXPIRES_SOON_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// Parsing

/** The result of {@link parseCertificates}. */
export interface ParsedCertificates {
  /** Certificates in the order they appear. */
  readonly certificates: crypto.X509Certificate[];
  /** Private-key blocks found next to the certificates (only when `allowPrivateKeys` is set). */
  readonly keyBlocks: PemBlock[];
  /** Types of PEM blocks that are neither certificates nor (when allowed) private keys. */
  readonly unknownTypes: string[];
  /** Why blocks could not be read: broken armour or a CERTIFICATE block that is not X.509. */
  readonly errors: string[];
}

/**
 * Reads every certificate in PEM text. `EC PARAMETERS` blocks and text
 * outside armour are dropped; a CERTIFICATE block that is not a valid
 * X.509 certificate is reported in `errors` (the router rejects those).
 */
export function parseCertificates(pem: string, options: { allowPrivateKeys?: boolean } = {}): ParsedCertificates {
  const split = splitPem(pem);
  const certificates: crypto.X509Certificate[] = [];
  const keyBlocks: PemBlock[] = [];
  const unknownTypes: string[] = [];
  const errors: string[] = [...split.malformed];
  let certIndex = 0;
  for (const block of split.blocks) {
    if (block.type === CERTIFICATE_BLOCK) {
      certIndex++;
      try {
        certificates.push(certificateFromDer(block.der));
      } catch {
        errors.push(`CERTIFICATE block #${certIndex} is not a valid X.509 certificate`);
      }
    } else if (options.allowPrivateKeys && isPrivateKeyType(block.type)) {
      keyBlocks.push(block);
    } else {
      unknownTypes.push(block.type);
    }
  }
  return { certificates, keyBlocks, unknownTypes, errors };
}

/** The result of {@link parsePrivateKey}. */
export interface ParsedPrivateKey {
  /** The first private key, when it could be loaded. */
  readonly key?: crypto.KeyObject;
  /** Why the first private key could not be loaded (no key material in the text). */
  readonly error?: string;
  /** Whether the text held a private-key block at all. */
  readonly found: boolean;
  /** Types of PEM blocks that are not private keys. */
  readonly unknownTypes: string[];
}

/**
 * Loads the first private key in PEM text (PKCS#1 `RSA PRIVATE KEY`, SEC 1
 * `EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY`, like Go's `tls.X509KeyPair`).
 * Encrypted keys are reported as not loadable: the router cannot use them.
 */
export function parsePrivateKey(pem: string): ParsedPrivateKey {
  const split = splitPem(pem);
  const unknownTypes = split.blocks.filter((b) => !isPrivateKeyType(b.type)).map((b) => b.type);
  const first = split.blocks.find((b) => isPrivateKeyType(b.type));
  if (!first) {
    const error = split.malformed.length > 0 ? split.malformed.join('; ') : undefined;
    return { found: false, unknownTypes, error };
  }
  return { found: true, unknownTypes, ...loadKeyBlock(first) };
}

/** Loads one private-key PEM block; the error never contains key bytes. */
export function loadKeyBlock(block: PemBlock): { key?: crypto.KeyObject; error?: string } {
  if (block.type === 'ENCRYPTED PRIVATE KEY' || block.headers['Proc-Type']?.includes('ENCRYPTED')) {
    return { error: `the ${block.type} block is encrypted; the router needs an unencrypted key` };
  }
  const type = block.type === 'RSA PRIVATE KEY' ? 'pkcs1' : block.type === 'EC PRIVATE KEY' ? 'sec1' : block.type === 'PRIVATE KEY' ? 'pkcs8' : undefined;
  if (!type) {
    return { error: `${block.type} is not a supported private key type (use RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY)` };
  }
  try {
    return { key: privateKeyFromDer(block.der, type) };
  } catch {
    return { error: `the ${block.type} block is not a valid private key` };
  }
}

// ---------------------------------------------------------------------------
// Lower-level checks

/** Whether `key` is the private key of `certificate`'s public key. */
export function checkKeyMatchesCertificate(certificate: crypto.X509Certificate, key: crypto.KeyObject): boolean {
  let byKey = keyMatches.get(certificate);
  if (!byKey) keyMatches.set(certificate, (byKey = new WeakMap()));
  let match = byKey.get(key);
  if (match === undefined) {
    try {
      match = certificate.checkPrivateKey(key);
    } catch {
      match = false;
    }
    byKey.set(key, match);
  }
  return match;
}

// The same certificate and key are often repeated across many objects (one
// wildcard certificate on a thousand Routes): parse each DER once. X509Certificate
// and KeyObject are immutable, so sharing them is safe. The caches are bounded.
const CACHE_LIMIT = 2000;
const certificateCache = new Map<string, crypto.X509Certificate>();
const keyCache = new Map<string, crypto.KeyObject>();
const keyMatches = new WeakMap<crypto.X509Certificate, WeakMap<crypto.KeyObject, boolean>>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = make(); // throws for bad input: nothing is cached then
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, v);
  }
  return v;
}

function certificateFromDer(der: Buffer): crypto.X509Certificate {
  return cached(certificateCache, der.toString('base64'), () => new crypto.X509Certificate(der));
}

function privateKeyFromDer(der: Buffer, type: 'pkcs1' | 'sec1' | 'pkcs8'): crypto.KeyObject {
  return cached(keyCache, `${type}:${der.toString('base64')}`, () => crypto.createPrivateKey({ key: der, format: 'der', type }));
}

/** The result of {@link verifyChain}. */
export interface ChainResult {
  /** Whether the leaf chains to one of the trusted certificates. */
  readonly valid: boolean;
  /** The trusted certificate that signed the leaf (or the leaf itself when it is trusted directly). */
  readonly issuer?: crypto.X509Certificate;
  /** Why the chain did not verify. */
  readonly reason?: string;
}

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const EKU_ANY = '2.5.29.37.0';

/**
 * Verifies `leaf` against a set of certificates that are all trusted, as Go's
 * `x509.Certificate.Verify` does when the same pool is given as roots and
 * intermediates (the router's setup for `caCertificate`): the leaf is valid
 * when it is in the set, or when a certificate in the set issued it (names
 * match and the signature verifies). Expiry is ignored on purpose: the router
 * accepts expired certificates. Extended key usage must allow server
 * authentication, as Go requires.
 */
export function verifyChain(leaf: crypto.X509Certificate, intermediatesAndRoots: crypto.X509Certificate[]): ChainResult {
  const usage = ekuProblem(leaf);
  if (usage) return { valid: false, reason: usage };
  if (intermediatesAndRoots.some((c) => c.raw.equals(leaf.raw))) return { valid: true, issuer: leaf };
  const named = intermediatesAndRoots.filter((c) => c.subject === leaf.issuer || safeCheckIssued(leaf, c));
  if (named.length === 0) {
    return { valid: false, reason: `no CA certificate has the subject "${formatName(leaf.issuer)}" that issued ${describeCertificate(leaf)}` };
  }
  for (const candidate of named) {
    if (!safeVerify(leaf, candidate.publicKey)) continue;
    const caUsage = ekuProblem(candidate);
    if (caUsage) return { valid: false, reason: caUsage };
    return { valid: true, issuer: candidate };
  }
  return { valid: false, reason: `the signature of ${describeCertificate(leaf)} does not verify with the key of ${describeCertificate(named[0])}` };
}

function ekuProblem(cert: crypto.X509Certificate): string | undefined {
  const eku = cert.keyUsage; // Node exposes the extended key usage OIDs here
  if (!eku || eku.length === 0) return undefined;
  if (eku.includes(EKU_SERVER_AUTH) || eku.includes(EKU_ANY)) return undefined;
  return `${describeCertificate(cert)} is not valid for server authentication (extended key usage ${eku.join(', ')})`;
}

/** Options for {@link hostCoveredBy}. */
export interface HostCoverageOptions {
  /**
   * Fall back to the subject common name when the certificate has no DNS
   * subject alternative names (OpenSSL, curl). Go and browsers never do.
   * @default true
   */
  readonly commonNameFallback?: boolean;
}

/**
 * Whether a certificate is valid for `host`, following RFC 6125 practice:
 *
 * - names compare case-insensitively, a trailing dot ignored;
 * - a wildcard is honoured only as the whole left-most label of a name with
 *   at least three labels: `*.example.com` covers `shop.example.com` but not
 *   `example.com` or `a.b.example.com`; partial wildcards (`f*.example.com`)
 *   are not honoured (browsers refuse them);
 * - a wildcard host (`*.apps.example.com`, a route with `wildcardPolicy:
 *   Subdomain`) is covered only by the same wildcard name;
 * - an IP address host is matched against IP address SANs only;
 * - the subject CN counts only when the certificate has no DNS SANs
 *   (see {@link HostCoverageOptions.commonNameFallback}).
 */
export function hostCoveredBy(host: string, cert: crypto.X509Certificate, options: HostCoverageOptions = {}): boolean {
  const names = certificateNames(cert);
  const ip = parseIp(host);
  if (ip) return names.ips.includes(ip);
  const wanted = normaliseDns(host);
  if (wanted === '') return false;
  const candidates = names.dnsNames.length > 0 || options.commonNameFallback === false ? names.dnsNames : names.commonNames;
  return candidates.some((pattern) => dnsMatches(normaliseDns(pattern), wanted));
}

function dnsMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (host.startsWith('*.')) return false; // a wildcard host needs the identical wildcard name
  if (!pattern.startsWith('*.')) return false;
  const patternLabels = pattern.split('.');
  const hostLabels = host.split('.');
  if (patternLabels.length < 3 || patternLabels.length !== hostLabels.length) return false;
  if (patternLabels.slice(1).some((l) => l.includes('*'))) return false;
  if (hostLabels[0] === '') return false;
  return patternLabels.slice(1).join('.') === hostLabels.slice(1).join('.');
}

/** Whole days from `now` until the certificate's notAfter (negative once expired). */
export function daysUntilExpiry(cert: crypto.X509Certificate, now: Date = new Date()): number {
  return Math.floor((validity(cert).notAfter.getTime() - now.getTime()) / DAY_MS);
}

/** Signature algorithm OIDs the router rejects on non-self-signed certificates. */
const WEAK_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'MD2 with RSA',
  '1.2.840.113549.1.1.4': 'MD5 with RSA',
  '1.2.840.113549.1.1.5': 'SHA-1 with RSA',
  '1.3.14.3.2.29': 'SHA-1 with RSA',
  '1.2.840.10040.4.3': 'DSA with SHA-1',
  '1.2.840.10045.4.1': 'ECDSA with SHA-1',
};

/** Whether the certificate is signed with SHA-1, MD5 or MD2 (whether or not it is self-signed). */
export function isWeakSignature(cert: crypto.X509Certificate): boolean {
  const oid = signatureAlgorithmOid(cert);
  return oid !== undefined && oid in WEAK_SIGNATURES;
}

/** Whether the certificate's subject equals its issuer and it verifies with its own key. */
export function isSelfSigned(cert: crypto.X509Certificate): boolean {
  if (cert.subject !== cert.issuer) return false;
  try {
    return cert.verify(cert.publicKey);
  } catch {
    // The signature algorithm is not available (e.g. MD2 in OpenSSL 3): trust the names.
    return true;
  }
}

/** The signature algorithm OID from the certificate's DER (`Certificate.signatureAlgorithm`). */
export function signatureAlgorithmOid(cert: crypto.X509Certificate): string | undefined {
  try {
    const der = cert.raw;
    const outer = readTlv(der, 0);
    const tbs = readTlv(der, outer.contentStart);
    const algId = readTlv(der, tbs.end);
    const oid = readTlv(der, algId.contentStart);
    if (der[algId.start] !== 0x30 || der[oid.start] !== 0x06) return undefined;
    return decodeOid(der.subarray(oid.contentStart, oid.end));
  } catch {
    return undefined;
  }
}

/** The names a certificate is valid for. */
export interface CertificateNames {
  /** DNS subject alternative names, as written. */
  readonly dnsNames: string[];
  /** IP address subject alternative names, normalised. */
  readonly ips: string[];
  /** Subject common names. */
  readonly commonNames: string[];
}

/** Reads the DNS and IP subject alternative names and the subject CNs. */
export function certificateNames(cert: crypto.X509Certificate): CertificateNames {
  const parsed = peculiar(cert);
  const dnsNames: string[] = [];
  const ips: string[] = [];
  let sanRead = false;
  try {
    const san = parsed?.getExtension(x509.SubjectAlternativeNameExtension);
    for (const name of san?.names.items ?? []) {
      if (name.type === 'dns') dnsNames.push(name.value);
      if (name.type === 'ip') {
        const ip = parseIp(name.value);
        if (ip) ips.push(ip);
      }
    }
    sanRead = true;
  } catch {
    sanRead = false;
  }
  if (!sanRead) {
    // Names @peculiar/x509 cannot represent (otherName, ...): fall back to Node's text form.
    for (const part of splitSubjectAltName(cert.subjectAltName ?? '')) {
      if (part.startsWith('DNS:')) dnsNames.push(part.slice(4));
      if (part.startsWith('IP Address:')) {
        const ip = parseIp(part.slice(11));
        if (ip) ips.push(ip);
      }
    }
  }
  let commonNames: string[] = [];
  try {
    commonNames = parsed?.subjectName.getField('CN') ?? [];
  } catch {
    commonNames = [];
  }
  return { dnsNames, ips, commonNames };
}

/** A short, key-free description of a certificate: its subject, or its SHA-256 fingerprint. */
export function describeCertificate(cert: crypto.X509Certificate): string {
  const subject = formatName(cert.subject);
  return subject ? `certificate "${subject}"` : `certificate with SHA-256 fingerprint ${cert.fingerprint256}`;
}

// ---------------------------------------------------------------------------
// The route check

/** Input of {@link checkRouteCertificates}: the PEM fields of `spec.tls` and the hosts the route serves. */
export interface RouteCertificateInput {
  certificate?: string;
  key?: string;
  caCertificate?: string;
  destinationCACertificate?: string;
  /** Hosts the route serves (`spec.host`, or the wildcard `*.<domain>` for `wildcardPolicy: Subdomain`). */
  hosts: string[];
  /** The time to judge expiry against. Default: now. */
  now?: Date;
}

/**
 * Checks the PEM material of a route's `spec.tls` as the router's extended
 * validation does (warnings), plus host coverage (warning: the router does
 * not check it, clients do) and validity dates (info: the router serves
 * expired certificates). Problems come in field order: certificate, key,
 * caCertificate, destinationCACertificate.
 */
export function checkRouteCertificates(input: RouteCertificateInput): CertificateProblem[] {
  const now = input.now ?? new Date();
  const out: Record<CertificateProblem['field'], CertificateProblem[]> = {
    certificate: [], key: [], caCertificate: [], destinationCACertificate: [],
  };
  const warn = (field: CertificateProblem['field'], code: string, message: string) =>
    out[field].push({ field, code, message, severity: 'warning' });

  // caCertificate: read first, the chain check needs it.
  let caCerts: crypto.X509Certificate[] | undefined;
  if (present(input.caCertificate)) {
    const ca = parseCertificates(input.caCertificate);
    reportUnknown(ca.unknownTypes, 'caCertificate', 'certificates', warn);
    if (ca.errors.length > 0 || ca.certificates.length === 0) {
      warn('caCertificate', 'ca-parse', `caCertificate must hold one or more PEM certificates: ${parseFailure(ca, input.caCertificate)}`);
    } else {
      caCerts = ca.certificates;
      checkSignatures(ca.certificates, 'caCertificate', warn);
      checkDates(ca.certificates, 'caCertificate', now, out.caCertificate);
    }
  }

  if (present(input.certificate)) {
    const parsed = parseCertificates(input.certificate, { allowPrivateKeys: true });
    reportUnknown(parsed.unknownTypes, 'certificate', 'certificates (and optionally the private key)', warn);
    if (parsed.errors.length > 0 || parsed.certificates.length === 0) {
      warn('certificate', 'certificate-parse', `certificate must hold at least one PEM certificate: ${parseFailure(parsed, input.certificate)}`);
    } else {
      const certs = parsed.certificates;
      const leaf = certs[0];
      if (caCerts) {
        const chain = verifyChain(leaf, caCerts);
        if (!chain.valid) {
          let message = `${describeCertificate(leaf)} does not verify against caCertificate: ${chain.reason}`;
          if (certs.length > 1 && verifyChain(leaf, [...caCerts, ...certs.slice(1)]).valid) {
            message += '; the router builds the chain from caCertificate only, so add the intermediate certificates from certificate to caCertificate';
          }
          warn('certificate', 'chain', message);
        }
      }
      checkSignatures(certs, 'certificate', warn);
      checkHosts(leaf, input.hosts, warn);
      checkDates(certs, 'certificate', now, out.certificate);
      checkKey(input, parsed, certs, warn);
    }
  }

  if (present(input.destinationCACertificate)) {
    const dest = parseCertificates(input.destinationCACertificate);
    reportUnknown(dest.unknownTypes, 'destinationCACertificate', 'certificates', warn);
    if (dest.errors.length > 0 || dest.certificates.length === 0) {
      warn('destinationCACertificate', 'destination-ca-parse',
        `destinationCACertificate must hold one or more PEM certificates: ${parseFailure(dest, input.destinationCACertificate)}`);
    } else {
      checkSignatures(dest.certificates, 'destinationCACertificate', warn);
      checkDates(dest.certificates, 'destinationCACertificate', now, out.destinationCACertificate);
    }
  }

  return [...out.certificate, ...out.key, ...out.caCertificate, ...out.destinationCACertificate];
}

type Warn = (field: CertificateProblem['field'], code: string, message: string) => void;

function checkKey(input: RouteCertificateInput, parsed: ParsedCertificates, certs: crypto.X509Certificate[], warn: Warn): void {
  // Go's tls.X509KeyPair reads certificate + "\n" + key and takes the first private-key block.
  let keyBlock: PemBlock | undefined = parsed.keyBlocks[0];
  let keyField: 'certificate' | 'key' = 'certificate';
  if (present(input.key)) {
    const keyText = parsePrivateKey(input.key);
    reportUnknown(keyText.unknownTypes, 'key', 'private keys', warn);
    if (!keyBlock) {
      keyField = 'key';
      if (!keyText.found) {
        warn('key', 'key-parse', `key holds no PEM private key${keyText.error ? ` (${keyText.error})` : ''}`);
        return;
      }
      keyBlock = splitPem(input.key).blocks.find((b) => isPrivateKeyType(b.type));
    }
  }
  if (!keyBlock) {
    warn('key', 'key-missing', 'no key specified: the certificate needs its private key, in key or bundled in certificate');
    return;
  }
  const loaded = loadKeyBlock(keyBlock);
  if (!loaded.key) {
    warn('key', 'key-parse', `${keyField === 'key' ? 'key' : 'the private key bundled in certificate'}: ${loaded.error}`);
    return;
  }
  if (checkKeyMatchesCertificate(certs[0], loaded.key)) return;
  const owner = certs.findIndex((c) => checkKeyMatchesCertificate(c, loaded.key!));
  let message = `the private key does not match the first certificate, ${describeCertificate(certs[0])}`;
  if (owner > 0) {
    message += `; it matches certificate #${owner + 1} in certificate, ${describeCertificate(certs[owner])}: put the serving certificate first, then its intermediates`;
  }
  warn('key', 'key-mismatch', message);
}

function checkSignatures(certs: crypto.X509Certificate[], field: CertificateProblem['field'], warn: Warn): void {
  for (const cert of certs) {
    if (!isWeakSignature(cert) || isSelfSigned(cert)) continue;
    const name = WEAK_SIGNATURES[signatureAlgorithmOid(cert)!];
    warn(field, 'weak-signature', `${describeCertificate(cert)} is signed with ${name}; the router rejects SHA-1, MD5 and MD2 signatures on certificates that are not self-signed`);
  }
}

function checkHosts(leaf: crypto.X509Certificate, hosts: string[], warn: Warn): void {
  const names = certificateNames(leaf);
  const listed = [...names.dnsNames, ...names.ips].join(', ');
  for (const host of hosts) {
    if (!host) continue;
    if (hostCoveredBy(host, leaf, { commonNameFallback: false })) continue;
    if (hostCoveredBy(host, leaf)) {
      warn('certificate', 'host-mismatch',
        `host "${host}" matches only the subject CN of ${describeCertificate(leaf)}, which has no DNS subject alternative names; browsers and Go clients ignore the CN and will reject it`);
      continue;
    }
    warn('certificate', 'host-mismatch',
      `host "${host}" is not covered by ${describeCertificate(leaf)} (names: ${listed || 'none'}); clients will reject the connection (the router does not check this)`);
  }
}

function checkDates(certs: crypto.X509Certificate[], field: CertificateProblem['field'], now: Date, out: CertificateProblem[]): void {
  const info = (code: string, message: string) => out.push({ field, code, message, severity: 'info' });
  for (const cert of certs) {
    const { notBefore, notAfter } = validity(cert);
    if (now.getTime() < notBefore.getTime()) {
      const days = Math.ceil((notBefore.getTime() - now.getTime()) / DAY_MS);
      info('not-yet-valid', `${describeCertificate(cert)} is not valid yet: it becomes valid in ${plural(days, 'day')}, at ${isoSeconds(notBefore)} (the router serves it anyway; clients reject it until then)`);
    } else if (now.getTime() > notAfter.getTime()) {
      const days = Math.floor((now.getTime() - notAfter.getTime()) / DAY_MS);
      info('expired', `${describeCertificate(cert)} expired ${days === 0 ? 'less than a day' : plural(days, 'day')} ago, at ${isoSeconds(notAfter)} (the router serves it anyway; clients reject it)`);
    } else {
      const days = daysUntilExpiry(cert, now);
      if (days < EXPIRES_SOON_DAYS) {
        info('expires-soon', `${describeCertificate(cert)} expires in ${days === 0 ? 'less than a day' : plural(days, 'day')}, at ${isoSeconds(notAfter)}`);
      }
    }
  }
}

function reportUnknown(types: string[], field: CertificateProblem['field'], allowed: string, warn: Warn): void {
  for (const type of types) {
    warn(field, 'pem-unknown-block', `${field} holds a PEM block of type "${type}"; it may hold only ${allowed}`);
  }
}

function parseFailure(parsed: ParsedCertificates, text: string): string {
  if (parsed.errors.length > 0) return parsed.errors.join('; ');
  if (parsed.unknownTypes.length > 0) return `found only ${parsed.unknownTypes.join(', ')} blocks`;
  if (parsed.keyBlocks.length > 0) return 'found only a private key';
  return splitPem(text).sawArmour ? 'no certificate found' : 'no PEM armour found (a line "BEGIN CERTIFICATE" between five dashes)';
}

// ---------------------------------------------------------------------------
// Helpers

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Turns Node's multi-line name (`C=US\nCN=x`) into `C=US, CN=x`. */
function formatName(name: string): string {
  return name.split('\n').filter((p) => p !== '').join(', ');
}

const peculiarCache = new WeakMap<crypto.X509Certificate, x509.X509Certificate | null>();

function peculiar(cert: crypto.X509Certificate): x509.X509Certificate | undefined {
  let parsed = peculiarCache.get(cert);
  if (parsed === undefined) {
    try {
      parsed = new x509.X509Certificate(new Uint8Array(cert.raw));
    } catch {
      parsed = null;
    }
    peculiarCache.set(cert, parsed);
  }
  return parsed ?? undefined;
}

function validity(cert: crypto.X509Certificate): { notBefore: Date; notAfter: Date } {
  const parsed = peculiar(cert);
  if (parsed) return { notBefore: parsed.notBefore, notAfter: parsed.notAfter };
  return { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
}

function safeVerify(cert: crypto.X509Certificate, key: crypto.KeyObject): boolean {
  try {
    return cert.verify(key);
  } catch {
    return false;
  }
}

function safeCheckIssued(cert: crypto.X509Certificate, issuer: crypto.X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer);
  } catch {
    return false;
  }
}

function parseIp(value: string): string | undefined {
  const v = value.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(v)) return undefined;
  // ipaddr.isValid accepts shorthand IPv4 ("1", "0x7f.1"); insist on the four-part form.
  if (!v.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(v)) return undefined;
  let addr = ipaddr.parse(v);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toNormalizedString() : addr.toString();
}

function normaliseDns(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Splits Node's `subjectAltName` text, which quotes entries containing commas. */
function splitSubjectAltName(text: string): string[] {
  const parts: string[] = [];
  const re = /\s*([^,"]*"(?:[^"\\]|\\.)*"|[^,]*)\s*(?:,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    let part = m[1];
    const quoted = /^([^"]*)"((?:[^"\\]|\\.)*)"$/.exec(part);
    if (quoted) part = quoted[1] + JSON.parse(`"${quoted[2]}"`);
    if (part) parts.push(part);
  }
  return parts;
}

interface Tlv { start: number; contentStart: number; end: number }

function readTlv(der: Buffer, start: number): Tlv {
  if (start + 2 > der.length) throw new Error('truncated');
  let len = der[start + 1];
  let contentStart = start + 2;
  if (len >= 0x80) {
    const n = len - 0x80;
    if (n === 0 || n > 4) throw new Error('unsupported length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + 2 + i];
    contentStart += n;
  }
  const end = contentStart + len;
  if (end > der.length) throw new Error('truncated');
  return { start, contentStart, end };
}

function decodeOid(bytes: Buffer): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b % 0x80);
    if (b < 0x80) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join('.');
}
