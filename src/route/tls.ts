import * as kplus from 'cdk8s-plus-28';
import { InsecureEdgeTerminationPolicy, TlsTermination } from './enums';
import { KubeRouteTls } from './kube';
import { checkCertificatePem, checkPrivateKeyPem, readTextFile } from './pem-input';
import { TlsCertificate } from '../tls/tls-certificate';

interface CertificateData {
  readonly certificate?: string;
  readonly key?: string;
  readonly caCertificate?: string;
  readonly secretName?: string;
  readonly secretNamespace?: string;
}

/** A serving certificate given as PEM text. */
export interface RoutePemCertificateOptions {
  /** The serving certificate, leaf first, optionally followed by intermediates (PEM). */
  readonly certificate: string;
  /** The private key of the leaf certificate (PEM: PKCS#1, SEC1 or PKCS#8, unencrypted). */
  readonly key: string;
  /**
   * The CA chain that signs the certificate (PEM); the router verifies the leaf against it.
   * @default - no CA certificate
   */
  readonly caCertificate?: string;
}

/** A serving certificate read from PEM files. */
export interface RouteCertificateFilesOptions {
  /** Path of the serving certificate file (PEM, leaf first). */
  readonly certificateFile: string;
  /** Path of the private key file (PEM, unencrypted). */
  readonly keyFile: string;
  /**
   * Path of the CA chain file (PEM).
   * @default - no CA certificate
   */
  readonly caCertificateFile?: string;
}

/**
 * The certificate a route serves for edge or reencrypt TLS: inline PEM
 * (`spec.tls.certificate`, `key`, `caCertificate`) or a `kubernetes.io/tls`
 * Secret in the route's namespace (`spec.tls.externalCertificate`).
 */
export class RouteCertificate {
  /** PEM text, written inline into the Route. */
  public static fromPem(options: RoutePemCertificateOptions): RouteCertificate {
    checkCertificatePem(options.certificate, 'RouteCertificate.fromPem: certificate');
    checkPrivateKeyPem(options.key, 'RouteCertificate.fromPem: key');
    if (options.caCertificate !== undefined) checkCertificatePem(options.caCertificate, 'RouteCertificate.fromPem: caCertificate');
    return new RouteCertificate({ certificate: options.certificate, key: options.key, caCertificate: options.caCertificate });
  }

  /** A checked {@link TlsCertificate} (the same object can serve an Ingress or a Gateway as a Secret), written inline. */
  public static fromTlsCertificate(certificate: TlsCertificate): RouteCertificate {
    if (!(certificate instanceof TlsCertificate)) throw new Error('RouteCertificate.fromTlsCertificate: expected a TlsCertificate');
    return new RouteCertificate({ certificate: certificate.certificatePem, key: certificate.keyPem, caCertificate: certificate.caCertificatePem });
  }

  /** PEM files, read now (at construction) and written inline into the Route. */
  public static fromFiles(options: RouteCertificateFilesOptions): RouteCertificate {
    const read = (file: string, what: string) => readTextFile(file, `RouteCertificate.fromFiles: ${what}`);
    const certificate = read(options.certificateFile, 'certificateFile');
    checkCertificatePem(certificate, `RouteCertificate.fromFiles: certificateFile ${options.certificateFile}`);
    const key = read(options.keyFile, 'keyFile');
    checkPrivateKeyPem(key, `RouteCertificate.fromFiles: keyFile ${options.keyFile}`);
    let caCertificate: string | undefined;
    if (options.caCertificateFile !== undefined) {
      caCertificate = read(options.caCertificateFile, 'caCertificateFile');
      checkCertificatePem(caCertificate, `RouteCertificate.fromFiles: caCertificateFile ${options.caCertificateFile}`);
    }
    return new RouteCertificate({ certificate, key, caCertificate });
  }

  /**
   * A `kubernetes.io/tls` Secret (e.g. a cdk8s-plus `TlsSecret`) in the route's
   * namespace. The router's service account must be allowed to get, list and
   * watch it.
   */
  public static fromSecret(secret: kplus.ISecret): RouteCertificate {
    if (!secret || typeof secret.name !== 'string') throw new Error('RouteCertificate.fromSecret: expected a cdk8s-plus Secret');
    const namespace = (secret as any).metadata?.namespace;
    return new RouteCertificate({ secretName: secret.name, secretNamespace: typeof namespace === 'string' ? namespace : undefined });
  }

  /** A `kubernetes.io/tls` Secret by name, in the route's namespace. */
  public static fromSecretName(name: string): RouteCertificate {
    if (typeof name !== 'string' || name.length === 0 || name.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
      throw new Error(`RouteCertificate.fromSecretName: invalid Secret name ${JSON.stringify(name)}: must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)`);
    }
    return new RouteCertificate({ secretName: name });
  }

  private readonly data: CertificateData;

  private constructor(data: CertificateData) {
    this.data = data;
  }

  /**
   * The name of the Secret, when the certificate comes from one.
   * @default - the certificate is inline PEM
   */
  public get secretName(): string | undefined {
    return this.data.secretName;
  }

  /**
   * The namespace of the Secret when known (cdk8s-plus Secret in a namespaced chart).
   * @internal
   */
  public get _secretNamespace(): string | undefined {
    return this.data.secretNamespace;
  }

