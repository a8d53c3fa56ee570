import { isDns1123SubdomainWithLabels, parentDomain } from './hostname';
import { LoadedObject } from './manifests';
import { routeHasErrors } from './route';

/**
 * Host admission for OpenShift Routes, as the router's UniqueHost and
 * HostAdmitter plugins do it (openshift-router-haproxy.md §7): each route gets
 * its effective host; routes are ordered oldest first; the namespace of the
 * oldest route owns a host; inside it each host + path is served once; a
 * path-based TLS route cannot share a host with a passthrough route; a
 * wildcard route (`*.d`) and explicit hosts under `d` in other namespaces
 * block each other (oldest wins).
 *
 * Wildcard routes are admitted here as by a router that allows them; the
 * Route validator warns that default routers refuse them.
 *
 * Ordering: `metadata.creationTimestamp` (oldest first), then `metadata.uid`
 * when both routes have one (lower wins, as the router), then namespace and
 * name. A route **without** a timestamp counts as newer than every route that
 * has one (it has not been created yet); routes without timestamps are ordered
 * by namespace and name, so the result does not depend on input order.
 *
 * Cost: one sort and hash-map lookups, O(n log n).
 *
 * Internal: not part of the jsii API.
 */

/** The Route API group. */
export const ROUTE_GROUP = 'route.openshift.io';
/** Default suffix for generated hosts (CLI `--router-domain`). */
export const DEFAULT_ROUTER_DOMAIN = 'apps.local';

/** Why a route is not admitted (the router's condition reasons, plus `Invalid` for objects the API server rejects). */
export type RouteRejectionReason = 'HostAlreadyClaimed' | 'InvalidHost' | 'NoHostValue' | 'Invalid';

/** A route a router would serve, with the host it serves. */
export interface AdmittedRoute {
  readonly route: LoadedObject;
  /** The effective host, lower-cased (for wildcard routes: the route's own host; it serves `*.<parent>`). */
  readonly host: string;
  /** Whether the host was not written in `spec.host` (generated from name and namespace, or from `spec.subdomain`). */
  readonly generated: boolean;
}

/** A route a router would not serve. */
export interface RejectedRoute {
  readonly route: LoadedObject;
  readonly reason: string;
  readonly message: string;
}

