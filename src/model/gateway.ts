/**
 * Gateway API → routing model.
 *
 * - Every Gateway (of the selected classes) becomes one entrypoint per listener
 *   port, id `gw:<namespace>:<name>:<port>`, answering 404 when nothing matches.
 *   HTTP listeners → HTTP entrypoint; HTTPS (Terminate) → HTTPS entrypoint with
 *   one certificate per listener from its kubernetes.io/tls Secrets (a
 *   development certificate, with a warning, when the input has none); TLS
 *   Passthrough → SNI rules from TLSRoutes (on an HTTPS port they share the
 *   frontend, passthrough first); TCP → the backend of the attached TCPRoute;
 *   UDP → not servable by HAProxy: warning, skipped.
 * - Routes attach through `validation/gateway-attachment.ts`; a rule gets one
 *   HttpRule per (listener hostname ∩ route hostname, match). Listener isolation:
 *   a listener with a hostname gets a lowest-precedence 404 rule for that
 *   hostname, so its requests never fall through to another listener's routes.
 * - backendRefs become one backend per rule (`gw:<ns>:<route>:<rule>`); an
 *   invalid ref keeps its weight as a share answered 500 by the proxy; all refs
 *   invalid, every weight 0, or no backendRefs without a redirect → 500.
 * - Filters: header modifiers, RequestRedirect, URLRewrite, CORS as rule fields;
 *   RequestMirror is skipped with a warning (HAProxy 2.6 has no mirroring);
 *   ExtensionRef cannot be resolved locally → 500.
 */
import { compareCreated } from './precedence';
import { ModelSource, BackendModel, CertificateModel, CorsModel, Entrypoint, HeaderAction, HostMatchKind, HttpRule, RuleAction, ServiceTarget, SniRule } from './types';
import { ObjectIndex } from '../validation/context';
import { FieldPath } from '../validation/field-path';
import { Finding, FindingType, Severity } from '../validation/finding';
import { durationMs } from '../validation/gateway/cel';
import { GATEWAY_GROUP, GatewayIndex, ListenerInfo, routeBackendRefs } from '../validation/gateway-attachment';
import { LoadedObject } from '../validation/manifests';
import { secretValue } from '../validation/tls-secrets';
import { toFinding } from '../validation/validate';

type BackendDraft = Omit<BackendModel, 'servers' | 'activeServices'>;

export interface GatewayContribution {
  readonly entrypoints: Entrypoint[];
  readonly backends: BackendDraft[];
  readonly findings: Finding[];
}

export interface GatewayBuildOptions {
  /** Only Gateways of these classes (empty/absent: all). */
  readonly gatewayClasses?: string[];
}

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function source(obj: LoadedObject, field: FieldPath | string): ModelSource {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.namespace ?? 'default',
    name: obj.name,
    field: field.toString(),
    file: obj.source.file,
    line: typeof field === 'string' ? obj.source.line : obj.lineOf(field) ?? obj.source.line,
  };
}

/** GEP-2257 duration (`1h30m`, `500ms`) in milliseconds; undefined when not parseable; 0 = disabled (the validator's parser). */
export const gatewayDurationMs = durationMs;

interface PortPlan {
  readonly gateway: LoadedObject;
  readonly port: number;
  readonly listeners: ListenerInfo[];
  protocol?: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP';
  readonly httpRules: HttpRule[];
  readonly passthrough: SniRule[];
  readonly certificates: CertificateModel[];
  tcp?: { backend: string; created: string; key: string };
}

class Builder {
  public readonly findings: Finding[] = [];
  public readonly backends = new Map<string, BackendDraft>();
  private readonly gi: GatewayIndex;
  private readonly plans = new Map<string, PortPlan>();
  private readonly listenerPlan = new Map<ListenerInfo, PortPlan>();

  constructor(private readonly index: ObjectIndex, private readonly options: GatewayBuildOptions) {
    this.gi = new GatewayIndex(index);
  }

  private warn(obj: LoadedObject, field: FieldPath, type: FindingType, rule: string, message: string): void {
    this.findings.push(toFinding(obj, { severity: Severity.WARNING, type, field, rule, message }));
  }

