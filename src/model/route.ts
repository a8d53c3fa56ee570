import {
  BackendPolicies, CertificateModel, HeaderAction, HostMatchKind, HttpRule, ModelSource, ServiceTarget, SniRule,
} from './types';
import { ObjectIndex } from '../validation/context';
import { LoadedObject } from '../validation/manifests';
import { admitRoutes } from '../validation/route-admission';
import { parseRouteAnnotations } from '../validation/route-annotations';
import { secretValue } from '../validation/tls-secrets';

/** The two OpenShift router entrypoints. */
export const ROUTES_HTTP = 'routes-http';
export const ROUTES_HTTPS = 'routes-https';

/** What the Route family contributes to the model before endpoints are resolved. */
export interface RouteContribution {
  readonly httpRules: HttpRule[];
  readonly httpsRules: HttpRule[];
  readonly passthrough: SniRule[];
  readonly certificates: CertificateModel[];
  readonly backends: Array<{
    id: string;
    mode: 'http' | 'tcp';
    services: ServiceTarget[];
    policies: BackendPolicies;
    upstreamTls?: { caPem?: string; verifyHost?: string; sni?: string };
    source: ModelSource;
  }>;
  /** Routes not admitted (host claimed by an older route...), for reporting. */
  readonly rejected: Array<{ route: LoadedObject; reason: string; message: string }>;
}