/** Where an effective host comes from. */
export interface EffectiveHost {
  readonly host: string;
  readonly generated: boolean;
  readonly from: 'host' | 'subdomain' | 'generated';
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** `<name with "." replaced by "-">-<namespace>.<domain>`, lower-cased (namespace `default` when unset). */
export function generatedRouteHost(name: string, namespace: string | undefined, routerDomain: string): string {
  return `${name.replace(/\./g, '-')}-${namespace ?? 'default'}.${routerDomain}`.toLowerCase();
}

/**
 * The host a router serves a route under: `spec.host`; else
 * `<spec.subdomain>.<domain>`; else the generated host. Undefined when there
 * is none (wildcard route without host, or no name to generate from).
 */
export function effectiveRouteHost(route: LoadedObject, routerDomain: string): EffectiveHost | undefined {
  const spec = isObj(route.object.spec) ? route.object.spec : {};
  if (nonEmpty(spec.host)) return { host: spec.host.toLowerCase(), generated: false, from: 'host' };
  if (nonEmpty(spec.subdomain)) return { host: `${spec.subdomain}.${routerDomain}`.toLowerCase(), generated: true, from: 'subdomain' };
  if (spec.wildcardPolicy === 'Subdomain') return undefined;
  if (!route.name) return undefined;
  return { host: generatedRouteHost(route.name, route.namespace, routerDomain), generated: true, from: 'generated' };
}

interface Candidate {
  readonly route: LoadedObject;
  readonly index: number;
  readonly time?: number;
  readonly uid?: string;
  readonly ns: string;
  readonly name: string;
}

function compareAge(a: Candidate, b: Candidate): number {
  if (a.time !== undefined && b.time !== undefined) {
    if (a.time !== b.time) return a.time - b.time;
  } else if (a.time !== undefined) {
    return -1;
  } else if (b.time !== undefined) {
    return 1;
  }
  if (a.uid !== undefined && b.uid !== undefined && a.uid !== b.uid) return a.uid < b.uid ? -1 : 1;
  if (a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.index - b.index;
}

/** Orders routes oldest first (see the module comment). */
export function sortRoutesByAge(routes: LoadedObject[]): LoadedObject[] {
  return routes.map(candidate).sort(compareAge).map((c) => c.route);
}

function candidate(route: LoadedObject, index: number): Candidate {
  const meta = isObj(route.object.metadata) ? route.object.metadata : {};
  const ts = nonEmpty(meta.creationTimestamp) ? Date.parse(meta.creationTimestamp) : NaN;
  return {
    route,
    index,
    time: Number.isNaN(ts) ? undefined : ts,
    uid: nonEmpty(meta.uid) ? meta.uid : undefined,
    ns: route.namespace ?? 'default',
    name: route.name,
  };
}

/**
 * Decides which routes a router admits and under which host. Admitted routes
 * come oldest first; rejected ones carry the router's reason and message.
 */
export function admitRoutes(routes: LoadedObject[], routerDomain: string): { admitted: AdmittedRoute[]; rejected: RejectedRoute[] } {
  const admitted: AdmittedRoute[] = [];
  const rejected: RejectedRoute[] = [];
  const ordered = routes.map(candidate).sort(compareAge);

  /** claim key (host, or `*.d` for wildcard routes) → first namespace and route. */
  const hostOwner = new Map<string, { ns: string; key: string }>();
  /** claim key + path → route. */
  const pathClaims = new Map<string, string>();
  /** wildcard domain d → oldest wildcard route. */
  const wildcardOwner = new Map<string, { ns: string; key: string; host: string }>();
  /** domain d → namespaces that hold explicit hosts directly under d. */
  const explicitUnder = new Map<string, Map<string, { key: string; host: string }>>();
  /** claim key → a passthrough route / a path-based TLS route using it. */
  const passthroughOn = new Map<string, string>();
  const pathTlsOn = new Map<string, string>();

  for (const c of ordered) {
    const route = c.route;
    const key = `${c.ns}/${c.name}`;
    const reject = (reason: RouteRejectionReason, message: string) => rejected.push({ route, reason, message });
    if (routeHasErrors(route)) {
      reject('Invalid', 'the API server would reject this route');
      continue;
    }
    const eff = effectiveRouteHost(route, routerDomain);
    if (!eff) {
      reject('NoHostValue', 'no host value');
      continue;
    }
    const host = eff.host;
    if (!isDns1123SubdomainWithLabels(host)) {
      reject('InvalidHost', `host name validation errors: ${host} is not a DNS-1123 subdomain made of DNS-1123 labels`);
      continue;
    }
    const spec = route.object.spec;
    const wildcard = spec.wildcardPolicy === 'Subdomain';
    const domain = parentDomain(host);
    const claim = wildcard ? `*.${domain}` : host;
    const path = nonEmpty(spec.path) ? spec.path : '';
    const tls = isObj(spec.tls) ? spec.tls : undefined;
    const termination = tls && typeof tls.termination === 'string' ? tls.termination.toLowerCase() : undefined;
    const passthrough = termination === 'passthrough';
    const pathTls = (termination === 'edge' || termination === 'reencrypt') && path !== '';

    const owner = hostOwner.get(claim);
    if (owner && owner.ns !== c.ns) {
      reject('HostAlreadyClaimed', `a route in another namespace (${owner.key}) holds ${claim} and is older than ${key}`);
      continue;
    }
    if (wildcard) {
      const wo = wildcardOwner.get(domain);
      if (wo && wo.ns !== c.ns) {
        reject('HostAlreadyClaimed', `wildcard route ${wo.key} has host *.${domain} and is older than ${key}`);
        continue;
      }
      const ex = explicitUnder.get(domain);
      const other = ex ? [...ex.entries()].find(([ns]) => ns !== c.ns) : undefined;
      if (other) {
        reject('HostAlreadyClaimed', `route ${other[1].key} has host ${other[1].host} blocking wildcard *.${domain}; it is older than ${key}`);
        continue;
      }
    } else {
      const wo = wildcardOwner.get(domain);
      if (wo && wo.ns !== c.ns) {
        reject('HostAlreadyClaimed', `wildcard route ${wo.key} has host *.${domain} blocking ${host}; it is older than ${key}`);
        continue;
      }
    }
    const pathKey = `${claim}\u0000${path}`;
    const holder = pathClaims.get(pathKey);
    if (holder) {
      reject('HostAlreadyClaimed', `route ${holder} already exposes ${claim}${path} and is older than ${key}`);
      continue;
    }
    if (passthrough && pathTlsOn.has(claim)) {
      reject('HostAlreadyClaimed', `route ${pathTlsOn.get(claim)} uses ${claim} with a path and TLS; a passthrough route cannot share the host`);
      continue;
    }
    if (pathTls && passthroughOn.has(claim)) {
      reject('HostAlreadyClaimed', `passthrough route ${passthroughOn.get(claim)} holds ${claim} and is older; a TLS route with a path cannot share the host`);
      continue;
    }

    if (!owner) hostOwner.set(claim, { ns: c.ns, key });
    pathClaims.set(pathKey, key);
    if (wildcard) {
      if (!wildcardOwner.has(domain)) wildcardOwner.set(domain, { ns: c.ns, key, host });
    } else {
      let m = explicitUnder.get(domain);
      if (!m) explicitUnder.set(domain, (m = new Map()));
      if (!m.has(c.ns)) m.set(c.ns, { key, host });
    }
    if (passthrough && !passthroughOn.has(claim)) passthroughOn.set(claim, key);
    if (pathTls && !pathTlsOn.has(claim)) pathTlsOn.set(claim, key);
    admitted.push({ route, host, generated: eff.generated });
  }
  return { admitted, rejected };
}