  public build(): GatewayContribution {
    for (const gw of this.gi.gateways(this.options.gatewayClasses)) this.planGateway(gw);
    for (const route of this.index.ofKind('HTTPRoute')) if (route.group === GATEWAY_GROUP) this.httpRoute(route, false);
    for (const route of this.index.ofKind('GRPCRoute')) if (route.group === GATEWAY_GROUP) this.httpRoute(route, true);
    for (const route of this.index.ofKind('TLSRoute')) if (route.group === GATEWAY_GROUP) this.tlsRoute(route);
    // Oldest first: a TCP listener serves one route locally, the oldest (as for precedence).
    const tcpRoutes = this.index.ofKind('TCPRoute').filter((r) => r.group === GATEWAY_GROUP).sort((a, b) => compareCreated(this.created(a), this.created(b))
      || (`${a.namespace ?? 'default'}/${a.name}` < `${b.namespace ?? 'default'}/${b.name}` ? -1 : 1));
    for (const route of tcpRoutes) this.tcpRoute(route);
    for (const route of this.index.ofKind('UDPRoute')) {
      if (route.group === GATEWAY_GROUP) {
        this.warn(route, FieldPath.root('spec'), FindingType.NOT_SUPPORTED, 'gateway.udp.not-served', 'UDPRoute is not served locally: HAProxy does not proxy UDP');
      }
    }
    this.applyBackendTlsPolicies();
    const entrypoints: Entrypoint[] = [];
    for (const key of [...this.plans.keys()].sort()) {
      const p = this.plans.get(key)!;
      if (!p.protocol) continue;
      const ns = p.gateway.namespace ?? 'default';
      entrypoints.push({
        id: `gw:${ns}:${p.gateway.name}:${p.port}`,
        port: p.port,
        protocol: p.protocol,
        httpRules: p.httpRules,
        passthrough: p.passthrough.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)),
        certificates: p.certificates,
        tcpBackend: p.tcp?.backend,
        noMatchStatus: 404,
        portMapped: true,
        listenerHostnames: p.protocol === 'HTTPS' && p.listeners.filter((l) => l.protocol === 'HTTPS').length > 1
          ? p.listeners.filter((l) => l.protocol === 'HTTPS').map((l) => (l.hostname ?? '').toLowerCase()) : undefined,
      });
    }
    return { entrypoints, backends: [...this.backends.values()], findings: this.findings };
  }

  private planGateway(gw: LoadedObject): void {
    const ns = gw.namespace ?? 'default';
    for (const l of this.gi.listenersOf(gw)) {
      const owner = l.owner;
      if (l.protocol === 'UDP') {
        this.warn(owner, l.path.child('protocol'), FindingType.NOT_SUPPORTED, 'gateway.udp.not-served', `listener ${l.name}: UDP is not served locally (HAProxy does not proxy UDP)`);
        continue;
      }
      const kind = l.protocol === 'HTTP' ? 'HTTP' : l.protocol === 'HTTPS' ? 'HTTPS' : l.protocol === 'TCP' ? 'TCP'
        : l.protocol === 'TLS' && l.tlsMode === 'Passthrough' ? 'TLS' : undefined;
      if (!kind) {
        this.warn(owner, l.path.child('protocol'), FindingType.NOT_SUPPORTED, 'gateway.listener.not-served',
          `listener ${l.name}: protocol ${l.protocol}${l.tlsMode ? ` with tls.mode ${l.tlsMode}` : ''} is not served locally (served: HTTP, HTTPS, TLS Passthrough, TCP)`);
        continue;
      }
      const key = `${ns}\u0000${gw.name}\u0000${String(l.port).padStart(5, '0')}`;
      let plan = this.plans.get(key);
      if (!plan) {
        plan = { gateway: gw, port: l.port, listeners: [], httpRules: [], passthrough: [], certificates: [] };
        this.plans.set(key, plan);
      }
      // HTTPS + TLS passthrough share a port (passthrough first, as on 443 of the router); others must agree.
      const merged = mergeProtocols(plan.protocol, kind);
      if (!merged) {
        this.warn(owner, l.path.child('protocol'), FindingType.CONFLICT, 'gateway.listener.port-conflict',
          `listener ${l.name}: protocol ${l.protocol} cannot share port ${l.port} with ${plan.listeners.map((x) => `${x.name} (${x.protocol})`).join(', ')}; not served`);
        continue;
      }
      plan.protocol = merged;
      plan.listeners.push(l);
      this.listenerPlan.set(l, plan);
      if (kind === 'HTTPS') this.listenerCertificate(plan, l);
    }
  }

  private listenerCertificate(plan: PortPlan, l: ListenerInfo): void {
    const ns = l.owner.namespace ?? 'default';
    const id = `gw:${ns}:${l.owner.name}:${l.name}`;
    const hosts = l.hostname ? [l.hostname] : [];
    for (const [j, ref] of arr(l.spec.tls?.certificateRefs).entries()) {
      const path = l.path.child('tls', 'certificateRefs').index(j);
      const r = this.gi.resolveCertificate(l, ref, path);
      const crt = secretValue(r.secret, 'tls.crt');
      const key = secretValue(r.secret, 'tls.key');
      if (r.secret && crt && key && !r.problem) {
        plan.certificates.push({ id: j === 0 ? id : `${id}:${j}`, hosts, certificatePem: crt, keyPem: key, source: source(l.owner, path) });
      }
    }
    if (!plan.certificates.some((c) => c.id === id || c.id.startsWith(`${id}:`))) {
      // Hosts for the development certificate: the listener hostname, else filled from attached routes.
      plan.certificates.push({ id, hosts: l.hostname ? [l.hostname] : ['localhost'], source: source(l.owner, l.path.child('tls')) });
      this.warn(l.owner, l.path.child('tls', 'certificateRefs'), FindingType.NOT_FOUND, 'gateway.listener.dev-certificate',
        `listener ${l.name}: no usable kubernetes.io/tls Secret in the input; serving a development certificate locally`);
    }
  }

  private created(route: LoadedObject): string {
    return str(route.object.metadata?.creationTimestamp) ?? '';
  }

  private httpRoute(route: LoadedObject, grpc: boolean): void {
    const attachments = this.gi.attach(route);
    const targets: Array<{ plan: PortPlan; listener: ListenerInfo; hostnames: string[] }> = [];
    for (const a of attachments) {
      for (const { listener, hostnames } of a.listeners) {
        const plan = this.listenerPlan.get(listener);
        if (plan && (plan.protocol === 'HTTP' || plan.protocol === 'HTTPS') && listener.protocol !== 'TLS') targets.push({ plan, listener, hostnames });
      }
    }
    if (targets.length === 0) return;
    const ns = route.namespace ?? 'default';
    const order = { created: this.created(route), key: `${ns}/${route.name}` };
    const refsByRule = new Map<number, Array<{ ref: any; path: FieldPath }>>();
    for (const b of routeBackendRefs(route)) refsByRule.set(b.rule, [...(refsByRule.get(b.rule) ?? []), b]);
    const rulesPath = FieldPath.root('spec').child('rules');
    const rules = arr(route.object.spec?.rules);
    (rules.length > 0 ? rules : [{}]).forEach((r: any, i: number) => {
      if (!isObj(r)) return;
      const rp = rulesPath.index(i);
      const base = this.ruleBehaviour(route, r, rp, refsByRule.get(i) ?? [], `gw:${ns}:${route.name}:${i}`, grpc);
      const matches = arr(r.matches).length > 0 ? arr(r.matches) : [{}];
      matches.forEach((m: any, mi: number) => {
        const match = grpc ? grpcMatch(m) : httpMatch(m);
        if (!match) return;
        for (const t of targets) {
          const hosts = t.hostnames.length > 0 ? t.hostnames : [''];
          for (const h of hosts) {
            const action = base.action;
            t.plan.httpRules.push({
              host: h,
              hostMatch: h === '' ? HostMatchKind.ANY : h.startsWith('*.') ? HostMatchKind.WILDCARD_SUFFIX : HostMatchKind.EXACT,
              path: match.path,
              headers: match.headers,
              queryParams: match.queryParams,
              method: match.method,
              action,
              requestHeaders: base.requestHeaders,
              responseHeaders: base.responseHeaders,
              rewrite: base.rewrite,
              cors: base.cors,
              order: { ...order, index: i * 1000 + mi },
              source: source(route, arr(r.matches).length > 0 ? rp.child('matches').index(mi) : rp),
            });
            if (t.plan.protocol === 'HTTPS') this.devCertHost(t.plan, t.listener, h);
          }
        }
      });
    });
    for (const t of targets) this.fence(t.plan, t.listener);
  }

  /** Lowest-precedence 404 for a listener hostname (listener isolation). */
  private fence(plan: PortPlan, l: ListenerInfo): void {
    if (!l.hostname) return;
    const key = `\uffff${l.owner.namespace ?? 'default'}/${l.owner.name}/${l.name}`;
    if (plan.httpRules.some((r) => r.order.key === key)) return;
    plan.httpRules.push({
      host: l.hostname,
      hostMatch: l.hostname.startsWith('*.') ? HostMatchKind.WILDCARD_SUFFIX : HostMatchKind.EXACT,
      path: { type: 'RegularExpression', value: '.*' },
      action: { type: 'status', code: 404 },
      order: { created: '', key, index: 0 },
      source: source(l.owner, l.path.child('hostname')),
    });
  }

  private devCertHost(plan: PortPlan, l: ListenerInfo, host: string): void {
    if (l.hostname || host === '') return;
    const id = `gw:${l.owner.namespace ?? 'default'}:${l.owner.name}:${l.name}`;
    const i = plan.certificates.findIndex((c) => c.id === id && !c.certificatePem);
    if (i < 0) return;
    const c = plan.certificates[i];
    const hosts = c.hosts.filter((x) => x !== 'localhost');
    if (!hosts.includes(host)) plan.certificates[i] = { ...c, hosts: [...hosts, host].sort() };
  }

  private ruleBehaviour(route: LoadedObject, r: any, rp: FieldPath, refs: Array<{ ref: any; path: FieldPath }>, backendId: string, grpc: boolean): {
    action: RuleAction; requestHeaders?: HeaderAction[]; responseHeaders?: HeaderAction[]; rewrite?: HttpRule['rewrite']; cors?: CorsModel;
  } {
    let requestHeaders: HeaderAction[] | undefined;
    let responseHeaders: HeaderAction[] | undefined;
    let rewrite: HttpRule['rewrite'];
    let cors: CorsModel | undefined;
    let redirect: RuleAction | undefined;
    let failed = false;
    arr(r.filters).forEach((f: any, fi: number) => {
      if (!isObj(f)) return;
      const fp = rp.child('filters').index(fi);
      switch (f.type) {
        case 'RequestHeaderModifier':
          requestHeaders = [...(requestHeaders ?? []), ...headerModifier(f.requestHeaderModifier)];
          break;
        case 'ResponseHeaderModifier':
          responseHeaders = [...(responseHeaders ?? []), ...headerModifier(f.responseHeaderModifier)];
          break;
        case 'RequestRedirect': {
          const rr = isObj(f.requestRedirect) ? f.requestRedirect : {};
          const path = isObj(rr.path) ? pathModifier(rr.path) : undefined;
          redirect = {
            type: 'redirect',
            code: typeof rr.statusCode === 'number' ? rr.statusCode : 302,
            scheme: str(rr.scheme),
            hostname: str(rr.hostname),
            // Unset port: the translator uses the local port of 80/443 (scheme set) or of this listener (scheme unset).
            port: typeof rr.port === 'number' ? rr.port : undefined,
            path,
          };
          break;
        }
        case 'URLRewrite': {
          const u = isObj(f.urlRewrite) ? f.urlRewrite : {};
          rewrite = { hostname: str(u.hostname), path: isObj(u.path) ? pathModifier(u.path) : undefined };
          break;
        }
        case 'CORS':
          cors = corsModel(f.cors);
          break;
        case 'RequestMirror':
          this.warn(route, fp, FindingType.NOT_SUPPORTED, 'gateway.filter.mirror-skipped',
            'RequestMirror is not served locally: HAProxy 2.6 cannot mirror requests; requests are forwarded without a copy');
          break;
        case 'ExtensionRef':
          failed = true;
          this.warn(route, fp, FindingType.NOT_SUPPORTED, 'gateway.filter.extension-ref',
            'ExtensionRef filters cannot be resolved locally; as the spec requires, matching requests get 500 instead of skipping the filter');
          break;
        default:
          failed = true;
          this.warn(route, fp.child('type'), FindingType.NOT_SUPPORTED, 'gateway.filter.unsupported',
            `filter type ${JSON.stringify(f.type)} is not served locally; matching requests get 500`);
      }
    });
    if (grpc) {
      // GRPCRoute filters carry no redirect/rewrite/CORS.
      redirect = undefined;
      rewrite = undefined;
      cors = undefined;
    }
    const behaviour = { requestHeaders, responseHeaders, rewrite, cors };
    if (failed) return { action: { type: 'status', code: 500 } };
    if (redirect) return { action: redirect };

    const services: ServiceTarget[] = [];
    for (const { ref, path } of refs) {
      const res = this.gi.resolveBackend(route, ref, path);
      if (arr(ref.filters).length > 0) {
        this.warn(route, path.child('filters'), FindingType.NOT_SUPPORTED, 'gateway.backendref.filters-ignored',
          'backendRef-level filters are not served locally; only rule-level filters apply');
      }
      if (res.ok) {
        const port = arr(res.service?.object.spec?.ports).find((p: any) => isObj(p) && p.port === res.port);
        const h2c = isObj(port) && port.appProtocol === 'kubernetes.io/h2c' ? true : undefined;
        services.push({ namespace: res.namespace, name: res.name, port: res.port, weight: res.weight, h2c, source: source(route, path) });
      } else {
        if (res.reason === 'InvalidKind') {
          // Not a validation warning (other controllers may support the kind); locally it cannot be served.
          this.warn(route, res.field!, FindingType.NOT_SUPPORTED, res.rule!, res.message!);
        }
        services.push({ namespace: res.namespace, name: res.name, port: res.port, weight: res.weight, status: 500, source: source(route, path) });
      }
    }
    const live = services.filter((s) => s.weight > 0);
    if (live.length === 0 || live.every((s) => s.status !== undefined)) {
      // No backendRefs, every ref invalid, or every weight 0: nothing may receive traffic → 500.
      return { action: { type: 'status', code: 500 } };
    }
    const timeouts = isObj(r.timeouts) ? r.timeouts : {};
    const backendMs = gatewayDurationMs(timeouts.backendRequest) || gatewayDurationMs(timeouts.request) || undefined;
    if (!this.backends.has(backendId)) {
      this.backends.set(backendId, {
        id: backendId,
        mode: 'http',
        services,
        h2: grpc || undefined,
        emptyServiceStatus: 503,
        policies: { timeoutServerMs: backendMs },
        source: source(route, rp),
      });
    }
    return { action: { type: 'forward', backend: backendId }, ...behaviour };
  }

  private tlsRoute(route: LoadedObject): void {
    const ns = route.namespace ?? 'default';
    const backendId = `gw_tcp:${ns}:${route.name}`;
    let used = false;
    for (const a of this.gi.attach(route)) {
      for (const { listener, hostnames } of a.listeners) {
        const plan = this.listenerPlan.get(listener);
        if (!plan || listener.protocol !== 'TLS') continue;
        for (const h of hostnames.length > 0 ? hostnames : ['']) {
          plan.passthrough.push({
            host: h,
            hostMatch: h === '' ? HostMatchKind.ANY : h.startsWith('*.') ? HostMatchKind.WILDCARD_SUFFIX : HostMatchKind.EXACT,
            backend: backendId,
            source: source(route, 'spec.hostnames'),
          });
          used = true;
        }
      }
    }
    if (used) this.tcpBackend(route, backendId);
  }

  private tcpRoute(route: LoadedObject): void {
    const ns = route.namespace ?? 'default';
    const backendId = `gw_tcp:${ns}:${route.name}`;
    const created = this.created(route);
    const key = `${ns}/${route.name}`;
    let used = false;
    for (const a of this.gi.attach(route)) {
      for (const { listener } of a.listeners) {
        const plan = this.listenerPlan.get(listener);
        if (!plan || plan.protocol !== 'TCP') continue;
        if (plan.tcp && plan.tcp.backend !== backendId) {
          this.warn(route, a.path, FindingType.CONFLICT, 'gateway.tcp.listener-taken',
            `listener ${listener.name} already forwards to TCPRoute ${plan.tcp.key}; a TCP listener serves one route locally`);
          continue;
        }
        plan.tcp = { backend: backendId, created, key };
        used = true;
      }
    }
    if (used) this.tcpBackend(route, backendId);
  }

  private tcpBackend(route: LoadedObject, backendId: string): void {
    const services: ServiceTarget[] = [];
    for (const { ref, path } of routeBackendRefs(route)) {
      const res = this.gi.resolveBackend(route, ref, path);
      // A TCP connection cannot get a 500: an invalid ref's share is dropped.
      if (res.ok) services.push({ namespace: res.namespace, name: res.name, port: res.port, weight: res.weight, source: source(route, path) });
    }
    this.backends.set(backendId, { id: backendId, mode: 'tcp', services, policies: {}, source: source(route, 'spec.rules[0]') });
  }

  /** BackendTLSPolicy: TLS to the targeted Services (CA from a ConfigMap `ca.crt`, hostname → SNI and verifyhost). */
  private applyBackendTlsPolicies(): void {
    const policies = new Map<string, { caPem?: string; systemCa?: boolean; host: string }>();
    for (const p of this.index.ofKind('BackendTLSPolicy')) {
      if (p.group !== GATEWAY_GROUP || !isObj(p.object.spec)) continue;
      const ns = p.namespace ?? 'default';
      const v = isObj(p.object.spec.validation) ? p.object.spec.validation : {};
      const host = str(v.hostname);
      if (!host) continue;
      let caPem: string | undefined;
      for (const ref of arr(v.caCertificateRefs)) {
        if (!isObj(ref) || (ref.kind ?? 'ConfigMap') !== 'ConfigMap') continue;
        const cm = this.index.get('ConfigMap', ns, String(ref.name));
        const pem = cm?.object.data?.['ca.crt'];
        if (typeof pem === 'string') caPem = (caPem ?? '') + pem;
      }
      if (!caPem && arr(v.caCertificateRefs).length > 0) {
        this.warn(p, FieldPath.root('spec').child('validation', 'caCertificateRefs'), FindingType.NOT_FOUND, 'gateway.backendtls.ca-not-found',
          'no ConfigMap with a ca.crt key in the input for these CA references; the backend certificate is not verified locally');
      }
      const systemCa = v.wellKnownCACertificates === 'System' || undefined;
      for (const t of arr(p.object.spec.targetRefs)) {
        if (isObj(t) && (t.group ?? '') === '' && t.kind === 'Service') policies.set(`${ns}/${t.name}`, { caPem, systemCa, host });
      }
    }
    if (policies.size === 0) return;
    for (const [id, b] of this.backends) {
      const s = b.services.find((x) => x.status === undefined && policies.has(`${x.namespace}/${x.name}`));
      if (!s) continue;
      const pol = policies.get(`${s.namespace}/${s.name}`)!;
      const verify = pol.caPem !== undefined || pol.systemCa === true;
      const upstreamTls = { caPem: pol.caPem, systemCa: pol.systemCa, verifyHost: verify ? pol.host : undefined, sni: pol.host };
      this.backends.set(id, { ...b, upstreamTls });
    }
  }
}

