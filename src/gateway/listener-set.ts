import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkNamespace, checkObjectName, show } from './checks';
import { Gateway } from './gateway';
import { addListenerTo, GatewayListener, ListenerState } from './listener';
import { namespaceLabels } from './namespaces';
import { requireReferenceGrant } from './reference-grant';
import { AllowedNamespaces } from './references';
import { validateManifests } from '../validation/validate';

/** Properties of a `ListenerSet`. */
export interface ListenerSetProps {
  /**
   * Metadata of the ListenerSet object.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The Gateway construct the listeners are added to. Give this or `gatewayName`.
   * The Gateway must allow ListenerSets from this namespace (`allowedListeners`).
   * @default - use `gatewayName`
   */
  readonly gateway?: Gateway;
  /**
   * The name of the Gateway (defined elsewhere). Give this or `gateway`.
   * @default - use `gateway`
   */
  readonly gatewayName?: string;
  /**
   * The namespace of the Gateway named by `gatewayName`.
   * @default - the ListenerSet's namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * Listeners (1-64; more with `addListener`).
   * @default - none; add at least one with `addListener()`
   */
  readonly listeners?: GatewayListener[];
  /**
   * Whether certificate Secrets in other namespaces get the ReferenceGrant they need.
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
 * A ListenerSet (`gateway.networking.k8s.io/v1`): listeners added to a Gateway
 * from another object (often another team's namespace). Routes attach to it as
 * to a Gateway.
 */
export class ListenerSet extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the ListenerSet object. */
  public readonly name: string;
  /**
   * The parent Gateway construct.
   * @default - the Gateway is given by name
   */
  public readonly gateway?: Gateway;

  private readonly props: ListenerSetProps;
  private readonly listenerStates: ListenerState[] = [];

  constructor(scope: Construct, id: string, props: ListenerSetProps) {
    super(scope, id);
    const what = `ListenerSet ${this.node.path}`;
    if (!props || (props.gateway === undefined) === (props.gatewayName === undefined)) {
      throw new Error(`${what}: give exactly one of gateway (a Gateway construct) or gatewayName`);
    }
    if (props.gateway !== undefined && !(props.gateway instanceof Gateway)) throw new Error(`${what}: gateway must be a Gateway construct`);
    if (props.gatewayName !== undefined) checkObjectName(props.gatewayName, `${what}: gatewayName`);
    if (props.gatewayNamespace !== undefined) {
      if (props.gateway !== undefined) throw new Error(`${what}: gatewayNamespace is only for gatewayName (a Gateway construct has its own namespace)`);
      checkNamespace(props.gatewayNamespace, `${what}: gatewayNamespace`);
    }
    this.props = props;
    this.gateway = props.gateway;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.name = this.apiObject.name;
    for (const l of props.listeners ?? []) this.addListener(l);
    this.node.addValidation({ validate: () => this.validateListenerSet() });
  }

  /** The namespace of the ListenerSet. */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /** Adds a listener (at most 64; names unique; port, protocol and hostname distinct). */
  public addListener(listener: GatewayListener): void {
    const l = addListenerTo(this.listenerStates, listener, `ListenerSet ${this.node.path}`);
    for (const c of l.tls?.certificates ?? []) {
      const own = this.namespace;
      const other = c.secretNamespace;
      if (other === undefined || other === own || this.props.generateReferenceGrants === false) continue;
      if (own === undefined) {
        throw new Error(`ListenerSet ${this.node.path}: certificate Secret ${show(c.secretName)} is in namespace ${show(other)} but the ListenerSet's namespace is not set: set it, or generateReferenceGrants: false`);
      }
      requireReferenceGrant(this, own, 'ListenerSet', other, { group: '', kind: 'Secret', name: c.secretName });
    }
  }

  /** @internal */
  public _listeners(): ListenerState[] {
    return [...this.listenerStates];
  }

  private renderSpec(): any {
    const ns = this.namespace;
    const parentRef: any = { group: 'gateway.networking.k8s.io', kind: 'Gateway' };
    if (this.gateway) {
      parentRef.name = this.gateway.name;
      const gwNs = this.gateway.namespace;
      if (gwNs !== undefined && gwNs !== ns) parentRef.namespace = gwNs;
    } else {
      parentRef.name = this.props.gatewayName;
      if (this.props.gatewayNamespace !== undefined && this.props.gatewayNamespace !== ns) parentRef.namespace = this.props.gatewayNamespace;
    }
    return { parentRef, listeners: this.listenerStates.map((l) => l.toKube(ns)) };
  }

  private validateListenerSet(): string[] {
    const messages: string[] = [];
    if (this.listenerStates.length === 0) messages.push('spec.listeners: at least one listener is required (addListener) [gateway.construct.listeners-required]');
    if (this.gateway) {
      const allowed = this.gateway._allowedListeners() ?? AllowedNamespaces.none();
      const ns = this.namespace;
      const gwNs = this.gateway.namespace;
      const labels = ns !== undefined ? namespaceLabels(this, ns) : undefined;
      if (allowed._admits(ns, gwNs, labels) === false) {
        messages.push(`spec.parentRef: ListenerSet ${this.node.path} (namespace ${show(ns ?? 'default')}) cannot attach to Gateway ${this.gateway.node.path} (namespace ${show(gwNs ?? 'default')}): its allowedListeners allow ${allowed._describe()} (set allowedListeners on the Gateway) [gateway.construct.listener-set-not-allowed]`);
      }
    }
    const report = validateManifests([this.apiObject.toJson()]);
    const findings = this.props.failOnWarnings ? [...report.errors, ...report.warnings] : report.errors;
    for (const f of findings) messages.push(`${f.field}: ${f.message} [${f.rule}]`);
    return messages;
  }
}
