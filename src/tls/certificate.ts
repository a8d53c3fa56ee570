import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { CertManagerIssuer } from './issuer';
import { isDns1123Subdomain, isIP, isWildcardDns1123Subdomain } from '../validation/hostname';
import { validateManifests } from '../validation/validate';

/** Private key algorithms cert-manager can generate. */
export enum PrivateKeyAlgorithm {
  /** RSA (2048–8192 bits). */
  RSA = 'RSA',
  /** ECDSA (P-256, P-384, P-521). */
  ECDSA = 'ECDSA',
  /** Ed25519. */
  ED25519 = 'Ed25519',
}

/** When cert-manager generates a new private key. */
export enum PrivateKeyRotationPolicy {
  /** A new key on every issuance (cert-manager's default since v1.18). */
  ALWAYS = 'Always',
  /** Keep the key stored in the Secret. */
  NEVER = 'Never',
}

/** The private key of a cert-manager certificate. */
export interface CertManagerPrivateKey {
  /**
   * Key algorithm.
   * @default PrivateKeyAlgorithm.RSA
   */
  readonly algorithm?: PrivateKeyAlgorithm;
  /**
   * Key size: RSA 2048–8192 bits; ECDSA 256, 384 or 521.
   * @default - cert-manager's default (2048 for RSA, 256 for ECDSA)
   */
  readonly size?: number;
  /**
   * When to generate a new key.
   * @default PrivateKeyRotationPolicy.ALWAYS
   */
  readonly rotationPolicy?: PrivateKeyRotationPolicy;
}

/** Properties of a {@link CertManagerCertificate}. */
export interface CertManagerCertificateProps {
  /**
   * Metadata of the Certificate object.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** The `kubernetes.io/tls` Secret cert-manager writes the certificate and key to. */
  readonly secretName: string;
  /** Who signs the certificate. */
  readonly issuer: CertManagerIssuer;
  /**
   * DNS names (SANs); `*.example.com` wildcards allowed.
   * @default - none (then `commonName` or `ipAddresses` is required)
   */
  readonly dnsNames?: string[];
  /**
   * IP address SANs.
   * @default - none
   */
  readonly ipAddresses?: string[];
  /**
   * Subject common name (at most 64 characters; clients use the SANs).
   * @default - none
   */
  readonly commonName?: string;
  /**
   * Requested lifetime (at least 1 hour; the issuer may shorten it).
   * @default - cert-manager's default, 90 days
   */
  readonly duration?: Duration;
  /**
   * How long before expiry to renew (at least 5 minutes, less than `duration`).
   * @default - cert-manager's default, a third of the lifetime
   */
  readonly renewBefore?: Duration;
  /**
   * Private key settings.
   * @default - cert-manager's defaults (RSA 2048, rotated on every issuance)
   */
  readonly privateKey?: CertManagerPrivateKey;
}

/** A Go duration for cert-manager (`2160h`, `90m`, `1h30m`, `45s`). */
function goDuration(d: Duration, what: string): string {
  const s = d.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s <= 0) throw new Error(`${what}: must be a positive whole number of seconds, got ${s}s`);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${sec > 0 ? `${sec}s` : ''}`;
}

/**
 * A cert-manager `Certificate` (cert-manager.io/v1): cert-manager keeps a
 * `kubernetes.io/tls` Secret with a certificate for the given names, signed by
 * the issuer, and renews it. Checked at synthesis with the same rules as
 * `cdk8s-routing validate` (cert-manager's webhook rules).
 */
export class CertManagerCertificate extends Construct {
  /** The Secret cert-manager writes (use it as a Gateway listener or Ingress TLS certificate). */
  public readonly secretName: string;
  /** The name of the Certificate object. */
  public readonly name: string;
  private readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: CertManagerCertificateProps) {
    super(scope, id);
    const where = `CertManagerCertificate ${this.node.path}`;
    if (!props || typeof props.secretName !== 'string' || !isDns1123Subdomain(props.secretName)) {
      throw new Error(`${where}: secretName ${JSON.stringify(props?.secretName)} must be a valid Secret name (lower-case DNS subdomain)`);
    }
    if (!(props.issuer instanceof CertManagerIssuer)) throw new Error(`${where}: issuer must be a CertManagerIssuer`);
    for (const n of props.dnsNames ?? []) {
      if (!isDns1123Subdomain(n) && !isWildcardDns1123Subdomain(n)) throw new Error(`${where}: dnsNames entry ${JSON.stringify(n)} is not a DNS name (a wildcard may only be a leading "*.")`);
    }
    for (const ip of props.ipAddresses ?? []) {
      if (!isIP(ip)) throw new Error(`${where}: ipAddresses entry ${JSON.stringify(ip)} is not an IP address`);
    }
    if ((props.dnsNames ?? []).length === 0 && (props.ipAddresses ?? []).length === 0 && !props.commonName) {
      throw new Error(`${where}: give at least one of dnsNames, ipAddresses or commonName`);
    }
    if (props.commonName !== undefined && props.commonName.length > 64) throw new Error(`${where}: commonName is ${props.commonName.length} characters; at most 64`);
    if (props.privateKey?.algorithm !== undefined && !(Object.values(PrivateKeyAlgorithm) as string[]).includes(props.privateKey.algorithm)) {
      throw new Error(`${where}: unsupported privateKey.algorithm ${JSON.stringify(props.privateKey.algorithm)}: supported values: ${Object.values(PrivateKeyAlgorithm).join(', ')}`);
    }
    const duration = props.duration ? goDuration(props.duration, `${where}: duration`) : undefined;
    const renewBefore = props.renewBefore ? goDuration(props.renewBefore, `${where}: renewBefore`) : undefined;
    this.secretName = props.secretName;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: props.metadata,
      spec: Lazy.any({
        produce: () => {
          const spec: any = { secretName: props.secretName, issuerRef: props.issuer.toIssuerRef() };
          if (props.commonName) spec.commonName = props.commonName;
          if (props.dnsNames?.length) spec.dnsNames = [...props.dnsNames];
          if (props.ipAddresses?.length) spec.ipAddresses = [...props.ipAddresses];
          if (duration) spec.duration = duration;
          if (renewBefore) spec.renewBefore = renewBefore;
          if (props.privateKey) {
            const pk: any = {};
            if (props.privateKey.algorithm) pk.algorithm = props.privateKey.algorithm;
            if (props.privateKey.size !== undefined) pk.size = props.privateKey.size;
            if (props.privateKey.rotationPolicy) pk.rotationPolicy = props.privateKey.rotationPolicy;
            spec.privateKey = pk;
          }
          return spec;
        },
      }),
    });
    this.name = this.apiObject.name;
    this.node.addValidation({
      validate: () => validateManifests([this.apiObject.toJson()]).errors.map((f) => `${f.field}: ${f.message} [${f.rule}]`),
    });
  }
}
