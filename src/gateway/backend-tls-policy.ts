import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkEnum, checkObjectName, checkPreciseHostname, checkQualifiedName, checkSectionName, checkValueLength, show } from './checks';
import { WellKnownCaCertificates } from './enums';
import { CaCertificateRef, namespaceOf } from './references';
import { validateManifests } from '../validation/validate';

/** Options of a BackendTLSPolicy target. */
export interface BackendTlsPolicyTargetOptions {
  /**
   * The name of one Service port the policy applies to.
   * @default - every port of the Service
   */
  readonly sectionName?: string;
}

/** A Service a BackendTLSPolicy applies to (`targetRefs[]`). */
export class BackendTlsPolicyTarget {
  /** A cdk8s-plus Service of this app (same namespace as the policy). */
  public static fromService(service: kplus.Service, options: BackendTlsPolicyTargetOptions = {}): BackendTlsPolicyTarget {
    if (!service || typeof service.name !== 'string') throw new Error('BackendTlsPolicyTarget.fromService: expected a cdk8s-plus Service');
    return new BackendTlsPolicyTarget(service.name, namespaceOf(service), options);
  }

  /** A Service by name, in the policy's namespace. */
  public static fromServiceName(name: string, options: BackendTlsPolicyTargetOptions = {}): BackendTlsPolicyTarget {
    checkObjectName(name, 'BackendTlsPolicyTarget.fromServiceName');
    return new BackendTlsPolicyTarget(name, undefined, options);
  }

  /** The Service name. */
  public readonly serviceName: string;
  /**
   * The port name.
   * @default - every port
   */
  public readonly sectionName?: string;
  /** @internal */
  public readonly _namespace?: string;

  private constructor(name: string, namespace: string | undefined, options: BackendTlsPolicyTargetOptions) {
    if (options.sectionName !== undefined) checkSectionName(options.sectionName, `BackendTlsPolicyTarget ${show(name)}: sectionName`);
    this.serviceName = name;
    this.sectionName = options.sectionName;
    this._namespace = namespace;
  }

  /** @internal */
  public _toKube(): any {
    const out: any = { group: '', kind: 'Service', name: this.serviceName };
    if (this.sectionName !== undefined) out.sectionName = this.sectionName;
    return out;
  }
}

/** A name the backend's certificate must carry (`validation.subjectAltNames[]`). */
export class SubjectAltName {
  /** A DNS name. */
  public static hostname(hostname: string): SubjectAltName {
    return new SubjectAltName('Hostname', checkPreciseHostname(hostname, 'SubjectAltName.hostname'));
  }

  /** A URI (e.g. a SPIFFE id `spiffe://cluster.local/ns/prod/sa/api`). */
  public static uri(uri: string): SubjectAltName {
    if (typeof uri !== 'string' || uri.length > 253 || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(uri)) {
      throw new Error(`SubjectAltName.uri: invalid URI ${show(uri)}: scheme:rest, at most 253 characters, no spaces`);
    }
    return new SubjectAltName('URI', uri);
  }

  /** `Hostname` or `URI`. */
  public readonly type: string;
  /** The name. */
  public readonly value: string;

  private constructor(type: string, value: string) {
    this.type = type;
    this.value = value;
  }

  /** @internal */
  public _toKube(): any {
    return this.type === 'Hostname' ? { type: this.type, hostname: this.value } : { type: this.type, uri: this.value };
  }
}

/** Properties of a `BackendTlsPolicy`. */
export interface BackendTlsPolicyProps {
  /**
   * Metadata of the policy object.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /** The Services the policy applies to (1-16). */
  readonly targets: BackendTlsPolicyTarget[];
  /** The name the gateway sends as SNI and checks in the backend's certificate. */
  readonly hostname: string;
  /**
   * CA certificates (ConfigMaps in the policy's namespace, at most 8) the backend's certificate must chain to.
   * Give this or `wellKnownCaCertificates`.
   * @default - use `wellKnownCaCertificates`
   */
  readonly caCertificates?: CaCertificateRef[];
  /**
   * A well-known CA set. Give this or `caCertificates`.
   * @default - use `caCertificates`
   */
  readonly wellKnownCaCertificates?: WellKnownCaCertificates;
  /**
   * Names the certificate must carry instead of `hostname` (at most 5).
   * @default - the certificate is checked against `hostname`
   */
  readonly subjectAltNames?: SubjectAltName[];
  /**
   * Implementation-specific TLS options (at most 16, domain-prefixed keys).
   * @default - none
   */
  readonly options?: { [key: string]: string };
}

