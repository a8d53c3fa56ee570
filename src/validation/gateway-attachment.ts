/**
 * Gateway API attachment, in one place (manifests only): which route attaches
 * to which Gateway / ListenerSet listeners, with which hostnames; which
 * ReferenceGrants allow a cross-namespace reference; what a backendRef or a
 * listener certificateRef resolves to. The cross-object warnings below and the
 * routing model (`model/gateway.ts`) both use it, so `validate` and `haproxy`
 * agree on what is served.
 *
 * "Missing" is only reported when the input can know: a Gateway is missing only
 * if the input holds Gateways, a Service only if it holds Services, a Secret
 * only if it holds Secrets (as for Routes).
 */
import { ObjectIndex } from './context';
import { FieldPath } from './field-path';
import type { CrossValidator } from './kinds';
import { LoadedObject } from './manifests';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** Route kinds of the Gateway API this library knows. */
export const GATEWAY_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** One listener of a Gateway or of a ListenerSet attached to it. */
export interface ListenerInfo {
  /** The Gateway the listener belongs to (for a ListenerSet: its parent Gateway). */
  readonly gateway: LoadedObject;
  /** The object that declares the listener (Gateway or ListenerSet). */
  readonly owner: LoadedObject;
  readonly index: number;
  readonly name: string;
  readonly port: number;
  /** HTTP, HTTPS, TLS, TCP, UDP (or an unknown value, kept as written). */
  readonly protocol: string;
  readonly hostname?: string;
  /** `Terminate` (default inside a tls block) or `Passthrough`. */
  readonly tlsMode?: string;
  readonly spec: Record<string, any>;
  /** `spec.listeners[i]` of the owner. */
  readonly path: FieldPath;
}

/** Where a route attached, per parentRef. */
export interface ParentAttachment {
  readonly refIndex: number;
  readonly path: FieldPath;
  /** Listeners accepting the route, each with the hostnames the route gets there (`[]` = any host). */
  readonly listeners: Array<{ readonly listener: ListenerInfo; readonly hostnames: string[] }>;
  /** Why the route is not attached to this parent (undefined when attached, or when the input cannot tell). */
  readonly problem?: { readonly reason: string; readonly rule: string; readonly field: FieldPath; readonly message: string; readonly value: unknown };
}

/** A backendRef after resolution. */
export interface BackendResolution {
  readonly ok: boolean;
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
  readonly weight: number;
  /** ResolvedRefs reason when not ok (InvalidKind, BackendNotFound, RefNotPermitted, UnsupportedProtocol). */
  readonly reason?: string;
  readonly rule?: string;
  readonly field?: FieldPath;
  readonly message?: string;
  /** The Service object when the input holds it. */
  readonly service?: LoadedObject;
}

