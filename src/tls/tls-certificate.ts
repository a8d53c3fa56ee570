import * as fs from 'fs';
import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  checkKeyMatchesCertificate, checkRouteCertificates, describeCertificate, parseCertificates, parsePrivateKey, verifyChain,
} from '../validation/certificates';
import { splitPem } from '../validation/pem';

/** PEM text of a certificate, its key and (optionally) the CA chain. */
export interface TlsCertificatePemOptions {
  /** The serving certificate, optionally followed by intermediates (PEM). */
  readonly certificate: string;
  /** Its unencrypted private key (PEM: `PRIVATE KEY`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`). */
  readonly key: string;
  /**
   * The issuing CA (and intermediates), PEM; when given, the certificate must verify against it.
   * @default - no chain check
   */
  readonly caCertificate?: string;
}

/** PEM files of a certificate, its key and (optionally) the CA chain; read at construction. */
export interface TlsCertificateFilesOptions {
  /** File with the serving certificate (and intermediates). */
  readonly certificateFile: string;
  /** File with its private key. */
  readonly keyFile: string;
  /**
   * File with the CA chain.
   * @default - no chain check
   */
  readonly caCertificateFile?: string;
}

/** Options for {@link TlsCertificate.toSecret}. */
export interface TlsCertificateSecretOptions {
  /**
   * Metadata of the Secret.
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

function read(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`TlsCertificate.fromFiles: ${what}: cannot read file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * A TLS certificate with its private key, checked with real X.509 parsing when
 * it is created, and usable by every family: as inline PEM for a Route, or as
 * a `kubernetes.io/tls` Secret for an Ingress or a Gateway listener
 * ({@link TlsCertificate.toSecret}). `problemsFor(hosts)` tells whether it
 * covers the hosts it will serve and whether it is (nearly) expired.
 * Private keys never appear in error messages.
 */
export class TlsCertificate {
  /** From PEM strings. Throws when the certificate or key cannot be parsed, the key does not match, or the chain does not verify. */
  public static fromPem(options: TlsCertificatePemOptions): TlsCertificate {
    return new TlsCertificate(options.certificate, options.key, options.caCertificate, 'TlsCertificate.fromPem');
  }

  /** From PEM files (read now). Same checks as {@link TlsCertificate.fromPem}; errors name the file. */
  public static fromFiles(options: TlsCertificateFilesOptions): TlsCertificate {
    const certificate = read(options.certificateFile, 'certificateFile');
    const key = read(options.keyFile, 'keyFile');
    const ca = options.caCertificateFile !== undefined ? read(options.caCertificateFile, 'caCertificateFile') : undefined;
    return new TlsCertificate(certificate, key, ca, `TlsCertificate.fromFiles(${options.certificateFile})`);
  }

  /** The certificate chain (PEM). */
  public readonly certificatePem: string;
  /** The private key (PEM). */
  public readonly keyPem: string;
  /**
   * The CA chain (PEM).
   * @default - none given
   */
  public readonly caCertificatePem?: string;
  /** A short description of the serving certificate: subject, issuer and validity. */
  public readonly description: string;

  private constructor(certificate: string, key: string, ca: string | undefined, where: string) {
    if (typeof certificate !== 'string' || typeof key !== 'string') throw new Error(`${where}: certificate and key must be PEM strings`);
    const parsed = parseCertificates(certificate);
    if (parsed.errors.length > 0 || parsed.certificates.length === 0) {
      throw new Error(`${where}: certificate must hold at least one PEM certificate${parsed.errors.length > 0 ? `: ${parsed.errors.join('; ')}` : ''}`);
    }
    const leaf = parsed.certificates[0];
    this.description = describeCertificate(leaf);
    if (splitPem(key).blocks.some((b) => b.type === 'ENCRYPTED PRIVATE KEY')) throw new Error(`${where}: the private key is encrypted; routers and ingress controllers need an unencrypted key`);
    const pk = parsePrivateKey(key);
    if (!pk.found) throw new Error(`${where}: key holds no PEM private key${pk.error ? ` (${pk.error})` : ''}`);
    if (!pk.key) throw new Error(`${where}: the private key cannot be read: ${pk.error}`);
    if (!checkKeyMatchesCertificate(leaf, pk.key)) throw new Error(`${where}: the private key does not match ${this.description}`);
    if (ca !== undefined) {
      const cas = parseCertificates(ca);
      if (cas.errors.length > 0 || cas.certificates.length === 0) throw new Error(`${where}: caCertificate must hold one or more PEM certificates`);
      const chain = verifyChain(leaf, [...cas.certificates, ...parsed.certificates.slice(1)]);
      if (!chain.valid) throw new Error(`${where}: ${this.description} does not verify against caCertificate: ${chain.reason}`);
    }
    this.certificatePem = certificate;
    this.keyPem = key;
    this.caCertificatePem = ca;
  }

  /**
   * What clients would object to when this certificate serves `hosts`: hosts
   * not covered by its names (wildcards as TLS defines them: one label),
   * expiry (with days left) and weak signatures. Empty when all is well.
   */
  public problemsFor(hosts: string[]): string[] {
    return checkRouteCertificates({ certificate: this.certificatePem, key: this.keyPem, caCertificate: this.caCertificatePem, hosts })
      .filter((p) => p.severity === 'warning' || ['expired', 'not-yet-valid', 'expires-soon'].includes(p.code))
      .map((p) => `${p.message} [tls.${p.code}]`.replace(' (the router does not check this)', ''));
  }

  /**
   * A `kubernetes.io/tls` Secret holding the chain (`tls.crt`, with the CA chain appended) and key (`tls.key`),
   * for an Ingress `tls` entry or a Gateway listener `certificateRefs`.
   */
  public toSecret(scope: Construct, id: string, options: TlsCertificateSecretOptions = {}): kplus.TlsSecret {
    const chain = this.caCertificatePem ? `${this.certificatePem.replace(/\n*$/, '\n')}${this.caCertificatePem}` : this.certificatePem;
    return new kplus.TlsSecret(scope, id, { metadata: options.metadata, tlsCert: chain, tlsKey: this.keyPem });
  }
}
