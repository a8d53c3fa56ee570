import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ROUTE_ANNOTATIONS as A } from './annotations';
import { RouteBackend } from './backend';
import { InsecureEdgeTerminationPolicy, LoadBalancingAlgorithm, TlsTermination, WildcardPolicy } from './enums';
import { RouteHeaderAction } from './headers';
import { RouteCookies, RouteHsts, RouteRateLimit } from './settings';
import { RouteTls } from './tls';
import { renderTimer, wholeSeconds } from '../common/duration';
import { checkSourceRanges } from '../common/source-ranges';
import { checkInteger } from '../common/weight';
import { CertManagerIssuer } from '../tls/issuer';
import { validateManifests } from '../validation/validate';

/** At most this many alternate backends per Route (API rule). */
const MAX_ALTERNATE_BACKENDS = 3;
/** At most this many request (and response) header actions per Route (API rule). */
const MAX_HEADER_ACTIONS = 20;
/** The largest integer the router's annotation parser (Go `strconv.Atoi`) is sure to read on every platform. */
const MAX_RATE = 2_147_483_647;

/** Properties of a `Route`. */
export interface RouteProps {
  /**
   * Metadata of the Route object (name, namespace, labels, annotations).
   * Annotations must not repeat the router annotations this construct writes.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The host name the route serves (`spec.host`): lower-case DNS labels.
   * @default - none; the API server generates `<name>-<namespace>.<router domain>` (or the router serves `subdomain`)
   */
  readonly host?: string;
  /**
   * A host label under each router's domain (`spec.subdomain`), e.g. `shop`
   * served as `shop.apps.<cluster domain>`. Ignored when `host` is set.
   * @default - none
   */
  readonly subdomain?: string;
  /**
   * A path prefix (`spec.path`, starting with `/`); not with passthrough.
   * @default - all paths
   */
  readonly path?: string;
  /**
   * Whether the route also serves the other hosts of its host's domain.
   * `SUBDOMAIN` needs `host`.
   * @default - not written; the API server stores WildcardPolicy.NONE
   */
  readonly wildcardPolicy?: WildcardPolicy;
  /** The main backend (`spec.to`); its port (explicit or inferred) becomes `spec.port.targetPort`. */
  readonly to: RouteBackend;
  /**
   * Up to 3 more backends sharing the traffic by weight (`spec.alternateBackends`).
   * More can be added with `addAlternateBackend()`.
   * @default - none
   */
  readonly alternateBackends?: RouteBackend[];
  /**
   * TLS: edge, passthrough or reencrypt.
   * @default - no TLS; plain HTTP only
   */
  readonly tls?: RouteTls;
  /**
   * Actions on request headers, in order (edge and reencrypt only; at most 20).
   * @default - none
   */
  readonly requestHeaders?: RouteHeaderAction[];
  /**
   * Actions on response headers, in order (edge and reencrypt only; at most 20).
   * @default - none
   */
  readonly responseHeaders?: RouteHeaderAction[];
  /**
   * Load-balancing algorithm (`haproxy.router.openshift.io/balance`).
   * @default - the router's choice: round robin when several backends have weight, else its default (random for HTTP, source for passthrough)
   */
  readonly loadBalancing?: LoadBalancingAlgorithm;
  /**
   * The session-affinity cookie (not for passthrough).
   * @default - the router's cookie: default name, SameSite None
   */
  readonly cookies?: RouteCookies;
  /**
   * Server timeout (`haproxy.router.openshift.io/timeout`): how long the
   * router waits for the backend. For passthrough it is the tunnel timeout
   * unless `tunnelTimeout` is set.
   * @default - the router's default (30s)
   */
  readonly timeout?: Duration;
  /**
   * Tunnel timeout (`haproxy.router.openshift.io/timeout-tunnel`) for WebSocket
   * and passthrough connections.
   * @default - the router's default (1h)
   */
  readonly tunnelTimeout?: Duration;
  /**
   * Per-source-IP connection limits; at least one limit must be given.
   * @default - no rate limiting
   */
  readonly rateLimit?: RouteRateLimit;
  /**
   * Source IP addresses and CIDRs allowed to use the route
   * (`haproxy.router.openshift.io/ip_allowlist`); others are rejected.
   * @default - every source is allowed
   */
  readonly allowedSourceRanges?: string[];
  /**
   * HTTP Strict Transport Security (edge and reencrypt only).
   * @default - no HSTS header (unless the cluster requires one)
   */
  readonly hsts?: RouteHsts;
  /**
   * Interval of the router's health checks of endpoints
   * (`router.openshift.io/haproxy.health.check.interval`); checks only run
   * when the route has more than one endpoint.
   * @default - the router's default (5s)
   */
  readonly healthCheckInterval?: Duration;
  /**
   * Have cert-manager issue the route's certificate: writes the annotations the
   * cert-manager openshift-routes controller reads (`cert-manager.io/issuer-name`,
   * `-kind`, `-group`). The controller puts the certificate into `spec.tls`
   * (edge with Redirect when the route has no TLS). Not with passthrough or
   * an inline certificate (the controller would overwrite it).
   * @default - no cert-manager annotations
   */
  readonly certManager?: CertManagerIssuer;
  /**
   * Whether validation warnings (what the API server accepts but a router
   * would not serve as written) fail synthesis like errors do.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * An OpenShift Route (`route.openshift.io/v1`): exposes one or more Services
 * under a host name through the OpenShift router, with typed router settings
 * written as the router's annotations. At synthesis the Route is checked by
 * the same validators as `cdk8s-routing validate`.
 */
export class Route extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the Route object. */
  public readonly name: string;
  /**
   * The host given.
   * @default - generated by the API server
   */
  public readonly host?: string;
  /**
   * The TLS settings.
   * @default - no TLS
   */
  public readonly tls?: RouteTls;
  /** The main backend. */
  public readonly to: RouteBackend;