function source(obj: LoadedObject, field: string): ModelSource {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.namespace ?? 'default',
    name: obj.name,
    field,
    file: obj.source.file,
    line: obj.source.line,
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Builds the Route part of the model, following the OpenShift router:
 * port 80 serves plain routes and edge/reencrypt with `Allow`, redirects with
 * `Redirect`, answers 503 with `None`; port 443 passes TLS through by SNI for
 * passthrough routes and terminates everything else.
 */
export function buildRoutes(routes: LoadedObject[], index: ObjectIndex, routerDomain: string): RouteContribution {
  const out: RouteContribution = { httpRules: [], httpsRules: [], passthrough: [], certificates: [], backends: [], rejected: [] };
  const { admitted, rejected } = admitRoutes(routes, routerDomain);
  out.rejected.push(...rejected);

  for (const { route, host } of admitted) {
    const spec = route.object.spec ?? {};
    const ns = route.namespace ?? 'default';
    const key = `${ns}:${route.name}`;
    const tls = spec.tls && typeof spec.tls === 'object' ? spec.tls : undefined;
    const termination: string = tls ? String(tls.termination ?? 'edge').toLowerCase() : 'none';
    const insecure: string = tls ? String(tls.insecureEdgeTerminationPolicy ?? 'None') : 'None';
    const wildcard = spec.wildcardPolicy === 'Subdomain';
    const ruleHost = wildcard ? `*.${host.slice(host.indexOf('.') + 1)}` : host;
    const hostMatch = wildcard ? HostMatchKind.WILDCARD_ONE_LABEL : HostMatchKind.EXACT;
    const path = str(spec.path) ?? '/';
    const created = str(route.object.metadata?.creationTimestamp) ?? '';
    const order = { created, key: `${ns}/${route.name}`, index: 0 };
    const prefix = termination === 'none' ? 'be_http' : termination === 'edge' ? 'be_edge_http'
      : termination === 'reencrypt' ? 'be_secure' : 'be_tcp';
    const backendId = `${prefix}:${key}`;
    const src = source(route, 'spec');
    const settings = parseRouteAnnotations(route.object.metadata?.annotations, tls ? termination : undefined);

    // Services: spec.to then alternateBackends, with the API default weight 100.
    const targetPort = spec.port?.targetPort;
    const port = typeof targetPort === 'number' || (typeof targetPort === 'string' && targetPort !== '') ? targetPort : undefined;
    const services: ServiceTarget[] = [];
    const addService = (b: any, field: string) => {
      if (!b || typeof b.name !== 'string') return;
      services.push({
        namespace: ns, name: b.name, port, weight: typeof b.weight === 'number' ? b.weight : 100, source: source(route, field),
      });
    };
    addService(spec.to, 'spec.to');
    (Array.isArray(spec.alternateBackends) ? spec.alternateBackends : []).forEach((b: any, i: number) => addService(b, `spec.alternateBackends[${i}]`));

    const secure = termination === 'edge' || termination === 'reencrypt';
    const headerActions = (list: any[] | undefined): HeaderAction[] => (Array.isArray(list) ? list : [])
      .filter((a) => a && typeof a.name === 'string')
      .map((a) => (a.action?.type === 'Delete'
        ? { type: 'delete' as const, name: a.name }
        : { type: 'set' as const, name: a.name, value: String(a.action?.set?.value ?? ''), dynamic: true }));
    const policies: BackendPolicies = {
      balance: settings.balance,
      cookie: termination === 'passthrough' || settings.disableCookies ? undefined : {
        name: settings.cookieName ?? cookieHash(key),
        secure: secure && insecure !== 'Allow',
        sameSite: secure && insecure !== 'Allow' ? settings.cookieSameSite ?? 'None' : undefined,
      },
      timeoutServerMs: termination === 'passthrough' ? undefined : settings.timeoutServerMs,
      timeoutTunnelMs: settings.timeoutTunnelMs ?? (termination === 'passthrough' ? settings.timeoutServerMs : undefined),
      healthCheckIntervalMs: settings.healthCheckIntervalMs,
      rateLimit: settings.rateLimit && termination === 'passthrough' ? { ...settings.rateLimit, rateHttp: undefined } : settings.rateLimit,
      allowlist: settings.allowlist,
      hsts: secure ? settings.hsts : undefined,
      forwardedHeaders: termination === 'passthrough' ? undefined : settings.forwardedHeaders ?? 'append',
      rewrite: settings.rewriteTarget !== undefined && termination !== 'passthrough' ? { path: str(spec.path) ?? '', target: settings.rewriteTarget } : undefined,
      maxConnPerServer: settings.podConcurrentConnections,
      requestHeaders: termination === 'passthrough' ? [] : headerActions(spec.httpHeaders?.actions?.request),
      responseHeaders: termination === 'passthrough' ? [] : headerActions(spec.httpHeaders?.actions?.response),
    };

    let upstreamTls: { caPem?: string; verifyHost?: string; sni?: string } | undefined;
    if (termination === 'reencrypt') {
      // With a destination CA the router verifies the chain only; without one it trusts the
      // service-serving CA and checks the name <service>.<namespace>.svc (locally: the development CA).
      const destCa = str(tls.destinationCACertificate);
      const svcHost = `${services[0]?.name ?? route.name}.${ns}.svc`;
      upstreamTls = destCa ? { caPem: destCa, sni: svcHost } : { verifyHost: svcHost, sni: svcHost };
    }
    out.backends.push({
      id: backendId, mode: termination === 'passthrough' ? 'tcp' : 'http', services, policies, upstreamTls, source: src,
    });

    const rule = (action: HttpRule['action']): HttpRule => ({
      host: ruleHost, hostMatch, path: { type: 'Prefix', value: path }, action, order, source: src,
    });
    // Port 80.
    if (termination === 'none' || (secure && insecure === 'Allow')) {
      out.httpRules.push(rule({ type: 'forward', backend: backendId }));
    } else if (insecure === 'Redirect') {
      out.httpRules.push(rule({ type: 'redirect-https', code: 302 }));
    } else {
      out.httpRules.push(rule({ type: 'status', code: 503 }));
    }
    // Port 443.
    if (secure) {
      out.httpsRules.push(rule({ type: 'forward', backend: backendId }));
      const certHosts = [ruleHost];
      const cert = str(tls.certificate);
      const keyPem = str(tls.key);
      const external = str(tls.externalCertificate?.name);
      if (cert && keyPem) {
        out.certificates.push({ id: key, hosts: certHosts, certificatePem: cert, keyPem, caPem: str(tls.caCertificate), source: source(route, 'spec.tls.certificate') });
      } else if (external) {
        const secret = index.get('Secret', ns, external);
        const c = secretValue(secret, 'tls.crt');
        const k = secretValue(secret, 'tls.key');
        out.certificates.push({ id: key, hosts: certHosts, certificatePem: c && k ? c : undefined, keyPem: c && k ? k : undefined, source: source(route, 'spec.tls.externalCertificate') });
      } else {
        // The router would use its default certificate; locally a development certificate for this host.
        out.certificates.push({ id: key, hosts: certHosts, source: source(route, 'spec.tls') });
      }
    } else if (termination === 'passthrough') {
      out.passthrough.push({ host: ruleHost, hostMatch, backend: backendId, source: src });
    }
  }
  return out;
}

/** The router's default cookie name: a 32-hex digest of the route key. */
function cookieHash(key: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('crypto').createHash('md5').update(key).digest('hex');
}
