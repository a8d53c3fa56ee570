import { ApiObject, ApiObjectMetadata, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IngressBackend, PathType } from './backend';
import { renderNginxSettings, IngressNginxSettings } from './nginx';
import { checkInteger } from '../common/weight';
import { CertManagerIssuer } from '../tls/issuer';
import { validateManifests } from '../validation/validate';

const NGINX = 'nginx.ingress.kubernetes.io/';
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HEADER_CHARS = /^[A-Za-z0-9\-._~/:]+$/;

/** One path of an Ingress rule. */
export interface IngressPathOptions {
  /**
   * How the path matches.
   * @default PathType.PREFIX
   */
  readonly pathType?: PathType;
}

/** A TLS entry: hosts served with a certificate from a `kubernetes.io/tls` Secret. */
export interface IngressTlsOptions {
  /** Hosts (may be `*.example.com`) this certificate is for. */
  readonly hosts: string[];
  /**
   * The Secret holding `tls.crt` and `tls.key`.
   * @default - `secretName`
   */
  readonly secret?: kplus.ISecret;
  /**
   * The Secret's name (with cert-manager: the Secret it creates).
   * @default - `secret`; without either, the controller's default certificate
   */
  readonly secretName?: string;
}

/** Options of a canary Ingress (ingress-nginx; legacy). */
export interface IngressCanaryOptions {
  /** The Service the canary sends its share to (must differ from the main Ingress's Services). */
  readonly backend: IngressBackend;
  /**
   * Share of requests (0..weightTotal) sent to the canary when no header or cookie decides.
   * @default 0
   */
  readonly weight?: number;
  /**
   * The denominator of `weight`; ingress-nginx honours values above 100.
   * @default 100
   */
  readonly weightTotal?: number;
  /**
   * A request header that routes to the canary: value `always` → canary, `never` → main (unless `byHeaderValue`/`byHeaderPattern`).
   * @default - no header routing
   */
  readonly byHeader?: string;
  /**
   * With `byHeader`: this exact value routes to the canary.
   * @default - `always`/`never`
   */
  readonly byHeaderValue?: string;
  /**
   * With `byHeader`: values matching this regular expression route to the canary.
   * @default - `always`/`never`
   */
  readonly byHeaderPattern?: string;
  /**
   * A cookie that routes to the canary: value `always` → canary, `never` → main.
   * @default - no cookie routing
   */
  readonly byCookie?: string;
  /**
   * Metadata of the canary Ingress.
   * @default - a generated name, the main Ingress's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/** Properties of an `Ingress`. */
export interface IngressProps {
  /**
   * Metadata (name, namespace, labels, annotations). Annotations must not repeat those the typed props write.
   * @default - a generated name, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The IngressClass (`spec.ingressClassName`), e.g. `nginx`.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Where requests go that no rule matches (`spec.defaultBackend`).
   * @default - the controller's default backend (ingress-nginx: 404)
   */
  readonly defaultBackend?: IngressBackend;
  /**
   * TLS entries; more with `addTls()`.
   * @default - no TLS
   */
  readonly tls?: IngressTlsOptions[];
  /**
   * cert-manager issues the TLS Secrets through its ingress-shim (one Certificate per TLS entry,
   * named after its secretName): `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer`.
   * @default - no cert-manager annotations
   */
  readonly certManager?: CertManagerIssuer;
  /**
   * ingress-nginx settings (legacy: ingress-nginx is retired), written as its annotations.
   * @default - nginx's defaults
   */
  readonly nginx?: IngressNginxSettings;
  /**
   * Whether validation warnings fail synthesis like errors do.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

interface PathEntry { readonly host: string; readonly path: string; readonly pathType: PathType; readonly backend: IngressBackend }

/**
 * A Kubernetes Ingress (`networking.k8s.io/v1`): rules by host and path,
 * a default backend, TLS, an IngressClass, typed ingress-nginx settings and
 * canaries. Built on the `k8s.KubeIngress` L1 of cdk8s-plus-28 (one child
 * `Resource`, spec rendered lazily) rather than `kplus.Ingress`, which has no
 * Exact/ImplementationSpecific-per-path control, resource backends, canaries or
 * annotation typing. At synthesis the object is checked by the same validators
 * as `cdk8s-routing validate`.
 */
export class Ingress extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the Ingress object. */
  public readonly name: string;
  /**
   * The main Ingress when this is a canary.
   * @default - not a canary
   */
  public readonly canaryOf?: Ingress;

  private readonly props: IngressProps;
  private readonly paths: PathEntry[] = [];
  private readonly tlsEntries: IngressTlsOptions[] = [];
  private readonly canaries: Ingress[] = [];
  private canaryBackend?: IngressBackend;