/** The route kinds a listener protocol accepts when `allowedRoutes.kinds` is not set. */
export const PROTOCOL_KINDS: Record<string, string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** Label selector (matchLabels + matchExpressions) against a label map. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return false;
  for (const [k, v] of Object.entries(isObj(selector.matchLabels) ? selector.matchLabels : {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of arr(selector.matchExpressions)) {
    if (!isObj(e) || typeof e.key !== 'string') return false;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = arr(e.values).map(String);
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function wildcardCovers(wildcard: string, host: string): boolean {
  // `*.d` covers hosts with one or more labels in front of d.
  const d = wildcard.slice(2);
  return host.endsWith(`.${d}`) && host.length > d.length + 1;
}

/**
 * Hostnames a route gets on a listener: `[]` = any host (neither sets one),
 * `undefined` = no intersection. Both lower-cased.
 */
export function intersectHostnames(listenerHost: string | undefined, routeHosts: string[]): string[] | undefined {
  const l = listenerHost?.toLowerCase();
  const hosts = routeHosts.map((h) => h.toLowerCase());
  if (hosts.length === 0) return l ? [l] : [];
  if (!l) return [...new Set(hosts)];
  const out: string[] = [];
  for (const h of hosts) {
    let r: string | undefined;
    if (h === l) r = h;
    else if (!h.startsWith('*.') && l.startsWith('*.')) r = wildcardCovers(l, h) ? h : undefined;
    else if (h.startsWith('*.') && !l.startsWith('*.')) r = wildcardCovers(h, l) ? l : undefined;
    else if (h.startsWith('*.') && l.startsWith('*.')) r = wildcardCovers(l, h) ? h : wildcardCovers(h, l) ? l : undefined;
    if (r && !out.includes(r)) out.push(r);
  }
  return out.length > 0 ? out : undefined;
}

function grantKey(...parts: string[]): string {
  return parts.join('\u0000');
}

/** A reference source or target for ReferenceGrant checks. */
export interface GrantFrom { readonly group: string; readonly kind: string; readonly namespace: string }
export interface GrantTo { readonly group: string; readonly kind: string; readonly namespace: string; readonly name: string }

/** ReferenceGrants indexed once: (to namespace, to group/kind, from group/kind/namespace) → names or all. */
export class ReferenceGrants {
  private readonly grants = new Map<string, Set<string>>();

  constructor(index: ObjectIndex) {
    for (const g of index.ofKind('ReferenceGrant')) {
      if (g.group !== GATEWAY_GROUP || !isObj(g.object.spec)) continue;
      const toNs = g.namespace ?? 'default';
      for (const from of arr(g.object.spec.from)) {
        if (!isObj(from)) continue;
        for (const to of arr(g.object.spec.to)) {
          if (!isObj(to)) continue;
          const key = grantKey(toNs, String(to.group ?? ''), String(to.kind ?? ''), String(from.group ?? ''), String(from.kind ?? ''), String(from.namespace ?? ''));
          let names = this.grants.get(key);
          if (!names) this.grants.set(key, (names = new Set()));
          names.add(str(to.name) ?? '*');
        }
      }
    }
  }

  /** Whether `from` (group, kind, namespace) may reference `to` (group, kind, namespace, name). */
  public permits(from: GrantFrom, to: GrantTo): boolean {
    if (from.namespace === to.namespace) return true;
    const names = this.grants.get(grantKey(to.namespace, to.group, to.kind, from.group, from.kind, from.namespace));
    return !!names && (names.has('*') || names.has(to.name));
  }
}

/** Gateways, their listeners (including attached ListenerSets), grants and namespaces of one input. */
export class GatewayIndex {
  public readonly grants: ReferenceGrants;
  private readonly listeners = new Map<LoadedObject, ListenerInfo[]>();

  constructor(private readonly index: ObjectIndex) {
    this.grants = new ReferenceGrants(index);
    for (const gw of index.ofKind('Gateway')) {
      if (gw.group !== GATEWAY_GROUP) continue;
      this.listeners.set(gw, this.declared(gw, gw));
    }
    for (const ls of index.ofKind('ListenerSet')) {
      if (ls.group !== GATEWAY_GROUP) continue;
      const gw = this.listenerSetParent(ls);
      const own = gw && this.listenerSetAllowed(ls, gw) ? this.declared(ls, gw) : [];
      this.listeners.set(ls, own);
      if (gw && own.length > 0) this.listeners.get(gw)!.push(...own);
    }
  }

  /** The Gateways of the input (optionally only of some classes). */
  public gateways(classes?: string[]): LoadedObject[] {
    return this.index.ofKind('Gateway').filter((g) => g.group === GATEWAY_GROUP
      && (!classes || classes.length === 0 || classes.includes(String(g.object.spec?.gatewayClassName ?? ''))));
  }

  /** Listeners of a Gateway (its own, then those of allowed ListenerSets) or of a ListenerSet. */
  public listenersOf(parent: LoadedObject): ListenerInfo[] {
    return this.listeners.get(parent) ?? [];
  }

  /** Labels of a namespace: from a Namespace object in the input, plus `kubernetes.io/metadata.name`. */
  public namespaceLabels(ns: string): Record<string, string> {
    const obj = this.index.get('Namespace', undefined, ns) ?? this.index.ofKind('Namespace').find((n) => n.name === ns);
    const labels = isObj(obj?.object.metadata?.labels) ? obj!.object.metadata.labels : {};
    return { ...labels, 'kubernetes.io/metadata.name': ns };
  }

  private declared(owner: LoadedObject, gateway: LoadedObject): ListenerInfo[] {
    const spec = owner.object.spec;
    return arr(isObj(spec) ? spec.listeners : undefined).flatMap((l, i) => {
      if (!isObj(l) || typeof l.name !== 'string') return [];
      const tls = isObj(l.tls) ? l.tls : undefined;
      return [{
        gateway,
        owner,
        index: i,
        name: l.name,
        port: typeof l.port === 'number' ? l.port : 0,
        protocol: String(l.protocol ?? ''),
        hostname: str(l.hostname),
        tlsMode: tls ? String(tls.mode ?? 'Terminate') : undefined,
        spec: l,
        path: FieldPath.root('spec').child('listeners').index(i),
      }];
    });
  }

  private listenerSetParent(ls: LoadedObject): LoadedObject | undefined {
    const ref = ls.object.spec?.parentRef;
    if (!isObj(ref) || typeof ref.name !== 'string') return undefined;
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return undefined;
    const gw = this.index.get('Gateway', str(ref.namespace) ?? ls.namespace, ref.name);
    return gw && gw.group === GATEWAY_GROUP ? gw : undefined;
  }

  /** Gateway `spec.allowedListeners.namespaces.from`: None (default), Same, All, Selector. */
  public listenerSetAllowed(ls: LoadedObject, gw: LoadedObject): boolean {
    const ns = gw.object.spec?.allowedListeners?.namespaces;
    const from = isObj(ns) ? String(ns.from ?? 'None') : 'None';
    const lsNs = ls.namespace ?? 'default';
    switch (from) {
      case 'All': return true;
      case 'Same': return lsNs === (gw.namespace ?? 'default');
      case 'Selector': return selectorMatches(ns.selector, this.namespaceLabels(lsNs));
      default: return false;
    }
  }

  /** The ListenerSet's parent Gateway, when it is in the input. */
  public parentOfListenerSet(ls: LoadedObject): LoadedObject | undefined {
    return this.listenerSetParent(ls);
  }

  /** Whether a listener admits a route of this kind from this namespace. */
  public allows(listener: ListenerInfo, route: LoadedObject): { ok: boolean; why?: string } {
    const supported = PROTOCOL_KINDS[listener.protocol] ?? [];
    const ar = isObj(listener.spec.allowedRoutes) ? listener.spec.allowedRoutes : {};
    const kinds = arr(ar.kinds).filter(isObj);
    const allowedKinds = kinds.length > 0
      ? kinds.filter((k) => (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP).map((k) => String(k.kind)).filter((k) => supported.includes(k))
      : supported;
    if (!allowedKinds.includes(route.kind)) {
      return { ok: false, why: `listener ${listener.name} (${listener.protocol}) allows route kinds ${allowedKinds.join(', ') || '(none)'}, not ${route.kind}` };
    }
    const ns = isObj(ar.namespaces) ? ar.namespaces : {};
    const from = String(ns.from ?? 'Same');
    const routeNs = route.namespace ?? 'default';
    const ownerNs = listener.owner.namespace ?? 'default';
    let nsOk: boolean;
    switch (from) {
      case 'All': nsOk = true; break;
      case 'Selector': nsOk = selectorMatches(ns.selector, this.namespaceLabels(routeNs)); break;
      default: nsOk = routeNs === ownerNs;
    }
    if (!nsOk) {
      return { ok: false, why: `listener ${listener.name} allows routes from ${from === 'Selector' ? 'namespaces matching its selector' : `namespace ${ownerNs} only`}, not from ${routeNs}` };
    }
    return { ok: true };
  }

  /** Attachment of every parentRef of a route. */
  public attach(route: LoadedObject): ParentAttachment[] {
    const spec = route.object.spec;
    const routeNs = route.namespace ?? 'default';
    const hostnames = arr(isObj(spec) ? spec.hostnames : undefined).filter((h): h is string => typeof h === 'string');
    const usesHostnames = route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute' || route.kind === 'TLSRoute';
    return arr(isObj(spec) ? spec.parentRefs : undefined).flatMap((ref, i): ParentAttachment[] => {
      if (!isObj(ref) || typeof ref.name !== 'string') return [];
      const path = FieldPath.root('spec').child('parentRefs').index(i);
      const group = ref.group ?? GATEWAY_GROUP;
      const kind = ref.kind ?? 'Gateway';
      if (group !== GATEWAY_GROUP || (kind !== 'Gateway' && kind !== 'ListenerSet')) {
        return [{ refIndex: i, path, listeners: [] }]; // another controller's parent (e.g. a mesh Service)
      }
      const ns = str(ref.namespace) ?? routeNs;
      const parent = this.index.get(kind, ns, ref.name);
      if (!parent || parent.group !== GATEWAY_GROUP) {
        const known = this.index.ofKind(kind).some((o) => o.group === GATEWAY_GROUP);
        return [{
          refIndex: i,
          path,
          listeners: [],
          problem: known ? {
            reason: 'NoMatchingParent',
            rule: 'gateway.parentref.not-found',
            field: path.child('name'),
            value: ref.name,
            message: `no ${kind} ${ns}/${ref.name} in the input; the route is not attached to it`,
          } : undefined,
        }];
      }
      const section = str(ref.sectionName);
      const port = typeof ref.port === 'number' ? ref.port : undefined;
      const candidates = this.listenersOf(parent)
        .filter((l) => (section === undefined || l.name === section) && (port === undefined || l.port === port));
      if (candidates.length === 0) {
        const field = section !== undefined ? path.child('sectionName') : port !== undefined ? path.child('port') : path;
        const what = [section !== undefined ? `named ${section}` : '', port !== undefined ? `on port ${port}` : ''].filter((x) => x).join(' ');
        return [{
          refIndex: i,
          path,
          listeners: [],
          problem: {
            reason: 'NoMatchingParent',
            rule: 'gateway.parentref.listener-not-found',
            field,
            value: section ?? port ?? ref.name,
            message: `${kind} ${ns}/${ref.name} has no listener ${what || '(it has no listeners)'}; the route is not attached (listeners: ${this.listenersOf(parent).map((l) => `${l.name}:${l.port}`).join(', ') || 'none'})`,
          },
        }];
      }
      const allowed: ListenerInfo[] = [];
      const refusals: string[] = [];
      for (const l of candidates) {
        const a = this.allows(l, route);
        if (a.ok) allowed.push(l);
        else refusals.push(a.why!);
      }
      if (allowed.length === 0) {
        return [{
          refIndex: i,
          path,
          listeners: [],
          problem: {
            reason: 'NotAllowedByListeners', rule: 'gateway.parentref.not-allowed', field: path, value: ref.name, message: `NotAllowedByListeners: ${refusals.join('; ')}`,
          },
        }];
      }
      const listeners: Array<{ listener: ListenerInfo; hostnames: string[] }> = [];
      for (const l of allowed) {
        const hosts = usesHostnames ? intersectHostnames(l.hostname, hostnames) : [];
        if (hosts !== undefined) listeners.push({ listener: l, hostnames: hosts });
      }
      if (listeners.length === 0) {
        return [{
          refIndex: i,
          path,
          listeners: [],
          problem: {
            reason: 'NoMatchingListenerHostname',
            rule: 'gateway.parentref.no-matching-hostname',
            field: FieldPath.root('spec').child('hostnames'),
            value: hostnames,
            message: `NoMatchingListenerHostname: no hostname intersects the listeners of ${kind} ${ns}/${ref.name} (${allowed.map((l) => `${l.name}: ${l.hostname ?? 'any'}`).join(', ')})`,
          },
        }];
      }
      return [{ refIndex: i, path, listeners }];
    });
  }

  /**
   * Resolves a backendRef of a route (core Service with a port; cross-namespace
   * needs a ReferenceGrant). Not ok → the share of traffic gets 500.
   */
  public resolveBackend(route: LoadedObject, ref: any, path: FieldPath): BackendResolution {
    const routeNs = route.namespace ?? 'default';
    const weight = typeof ref?.weight === 'number' ? ref.weight : 1;
    const name = String(ref?.name ?? '');
    const ns = str(ref?.namespace) ?? routeNs;
    const port = typeof ref?.port === 'number' ? ref.port : undefined;
    const base = { namespace: ns, name, port, weight };
    const group = String(ref?.group ?? '');
    const kind = String(ref?.kind ?? 'Service');
    if (group !== '' || kind !== 'Service') {
      return {
        ...base,
        ok: false,
        reason: 'InvalidKind',
        rule: 'gateway.backendref.invalid-kind',
        field: path.child('kind'),
        message: `InvalidKind: backendRef ${group === '' ? '' : `${group}/`}${kind} ${name} is not supported (only core Services); its share of traffic gets 500`,
      };
    }
    if (!this.grants.permits({ group: GATEWAY_GROUP, kind: route.kind, namespace: routeNs }, { group: '', kind: 'Service', namespace: ns, name })) {
      return {
        ...base,
        ok: false,
        reason: 'RefNotPermitted',
        rule: 'gateway.backendref.not-permitted',
        field: path.child('namespace'),
        message: `RefNotPermitted: no ReferenceGrant in namespace ${ns} allows ${route.kind} from ${routeNs} to reference Service ${name}; its share of traffic gets 500`,
      };
    }
    const svc = this.index.get('Service', ns, name);
    const haveServices = this.index.ofKind('Service').some((s) => s.group === '');
    if (!svc || svc.group !== '') {
      if (!haveServices) return { ...base, ok: true };
      return {
        ...base,
        ok: false,
        reason: 'BackendNotFound',
        rule: 'gateway.backendref.service-not-found',
        field: path.child('name'),
        message: `BackendNotFound: no Service ${ns}/${name} in the input; its share of traffic gets 500`,
      };
    }
    if (svc.object.spec?.type === 'ExternalName') {
      return {
        ...base,
        ok: false,
        service: svc,
        reason: 'UnsupportedProtocol',
        rule: 'gateway.backendref.external-name',
        field: path.child('name'),
        message: `Service ${ns}/${name} is of type ExternalName, which Gateway implementations should not support (CVE-2021-25740); its share of traffic gets 500`,
      };
    }
    const ports = arr(svc.object.spec?.ports).filter(isObj);
    if (port !== undefined && ports.length > 0 && !ports.some((p) => p.port === port)) {
      return {
        ...base,
        ok: false,
        service: svc,
        reason: 'BackendNotFound',
        rule: 'gateway.backendref.port-not-found',
        field: path.child('port'),
        message: `BackendNotFound: Service ${ns}/${name} has no port ${port} (ports: ${ports.map((p) => p.port).join(', ')}); its share of traffic gets 500`,
      };
    }
    return { ...base, ok: true, service: svc };
  }

  /**
   * Resolves a listener certificateRef (core Secret; cross-namespace needs a
   * ReferenceGrant from the Gateway/ListenerSet). `secret` is set when found and permitted.
   */
  public resolveCertificate(listener: ListenerInfo, ref: any, path: FieldPath): CertificateResolution {
    const owner = listener.owner;
    const ownerNs = owner.namespace ?? 'default';
    const name = String(ref?.name ?? '');
    const ns = str(ref?.namespace) ?? ownerNs;
    const group = String(ref?.group ?? '');
    const kind = String(ref?.kind ?? 'Secret');
    if (group !== '' || kind !== 'Secret') {
      return { problem: { rule: 'gateway.certificateref.invalid-kind', field: path.child('kind'), value: kind, notFound: false, message: `InvalidCertificateRef: only core Secrets are supported, not ${group ? `${group}/` : ''}${kind}` } };
    }
    if (!this.grants.permits({ group: GATEWAY_GROUP, kind: owner.kind, namespace: ownerNs }, { group: '', kind: 'Secret', namespace: ns, name })) {
      return { problem: { rule: 'gateway.certificateref.not-permitted', field: path.child('namespace'), value: ns, notFound: false, message: `RefNotPermitted: no ReferenceGrant in namespace ${ns} allows ${owner.kind} from ${ownerNs} to reference Secret ${name}` } };
    }
    const secret = this.index.get('Secret', ns, name);
    if (!secret || secret.group !== '') {
      const known = this.index.ofKind('Secret').some((s) => s.group === '');
      return { problem: known ? { rule: 'gateway.certificateref.not-found', field: path.child('name'), value: name, notFound: true, message: `no Secret ${ns}/${name} in the input; the listener cannot serve TLS with it` } : undefined };
    }
    if (secret.object.type !== undefined && secret.object.type !== 'kubernetes.io/tls') {
      return { secret, problem: { rule: 'gateway.certificateref.type', field: path.child('name'), value: name, notFound: false, message: `Secret ${ns}/${name} has type ${JSON.stringify(secret.object.type)}; it must be of type "kubernetes.io/tls"` } };
    }
    return { secret };
  }
}

/** A listener certificateRef after resolution. */
export interface CertificateResolution {
  readonly secret?: LoadedObject;
  readonly problem?: {
    readonly rule: string; readonly field: FieldPath; readonly value: unknown; readonly message: string; readonly notFound: boolean;
  };
}

/** The backendRefs of a route, with their field paths (rules[i].backendRefs[j]). */
export function routeBackendRefs(route: LoadedObject): Array<{ rule: number; ref: any; path: FieldPath }> {
  const out: Array<{ rule: number; ref: any; path: FieldPath }> = [];
  arr(route.object.spec?.rules).forEach((r, i) => {
    if (!isObj(r)) return;
    arr(r.backendRefs).forEach((b, j) => {
      if (isObj(b)) out.push({ rule: i, ref: b, path: FieldPath.root('spec').child('rules').index(i).child('backendRefs').index(j) });
    });
  });
  return out;
}

/** Every Gateway API route object of the input. */
export function gatewayRoutes(index: ObjectIndex): LoadedObject[] {
  return GATEWAY_ROUTE_KINDS.flatMap((k) => index.ofKind(k).filter((o) => o.group === GATEWAY_GROUP));
}

const attachmentWarnings: CrossValidator = (ctx, issuesFor) => {
  const routes = gatewayRoutes(ctx.index);
  const haveGateways = ctx.index.hasKind('Gateway') || ctx.index.hasKind('ListenerSet');
  if (routes.length === 0 && !haveGateways) return;
  const gi = new GatewayIndex(ctx.index);
  for (const route of routes) {
    const issues = issuesFor(route);
    for (const a of gi.attach(route)) {
      if (!a.problem) continue;
      const p = a.problem;
      if (p.rule === 'gateway.parentref.not-found' || p.rule === 'gateway.parentref.listener-not-found') {
        issues.warn.notFound(p.field, p.value, p.rule, p.message);
      } else {
        issues.warn.forbidden(p.field, p.rule, p.message);
      }
    }
    for (const b of routeBackendRefs(route)) {
      const r = gi.resolveBackend(route, b.ref, b.path);
      // Other kinds (ServiceImport, custom backends) are implementation-specific: valid on clusters whose
      // controller supports them. Only the local renderer reports them (model build warning).
      if (r.ok || r.reason === 'InvalidKind') continue;
      if (r.reason === 'BackendNotFound') issues.warn.notFound(r.field!, r.rule === 'gateway.backendref.port-not-found' ? r.port : r.name, r.rule!, r.message);
      else issues.warn.forbidden(r.field!, r.rule!, r.message!);
    }
    if (route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute') {
      arr(route.object.spec?.rules).forEach((r, i) => {
        if (isObj(r) && arr(r.backendRefs).length === 0 && arr(r.filters).length === 0) {
          issues.warn.required(FieldPath.root('spec').child('rules').index(i).child('backendRefs'), 'gateway.rule.no-backends',
            'a rule without backendRefs and without filters has nowhere to send requests; matching requests get 500');
        }
      });
    }
  }
  for (const owner of [...ctx.index.ofKind('Gateway'), ...ctx.index.ofKind('ListenerSet')]) {
    if (owner.group !== GATEWAY_GROUP) continue;
    if (owner.kind === 'ListenerSet') {
      const gw = gi.parentOfListenerSet(owner);
      const ref = owner.object.spec?.parentRef;
      if (!gw && isObj(ref) && ctx.index.hasKind('Gateway')) {
        issuesFor(owner).warn.notFound(FieldPath.root('spec').child('parentRef', 'name'), ref.name, 'gateway.listenerset.parent-not-found',
          `no Gateway ${str(ref.namespace) ?? owner.namespace ?? 'default'}/${ref.name} in the input; the listeners are not served`);
      } else if (gw && !gi.listenerSetAllowed(owner, gw)) {
        issuesFor(owner).warn.forbidden(FieldPath.root('spec').child('parentRef'), 'gateway.listenerset.not-allowed',
          `Gateway ${gw.namespace ?? 'default'}/${gw.name} does not allow ListenerSets from namespace ${owner.namespace ?? 'default'} (spec.allowedListeners; default: none); the listeners are not served`);
      }
    }
    const own = owner.kind === 'Gateway' ? gi.listenersOf(owner).filter((l) => l.owner === owner) : gi.listenersOf(owner);
    for (const l of own) {
      arr(l.spec.tls?.certificateRefs).forEach((ref, j) => {
        const path = l.path.child('tls', 'certificateRefs').index(j);
        const r = gi.resolveCertificate(l, ref, path);
        if (!r.problem) return;
        if (r.problem.notFound) issuesFor(owner).warn.notFound(r.problem.field, r.problem.value, r.problem.rule, r.problem.message);
        else issuesFor(owner).warn.forbidden(r.problem.field, r.problem.rule, r.problem.message);
      });
    }
  }
};

/** Cross-object Gateway API checks: attachment, backendRefs, certificateRefs, ListenerSets. */
export const GATEWAY_CROSS_VALIDATORS: CrossValidator[] = [attachmentWarnings];
