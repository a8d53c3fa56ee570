import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkEnum, checkObjectName, checkPort, checkQualifiedName, show } from './checks';
import { FrontendValidationMode } from './enums';
import { GatewayClass } from './gateway-class';
import { addListenerTo, GatewayListener, ListenerState } from './listener';
import { requireReferenceGrant } from './reference-grant';
import {
  AllowedNamespaces, CaCertificateRef, GatewayAddress, GatewayCertificate, ParametersReference, parametersRefToKube,
} from './references';
import { CertManagerIssuer } from '../tls/issuer';
import { validateManifests } from '../validation/validate';

/** Infrastructure settings the implementation applies to what it creates for the Gateway. */
export interface GatewayInfrastructure {
  /**
   * Labels for the generated resources (at most 8).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations for the generated resources (at most 16).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Implementation-specific parameters, in the Gateway's namespace.
   * @default - none
   */
  readonly parametersRef?: ParametersReference;
}

/** Client certificate validation on a Gateway's TLS listeners. */
export interface FrontendTlsValidation {
  /** The CAs client certificates must chain to (1-16 ConfigMaps). */
  readonly caCertificates: CaCertificateRef[];
  /**
   * Whether connections without a valid client certificate are still accepted.
   * @default FrontendValidationMode.ALLOW_VALID_ONLY
   */
  readonly mode?: FrontendValidationMode;
}

/** Client certificate validation for the listeners on one port. */
export interface PortFrontendTlsValidation extends FrontendTlsValidation {
  /** The port (of one or more listeners). */
  readonly port: number;
}

/** Properties of a `Gateway`. */
export interface GatewayProps {
  /**
   * Metadata of the Gateway object.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The GatewayClass construct. Give this or `gatewayClassName`.
   * @default - use `gatewayClassName`
   */
  readonly gatewayClass?: GatewayClass;
  /**
   * The name of the GatewayClass (defined elsewhere). Give this or `gatewayClass`.
   * @default - use `gatewayClass`
   */
  readonly gatewayClassName?: string;
  /**
   * Listeners (1-64; more with `addListener`).
   * @default - none; add at least one with `addListener()`
   */
  readonly listeners?: GatewayListener[];
  /**
   * Addresses requested for the Gateway (at most 16).
   * @default - the implementation assigns addresses
   */
  readonly addresses?: GatewayAddress[];
  /**
   * Labels, annotations and parameters for the infrastructure the implementation creates.
   * @default - none
   */
  readonly infrastructure?: GatewayInfrastructure;
  /**
   * Which namespaces' ListenerSets may add listeners to this Gateway.
   * @default - not written; the API default is none
   */
  readonly allowedListeners?: AllowedNamespaces;
  /**
   * The client certificate the Gateway presents to backends that ask for one.
   * @default - none
   */
  readonly backendClientCertificate?: GatewayCertificate;
  /**
   * Client certificate validation for all TLS listeners.
   * @default - clients are not asked for certificates
   */
  readonly frontendValidation?: FrontendTlsValidation;
  /**
   * Client certificate validation per port (overrides `frontendValidation`; needs it).
   * @default - none
   */
  readonly frontendValidationPerPort?: PortFrontendTlsValidation[];
  /**
   * Have cert-manager's gateway-shim issue the listeners' certificates
   * (into the Secrets the HTTPS/TLS listeners reference): writes
   * `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer` (+ kind and group for external issuers).
   * @default - no cert-manager annotation
   */
  readonly certManager?: CertManagerIssuer;
  /**
   * Whether certificate Secrets in other namespaces get the ReferenceGrant
   * they need generated in their namespace.
   * @default true
   */
  readonly generateReferenceGrants?: boolean;
  /**
   * Whether validation warnings fail synthesis like errors do.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * A Gateway (`gateway.networking.k8s.io/v1`): listeners (port, protocol,
 * host name, TLS) of a GatewayClass's implementation that routes attach to.
 * At synthesis it is checked by the same validators as `cdk8s-routing validate`.
 */
export class Gateway extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the Gateway object. */
  public readonly name: string;
  /** The GatewayClass name. */
  public readonly gatewayClassName: string;

  private readonly props: GatewayProps;
  private readonly listenerStates: ListenerState[] = [];
  private readonly addressList: GatewayAddress[] = [];

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    const what = `Gateway ${this.node.path}`;
    if (!props) throw new Error(`${what}: props are required (gatewayClass or gatewayClassName, listeners)`);
    if ((props.gatewayClass === undefined) === (props.gatewayClassName === undefined)) {
      throw new Error(`${what}: give exactly one of gatewayClass (a GatewayClass construct) or gatewayClassName (a name)`);
    }
    if (props.gatewayClass !== undefined && !(props.gatewayClass instanceof GatewayClass)) throw new Error(`${what}: gatewayClass must be a GatewayClass construct`);
    this.gatewayClassName = props.gatewayClass?.name ?? checkObjectName(props.gatewayClassName, `${what}: gatewayClassName`);
    this.props = props;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.name = this.apiObject.name;