  constructor(scope: Construct, id: string, props: IngressProps = {}) {
    super(scope, id);
    this.props = props;
    if (props.defaultBackend !== undefined && !(props.defaultBackend instanceof IngressBackend)) {
      throw new Error(`Ingress ${this.node.path}: defaultBackend must be an IngressBackend`);
    }
    if (props.ingressClassName !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.ingressClassName)) {
      throw new Error(`Ingress ${this.node.path}: invalid ingressClassName ${JSON.stringify(props.ingressClassName)}: must be a DNS-1123 subdomain`);
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.name = this.apiObject.name;
    for (const t of props.tls ?? []) this.addTls(t);
    const annotations: Record<string, string> = {};
    if (props.nginx) Object.assign(annotations, renderNginxSettings(props.nginx, `Ingress ${this.node.path}: nginx`));
    if (props.certManager) Object.assign(annotations, props.certManager.toShimAnnotations());
    this.addAnnotations(annotations);
    this.node.addValidation({ validate: () => this.validateIngress() });
  }

  /** Adds a path under a host (`''` = every host). */
  public addRule(host: string, path: string, backend: IngressBackend, options: IngressPathOptions = {}): void {
    const where = `Ingress ${this.node.path}: rule ${JSON.stringify(host)} ${JSON.stringify(path)}`;
    if (this.canaryOf) throw new Error(`${where}: a canary Ingress takes its rules from its main Ingress`);
    if (!(backend instanceof IngressBackend)) throw new Error(`${where}: backend must be an IngressBackend`);
    if (host !== '' && (!HOST.test(host) || host.length > 253)) {
      throw new Error(`${where}: invalid host: must be a lower-case DNS name, optionally starting with "*." (not an IP address, no port)`);
    }
    const pathType = options.pathType ?? PathType.PREFIX;
    if (!(Object.values(PathType) as string[]).includes(pathType)) {
      throw new Error(`${where}: unsupported pathType ${JSON.stringify(pathType)}: supported values: ${Object.values(PathType).join(', ')}`);
    }
    if (pathType !== PathType.IMPLEMENTATION_SPECIFIC || path !== '') {
      if (!path.startsWith('/')) throw new Error(`${where}: path must start with "/"`);
    }
    if (pathType !== PathType.IMPLEMENTATION_SPECIFIC && /\/\/|\/\.\.?\/|%2f|\/\.\.?$/i.test(path)) {
      throw new Error(`${where}: an ${pathType} path must not contain "//", "/./", "/../" or "%2F" nor end with "/." or "/.."`);
    }
    if (this.paths.some((p) => p.host === host && p.path === path && p.pathType === pathType)) {
      throw new Error(`${where}: this host, path and pathType is already defined`);
    }
    for (const c of this.canaries) c.checkCanaryService(backend, where);
    this.paths.push({ host, path, pathType, backend });
  }

  /** Adds a TLS entry. */
  public addTls(tls: IngressTlsOptions): void {
    const where = `Ingress ${this.node.path}: tls`;
    if (this.canaryOf) throw new Error(`${where}: a canary Ingress uses its main Ingress's TLS`);
    if (!tls || !Array.isArray(tls.hosts)) throw new Error(`${where}: hosts must be a list`);
    for (const h of tls.hosts) if (!HOST.test(h)) throw new Error(`${where}: invalid host ${JSON.stringify(h)}`);
    if (tls.secret && tls.secretName && tls.secret.name !== tls.secretName) {
      throw new Error(`${where}: secret (${tls.secret.name}) and secretName (${tls.secretName}) differ`);
    }
    this.tlsEntries.push(tls);
  }

