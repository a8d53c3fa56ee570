import { Construct } from 'constructs';
import { GatewayBackend } from './backend';
import { checkObjectName, show } from './checks';
import { checkFilterList, GRPC_FILTER_TYPES, HttpRouteFilter } from './http-route-filter';
import { GrpcRouteMatch } from './matches';
import { GatewayRouteBase, GatewayRouteBaseProps, PlacedBackend } from './route-base';

/** A rule of a GRPCRoute. */
export interface GrpcRouteRule {
  /**
   * A name for the rule (a DNS subdomain), unique in the route.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Conditions, any of which selects the rule (at most 64).
   * @default - every request
   */
  readonly matches?: GrpcRouteMatch[];
  /**
   * Filters (header modifiers, mirroring, extensions; at most 16).
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Backends sharing the traffic by weight (at most 16).
   * @default - none (requests fail)
   */
  readonly backends?: GatewayBackend[];
}

/** Properties of a `GrpcRoute`. */
export interface GrpcRouteProps extends GatewayRouteBaseProps {
  /**
   * Host names the route serves (at most 16).
   * @default - the hosts of the listeners it attaches to
   */
  readonly hostnames?: string[];
  /**
   * Rules (at most 16; more with `addRule`).
   * @default - none; add rules with `addRule()`
   */
  readonly rules?: GrpcRouteRule[];
}

/**
 * A GRPCRoute (`gateway.networking.k8s.io/v1`): gRPC requests matched by
 * service, method and headers, sent to weighted backends.
 */
export class GrpcRoute extends GatewayRouteBase {
  private readonly hostnameList: string[] = [];
  private readonly rules: GrpcRouteRule[] = [];

  constructor(scope: Construct, id: string, props: GrpcRouteProps = {}) {
    super(scope, id, 'GRPCRoute', props);
    for (const h of props.hostnames ?? []) this.addHostname(h);
    for (const r of props.rules ?? []) this.addRule(r);
  }

  /** The host names, in order. */
  public get hostnames(): string[] {
    return [...this.hostnameList];
  }

  /** Adds a host name (at most 16). */
  public addHostname(hostname: string): void {
    this.hostnameList.push(this._checkHostname(hostname, this.hostnameList, 16));
  }

  /** Adds a rule (at most 16 rules and 128 matches in total). */
  public addRule(rule: GrpcRouteRule): void {
    const index = this.rules.length;
    const what = `GRPCRoute ${this.node.path}: rules[${index}]`;
    if (!rule || typeof rule !== 'object') throw new Error(`${what}: expected a rule ({ matches?, filters?, backends?, name? })`);
    if (this.rules.length >= 16) throw new Error(`${what}: at most 16 rules are allowed in a GRPCRoute`);
    if (rule.name !== undefined) {
      checkObjectName(rule.name, `${what}: name`);
      if (this.rules.some((r) => r.name === rule.name)) throw new Error(`${what}: rule name ${show(rule.name)} is already used`);
    }
    const matches = rule.matches ?? [];
    for (const m of matches) if (!(m instanceof GrpcRouteMatch)) throw new Error(`${what}: matches must be GrpcRouteMatch objects (GrpcRouteMatch.method, .methodRegex or .headers)`);
    if (matches.length > 64) throw new Error(`${what}: at most 64 matches are allowed in a rule, got ${matches.length}`);
    const total = this.rules.reduce((n, r) => n + Math.max(1, r.matches?.length ?? 0), 0) + Math.max(1, matches.length);
    if (total > 128) throw new Error(`${what}: the route would have ${total} matches: at most 128 are allowed over all rules`);
    const filters = rule.filters ?? [];
    checkFilterList(filters, GRPC_FILTER_TYPES, `${what}: filters`);
    const backends = rule.backends ?? [];
    if (backends.length > 16) throw new Error(`${what}: at most 16 backends are allowed in a rule, got ${backends.length}`);
    backends.forEach((b, i) => {
      if (!(b instanceof GatewayBackend)) throw new Error(`${what}: backends[${i}] must be a GatewayBackend`);
      checkFilterList(b._filters, GRPC_FILTER_TYPES, `${what}: backends[${i}] (${b.name}) filters`);
    });
    backends.forEach((b, i) => {
      this._useBackend(b, `rules[${index}].backends[${i}]`);
      for (const f of b._filters) if (f._mirrorBackend) this._useBackend(f._mirrorBackend, `rules[${index}].backends[${i}] mirror`);
    });
    for (const f of filters) if (f._mirrorBackend) this._useBackend(f._mirrorBackend, `rules[${index}] mirror`);
    this.rules.push({ ...rule, matches: [...matches], filters: [...filters], backends: [...backends] });
  }

  /** @internal */
  protected _hostnames(): string[] {
    return [...this.hostnameList];
  }

  /** @internal */
  protected _backends(): PlacedBackend[] {
    const out: PlacedBackend[] = [];
    this.rules.forEach((r, i) => {
      (r.backends ?? []).forEach((b, j) => out.push({ backend: b, field: `spec.rules[${i}].backendRefs[${j}]` }));
      (r.filters ?? []).forEach((f, k) => { if (f._mirrorBackend) out.push({ backend: f._mirrorBackend, field: `spec.rules[${i}].filters[${k}].requestMirror.backendRef` }); });
    });
    return out;
  }

  /** @internal */
  protected _renderSpec(): any {
    const ns = this.namespace;
    const spec: any = {};
    const parents = this._renderParents();
    if (parents) spec.parentRefs = parents;
    if (this.hostnameList.length > 0) spec.hostnames = [...this.hostnameList];
    if (this.rules.length > 0) {
      spec.rules = this.rules.map((rule) => {
        const out: any = {};
        if (rule.name !== undefined) out.name = rule.name;
        if (rule.matches && rule.matches.length > 0) out.matches = rule.matches.map((m) => m._toKube());
        if (rule.filters && rule.filters.length > 0) out.filters = rule.filters.map((f) => f._toKube(ns));
        if (rule.backends && rule.backends.length > 0) out.backendRefs = rule.backends.map((b) => b._toKube(ns, true));
        return out;
      });
    }
    return spec;
  }
}
