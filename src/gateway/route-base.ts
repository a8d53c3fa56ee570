import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayBackend } from './backend';
import { checkHostname, show } from './checks';
import { Gateway } from './gateway';
import { ListenerState } from './listener';
import { namespaceLabels } from './namespaces';
import { GatewayParent } from './parent';
import { requireReferenceGrant } from './reference-grant';
import { intersectHostnames } from '../validation/gateway-attachment';
import { validateManifests } from '../validation/validate';

/** Properties shared by all Gateway API route constructs. */
export interface GatewayRouteBaseProps {
  /**
   * Metadata of the route object.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * What the route attaches to (at most 32; more with `addParent`).
   * @default - none (a route without parents is not served by any Gateway)
   */
  readonly parents?: GatewayParent[];
  /**
   * Whether backends in other namespaces get the ReferenceGrant they need
   * generated in their namespace (one per pair of namespaces, merged).
   * @default true
   */
  readonly generateReferenceGrants?: boolean;
  /**
   * Whether validation warnings fail synthesis like errors do.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/** A backend with the field it is written to. @internal */
export interface PlacedBackend {
  readonly backend: GatewayBackend;
  readonly field: string;
}

/**
 * What Gateway API routes share: metadata, parents (`parentRefs`), backends in
 * other namespaces with generated ReferenceGrants, and validation at synthesis.
 */
export abstract class GatewayRouteBase extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the route object. */
  public readonly name: string;
  /** The kind written to the manifest (`HTTPRoute`, `GRPCRoute`, ...). */
  public readonly kind: string;

  private readonly parentList: GatewayParent[] = [];
  private readonly baseProps: GatewayRouteBaseProps;

