/**
 * Which cert-manager issuer signs a certificate: one typed value that every
 * family turns into the annotations its cert-manager integration reads
 * (ingress-shim and gateway-shim for Ingress and Gateway, the
 * cert-manager/openshift-routes controller for Route).
 */

/** The cert-manager API group (`cert-manager.io`). */
const CERT_MANAGER_GROUP = 'cert-manager.io';

/** cert-manager issuer kinds. */
export enum CertManagerIssuerKind {
  /** A namespaced `Issuer` in the same namespace as the object. */
  ISSUER = 'Issuer',
  /** A cluster-scoped `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Options for an issuer of an external (non-`cert-manager.io`) group. */
export interface ExternalIssuerOptions {
  /** Issuer name. */
  readonly name: string;
  /** Issuer kind, e.g. `AWSPCAClusterIssuer`. */
  readonly kind: string;
  /** API group of the issuer, e.g. `awspca.cert-manager.io`. */
  readonly group: string;
}

const NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const KIND_RE = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * A reference to a cert-manager issuer.
 *
 * ```ts
 * CertManagerIssuer.clusterIssuer('letsencrypt-prod')
 * CertManagerIssuer.issuer('team-ca')
 * ```
 */
export class CertManagerIssuer {
  /** A `ClusterIssuer` (cluster-scoped). */
  public static clusterIssuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer(checkName(name), CertManagerIssuerKind.CLUSTER_ISSUER, CERT_MANAGER_GROUP);
  }

  /** An `Issuer` in the same namespace as the object that uses it. */
  public static issuer(name: string): CertManagerIssuer {
    return new CertManagerIssuer(checkName(name), CertManagerIssuerKind.ISSUER, CERT_MANAGER_GROUP);
  }

  /** An issuer of another API group (an external issuer). */
  public static external(options: ExternalIssuerOptions): CertManagerIssuer {
    if (!KIND_RE.test(options.kind ?? '')) throw new Error(`cert-manager issuer kind ${JSON.stringify(options.kind)} is not a Kubernetes kind (letters and digits, starting with a letter)`);
    if (!NAME_RE.test(options.group ?? '') || !(options.group ?? '').includes('.')) {
      throw new Error(`cert-manager issuer group ${JSON.stringify(options.group)} must be a DNS subdomain such as awspca.cert-manager.io`);
    }
    return new CertManagerIssuer(checkName(options.name), options.kind, options.group);
  }

  private constructor(
    /** Issuer name. */
    public readonly name: string,
    /** Issuer kind. */
    public readonly kind: string,
    /** Issuer API group. */
    public readonly group: string,
  ) {}

  /** The `issuerRef` of a cert-manager `Certificate`. */
  public toIssuerRef(): { [key: string]: string } {
    return { name: this.name, kind: this.kind, group: this.group };
  }

  /**
   * Annotations for ingress-shim / gateway-shim (on an Ingress or a Gateway):
   * `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer` (+ kind and group for external issuers).
   */
  public toShimAnnotations(): { [key: string]: string } {
    if (this.group === CERT_MANAGER_GROUP && this.kind === CertManagerIssuerKind.CLUSTER_ISSUER) return { 'cert-manager.io/cluster-issuer': this.name };
    if (this.group === CERT_MANAGER_GROUP) return { 'cert-manager.io/issuer': this.name };
    return { 'cert-manager.io/issuer': this.name, 'cert-manager.io/issuer-kind': this.kind, 'cert-manager.io/issuer-group': this.group };
  }

  /**
   * Annotations for the cert-manager openshift-routes controller (on a Route): `cert-manager.io/issuer-name`,
   * `cert-manager.io/issuer-kind` and `cert-manager.io/issuer-group` (it does not read `cluster-issuer`).
   */
  public toRouteAnnotations(): { [key: string]: string } {
    return { 'cert-manager.io/issuer-name': this.name, 'cert-manager.io/issuer-kind': this.kind, 'cert-manager.io/issuer-group': this.group };
  }
}

function checkName(name: string): string {
  if (typeof name !== 'string' || name.length > 253 || !NAME_RE.test(name)) {
    throw new Error(`cert-manager issuer name ${JSON.stringify(name)} must be a lower-case DNS subdomain (a-z, 0-9, '-', '.'; at most 253 characters)`);
  }
  return name;
}