  /**
   * Adds a canary Ingress (ingress-nginx; legacy) bound to this one: the same
   * hosts, paths and path types, another Service, with a weight and/or header
   * and cookie routing. Throws when it cannot attach.
   */
  public addCanary(id: string, options: IngressCanaryOptions): Ingress {
    const where = `Ingress ${this.node.path}: canary ${JSON.stringify(id)}`;
    if (this.canaryOf) throw new Error(`${where}: a canary cannot have canaries`);
    if (!options || !(options.backend instanceof IngressBackend) || options.backend.serviceName === undefined) {
      throw new Error(`${where}: backend must be a Service IngressBackend`);
    }
    if (this.paths.length === 0) {
      throw new Error(`${where}: the main Ingress has no rules to attach to (add rules before the canary; ingress-nginx ignores a canary default backend)`);
    }
    if (this.canaries.length > 0) throw new Error(`${where}: ingress-nginx allows one canary per host and path; this Ingress already has one`);
    const total = options.weightTotal ?? 100;
    checkInteger(total, 100, 2147483647, `${where}: weightTotal (ingress-nginx honours values of 100 and above)`);
    if (options.weight !== undefined) checkInteger(options.weight, 0, total, `${where}: weight`);
    const ann: Record<string, string> = { [`${NGINX}canary`]: 'true' };
    if (options.weight !== undefined) ann[`${NGINX}canary-weight`] = String(options.weight);
    if (options.weightTotal !== undefined) ann[`${NGINX}canary-weight-total`] = String(total);
    if ((options.byHeaderValue !== undefined || options.byHeaderPattern !== undefined) && options.byHeader === undefined) {
      throw new Error(`${where}: byHeaderValue and byHeaderPattern need byHeader`);
    }
    if (options.byHeaderValue !== undefined && options.byHeaderPattern !== undefined) {
      throw new Error(`${where}: give byHeaderValue or byHeaderPattern, not both (nginx ignores the pattern)`);
    }
    for (const [k, v] of [['byHeader', options.byHeader], ['byHeaderValue', options.byHeaderValue], ['byCookie', options.byCookie]] as const) {
      if (v !== undefined && !HEADER_CHARS.test(v)) throw new Error(`${where}: invalid ${k} ${JSON.stringify(v)}: may only contain [A-Za-z0-9-._~/:]`);
    }
    if (options.byHeaderPattern !== undefined) {
      try {
        new RegExp(options.byHeaderPattern);
      } catch (e) {
        throw new Error(`${where}: byHeaderPattern is not a regular expression: ${(e as Error).message}`);
      }
      if (/[\r\n]/.test(options.byHeaderPattern)) throw new Error(`${where}: byHeaderPattern may not contain line breaks`);
    }
    if (options.byHeader !== undefined) ann[`${NGINX}canary-by-header`] = options.byHeader;
    if (options.byHeaderValue !== undefined) ann[`${NGINX}canary-by-header-value`] = options.byHeaderValue;
    if (options.byHeaderPattern !== undefined) ann[`${NGINX}canary-by-header-pattern`] = options.byHeaderPattern;
    if (options.byCookie !== undefined) ann[`${NGINX}canary-by-cookie`] = options.byCookie;
    if (options.weight === undefined && options.byHeader === undefined && options.byCookie === undefined) {
      throw new Error(`${where}: give a weight, byHeader or byCookie; otherwise the canary receives nothing`);
    }
    const canary = new Ingress(this.node.scope ?? this, id, {
      metadata: { namespace: this.apiObject.metadata.namespace, ...options.metadata },
      ingressClassName: this.props.ingressClassName,
      failOnWarnings: this.props.failOnWarnings,
    });
    (canary as { canaryOf?: Ingress }).canaryOf = this;
    canary.canaryBackend = options.backend;
    for (const p of this.paths) canary.checkCanaryService(p.backend, where);
    canary.addAnnotations(ann);
    this.canaries.push(canary);
    return canary;
  }

  private checkCanaryService(mainBackend: IngressBackend, where: string): void {
    const b = this.canaryBackend;
    if (b && mainBackend.serviceName !== undefined && mainBackend.serviceName === b.serviceName) {
      throw new Error(`${where}: the canary Service ${JSON.stringify(b.serviceName)} is also the main Ingress's Service for a path; a canary needs a different Service`);
    }
  }

  private addAnnotations(annotations: Record<string, string>): void {
    for (const [key, value] of Object.entries(annotations)) {
      const given = this.props.metadata?.annotations?.[key];
      if (given !== undefined) {
        throw new Error(`Ingress ${this.node.path}: metadata.annotations sets ${key} (${JSON.stringify(given)}) which a typed prop also sets (${JSON.stringify(value)}): remove it from metadata`);
      }
      this.apiObject.metadata.addAnnotation(key, value);
    }
  }

  /** Builds `spec`. Never throws (runs inside a Lazy). */
  private renderSpec(): any {
    const spec: any = {};
    const className = this.props.ingressClassName;
    if (className !== undefined) spec.ingressClassName = className;
    const main = this.canaryOf;
    const paths = main ? main.paths.map((p) => ({ ...p, backend: this.canaryBackend! })) : this.paths;
    if (!main && this.props.defaultBackend) spec.defaultBackend = this.props.defaultBackend._toKube();
    const hosts: string[] = [];
    for (const p of paths) if (!hosts.includes(p.host)) hosts.push(p.host);
    if (hosts.length > 0) {
      spec.rules = hosts.map((host) => ({
        ...(host !== '' ? { host } : {}),
        http: {
          paths: paths.filter((p) => p.host === host).map((p) => ({
            ...(p.path !== '' ? { path: p.path } : {}), pathType: p.pathType, backend: p.backend._toKube(),
          })),
        },
      }));
    }
    if (this.tlsEntries.length > 0) {
      spec.tls = this.tlsEntries.map((t) => {
        const secretName = t.secretName ?? t.secret?.name;
        return { ...(t.hosts.length > 0 ? { hosts: t.hosts } : {}), ...(secretName ? { secretName } : {}) };
      });
    }
    return spec;
  }

