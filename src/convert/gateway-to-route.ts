/**
 * Gateway API → OpenShift Routes, where a Route can say the same thing.
 *
 * Each HTTPRoute is served on the listeners it attaches to; for every
 * (hostname, rule, match) one Route: the hostname as `spec.host`, PathPrefix
 * as `spec.path`, up to four backendRefs as `to` + `alternateBackends` with
 * their weights scaled to the Route range 0–256 (ratios kept within rounding),
 * request/response header set/remove as `spec.httpHeaders`, rule timeouts as
 * the router timeout annotation. An HTTPS listener makes the Route `edge`
 * (certificate inline when the Secret is in the input, else
 * `externalCertificate`); a BackendTLSPolicy on the Service makes it
 * `reencrypt`; attached to HTTP as well → `Allow`; an HTTP-listener rule that
 * only redirects to https → `Redirect`. TLSRoutes become passthrough Routes.
 * Exact paths are carried as prefixes (lossy); header, query and method
 * matches, regex paths, other redirects and rewrites are not expressible.
 *
 * Internal: not part of the jsii API.
 */
import {
  ConvertResult, isObj, KubeManifest, nonEmpty, Notices, objectName, slug,
} from './common';
import { ObjectIndex } from '../validation/context';
import { FieldPath } from '../validation/field-path';
import { GatewayIndex } from '../validation/gateway-attachment';
import { LoadedObject } from '../validation/manifests';
import { tlsSecretPem } from '../validation/tls-secrets';

const SPEC = FieldPath.root('spec');
const ROUTE_V1 = 'route.openshift.io/v1';
const MAX_BACKENDS = 4;

export interface Listener {
  readonly gateway: LoadedObject;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  /** The hostnames the route gets on this listener (route ∩ listener); `[]` = any host. */
  readonly hostnames: string[];
  readonly certificateRefs: Array<{ name: string; namespace?: string }>;
}

/**
 * The listeners a route attaches to, by the attachment rules `validate` and the renderer use
 * (parentRef defaults, sectionName, port, allowedRoutes, hostname intersection), of the given protocols.
 */
export function attachedListeners(gateways: GatewayIndex, route: LoadedObject, protocols: string[]): Listener[] {
  const out: Listener[] = [];
  for (const parent of gateways.attach(route)) {
    for (const { listener: l, hostnames } of parent.listeners) {
      if (!protocols.includes(l.protocol)) continue;
      if (out.some((x) => x.gateway === l.gateway && x.name === l.name)) continue;
      out.push({
        gateway: l.gateway,
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        hostname: l.hostname,
        hostnames,
        certificateRefs: (Array.isArray(l.spec.tls?.certificateRefs) ? l.spec.tls.certificateRefs : []).filter(isObj)
          .map((c: any) => ({ name: String(c.name), namespace: c.namespace })),
      });
    }
  }
  return out;
}

/** Scales weights (sum > 0) to integers in 0–256 keeping ratios; a positive weight stays ≥ 1. */
export function scaleToRouteWeights(weights: number[]): number[] {
  const max = Math.max(...weights);
  if (max <= 256) return weights;
  return weights.map((w) => (w === 0 ? 0 : Math.max(1, Math.round((w * 256) / max))));
}

function servicePortForRoute(index: ObjectIndex, ns: string, name: string, port: number | undefined): string | number | undefined {
  const svc = index.get('Service', ns, name);
  const ports: any[] = svc && Array.isArray(svc.object.spec?.ports) ? svc.object.spec.ports.filter(isObj) : [];
  const p = ports.find((x) => x.port === port);
  if (p && nonEmpty(p.name)) return p.name;
  if (p && p.targetPort !== undefined) return p.targetPort;
  return port;
}

interface HostListeners { http: boolean; redirect: boolean; https?: Listener }