function mergeProtocols(a: PortPlan['protocol'], b: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP'): PortPlan['protocol'] {
  if (!a || a === b) return b;
  if ((a === 'HTTPS' && b === 'TLS') || (a === 'TLS' && b === 'HTTPS')) return 'HTTPS';
  return undefined;
}

function headerModifier(m: any): HeaderAction[] {
  if (!isObj(m)) return [];
  const out: HeaderAction[] = [];
  for (const s of arr(m.set)) if (isObj(s) && typeof s.name === 'string') out.push({ type: 'set', name: s.name, value: String(s.value ?? ''), dynamic: false });
  for (const s of arr(m.add)) if (isObj(s) && typeof s.name === 'string') out.push({ type: 'add', name: s.name, value: String(s.value ?? ''), dynamic: false });
  for (const s of arr(m.remove)) if (typeof s === 'string') out.push({ type: 'delete', name: s });
  return out;
}

function pathModifier(p: any): { type: 'ReplaceFullPath' | 'ReplacePrefixMatch'; value: string } | undefined {
  if (p.type === 'ReplaceFullPath') return { type: 'ReplaceFullPath', value: String(p.replaceFullPath ?? '/') };
  if (p.type === 'ReplacePrefixMatch') return { type: 'ReplacePrefixMatch', value: String(p.replacePrefixMatch ?? '') };
  return undefined;
}