  private validateIngress(): string[] {
    const messages: string[] = [];
    if (this.paths.length === 0 && !this.props.defaultBackend && !this.canaryOf) {
      messages.push('spec: an Ingress needs rules (addRule) or a defaultBackend [ingress.construct.empty]');
    }
    const report = validateManifests([this.apiObject.toJson()]);
    const findings = this.props.failOnWarnings ? [...report.errors, ...report.warnings] : report.errors;
    for (const f of findings) {
      // A canary alone has no main Ingress in this single-object check.
      if (f.rule === 'ingress.nginx.canary.no-main') continue;
      messages.push(`${f.field}: ${f.message} [${f.rule}]`);
    }
    return messages;
  }
}

/** Properties of an `IngressClass`. */
export interface IngressClassProps {
  /**
   * Metadata; IngressClasses are cluster-scoped.
   * @default - a generated name
   */
  readonly metadata?: ApiObjectMetadata;
  /** The controller that implements the class (a domain-prefixed path), e.g. `k8s.io/ingress-nginx`. */
  readonly controller: string;
  /**
   * Whether Ingresses without a class get this one (`ingressclass.kubernetes.io/is-default-class`).
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Controller-specific parameters (`spec.parameters`).
   * @default - none
   */
  readonly parameters?: IngressClassParameters;
}

/** Scope of IngressClass parameters. */
export enum IngressClassParametersScope {
  /** A cluster-scoped parameters object. */
  CLUSTER = 'Cluster',
  /** A namespaced parameters object (give `namespace`). */
  NAMESPACE = 'Namespace',
}

/** A reference to the object holding an IngressClass's parameters. */
export interface IngressClassParameters {
  /**
   * API group of the object.
   * @default - the core group
   */
  readonly apiGroup?: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /**
   * Whether the object is cluster-scoped or namespaced.
   * @default IngressClassParametersScope.CLUSTER
   */
  readonly scope?: IngressClassParametersScope;
  /**
   * Namespace of a namespaced parameters object (required with `NAMESPACE`, forbidden with `CLUSTER`).
   * @default - none
   */
  readonly namespace?: string;
}

/** A Kubernetes IngressClass (`networking.k8s.io/v1`). */
export class IngressClass extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The class name, for `ingressClassName`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: IngressClassProps) {
    super(scope, id);
    const c = props?.controller;
    if (typeof c !== 'string' || c.length > 250 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/\S+$/.test(c)) {
      throw new Error(`IngressClass ${this.node.path}: invalid controller ${JSON.stringify(c)}: must be a domain-prefixed path such as "k8s.io/ingress-nginx" (at most 250 characters)`);
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { ...props.metadata, namespace: undefined },
      spec: { controller: c, ...(props.parameters ? { parameters: this.renderParameters(props.parameters) } : {}) },
    });
    // Cluster-scoped: drop the namespace a chart gives every object.
    if (this.apiObject.metadata.namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    if (props.isDefault) this.apiObject.metadata.addAnnotation('ingressclass.kubernetes.io/is-default-class', 'true');
    this.name = this.apiObject.name;
    this.node.addValidation({
      validate: () => validateManifests([this.apiObject.toJson()]).errors.map((f) => `${f.field}: ${f.message} [${f.rule}]`),
    });
  }

  private renderParameters(p: IngressClassParameters): any {
    const where = `IngressClass ${this.node.path}: parameters`;
    for (const f of ['kind', 'name'] as const) {
      const v = p[f];
      if (typeof v !== 'string' || v === '' || v === '.' || v === '..' || /[/%]/.test(v)) throw new Error(`${where}: invalid ${f} ${JSON.stringify(v)}`);
    }
    const scope = p.scope ?? IngressClassParametersScope.CLUSTER;
    if (!(Object.values(IngressClassParametersScope) as string[]).includes(scope)) {
      throw new Error(`${where}: unsupported scope ${JSON.stringify(scope)}: supported values: ${Object.values(IngressClassParametersScope).join(', ')}`);
    }
    if (scope === IngressClassParametersScope.NAMESPACE && !(p.namespace && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.namespace))) {
      throw new Error(`${where}: scope Namespace needs a namespace (a DNS-1123 label), got ${JSON.stringify(p.namespace)}`);
    }
    if (scope === IngressClassParametersScope.CLUSTER && p.namespace !== undefined) {
      throw new Error(`${where}: scope Cluster forbids a namespace (got ${JSON.stringify(p.namespace)})`);
    }
    return {
      ...(p.apiGroup !== undefined ? { apiGroup: p.apiGroup } : {}),
      kind: p.kind,
      name: p.name,
      scope,
      ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
    };
  }
}