export function convertGatewayToRoutes(objects: LoadedObject[]): ConvertResult {
  const index = new ObjectIndex(objects);
  const gateways = new GatewayIndex(index);
  const notices = new Notices();
  const out: KubeManifest[] = [];

  // BackendTLSPolicy by target Service.
  const backendTls = new Map<string, LoadedObject>();
  for (const p of index.ofKind('BackendTLSPolicy')) {
    for (const t of Array.isArray(p.object.spec?.targetRefs) ? p.object.spec.targetRefs : []) {
      if (isObj(t) && (t.kind ?? 'Service') === 'Service') backendTls.set(`${p.namespace ?? 'default'}/${t.name}`, p);
    }
  }
  // Hosts whose HTTP listener only redirects to https (the Redirect policy).
  const redirectHosts = new Set<string>();
  const redirectRoutes = new Set<LoadedObject>();
  for (const r of index.ofKind('HTTPRoute')) {
    const rules: any[] = Array.isArray(r.object.spec?.rules) ? r.object.spec.rules : [];
    const onlyHttpsRedirect = rules.length > 0 && rules.every((rule) => isObj(rule)
      && (!Array.isArray(rule.backendRefs) || rule.backendRefs.length === 0)
      && Array.isArray(rule.filters) && rule.filters.length === 1 && rule.filters[0].type === 'RequestRedirect'
      && rule.filters[0].requestRedirect?.scheme === 'https' && Object.keys(rule.filters[0].requestRedirect).every((k) => ['scheme', 'statusCode'].includes(k)));
    if (!onlyHttpsRedirect) continue;
    const listeners = attachedListeners(gateways, r, ['HTTP']);
    for (const l of listeners) for (const h of l.hostnames) redirectHosts.add(h);
    if (listeners.length > 0) redirectRoutes.add(r);
  }

  for (const r of index.ofKind('HTTPRoute')) {
    if (redirectRoutes.has(r)) continue;
    const ns = r.namespace ?? 'default';
    const listeners = attachedListeners(gateways, r, ['HTTP', 'HTTPS']);
    if (listeners.length === 0) {
      notices.error(r, SPEC.child('parentRefs'), 'no Gateway listener in the input serves this route; a Route needs the listener to know its TLS');
      continue;
    }
    // host → { http?, https listener }
    const hosts = new Map<string, HostListeners>();
    for (const l of listeners) {
      for (const h of l.hostnames) {
        const e = hosts.get(h) ?? { http: false, redirect: redirectHosts.has(h) };
        if (l.protocol === 'HTTP') e.http = true;
        else e.https = e.https ?? l;
        hosts.set(h, e);
      }
    }
    if (hosts.has('')) {
      notices.error(r, SPEC.child('hostnames'), 'neither the route nor its listener names a hostname; a Route needs a host');
      hosts.delete('');
    }
    const rules: any[] = Array.isArray(r.object.spec?.rules) ? r.object.spec.rules : [];
    const many = hosts.size * rules.reduce((n, rule) => n + Math.max(1, Array.isArray(rule?.matches) ? rule.matches.length : 1), 0) > 1;
    for (const [host, where] of [...hosts].sort(([a], [b]) => a.localeCompare(b))) {
      if (host.startsWith('*.')) notices.warn(r, SPEC.child('hostnames'), `${host} becomes a wildcard Route (wildcardPolicy Subdomain), which matches exactly one label in front of ${host.slice(2)}; Gateway API matched one or more`);
      rules.forEach((rule: any, ri: number) => {
        if (!isObj(rule)) return;
        const rf = SPEC.child('rules').index(ri);
        const matches: any[] = Array.isArray(rule.matches) && rule.matches.length > 0 ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
        matches.forEach((m: any, mi: number) => {
          const mf = rf.child('matches').index(mi);
          const route = routeFor(r, rule, rf, m, mf, host, where, index, notices, backendTls);
          if (!route) return;
          route.metadata.name = many ? objectName(r.name, String(ri), String(mi), slug(host)) : r.name;
          route.metadata.namespace = ns;
          out.push(route);
        });
      });
    }
  }

  for (const r of index.ofKind('TLSRoute')) {
    const ns = r.namespace ?? 'default';
    const listeners = attachedListeners(gateways, r, ['TLS']);
    const hosts = new Set<string>();
    for (const l of listeners) for (const h of l.hostnames) if (h) hosts.add(h);
    if (hosts.size === 0) {
      notices.error(r, SPEC.child('hostnames'), 'no hostname on a TLS listener in the input; a passthrough Route needs a host');
      continue;
    }
    const rules: any[] = Array.isArray(r.object.spec?.rules) ? r.object.spec.rules : [];
    const refs: any[] = rules.flatMap((x: any) => (Array.isArray(x?.backendRefs) ? x.backendRefs : []));
    const backends = toBackends(r, refs, SPEC.child('rules').index(0).child('backendRefs'), index, notices);
    if (!backends) continue;
    for (const host of [...hosts].sort()) {
      out.push({
        apiVersion: ROUTE_V1,
        kind: 'Route',
        metadata: { name: hosts.size > 1 ? objectName(r.name, slug(host)) : r.name, namespace: ns },
        spec: wildcard(host, { ...backends, tls: { termination: 'passthrough' } }),
      });
    }
  }
  for (const kind of ['GRPCRoute', 'TCPRoute', 'UDPRoute']) {
    for (const r of index.ofKind(kind)) notices.error(r, SPEC, `${kind} has no OpenShift Route equivalent`);
  }
  return { objects: out, notices: notices.list };
}