  private readonly props: RouteProps;
  private readonly alternates: RouteBackend[] = [];
  private readonly requestActions: RouteHeaderAction[] = [];
  private readonly responseActions: RouteHeaderAction[] = [];

  constructor(scope: Construct, id: string, props: RouteProps) {
    super(scope, id);
    if (!props || !(props.to instanceof RouteBackend)) {
      throw new Error(`Route ${this.node.path}: "to" must be a RouteBackend (RouteBackend.fromService or RouteBackend.fromServiceName)`);
    }
    this.props = props;
    this.host = props.host;
    this.tls = props.tls;
    this.to = props.to;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.name = this.apiObject.name;

    if (props.wildcardPolicy !== undefined) {
      const allowed = Object.values(WildcardPolicy) as string[];
      if (!allowed.includes(props.wildcardPolicy)) {
        throw new Error(`Route ${this.node.path}: unsupported wildcardPolicy ${JSON.stringify(props.wildcardPolicy)}: supported values: ${allowed.join(', ')}`);
      }
      if (props.wildcardPolicy === WildcardPolicy.SUBDOMAIN && !props.host) {
        throw new Error(`Route ${this.node.path}: wildcardPolicy Subdomain needs an explicit host (the wildcard covers the host's domain)`);
      }
    }
    if (props.path !== undefined && this.termination === TlsTermination.PASSTHROUGH) {
      throw new Error(`Route ${this.node.path}: path ${JSON.stringify(props.path)} is not possible with passthrough TLS (the router cannot see paths inside TLS)`);
    }

    this.checkBackend(props.to, 'to');
    for (const b of props.alternateBackends ?? []) this.addAlternateBackend(b);
    for (const h of props.requestHeaders ?? []) this.addRequestHeader(h);
    for (const h of props.responseHeaders ?? []) this.addResponseHeader(h);
    if (props.tls?.certificate) this.checkSameNamespace(props.tls.certificate._secretNamespace, `certificate Secret ${JSON.stringify(props.tls.certificate.secretName)}`);

    for (const [key, value] of Object.entries(this.routerAnnotations())) {
      const given = props.metadata?.annotations?.[key];
      if (given !== undefined) {
        throw new Error(`Route ${this.node.path}: metadata.annotations sets ${key} (${JSON.stringify(given)}) which a typed prop also sets (${JSON.stringify(value)}): remove it from metadata`);
      }
      this.apiObject.metadata.addAnnotation(key, value);
    }

    this.node.addValidation({ validate: () => this.validateRoute() });
  }