function corsModel(c: any): CorsModel {
  const o = isObj(c) ? c : {};
  const list = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
  return {
    allowOrigins: list(o.allowOrigins),
    allowMethods: list(o.allowMethods),
    allowHeaders: list(o.allowHeaders),
    exposeHeaders: list(o.exposeHeaders),
    allowCredentials: o.allowCredentials === true,
    maxAge: typeof o.maxAge === 'number' ? o.maxAge : 5,
  };
}

interface MatchModel {
  readonly path: HttpRule['path'];
  readonly headers?: HttpRule['headers'];
  readonly queryParams?: HttpRule['queryParams'];
  readonly method?: string;
}

function valueMatches(list: unknown): Array<{ name: string; type: 'Exact' | 'RegularExpression'; value: string }> | undefined {
  const out = arr(list).filter((h) => isObj(h) && typeof h.name === 'string').map((h) => ({
    name: String(h.name),
    type: h.type === 'RegularExpression' ? 'RegularExpression' as const : 'Exact' as const,
    value: String(h.value ?? ''),
  }));
  return out.length > 0 ? out : undefined;
}

function httpMatch(m: any): MatchModel | undefined {
  if (!isObj(m)) return undefined;
  const p = isObj(m.path) ? m.path : {};
  const type = p.type ?? 'PathPrefix';
  const value = String(p.value ?? '/');
  let path: HttpRule['path'];
  if (type === 'Exact') path = { type: 'Exact', value };
  else if (type === 'RegularExpression') path = { type: 'RegularExpression', value };
  else if (type === 'PathPrefix') path = { type: 'Prefix', value: value.length > 1 ? value.replace(/\/+$/, '') || '/' : value };
  else return undefined; // unknown path type: the rule is not accepted (UnsupportedValue)
  return { path, headers: valueMatches(m.headers), queryParams: valueMatches(m.queryParams), method: str(m.method) };
}

/** GRPCRoute method match → path (`/pkg.Service/Method`). */
function grpcMatch(m: any): MatchModel | undefined {
  if (!isObj(m)) return undefined;
  const mm = isObj(m.method) ? m.method : undefined;
  const service = str(mm?.service);
  const method = str(mm?.method);
  let path: HttpRule['path'];
  if (!mm || (!service && !method)) path = { type: 'Prefix', value: '/' };
  else if (mm.type === 'RegularExpression') path = { type: 'RegularExpression', value: `/${service ?? '[^/]+'}/${method ?? '[^/]+'}` };
  else if (service && method) path = { type: 'Exact', value: `/${service}/${method}` };
  else if (service) path = { type: 'Prefix', value: `/${service}` };
  else path = { type: 'RegularExpression', value: `/[^/]+/${method!.replace(/[^A-Za-z0-9_]/g, '')}` };
  return { path, headers: valueMatches(m.headers) };
}

/** Builds the Gateway API part of the routing model. */
export function buildGateways(index: ObjectIndex, options: GatewayBuildOptions = {}): GatewayContribution {
  return new Builder(index, options).build();
}
