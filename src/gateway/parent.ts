import { checkGroup, checkKind, checkNamespace, checkPort, checkRefName, checkSectionName } from './checks';
import { Gateway } from './gateway';
import { ListenerSet } from './listener-set';

/** Which listeners of a parent a route attaches to. */
export interface GatewayParentOptions {
  /**
   * The listener name.
   * @default - every listener of the parent that accepts the route
   */
  readonly sectionName?: string;
  /**
   * The listener port (all listeners on it).
   * @default - any port
   */
  readonly port?: number;
}

/** Options of a parent given by name. */
export interface GatewayParentNameOptions extends GatewayParentOptions {
  /**
   * The parent's namespace (attaching across namespaces is governed by the
   * listener's `allowedRoutes`, not by ReferenceGrants).
   * @default - the route's namespace
   */
  readonly namespace?: string;
}

/** A parent of another kind (e.g. a Service for mesh routing, a `ServiceImport`). */
export interface GatewayParentReference extends GatewayParentNameOptions {
  /** The API group of the parent kind. */
  readonly group: string;
  /** The kind of the parent. */
  readonly kind: string;
  /** The name of the parent. */
  readonly name: string;
}

/** What a route attaches to (`parentRefs[]`): a Gateway or ListenerSet, optionally one listener or port of it. */
export class GatewayParent {
  /** A Gateway construct of this app; the attachment is checked against its listeners at synthesis. */
  public static fromGateway(gateway: Gateway, options: GatewayParentOptions = {}): GatewayParent {
    if (!(gateway instanceof Gateway)) throw new Error('GatewayParent.fromGateway: expected a Gateway construct (use GatewayParent.fromName for Gateways defined elsewhere)');
    return new GatewayParent('gateway.networking.k8s.io', 'Gateway', gateway.name, undefined, options, gateway);
  }

  /** A ListenerSet construct of this app; the attachment is checked against its listeners at synthesis. */
  public static fromListenerSet(listenerSet: ListenerSet, options: GatewayParentOptions = {}): GatewayParent {
    if (!(listenerSet instanceof ListenerSet)) throw new Error('GatewayParent.fromListenerSet: expected a ListenerSet construct');
    return new GatewayParent('gateway.networking.k8s.io', 'ListenerSet', listenerSet.name, undefined, options, listenerSet);
  }

  /** A Gateway by name (defined elsewhere). */
  public static fromName(name: string, options: GatewayParentNameOptions = {}): GatewayParent {
    checkRefName(name, 'GatewayParent.fromName');
    return new GatewayParent('gateway.networking.k8s.io', 'Gateway', name, options.namespace, options, undefined);
  }

  /** A parent of any group and kind. */
  public static fromReference(ref: GatewayParentReference): GatewayParent {
    checkGroup(ref?.group, 'GatewayParent.fromReference');
    checkKind(ref.kind, 'GatewayParent.fromReference');
    checkRefName(ref.name, 'GatewayParent.fromReference');
    return new GatewayParent(ref.group, ref.kind, ref.name, ref.namespace, ref, undefined);
  }

  /** The API group of the parent. */
  public readonly group: string;
  /** The kind of the parent. */
  public readonly kind: string;
  /** The name of the parent. */
  public readonly name: string;
  /**
   * The listener name.
   * @default - all listeners
   */
  public readonly sectionName?: string;
  /**
   * The listener port.
   * @default - any port
   */
  public readonly port?: number;
  /** @internal */
  public readonly _construct?: Gateway | ListenerSet;
  private readonly givenNamespace?: string;

  private constructor(group: string, kind: string, name: string, namespace: string | undefined, options: GatewayParentOptions,
    construct: Gateway | ListenerSet | undefined) {
    const what = `GatewayParent ${JSON.stringify(name)}`;
    if (namespace !== undefined) checkNamespace(namespace, what);
    if (options.sectionName !== undefined) checkSectionName(options.sectionName, `${what}: sectionName`);
    if (options.port !== undefined) checkPort(options.port, what);
    // Whether sectionName names a listener of a construct parent is checked at synthesis (listeners can be added later).
    this.group = group;
    this.kind = kind;
    this.name = name;
    this.givenNamespace = namespace;
    this.sectionName = options.sectionName;
    this.port = options.port;
    this._construct = construct;
  }

  /**
   * The parent's namespace when given or known.
   * @default - the route's namespace
   */
  public get namespace(): string | undefined {
    return this._construct ? this._construct.namespace : this.givenNamespace;
  }

  /** A key for duplicate detection (same parent object). @internal */
  public get _key(): string {
    return `${this.group}/${this.kind}/${this.namespace ?? ''}/${this.name}`;
  }

  /** @internal */
  public _toKube(routeNamespace: string | undefined): any {
    const out: any = {};
    if (this.group !== 'gateway.networking.k8s.io') out.group = this.group;
    if (this.kind !== 'Gateway') out.kind = this.kind;
    if (this.kind === 'ListenerSet') out.group = this.group;
    out.name = this.name;
    const ns = this.namespace;
    if (ns !== undefined && ns !== routeNamespace) out.namespace = ns;
    if (this.sectionName !== undefined) out.sectionName = this.sectionName;
    if (this.port !== undefined) out.port = this.port;
    return out;
  }
}