  /** The alternate backends, in order. */
  public get alternateBackends(): RouteBackend[] {
    return [...this.alternates];
  }

  /** Adds an alternate backend (at most 3; weights split the traffic). */
  public addAlternateBackend(backend: RouteBackend): void {
    if (!(backend instanceof RouteBackend)) throw new Error(`Route ${this.node.path}: alternate backend must be a RouteBackend`);
    if (this.alternates.length >= MAX_ALTERNATE_BACKENDS) {
      throw new Error(`Route ${this.node.path}: cannot add alternate backend ${JSON.stringify(backend.serviceName)}: at most ${MAX_ALTERNATE_BACKENDS} alternate backends are allowed (already: ${this.alternates.map((b) => b.serviceName).join(', ')})`);
    }
    this.checkBackend(backend, `alternateBackends[${this.alternates.length}]`);
    this.alternates.push(backend);
  }

  /** Adds a request header action (edge and reencrypt only; at most 20; one per header name). */
  public addRequestHeader(action: RouteHeaderAction): void {
    this.addHeader(this.requestActions, action, 'request');
  }

  /** Adds a response header action (edge and reencrypt only; at most 20; one per header name). */
  public addResponseHeader(action: RouteHeaderAction): void {
    this.addHeader(this.responseActions, action, 'response');
  }

  private get termination(): TlsTermination | undefined {
    return this.props.tls?.termination;
  }

  private get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  private checkSameNamespace(other: string | undefined, what: string): void {
    const ns = this.namespace;
    if (other !== undefined && ns !== undefined && other !== ns) {
      throw new Error(`Route ${this.node.path}: ${what} is in namespace ${JSON.stringify(other)} but the Route is in ${JSON.stringify(ns)}: a Route can only reference objects in its own namespace`);
    }
  }

  private checkBackend(backend: RouteBackend, where: string): void {
    const all = [this.props.to, ...this.alternates];
    if (where !== 'to' && all.some((b) => b.serviceName === backend.serviceName)) {
      throw new Error(`Route ${this.node.path}: ${where}: Service ${JSON.stringify(backend.serviceName)} is already a backend of this route`);
    }
    const svcNs = backend._service?.metadata.namespace;
    this.checkSameNamespace(svcNs, `${where}: Service ${JSON.stringify(backend.serviceName)}`);
    // A Route has one target port for all its backends.
    const port = backend._explicitPort();
    if (port !== undefined && where !== 'to') {
      const existing = all.map((b) => b._explicitPort()).find((p) => p !== undefined);
      if (existing !== undefined && existing !== port) {
        throw new Error(`Route ${this.node.path}: ${where}: target port ${JSON.stringify(port)} differs from the route's target port ${JSON.stringify(existing)}: a Route has one spec.port for all its backends`);
      }
    }
  }

