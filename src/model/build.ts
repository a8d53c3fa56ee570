import { EndpointResolver, EndpointSpec } from './endpoints';
import { buildGateways } from './gateway';
import { buildIngresses, routeConflicts } from './ingress';
import { sortRules } from './precedence';
import { buildRoutes, ROUTES_HTTP, ROUTES_HTTPS } from './route';
import { BackendModel, Entrypoint, RoutingModel, ServerModel, ServiceTarget } from './types';
import { scaleWeights } from './weights';
import { ObjectIndex } from '../validation/context';
import { Finding, FindingType, Severity } from '../validation/finding';
import { LoadedObject } from '../validation/manifests';

/** Inputs of a model build besides the manifests. */
export interface BuildOptions {
  /** Suffix of generated Route hosts. Default `apps.local`. */
  readonly routerDomain?: string;
  /** Where Services live for this run. */
  readonly endpoints?: EndpointSpec[];
  /** Only Gateways of these classes (CLI `--gateway-class`); empty or absent: all. */
  readonly gatewayClasses?: string[];
}

export interface BuildResult {
  readonly model: RoutingModel;
  /** Warnings found while building (routes not admitted, ...). */
  readonly findings: Finding[];
}

export const DEFAULT_ROUTER_DOMAIN = 'apps.local';

/**
 * Builds the routing model from manifests (any source: our constructs, other
 * tools, hand-written YAML). Objects are expected to have passed validation;
 * the build never throws on odd input, it skips what it cannot use.
 */
export function buildRoutingModel(objects: LoadedObject[], options: BuildOptions = {}): BuildResult {
  const index = new ObjectIndex(objects);
  const routerDomain = options.routerDomain ?? DEFAULT_ROUTER_DOMAIN;
  const findings: Finding[] = [];
  const resolver = new EndpointResolver(options.endpoints ?? [], index);

  const routes = index.ofKind('Route').filter((o) => o.group === 'route.openshift.io');
  const r = buildRoutes(routes, index, routerDomain);
  for (const rej of r.rejected) {
    findings.push({
      severity: Severity.WARNING,
      type: FindingType.CONFLICT,
      field: 'spec.host',
      rule: 'route.host.already-claimed',
      message: `${rej.reason}: ${rej.message}`,
      file: rej.route.source.file,
      line: rej.route.lineOf(undefined),
      apiVersion: rej.route.apiVersion,
      kind: rej.route.kind,
      namespace: rej.route.namespace,
      name: rej.route.name,
      constructPath: rej.route.source.constructPath,
    });
  }

  // Ingresses share the router's 80/443 entrypoints with Routes (as on OpenShift, where one router serves both).
  const ing = buildIngresses(index.ofKind('Ingress'), index);
  findings.push(...ing.findings, ...routeConflicts(ing.httpsRules, [...r.httpsRules, ...r.httpRules]));
  const hasIngress = ing.httpRules.length > 0 || ing.httpsRules.length > 0 || ing.passthrough.length > 0;

  const entrypoints: Entrypoint[] = [];
  if (routes.length > 0 || hasIngress) {
    // Nothing matched: the OpenShift router answers 503; with Ingresses only, nginx's default backend answers 404.
    const noMatchStatus = routes.length > 0 ? 503 : 404;
    entrypoints.push({
      id: ROUTES_HTTP, port: 80, protocol: 'HTTP', httpRules: sortRules([...r.httpRules, ...ing.httpRules]), passthrough: [], certificates: [], noMatchStatus,
    });
    entrypoints.push({
      id: ROUTES_HTTPS,
      port: 443,
      protocol: 'HTTPS',
      httpRules: sortRules([...r.httpsRules, ...ing.httpsRules]),
      passthrough: [...r.passthrough, ...ing.passthrough].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)),
      certificates: [...r.certificates, ...ing.certificates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      noMatchStatus,
    });
  }

  const gw = buildGateways(index, { gatewayClasses: options.gatewayClasses });
  findings.push(...gw.findings);
  for (const ep of gw.entrypoints) entrypoints.push({ ...ep, httpRules: sortRules(ep.httpRules) });

  const backends: BackendModel[] = [...r.backends, ...ing.backends, ...gw.backends].map((b) => {
    // A share answered by the proxy itself (invalid Gateway backendRef; with `emptyServiceStatus`, a
    // Service without endpoints): one pseudo-endpoint carrying the status.
    const pseudo = (s: ServiceTarget, status: number) => [{ id: `status:${status}:${s.namespace}:${s.name}:${s.port ?? ''}`, host: '', port: 0, status }];
    const resolved = b.services.map((s) => (s.status !== undefined ? [] : resolver.resolve(s.namespace, s.name, s.port)));
    const anyEndpoints = resolved.some((e) => e.length > 0) || b.services.some((s) => s.status !== undefined);
    const emptyStatus = 'emptyServiceStatus' in b ? b.emptyServiceStatus : undefined;
    const withEndpoints = b.services.map((s, i) => ({
      weight: s.weight,
      endpoints: s.status !== undefined ? pseudo(s, s.status)
        : resolved[i].length === 0 && emptyStatus !== undefined && anyEndpoints ? pseudo(s, emptyStatus)
          : resolved[i].map((e) => ({ ...e, status: undefined as number | undefined })),
    }));
    const scaled = scaleWeights(withEndpoints);
    const servers: ServerModel[] = [];
    const seen = new Set<string>();
    for (const sv of scaled.servers) {
      // Passthrough backends drop weight-0 servers; HTTP backends keep them for cookie-pinned clients.
      if (b.mode === 'tcp' && sv.weight === 0) continue;
      const svc = b.services[sv.serviceIndex];
      if (seen.has(sv.endpoint.id)) continue;
      seen.add(sv.endpoint.id);
      servers.push({
        id: sv.endpoint.id,
        address: sv.endpoint.host,
        port: sv.endpoint.port,
        weight: sv.weight,
        service: `${svc.namespace}/${svc.name}`,
        ...(sv.endpoint.status !== undefined ? { status: sv.endpoint.status } : {}),
        ...(svc.h2c ? { h2: true } : {}),
      });
    }
    return { ...b, servers, activeServices: scaled.activeServices };
  }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return { model: { entrypoints, backends }, findings };
}