    for (const l of props.listeners ?? []) this.addListener(l);
    for (const a of props.addresses ?? []) this.addAddress(a);
    this.checkInfrastructure();
    if (props.allowedListeners !== undefined && !(props.allowedListeners instanceof AllowedNamespaces)) {
      throw new Error(`${what}: allowedListeners must be an AllowedNamespaces (AllowedNamespaces.all(), .same(), .selector({...}) or .none())`);
    }
    this.checkFrontendValidation();
    if (props.backendClientCertificate !== undefined) {
      if (!(props.backendClientCertificate instanceof GatewayCertificate)) throw new Error(`${what}: backendClientCertificate must be a GatewayCertificate`);
      this.certificateAdded(props.backendClientCertificate);
    }
    if (props.certManager !== undefined) {
      if (!(props.certManager instanceof CertManagerIssuer)) throw new Error(`${what}: certManager must be a CertManagerIssuer (CertManagerIssuer.clusterIssuer, .issuer or .external)`);
      for (const [key, value] of Object.entries(props.certManager.toShimAnnotations())) {
        const given = props.metadata?.annotations?.[key];
        if (given !== undefined) throw new Error(`${what}: metadata.annotations sets ${key} (${show(given)}) which certManager also sets (${show(value)}): remove it from metadata`);
        this.apiObject.metadata.addAnnotation(key, value);
      }
    }
    this.node.addValidation({ validate: () => this.validateGateway() });
  }

  /** The namespace of the Gateway. */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /** The names of the listeners, in order. */
  public get listenerNames(): string[] {
    return this.listenerStates.map((l) => l.name);
  }

  /** Adds a listener (at most 64; names unique; port, protocol and hostname distinct). */
  public addListener(listener: GatewayListener): void {
    const l = addListenerTo(this.listenerStates, listener, `Gateway ${this.node.path}`);
    for (const c of l.tls?.certificates ?? []) this.certificateAdded(c);
  }

  /** Adds a requested address (at most 16; values unique per type). */
  public addAddress(address: GatewayAddress): void {
    const what = `Gateway ${this.node.path}: addresses`;
    if (!(address instanceof GatewayAddress)) throw new Error(`${what}: expected a GatewayAddress (GatewayAddress.ipAddress, .hostname or .custom)`);
    if (this.addressList.length >= 16) throw new Error(`${what}: cannot add ${show(address.value)}: at most 16 addresses are allowed`);
    if (this.addressList.some((a) => a.type === address.type && a.value === address.value)) throw new Error(`${what}: ${address.type} ${show(address.value)} is already listed`);
    this.addressList.push(address);
  }

  /** @internal */
  public _allowedListeners(): AllowedNamespaces | undefined {
    return this.props.allowedListeners;
  }

  /** @internal */
  public _listeners(): ListenerState[] {
    return [...this.listenerStates];
  }

  private certificateAdded(cert: GatewayCertificate): void {
    this.crossNamespaceRef(cert.secretNamespace, 'Secret', cert.secretName, 'certificate Secret');
  }

  /** Generates the ReferenceGrant a reference into another namespace needs. */
  private crossNamespaceRef(other: string | undefined, kind: string, name: string, what: string): void {
    const own = this.namespace;
    if (other === undefined || other === own || this.props.generateReferenceGrants === false) return;
    if (own === undefined) {
      throw new Error(`Gateway ${this.node.path}: ${what} ${show(name)} is in namespace ${show(other)} but the Gateway's namespace is not set: set metadata.namespace (or the chart's namespace) so the ReferenceGrant can be generated, or set generateReferenceGrants: false`);
    }
    requireReferenceGrant(this, own, 'Gateway', other, { group: '', kind, name });
  }

  private checkInfrastructure(): void {
    const inf = this.props.infrastructure;
    if (!inf) return;
    const what = `Gateway ${this.node.path}: infrastructure`;
    const labels = Object.entries(inf.labels ?? {});
    const annotations = Object.entries(inf.annotations ?? {});
    if (labels.length > 8) throw new Error(`${what}.labels: at most 8 labels are allowed, got ${labels.length}`);
    if (annotations.length > 16) throw new Error(`${what}.annotations: at most 16 annotations are allowed, got ${annotations.length}`);
    for (const [k, v] of labels) {
      checkQualifiedName(k, `${what}.labels`);
      if (typeof v !== 'string' || v.length > 63 || !/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v)) {
        throw new Error(`${what}.labels[${show(k)}]: invalid label value ${show(v)}: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit`);
      }
    }
    for (const [k, v] of annotations) {
      checkQualifiedName(k, `${what}.annotations`);
      if (typeof v !== 'string' || v.length > 4096) throw new Error(`${what}.annotations[${show(k)}]: value must be a string of at most 4096 characters`);
    }
    if (inf.parametersRef) parametersRefToKube(inf.parametersRef, `${what}.parametersRef`, false);
  }

  private checkFrontendValidation(): void {
    const what = `Gateway ${this.node.path}`;
    const check = (v: FrontendTlsValidation, w: string) => {
      const cas = v?.caCertificates ?? [];
      if (cas.length < 1 || cas.length > 16) throw new Error(`${w}: caCertificates must list 1-16 CaCertificateRef, got ${cas.length}`);
      for (const c of cas) if (!(c instanceof CaCertificateRef)) throw new Error(`${w}: caCertificates must be CaCertificateRef objects (CaCertificateRef.fromConfigMap or .fromConfigMapName)`);
      for (const c of cas) this.crossNamespaceRef(c.configMapNamespace, 'ConfigMap', c.configMapName, 'CA ConfigMap');
      if (v.mode !== undefined) checkEnum(v.mode, FrontendValidationMode, `${w}: mode`);
    };
    const d = this.props.frontendValidation;
    const perPort = this.props.frontendValidationPerPort ?? [];
    if (d) check(d, `${what}: frontendValidation`);
    if (perPort.length > 0 && !d) throw new Error(`${what}: frontendValidationPerPort needs frontendValidation (the default for the other ports)`);
    if (perPort.length > 64) throw new Error(`${what}: frontendValidationPerPort: at most 64 entries are allowed`);
    const seen = new Set<number>();
    for (const p of perPort) {
      const w = `${what}: frontendValidationPerPort`;
      checkPort(p.port, w);
      if (seen.has(p.port)) throw new Error(`${w}: port ${p.port} is listed twice`);
      seen.add(p.port);
      check(p, `${w}[port ${p.port}]`);
    }
  }

  private renderValidation(v: FrontendTlsValidation): any {
    const out: any = { caCertificateRefs: v.caCertificates.map((c) => c._toKube(this.namespace, true)) };
    if (v.mode !== undefined) out.mode = v.mode;
    return out;
  }

  /** Builds `spec`. Never throws (runs inside a Lazy). */
  private renderSpec(): any {
    const p = this.props;
    const ns = this.namespace;
    const spec: any = { gatewayClassName: this.gatewayClassName };
    if (this.addressList.length > 0) spec.addresses = this.addressList.map((a) => a._toKube());
    if (p.infrastructure) {
      const inf: any = {};
      if (p.infrastructure.labels && Object.keys(p.infrastructure.labels).length > 0) inf.labels = { ...p.infrastructure.labels };
      if (p.infrastructure.annotations && Object.keys(p.infrastructure.annotations).length > 0) inf.annotations = { ...p.infrastructure.annotations };
      if (p.infrastructure.parametersRef) {
        const r = p.infrastructure.parametersRef;
        inf.parametersRef = { group: r.group, kind: r.kind, name: r.name };
      }
      if (Object.keys(inf).length > 0) spec.infrastructure = inf;
    }
    if (p.allowedListeners) spec.allowedListeners = { namespaces: p.allowedListeners._toKube() };
    spec.listeners = this.listenerStates.map((l) => l.toKube(ns));
    const tls: any = {};
    if (p.backendClientCertificate) tls.backend = { clientCertificateRef: p.backendClientCertificate._toKube(ns) };
    if (p.frontendValidation) {
      tls.frontend = { default: { validation: this.renderValidation(p.frontendValidation) } };
      const perPort = p.frontendValidationPerPort ?? [];
      if (perPort.length > 0) tls.frontend.perPort = perPort.map((pp) => ({ port: pp.port, tls: { validation: this.renderValidation(pp) } }));
    }
    if (Object.keys(tls).length > 0) spec.tls = tls;
    return spec;
  }

  private validateGateway(): string[] {
    const messages: string[] = [];
    if (this.listenerStates.length === 0) messages.push('spec.listeners: at least one listener is required (addListener) [gateway.construct.listeners-required]');
    const report = validateManifests([this.apiObject.toJson()]);
    const findings = this.props.failOnWarnings ? [...report.errors, ...report.warnings] : report.errors;
    for (const f of findings) messages.push(`${f.field}: ${f.message} [${f.rule}]`);
    return messages;
  }
}