  private addHeader(list: RouteHeaderAction[], action: RouteHeaderAction, kind: string): void {
    if (!(action instanceof RouteHeaderAction)) throw new Error(`Route ${this.node.path}: ${kind} header action must be a RouteHeaderAction`);
    const t = this.termination;
    if (t === TlsTermination.PASSTHROUGH) {
      throw new Error(`Route ${this.node.path}: ${kind} header ${JSON.stringify(action.name)}: header actions are only possible with edge or reencrypt TLS or no TLS, not passthrough (the router cannot see inside the TLS stream)`);
    }
    if (list.length >= MAX_HEADER_ACTIONS) {
      throw new Error(`Route ${this.node.path}: ${kind} header ${JSON.stringify(action.name)}: at most ${MAX_HEADER_ACTIONS} ${kind} header actions are allowed`);
    }
    const dup = list.find((a) => a.name.toLowerCase() === action.name.toLowerCase());
    if (dup) {
      throw new Error(`Route ${this.node.path}: ${kind} header ${JSON.stringify(action.name)}: an action for ${JSON.stringify(dup.name)} already exists (one action per header name)`);
    }
    list.push(action);
  }

  /** The router annotations of the typed props; throws for bad or inapplicable settings. */
  private routerAnnotations(): Record<string, string> {
    const p = this.props;
    const t = this.termination;
    const where = `Route ${this.node.path}`;
    const out: Record<string, string> = {};
    const httpTerminating = t === TlsTermination.EDGE || t === TlsTermination.REENCRYPT;

    if (p.certManager !== undefined) {
      if (!(p.certManager instanceof CertManagerIssuer)) throw new Error(`${where}: certManager must be a CertManagerIssuer (CertManagerIssuer.clusterIssuer(name), .issuer(name) or .external(...))`);
      if (t === TlsTermination.PASSTHROUGH) throw new Error(`${where}: certManager cannot be used with passthrough TLS (the router does not terminate TLS; the service holds its certificate)`);
      if (p.tls?.certificate) throw new Error(`${where}: certManager and a certificate are mutually exclusive (the cert-manager controller writes the certificate into spec.tls)`);
      Object.assign(out, p.certManager.toRouteAnnotations());
    }

    if (p.loadBalancing !== undefined) {
      const allowed = Object.values(LoadBalancingAlgorithm) as string[];
      if (!allowed.includes(p.loadBalancing)) {
        throw new Error(`${where}: unsupported loadBalancing ${JSON.stringify(p.loadBalancing)}: supported values: ${allowed.join(', ')}`);
      }
      out[A.balance] = p.loadBalancing;
    }
    if (p.cookies) {
      if (t === TlsTermination.PASSTHROUGH) {
        throw new Error(`${where}: cookies cannot be configured on a passthrough route (the router does not see HTTP inside the TLS stream)`);
      }
      if (p.cookies.isDisabled) out[A.disableCookies] = 'true';
      if (p.cookies.name !== undefined) out[A.cookieName] = p.cookies.name;
      if (p.cookies.sameSite !== undefined) {
        if (!httpTerminating || p.tls?.insecureEdgeTerminationPolicy === InsecureEdgeTerminationPolicy.ALLOW) {
          throw new Error(`${where}: cookie SameSite ${JSON.stringify(p.cookies.sameSite)} has no effect: the router only sets SameSite on edge or reencrypt routes whose insecureEdgeTerminationPolicy is not Allow`);
        }
        out[A.cookieSameSite] = p.cookies.sameSite;
      }
    }
    if (p.timeout !== undefined) out[A.timeout] = renderTimer(p.timeout, `${where}: timeout`);
    if (p.tunnelTimeout !== undefined) out[A.tunnelTimeout] = renderTimer(p.tunnelTimeout, `${where}: tunnelTimeout`);
    if (p.healthCheckInterval !== undefined) out[A.healthCheckInterval] = renderTimer(p.healthCheckInterval, `${where}: healthCheckInterval`);
    if (p.rateLimit) {
      const r = p.rateLimit;
      if (r.concurrentTcpConnections === undefined && r.tcpConnectionRate === undefined && r.httpRequestRate === undefined) {
        throw new Error(`${where}: rateLimit must set at least one of concurrentTcpConnections, tcpConnectionRate, httpRequestRate`);
      }
      if (r.httpRequestRate !== undefined && t === TlsTermination.PASSTHROUGH) {
        throw new Error(`${where}: rateLimit.httpRequestRate has no effect on a passthrough route (the router counts TCP connections only): use concurrentTcpConnections or tcpConnectionRate`);
      }
      out[A.rateLimit] = 'true';
      if (r.concurrentTcpConnections !== undefined) out[A.rateLimitConcurrentTcp] = String(checkInteger(r.concurrentTcpConnections, 1, MAX_RATE, `${where}: rateLimit.concurrentTcpConnections`));
      if (r.tcpConnectionRate !== undefined) out[A.rateLimitTcp] = String(checkInteger(r.tcpConnectionRate, 1, MAX_RATE, `${where}: rateLimit.tcpConnectionRate`));
      if (r.httpRequestRate !== undefined) out[A.rateLimitHttp] = String(checkInteger(r.httpRequestRate, 1, MAX_RATE, `${where}: rateLimit.httpRequestRate`));
    }
    if (p.allowedSourceRanges !== undefined) {
      out[A.ipAllowlist] = checkSourceRanges(p.allowedSourceRanges, `${where}: allowedSourceRanges`).join(' ');
    }
    if (p.hsts) {
      if (!httpTerminating) {
        throw new Error(`${where}: hsts needs edge or reencrypt TLS (the router only adds Strict-Transport-Security where it terminates TLS)`);
      }
      const seconds = wholeSeconds(p.hsts.maxAge, `${where}: hsts.maxAge`);
      out[A.hsts] = [`max-age=${seconds}`, ...(p.hsts.includeSubDomains ? ['includeSubDomains'] : []), ...(p.hsts.preload ? ['preload'] : [])].join(';');
    }
    return out;
  }