function wildcard(host: string, spec: any): any {
  if (host.startsWith('*.')) return { host: `wildcard${host.slice(1)}`, wildcardPolicy: 'Subdomain', ...spec };
  return { host, ...spec };
}

function toBackends(
  r: LoadedObject, refs: any[], field: FieldPath, index: ObjectIndex, notices: Notices,
): { to: any; alternateBackends?: any[]; port?: any } | undefined {
  const ns = r.namespace ?? 'default';
  const services = refs.filter((b) => isObj(b) && (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '' && (b.namespace ?? ns) === ns);
  if (services.length < refs.length) notices.error(r, field, 'backendRefs to other kinds or namespaces have no Route equivalent (a Route sends traffic to Services of its own namespace); left out');
  if (services.length === 0) {
    notices.error(r, field, 'no backend to convert');
    return undefined;
  }
  if (services.length > MAX_BACKENDS) {
    notices.error(r, field, `${services.length} backends: a Route has at most ${MAX_BACKENDS} (to + 3 alternateBackends); the first ${MAX_BACKENDS} are kept`);
  }
  const kept = services.slice(0, MAX_BACKENDS);
  const weights = scaleToRouteWeights(kept.map((b) => (typeof b.weight === 'number' ? b.weight : 1)));
  const ports = new Set(kept.map((b) => b.port));
  const first = kept[0];
  const port = servicePortForRoute(index, ns, first.name, first.port);
  if (ports.size > 1) notices.warn(r, field, 'backends use different ports; a Route has one target port for all of them (the first one\'s is used)');
  const target = (b: any, i: number) => ({ kind: 'Service', name: String(b.name), weight: weights[i] });
  const spec: any = { to: target(first, 0) };
  if (kept.length > 1) spec.alternateBackends = kept.slice(1).map((b, i) => target(b, i + 1));
  if (port !== undefined) spec.port = { targetPort: port };
  return spec;
}

function routeFor(
  r: LoadedObject, rule: any, rf: FieldPath, m: any, mf: FieldPath, host: string,
  where: HostListeners, index: ObjectIndex, notices: Notices, backendTls: Map<string, LoadedObject>,
): KubeManifest | undefined {
  const ns = r.namespace ?? 'default';
  const hasHeaders = Array.isArray(m.headers) && m.headers.length > 0;
  if (hasHeaders || (Array.isArray(m.queryParams) && m.queryParams.length > 0) || m.method) {
    notices.error(r, mf, 'header, query parameter and method matches have no Route equivalent; this match is not converted');
    return undefined;
  }
  const path = isObj(m.path) ? m.path : { type: 'PathPrefix', value: '/' };
  if (path.type === 'RegularExpression') {
    notices.error(r, mf.child('path'), 'regular-expression paths have no Route equivalent; this match is not converted');
    return undefined;
  }
  if (path.type === 'Exact') notices.warn(r, mf.child('path'), `exact path ${JSON.stringify(path.value)} becomes a Route path, which also matches paths below it`);

  const spec: any = {};
  const annotations: Record<string, string> = {};
  const filters: any[] = Array.isArray(rule.filters) ? rule.filters : [];
  const headerActions: any = {};
  filters.forEach((f: any, fi: number) => {
    const ff = rf.child('filters').index(fi);
    if (!isObj(f)) return;
    if (f.type === 'RequestHeaderModifier' || f.type === 'ResponseHeaderModifier') {
      const mod = f.type === 'RequestHeaderModifier' ? f.requestHeaderModifier : f.responseHeaderModifier;
      const dir = f.type === 'RequestHeaderModifier' ? 'request' : 'response';
      const list: any[] = headerActions[dir] ?? (headerActions[dir] = []);
      for (const s of Array.isArray(mod?.set) ? mod.set : []) list.push({ name: s.name, action: { type: 'Set', set: { value: s.value } } });
      for (const a of Array.isArray(mod?.add) ? mod.add : []) {
        notices.warn(r, ff, `header ${a.name}: add becomes set (a Route replaces the header)`);
        list.push({ name: a.name, action: { type: 'Set', set: { value: a.value } } });
      }
      for (const name of Array.isArray(mod?.remove) ? mod.remove : []) list.push({ name, action: { type: 'Delete' } });
    } else if (f.type === 'URLRewrite' && f.urlRewrite?.path?.type === 'ReplacePrefixMatch' && !f.urlRewrite.hostname && path.type === 'PathPrefix') {
      annotations['haproxy.router.openshift.io/rewrite-target'] = f.urlRewrite.path.replacePrefixMatch;
    } else {
      notices.error(r, ff, `filter ${f.type} has no Route equivalent; this rule is not converted`);
      spec.invalid = true;
    }
  });
  if (spec.invalid) return undefined;
  if (Object.keys(headerActions).length > 0) spec.httpHeaders = { actions: headerActions };

  const backends = toBackends(r, Array.isArray(rule.backendRefs) ? rule.backendRefs : [], rf.child('backendRefs'), index, notices);
  if (!backends) return undefined;

  const timeout = rule.timeouts?.backendRequest ?? rule.timeouts?.request;
  if (nonEmpty(timeout) && timeout !== '0s') annotations['haproxy.router.openshift.io/timeout'] = timeout;

  if (where.https) {
    const tls: any = { termination: 'edge' };
    const policy = backendTls.get(`${ns}/${backends.to.name}`);
    if (policy) {
      tls.termination = 'reencrypt';
      const caRef = policy.object.spec?.validation?.caCertificateRefs?.[0];
      const cm = caRef ? index.get('ConfigMap', policy.namespace, String(caRef.name)) : undefined;
      if (nonEmpty(cm?.object.data?.['ca.crt'])) tls.destinationCACertificate = cm!.object.data['ca.crt'];
      else notices.warn(r, rf.child('backendRefs'), 'the BackendTLSPolicy\'s CA is not in the input; the Route trusts the service-serving CA instead');
    }
    const cert = where.https.certificateRefs[0];
    if (cert) {
      const secret = index.get('Secret', cert.namespace ?? where.https.gateway.namespace ?? 'default', cert.name);
      const pem = secret ? tlsSecretPem(secret) : {};
      if (pem.certificate) {
        tls.certificate = pem.certificate;
        tls.key = pem.key ?? '';
      } else {
        tls.externalCertificate = { name: cert.name };
      }
    }
    tls.insecureEdgeTerminationPolicy = where.http ? 'Allow' : where.redirect ? 'Redirect' : 'None';
    spec.tls = tls;
  }
  const out: any = wildcard(host, { path: path.value === '/' ? undefined : path.value, ...backends, ...spec });
  if (out.path === undefined) delete out.path;
  const manifest: KubeManifest = { apiVersion: ROUTE_V1, kind: 'Route', metadata: { name: '' }, spec: out };
  if (Object.keys(annotations).length > 0) manifest.metadata.annotations = annotations;
  return manifest;
}
