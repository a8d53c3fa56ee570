import { Construct } from 'constructs';
import { GatewayBackend } from './backend';
import { checkObjectName } from './checks';
import { GatewayRouteBase, GatewayRouteBaseProps, PlacedBackend } from './route-base';

/** Properties of a route with one rule of backends (TCPRoute, UDPRoute). */
export interface L4RouteProps extends GatewayRouteBaseProps {
  /**
   * Backends sharing the connections by weight (1-16; more with `addBackend`).
   * @default - none; add at least one with `addBackend()`
   */
  readonly backends?: GatewayBackend[];
  /**
   * A name for the route's one rule (a DNS subdomain).
   * @default - unnamed
   */
  readonly ruleName?: string;
}

/** Properties of a `TlsRoute`. */
export interface TlsRouteProps extends L4RouteProps {
  /**
   * SNI host names the route serves (1-1024; more with `addHostname`; a leading `*.` matches subdomains).
   * @default - none; add at least one with `addHostname()`
   */
  readonly hostnames?: string[];
}

/** What TLSRoute, TCPRoute and UDPRoute share: one rule with 1-16 backends. */
export abstract class L4RouteBase extends GatewayRouteBase {
  private readonly backendList: GatewayBackend[] = [];
  private readonly ruleName?: string;

  protected constructor(scope: Construct, id: string, kind: string, props: L4RouteProps) {
    super(scope, id, kind, props);
    if (props.ruleName !== undefined) this.ruleName = checkObjectName(props.ruleName, `${kind} ${this.node.path}: ruleName`);
    for (const b of props.backends ?? []) this.addBackend(b);
  }

  /** The backends, in order. */
  public get backends(): GatewayBackend[] {
    return [...this.backendList];
  }

  /** Adds a backend (at most 16; no filters). */
  public addBackend(backend: GatewayBackend): void {
    const what = `${this.kind} ${this.node.path}: backends[${this.backendList.length}]`;
    if (!(backend instanceof GatewayBackend)) throw new Error(`${what}: expected a GatewayBackend (GatewayBackend.fromService, .fromName or .fromReference)`);
    if (this.backendList.length >= 16) throw new Error(`${what}: at most 16 backends are allowed`);
    if (backend._filters.length > 0) throw new Error(`${what}: backend ${JSON.stringify(backend.name)} has filters, which ${this.kind} does not support`);
    this._useBackend(backend, `backends[${this.backendList.length}]`);
    this.backendList.push(backend);
  }

  /** @internal */
  protected _backends(): PlacedBackend[] {
    return this.backendList.map((b, j) => ({ backend: b, field: `spec.rules[0].backendRefs[${j}]` }));
  }

  /** @internal */
  protected _extraProblems(): string[] {
    return this.backendList.length === 0 ? ['spec.rules[0].backendRefs: at least one backend is required (addBackend) [gateway.construct.backends-required]'] : [];
  }

  /** The `spec` without hostnames. @internal */
  protected _renderL4Spec(): any {
    const ns = this.namespace;
    const spec: any = {};
    const parents = this._renderParents();
    if (parents) spec.parentRefs = parents;
    const rule: any = {};
    if (this.ruleName !== undefined) rule.name = this.ruleName;
    rule.backendRefs = this.backendList.map((b) => b._toKube(ns, false));
    spec.rules = [rule];
    return spec;
  }
}

/** A TLSRoute (`gateway.networking.k8s.io/v1`): TLS connections chosen by SNI host name, sent to backends. */
export class TlsRoute extends L4RouteBase {
  private readonly hostnameList: string[] = [];

  constructor(scope: Construct, id: string, props: TlsRouteProps = {}) {
    super(scope, id, 'TLSRoute', props);
    for (const h of props.hostnames ?? []) this.addHostname(h);
  }

  /** The SNI host names, in order. */
  public get hostnames(): string[] {
    return [...this.hostnameList];
  }

  /** Adds an SNI host name (at most 1024). */
  public addHostname(hostname: string): void {
    this.hostnameList.push(this._checkHostname(hostname, this.hostnameList, 1024));
  }

  /** @internal */
  protected _hostnames(): string[] {
    return [...this.hostnameList];
  }

  /** @internal */
  protected _extraProblems(): string[] {
    const out = super._extraProblems();
    if (this.hostnameList.length === 0) out.unshift('spec.hostnames: a TLSRoute needs at least one host name (addHostname) [gateway.construct.hostnames-required]');
    return out;
  }

  /** @internal */
  protected _renderSpec(): any {
    const spec = this._renderL4Spec();
    const out: any = {};
    if (spec.parentRefs) out.parentRefs = spec.parentRefs;
    out.hostnames = [...this.hostnameList];
    out.rules = spec.rules;
    return out;
  }
}

/** A TCPRoute (`gateway.networking.k8s.io/v1`): TCP connections of a listener sent to backends. */
export class TcpRoute extends L4RouteBase {
  constructor(scope: Construct, id: string, props: L4RouteProps = {}) {
    super(scope, id, 'TCPRoute', props);
  }

  /** @internal */
  protected _renderSpec(): any {
    return this._renderL4Spec();
  }
}

/** A UDPRoute (`gateway.networking.k8s.io/v1`): UDP datagrams of a listener sent to backends. */
export class UdpRoute extends L4RouteBase {
  constructor(scope: Construct, id: string, props: L4RouteProps = {}) {
    super(scope, id, 'UDPRoute', props);
  }

  /** @internal */
  protected _renderSpec(): any {
    return this._renderL4Spec();
  }
}
