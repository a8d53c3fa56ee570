import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayBackend } from './backend';
import { checkObjectName, show } from './checks';
import { checkFilterList, HttpRouteFilter } from './http-route-filter';
import { HttpRouteMatch } from './matches';
import { GatewayRouteBase, GatewayRouteBaseProps, PlacedBackend } from './route-base';

/** Timeouts of an HTTP rule (GEP-2257 durations; zero disables). */
export interface HttpRouteTimeouts {
  /**
   * How long the whole client request may take.
   * @default - implementation-specific
   */
  readonly request?: Duration;
  /**
   * How long one request from the gateway to a backend may take (at most `request`).
   * @default - implementation-specific
   */
  readonly backendRequest?: Duration;
}

/** A rule of an HTTPRoute: which requests (matches), what to do (filters) and where to send them (backends). */
export interface HttpRouteRule {
  /**
   * A name for the rule (a DNS subdomain), unique in the route.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Conditions, any of which selects the rule (at most 64).
   * @default - every request (the API default: PathPrefix `/`)
   */
  readonly matches?: HttpRouteMatch[];
  /**
   * Filters applied in order (at most 16).
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Backends sharing the traffic by weight (at most 16). Not with a redirect.
   * @default - none (a redirect answers, otherwise requests get HTTP 500)
   */
  readonly backends?: GatewayBackend[];
  /**
   * Timeouts.
   * @default - implementation-specific
   */
  readonly timeouts?: HttpRouteTimeouts;
}

/** Properties of an `HttpRoute`. */
export interface HttpRouteProps extends GatewayRouteBaseProps {
  /**
   * Host names the route serves (at most 16; a leading `*.` matches subdomains).
   * @default - the hosts of the listeners it attaches to
   */
  readonly hostnames?: string[];
  /**
   * Rules (at most 16; more with `addRule`).
   * @default - none; add rules with `addRule()` (without rules the API server stores one rule with no backends)
   */
  readonly rules?: HttpRouteRule[];
}

/** Renders a duration in the GEP-2257 format (`1h30m`, `500ms`, `0s`). @internal */
export function gatewayDuration(d: Duration, what: string): string {
  const ms = d.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms)) throw new Error(`${what}: must be a whole, non-negative number of milliseconds, got ${ms}ms`);
  if (ms === 0) return '0s';
  let rest = ms;
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (parts.some((p) => parseInt(p, 10) > 99999)) throw new Error(`${what}: ${ms}ms is too long for a Gateway API duration (at most 99999h)`);
  return parts.join('');
}

interface RuleState {
  readonly rule: HttpRouteRule;
  readonly timeouts?: { request?: string; backendRequest?: string };
}

/**
 * An HTTPRoute (`gateway.networking.k8s.io/v1`): HTTP requests matched by host,
 * path, headers, query parameters and method, filtered (headers, redirects,
 * rewrites, mirroring, CORS) and sent to weighted backends.
 */
export class HttpRoute extends GatewayRouteBase {
  private readonly hostnameList: string[] = [];
  private readonly rules: RuleState[] = [];