  /** The target port: the first explicit port, else the one inferred from `to`. Never throws. */
  private targetPort(): number | string | undefined {
    for (const b of [this.props.to, ...this.alternates]) {
      const explicit = b._explicitPort();
      if (explicit !== undefined) return explicit;
    }
    return this.props.to._port();
  }

  /** Builds `spec` from the current state. Never throws (runs inside a Lazy). */
  private renderSpec(): any {
    const p = this.props;
    const port = this.targetPort();
    const spec: any = {};
    if (p.host !== undefined) spec.host = p.host;
    if (p.subdomain !== undefined) spec.subdomain = p.subdomain;
    if (p.path !== undefined) spec.path = p.path;
    if (p.wildcardPolicy !== undefined) spec.wildcardPolicy = p.wildcardPolicy;
    spec.to = p.to._toKube();
    if (this.alternates.length > 0) spec.alternateBackends = this.alternates.map((b) => b._toKube());
    if (port !== undefined) spec.port = { targetPort: port };
    if (p.tls) spec.tls = p.tls._toKube();
    if (this.requestActions.length > 0 || this.responseActions.length > 0) {
      const actions: any = {};
      if (this.requestActions.length > 0) actions.request = this.requestActions.map((a) => a._toKube());
      if (this.responseActions.length > 0) actions.response = this.responseActions.map((a) => a._toKube());
      spec.httpHeaders = { actions };
    }
    return spec;
  }

  /** Construct-level checks, then the manifest validators on the rendered object. */
  private validateRoute(): string[] {
    const messages: string[] = [];
    const port = this.targetPort();
    if (port !== undefined) {
      [this.props.to, ...this.alternates].forEach((b, i) => {
        const problem = b._portProblem(port);
        if (problem) messages.push(`${i === 0 ? 'spec.to' : `spec.alternateBackends[${i - 1}]`}: ${problem} [route.construct.port-mismatch]`);
      });
    }
    const report = validateManifests([this.apiObject.toJson()]);
    const findings = this.props.failOnWarnings ? [...report.errors, ...report.warnings] : report.errors;
    for (const f of findings) messages.push(`${f.field}: ${f.message} [${f.rule}]`);
    return messages;
  }
}