  /** @internal */
  public _toKube(): Pick<KubeRouteTls, 'certificate' | 'key' | 'caCertificate' | 'externalCertificate'> {
    const d = this.data;
    if (d.secretName !== undefined) return { externalCertificate: { name: d.secretName } };
    return {
      certificate: d.certificate,
      key: d.key,
      ...(d.caCertificate !== undefined ? { caCertificate: d.caCertificate } : {}),
    };
  }
}

/** Options of edge TLS. */
export interface EdgeTlsOptions {
  /**
   * The certificate to serve.
   * @default - the router's default (wildcard) certificate
   */
  readonly certificate?: RouteCertificate;
  /**
   * What to do with plain HTTP requests.
   * @default - not written, which means InsecureEdgeTerminationPolicy.NONE
   */
  readonly insecureEdgeTerminationPolicy?: InsecureEdgeTerminationPolicy;
}

/** Options of passthrough TLS. */
export interface PassthroughTlsOptions {
  /**
   * What to do with plain HTTP requests: `NONE` or `REDIRECT` (`ALLOW` is not possible).
   * @default - not written, which means InsecureEdgeTerminationPolicy.NONE
   */
  readonly insecureEdgeTerminationPolicy?: InsecureEdgeTerminationPolicy;
}

/** Options of reencrypt TLS. */
export interface ReencryptTlsOptions {
  /**
   * The certificate to serve to clients.
   * @default - the router's default (wildcard) certificate
   */
  readonly certificate?: RouteCertificate;
  /**
   * The CA (PEM) the router uses to verify the pods' certificates.
   * @default - the service-serving CA; the router then also checks the name `<service>.<namespace>.svc`
   */
  readonly destinationCaCertificate?: string;
  /**
   * What to do with plain HTTP requests.
   * @default - not written, which means InsecureEdgeTerminationPolicy.NONE
   */
  readonly insecureEdgeTerminationPolicy?: InsecureEdgeTerminationPolicy;
}

/**
 * How a route uses TLS (`spec.tls`): one of edge, passthrough or reencrypt,
 * each with exactly the fields that mode allows.
 */
export class RouteTls {
  /** The router terminates TLS and sends plain HTTP to the pods. */
  public static edge(options: EdgeTlsOptions = {}): RouteTls {
    return new RouteTls(TlsTermination.EDGE, options.insecureEdgeTerminationPolicy, options.certificate, undefined);
  }

  /** The router passes the TLS connection to the pods unchanged (routed by SNI; no paths, headers or cookies). */
  public static passthrough(options: PassthroughTlsOptions = {}): RouteTls {
    if (options.insecureEdgeTerminationPolicy === InsecureEdgeTerminationPolicy.ALLOW) {
      throw new Error('RouteTls.passthrough: insecureEdgeTerminationPolicy "Allow" is not possible with passthrough termination (the router cannot serve the backend over plain HTTP): use NONE or REDIRECT');
    }
    return new RouteTls(TlsTermination.PASSTHROUGH, options.insecureEdgeTerminationPolicy, undefined, undefined);
  }

  /** The router terminates TLS and opens a new TLS connection to the pods. */
  public static reencrypt(options: ReencryptTlsOptions = {}): RouteTls {
    if (options.destinationCaCertificate !== undefined) {
      checkCertificatePem(options.destinationCaCertificate, 'RouteTls.reencrypt: destinationCaCertificate');
    }
    return new RouteTls(TlsTermination.REENCRYPT, options.insecureEdgeTerminationPolicy, options.certificate, options.destinationCaCertificate);
  }

  /** Where TLS ends. */
  public readonly termination: TlsTermination;
  private readonly insecurePolicy: InsecureEdgeTerminationPolicy | undefined;
  private readonly cert: RouteCertificate | undefined;
  private readonly destinationCa: string | undefined;

  private constructor(
    termination: TlsTermination,
    insecurePolicy: InsecureEdgeTerminationPolicy | undefined,
    cert: RouteCertificate | undefined,
    destinationCa: string | undefined,
  ) {
    this.termination = termination;
    this.insecurePolicy = insecurePolicy;
    this.cert = cert;
    this.destinationCa = destinationCa;
    const values = Object.values(InsecureEdgeTerminationPolicy) as string[];
    if (insecurePolicy !== undefined && !values.includes(insecurePolicy)) {
      throw new Error(`RouteTls.${termination}: unsupported insecureEdgeTerminationPolicy ${JSON.stringify(insecurePolicy)}: supported values: ${values.join(', ')}`);
    }
  }

  /**
   * The policy for plain HTTP requests.
   * @default - not set (None)
   */
  public get insecureEdgeTerminationPolicy(): InsecureEdgeTerminationPolicy | undefined {
    return this.insecurePolicy;
  }

  /**
   * The served certificate.
   * @default - the router's default certificate
   */
  public get certificate(): RouteCertificate | undefined {
    return this.cert;
  }

  /** @internal */
  public _toKube(): KubeRouteTls {
    return {
      termination: this.termination,
      ...(this.cert ? this.cert._toKube() : {}),
      ...(this.destinationCa !== undefined ? { destinationCACertificate: this.destinationCa } : {}),
      ...(this.insecurePolicy !== undefined ? { insecureEdgeTerminationPolicy: this.insecurePolicy } : {}),
    };
  }
}