  protected constructor(scope: Construct, id: string, kind: string, props: GatewayRouteBaseProps) {
    super(scope, id);
    this.kind = kind;
    this.baseProps = props ?? {};
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind,
      metadata: props?.metadata,
      spec: Lazy.any({ produce: () => this._renderSpec() }),
    });
    this.name = this.apiObject.name;
    for (const p of props?.parents ?? []) this.addParent(p);
    this.node.addValidation({ validate: () => this.validateRoute() });
  }

  /** The namespace of the route. */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /** The parents, in order. */
  public get parents(): GatewayParent[] {
    return [...this.parentList];
  }

  /** Attaches the route to a parent (at most 32; the same listener only once). */
  public addParent(parent: GatewayParent): void {
    const what = `${this.kind} ${this.node.path}: parents`;
    if (!(parent instanceof GatewayParent)) throw new Error(`${what}: expected a GatewayParent (GatewayParent.fromGateway, .fromListenerSet or .fromName)`);
    if (this.parentList.length >= 32) throw new Error(`${what}: at most 32 parents are allowed`);
    const same = this.parentList.filter((p) => p._key === parent._key);
    if (same.length > 0) {
      if (same.some((p) => p.sectionName === undefined) || parent.sectionName === undefined) {
        throw new Error(`${what}: ${parent.kind} ${show(parent.name)} is already a parent: when a parent is listed more than once, every entry must name a different sectionName`);
      }
      if (same.some((p) => p.sectionName === parent.sectionName)) {
        throw new Error(`${what}: ${parent.kind} ${show(parent.name)} sectionName ${show(parent.sectionName)} is already a parent`);
      }
    }
    this.parentList.push(parent);
  }

  /** Checks a hostname argument. @internal */
  protected _checkHostname(hostname: string, list: string[], max: number): string {
    const what = `${this.kind} ${this.node.path}: hostnames`;
    checkHostname(hostname, what);
    if (list.includes(hostname)) throw new Error(`${what}: ${show(hostname)} is already listed`);
    if (list.length >= max) throw new Error(`${what}: at most ${max} hostnames are allowed`);
    return hostname;
  }

  /**
   * Registers a backend: a Service in another namespace gets a ReferenceGrant
   * (unless opted out). Throws when that needs a namespace the route does not have.
   * @internal
   */
  protected _useBackend(backend: GatewayBackend, where: string): void {
    if (!(backend instanceof GatewayBackend)) throw new Error(`${this.kind} ${this.node.path}: ${where}: expected a GatewayBackend (GatewayBackend.fromService, .fromName or .fromReference)`);
    const other = backend.namespace;
    const own = this.namespace;
    if (other === undefined || other === own || this.baseProps.generateReferenceGrants === false) return;
    if (own === undefined) {
      throw new Error(`${this.kind} ${this.node.path}: ${where}: backend ${show(backend.name)} is in namespace ${show(other)} but the route's namespace is not set: set metadata.namespace (or the chart's namespace) so the ReferenceGrant can be generated, or set generateReferenceGrants: false`);
    }
    requireReferenceGrant(this, own, this.kind, other, { group: backend.group, kind: backend.kind, name: backend.name });
  }

  /** The rendered `parentRefs` (none → undefined). @internal */
  protected _renderParents(): any[] | undefined {
    if (this.parentList.length === 0) return undefined;
    return this.parentList.map((p) => p._toKube(this.namespace));
  }

  /** Builds `spec`. Never throws. @internal */
  protected abstract _renderSpec(): any;

  /** Every backend with its field path, for synthesis checks. @internal */
  protected abstract _backends(): PlacedBackend[];

  /**
   * The route's hostnames, for the listener hostname check (empty: any host).
   * @internal
   */
  protected _hostnames(): string[] {
    return [];
  }

  /** Extra construct-level problems. @internal */
  protected _extraProblems(): string[] {
    return [];
  }

  private attachmentProblems(): string[] {
    const messages: string[] = [];
    const routeNs = this.namespace;
    this.parentList.forEach((parent, i) => {
      const target = parent._construct;
      if (!target) return;
      const parentKind = target instanceof Gateway ? 'Gateway' : 'ListenerSet';
      const parentNs = target.namespace;
      const field = `spec.parentRefs[${i}]`;
      const all: ListenerState[] = target._listeners();
      const candidates = all.filter((l) => (parent.sectionName === undefined || l.name === parent.sectionName)
        && (parent.port === undefined || l.port === parent.port));
      if (candidates.length === 0) {
        const wanted = [parent.sectionName !== undefined ? `sectionName ${show(parent.sectionName)}` : '', parent.port !== undefined ? `port ${parent.port}` : ''].filter((s) => s).join(' and ');
        messages.push(`${field}: ${parentKind} ${target.node.path} has no listener with ${wanted || 'any name'} (listeners: ${all.map((l) => `${l.name}:${l.port}`).join(', ') || 'none'}) [gateway.construct.no-matching-parent]`);
        return;
      }
      const labels = routeNs !== undefined ? namespaceLabels(this, routeNs) : undefined;
      const reasons: string[] = [];
      let accepted = false;
      for (const l of candidates) {
        const kindOk = l.admittedKinds().some((k) => k.group === 'gateway.networking.k8s.io' && k.kind === this.kind);
        const nsOk = l.allowedNamespaces()._admits(routeNs, parentNs, labels);
        const hosts = this._hostnames();
        const hostOk = intersectHostnames(l.hostname, hosts) !== undefined;
        if (kindOk && nsOk !== false && hostOk) {
          accepted = true;
          break;
        }
        if (!kindOk) reasons.push(`listener ${show(l.name)} accepts kinds ${l.admittedKinds().map((k) => k.kind).join(', ')}`);
        else if (nsOk === false) reasons.push(`listener ${show(l.name)} allows routes ${l.allowedNamespaces()._describe()}`);
        else reasons.push(`listener ${show(l.name)} serves hostname ${show(l.hostname)}, which matches none of the route's hostnames (${hosts.join(', ')})`);
      }
      if (!accepted) {
        messages.push(`${field}: ${this.kind} ${this.node.path} (namespace ${show(routeNs ?? 'default')}) cannot attach to ${parentKind} ${target.node.path} (namespace ${show(parentNs ?? 'default')}): ${reasons.join('; ')} [gateway.construct.not-allowed-by-listeners]`);
      }
    });
    return messages;
  }

  private validateRoute(): string[] {
    const messages: string[] = [...this._extraProblems()];
    for (const { backend, field } of this._backends()) {
      const problem = backend._portProblem();
      if (problem) messages.push(`${field}: ${problem} [gateway.construct.backend-port]`);
    }
    messages.push(...this.attachmentProblems());
    const report = validateManifests([this.apiObject.toJson()]);
    const findings = this.baseProps.failOnWarnings ? [...report.errors, ...report.warnings] : report.errors;
    for (const f of findings) messages.push(`${f.field}: ${f.message} [${f.rule}]`);
    return messages;
  }
}