/**
 * A BackendTLSPolicy (`gateway.networking.k8s.io/v1`): the gateway connects to
 * the target Services over TLS and verifies their certificates.
 */
export class BackendTlsPolicy extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the policy object. */
  public readonly name: string;

  private readonly props: BackendTlsPolicyProps;

  constructor(scope: Construct, id: string, props: BackendTlsPolicyProps) {
    super(scope, id);
    const what = `BackendTLSPolicy ${this.node.path}`;
    const targets = props?.targets ?? [];
    if (targets.length < 1 || targets.length > 16) throw new Error(`${what}: targets must list 1-16 BackendTlsPolicyTarget, got ${targets.length}`);
    const seen = new Map<string, Array<string | undefined>>();
    for (const t of targets) {
      if (!(t instanceof BackendTlsPolicyTarget)) throw new Error(`${what}: targets must be BackendTlsPolicyTarget objects (fromService or fromServiceName)`);
      const list = seen.get(t.serviceName) ?? [];
      if (list.length > 0 && (list.includes(undefined) || t.sectionName === undefined || list.includes(t.sectionName))) {
        throw new Error(`${what}: Service ${show(t.serviceName)} is targeted twice: several targets of one Service must each name a different sectionName`);
      }
      seen.set(t.serviceName, [...list, t.sectionName]);
    }
    checkPreciseHostname(props.hostname, `${what}: hostname`);
    const cas = props.caCertificates ?? [];
    if ((cas.length > 0) === (props.wellKnownCaCertificates !== undefined)) {
      throw new Error(`${what}: give exactly one of caCertificates (1-8 CaCertificateRef) or wellKnownCaCertificates`);
    }
    if (cas.length > 8) throw new Error(`${what}: at most 8 caCertificates are allowed, got ${cas.length}`);
    for (const c of cas) if (!(c instanceof CaCertificateRef)) throw new Error(`${what}: caCertificates must be CaCertificateRef objects`);
    if (props.wellKnownCaCertificates !== undefined) checkEnum(props.wellKnownCaCertificates, WellKnownCaCertificates, `${what}: wellKnownCaCertificates`);
    const sans = props.subjectAltNames ?? [];
    if (sans.length > 5) throw new Error(`${what}: at most 5 subjectAltNames are allowed, got ${sans.length}`);
    for (const s of sans) if (!(s instanceof SubjectAltName)) throw new Error(`${what}: subjectAltNames must be SubjectAltName objects`);
    const opts = Object.entries(props.options ?? {});
    if (opts.length > 16) throw new Error(`${what}: at most 16 options are allowed, got ${opts.length}`);
    for (const [k, v] of opts) {
      checkQualifiedName(k, `${what}: options`);
      checkValueLength(v, 4096, `${what}: options[${show(k)}]`);
    }
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.name = this.apiObject.name;
    const ns = this.apiObject.metadata.namespace;
    for (const t of targets) {
      if (t._namespace !== undefined && ns !== undefined && t._namespace !== ns) {
        throw new Error(`${what}: Service ${show(t.serviceName)} is in namespace ${show(t._namespace)} but the policy is in ${show(ns)}: a BackendTLSPolicy applies to Services in its own namespace`);
      }
    }
    for (const c of cas) {
      if (c.configMapNamespace !== undefined && ns !== undefined && c.configMapNamespace !== ns) {
        throw new Error(`${what}: CA ConfigMap ${show(c.configMapName)} is in namespace ${show(c.configMapNamespace)} but the policy is in ${show(ns)}: a BackendTLSPolicy can only reference ConfigMaps in its own namespace`);
      }
    }
    this.node.addValidation({ validate: () => validateManifests([this.apiObject.toJson()]).errors.map((f) => `${f.field}: ${f.message} [${f.rule}]`) });
  }

  private renderSpec(): any {
    const p = this.props;
    const validation: any = {};
    if (p.caCertificates && p.caCertificates.length > 0) validation.caCertificateRefs = p.caCertificates.map((c) => c._toKube(undefined, false));
    if (p.wellKnownCaCertificates !== undefined) validation.wellKnownCACertificates = p.wellKnownCaCertificates;
    validation.hostname = p.hostname;
    if (p.subjectAltNames && p.subjectAltNames.length > 0) validation.subjectAltNames = p.subjectAltNames.map((s) => s._toKube());
    const spec: any = { targetRefs: p.targets.map((t) => t._toKube()), validation };
    if (p.options && Object.keys(p.options).length > 0) spec.options = { ...p.options };
    return spec;
  }
}