  constructor(scope: Construct, id: string, props: HttpRouteProps = {}) {
    super(scope, id, 'HTTPRoute', props);
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
  public addRule(rule: HttpRouteRule): void {
    const index = this.rules.length;
    const what = `HTTPRoute ${this.node.path}: rules[${index}]`;
    if (!rule || typeof rule !== 'object') throw new Error(`${what}: expected a rule ({ matches?, filters?, backends?, timeouts?, name? })`);
    if (this.rules.length >= 16) throw new Error(`${what}: at most 16 rules are allowed in an HTTPRoute`);
    if (rule.name !== undefined) {
      checkObjectName(rule.name, `${what}: name`);
      if (this.rules.some((r) => r.rule.name === rule.name)) throw new Error(`${what}: rule name ${show(rule.name)} is already used`);
    }
    const matches = rule.matches ?? [];
    for (const m of matches) if (!(m instanceof HttpRouteMatch)) throw new Error(`${what}: matches must be HttpRouteMatch objects (HttpRouteMatch.pathPrefix, .exact, .regex or .anyPath)`);
    if (matches.length > 64) throw new Error(`${what}: at most 64 matches are allowed in a rule, got ${matches.length}`);
    const total = this.rules.reduce((n, r) => n + Math.max(1, r.rule.matches?.length ?? 0), 0) + Math.max(1, matches.length);
    if (total > 128) throw new Error(`${what}: the route would have ${total} matches: at most 128 are allowed over all rules (a rule without matches counts 1)`);
    const filters = rule.filters ?? [];
    checkFilterList(filters, undefined, `${what}: filters`);
    const backends = rule.backends ?? [];
    if (backends.length > 16) throw new Error(`${what}: at most 16 backends are allowed in a rule, got ${backends.length}`);
    if (filters.some((f) => f.type === 'RequestRedirect') && backends.length > 0) {
      throw new Error(`${what}: a rule with a RequestRedirect filter cannot have backends (the redirect answers the request); got ${backends.length}`);
    }
    const prefixOnly = () => matches.length === 1 && matches[0].pathType === 'PathPrefix';
    const needsPrefix = (list: HttpRouteFilter[]) => list.some((f) => f._pathModifier?.type === 'ReplacePrefixMatch');
    if (needsPrefix(filters) && !prefixOnly()) {
      throw new Error(`${what}: ReplacePrefixMatch needs exactly one match, a PathPrefix (HttpRouteMatch.pathPrefix), got ${matches.length === 0 ? 'no matches' : matches.map((m) => m.pathType ?? 'anyPath').join(', ')}`);
    }
    backends.forEach((b, i) => {
      if (!(b instanceof GatewayBackend)) throw new Error(`${what}: backends[${i}] must be a GatewayBackend`);
      checkFilterList(b._filters, undefined, `${what}: backends[${i}] (${b.name}) filters`);
      if (needsPrefix(b._filters) && !prefixOnly()) throw new Error(`${what}: backends[${i}] (${b.name}): ReplacePrefixMatch needs the rule to have exactly one match, a PathPrefix`);
    });
    let timeouts: RuleState['timeouts'];
    if (rule.timeouts) {
      const t = rule.timeouts;
      timeouts = {};
      if (t.request !== undefined) timeouts.request = gatewayDuration(t.request, `${what}: timeouts.request`);
      if (t.backendRequest !== undefined) timeouts.backendRequest = gatewayDuration(t.backendRequest, `${what}: timeouts.backendRequest`);
      if (t.request !== undefined && t.backendRequest !== undefined) {
        const req = t.request.toMilliseconds({ integral: false });
        const back = t.backendRequest.toMilliseconds({ integral: false });
        if (req !== 0 && back > req) throw new Error(`${what}: timeouts.backendRequest (${timeouts.backendRequest}) must not be longer than timeouts.request (${timeouts.request})`);
      }
    }
    // Register backends (and mirror targets) only once the whole rule is accepted.
    backends.forEach((b, i) => {
      this._useBackend(b, `rules[${index}].backends[${i}]`);
      for (const f of b._filters) if (f._mirrorBackend) this._useBackend(f._mirrorBackend, `rules[${index}].backends[${i}] mirror`);
    });
    for (const f of filters) if (f._mirrorBackend) this._useBackend(f._mirrorBackend, `rules[${index}] mirror`);
    this.rules.push({ rule: { ...rule, matches: [...matches], filters: [...filters], backends: [...backends] }, timeouts });
  }

  /** @internal */
  protected _hostnames(): string[] {
    return [...this.hostnameList];
  }

  /** @internal */
  protected _backends(): PlacedBackend[] {
    const out: PlacedBackend[] = [];
    this.rules.forEach((r, i) => {
      (r.rule.backends ?? []).forEach((b, j) => {
        out.push({ backend: b, field: `spec.rules[${i}].backendRefs[${j}]` });
        b._filters.forEach((f, k) => { if (f._mirrorBackend) out.push({ backend: f._mirrorBackend, field: `spec.rules[${i}].backendRefs[${j}].filters[${k}].requestMirror.backendRef` }); });
      });
      (r.rule.filters ?? []).forEach((f, k) => { if (f._mirrorBackend) out.push({ backend: f._mirrorBackend, field: `spec.rules[${i}].filters[${k}].requestMirror.backendRef` }); });
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
      spec.rules = this.rules.map(({ rule, timeouts }) => {
        const out: any = {};
        if (rule.name !== undefined) out.name = rule.name;
        if (rule.matches && rule.matches.length > 0) out.matches = rule.matches.map((m) => m._toKube());
        if (rule.filters && rule.filters.length > 0) out.filters = rule.filters.map((f) => f._toKube(ns));
        if (rule.backends && rule.backends.length > 0) out.backendRefs = rule.backends.map((b) => b._toKube(ns, true));
        if (timeouts && Object.keys(timeouts).length > 0) out.timeouts = { ...timeouts };
        return out;
      });
    }
    return spec;
  }
}
