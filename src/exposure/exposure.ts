import { ApiObjectMetadata, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Gateway, GatewayBackend, GatewayCertificate, GatewayParent, GatewayProtocol, GatewayTls, HeaderMatch, HttpRoute, HttpRouteFilter,
  HttpRouteMatch, RedirectScheme, RedirectStatusCode, TlsRoute,
} from '../gateway';
import { Ingress, IngressBackend, IngressNginxSettings, PathType } from '../ingress';
import {
  InsecureEdgeTerminationPolicy, Route, RouteBackend, RouteCertificate, RouteTls, WildcardPolicy,
} from '../route';
import { TlsCertificate } from '../tls/tls-certificate';
import { isDns1123Subdomain, isWildcardDns1123Subdomain } from '../validation/hostname';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** Options of an {@link ExposureBackend} from a cdk8s-plus Service. */
export interface ExposureServiceOptions {
  /**
   * The Service port.
   * @default - the Service's only port
   */
  readonly port?: number;
  /**
   * Relative weight among the exposure's backends (0 = no traffic).
   * @default 1
   */
  readonly weight?: number;
}

/** Options of an {@link ExposureBackend} by Service name. */
export interface ExposureServiceNameOptions {
  /** The Service port. */
  readonly port: number;
  /**
   * Relative weight among the exposure's backends (0 = no traffic).
   * @default 1
   */
  readonly weight?: number;
}

/** A Service that receives traffic from an {@link Exposure}, with its port and weight. */
export class ExposureBackend {
  /** A cdk8s-plus Service (port taken from it when it has exactly one). */
  public static fromService(service: kplus.Service, options: ExposureServiceOptions = {}): ExposureBackend {
    if (!(service instanceof kplus.Service)) throw new Error('ExposureBackend.fromService: expected a cdk8s-plus Service');
    const ports = service.ports.map((p) => p.port);
    let port = options.port;
    if (port === undefined) {
      if (ports.length !== 1) throw new Error(`ExposureBackend.fromService(${service.name}): the Service has ${ports.length} ports (${ports.join(', ') || 'none'}); give port`);
      port = ports[0];
    } else if (!ports.includes(port)) {
      throw new Error(`ExposureBackend.fromService(${service.name}): port ${port} is not a port of the Service (ports: ${ports.join(', ') || 'none'})`);
    }
    return new ExposureBackend(service.name, port, options.weight ?? 1, service);
  }

  /** A Service by name, in the exposure's namespace. */
  public static fromServiceName(name: string, options: ExposureServiceNameOptions): ExposureBackend {
    if (typeof name !== 'string' || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      throw new Error(`ExposureBackend.fromServiceName: ${JSON.stringify(name)} is not a Service name (a DNS-1035 label)`);
    }
    return new ExposureBackend(name, options?.port, options?.weight ?? 1);
  }

  private constructor(
    /** The Service name. */
    public readonly serviceName: string,
    /** The Service port. */
    public readonly port: number,
    /** Relative weight. */
    public readonly weight: number,
    /** @internal */
    public readonly _service?: kplus.Service,
  ) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`ExposureBackend ${serviceName}: port ${JSON.stringify(port)} must be an integer in 1-65535`);
    if (!Number.isInteger(weight) || weight < 0 || weight > 1_000_000) throw new Error(`ExposureBackend ${serviceName}: weight ${weight} must be an integer in 0-1000000`);
  }
}

/** Options of a terminated-TLS exposure. */
export interface ExposureTerminateOptions {
  /**
   * The certificate, checked when created; written inline for a Route and as a `kubernetes.io/tls` Secret for an Ingress or a Gateway.
   * @default - `secretName`; without either, the platform's default certificate (a development certificate when run locally)
   */
  readonly certificate?: TlsCertificate;
  /**
   * A `kubernetes.io/tls` Secret in the exposure's namespace (e.g. one cert-manager writes).
   * @default - `certificate`
   */
  readonly secretName?: string;
  /**
   * Whether plain HTTP requests are redirected to HTTPS (Route: 302, Ingress: 308, Gateway: 308); otherwise HTTP is served too.
   * @default true
   */
  readonly redirectHttp?: boolean;
}

/** How an exposure uses TLS. */
export class ExposureTls {
  /** TLS terminated by the router / ingress controller / Gateway (Route `edge`, Ingress `tls`, Gateway HTTPS listener). */
  public static terminate(options: ExposureTerminateOptions = {}): ExposureTls {
    if (options.certificate !== undefined && !(options.certificate instanceof TlsCertificate)) throw new Error('ExposureTls.terminate: certificate must be a TlsCertificate');
    if (options.certificate && options.secretName) throw new Error('ExposureTls.terminate: give certificate or secretName, not both');
    if (options.secretName !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.secretName)) {
      throw new Error(`ExposureTls.terminate: secretName ${JSON.stringify(options.secretName)} is not a Secret name`);
    }
    return new ExposureTls('terminate', options.certificate, options.secretName, options.redirectHttp ?? true);
  }

  /** TLS passed through to the Service, chosen by SNI (Route `passthrough`, ingress-nginx `ssl-passthrough`, Gateway TLS listener + TLSRoute). */
  public static passthrough(): ExposureTls {
    return new ExposureTls('passthrough', undefined, undefined, false);
  }

  private constructor(
    /** `terminate` or `passthrough`. */
    public readonly mode: string,
    /** @internal */ public readonly _certificate: TlsCertificate | undefined,
    /** @internal */ public readonly _secretName: string | undefined,
    /** Whether HTTP redirects to HTTPS. */
    public readonly redirectHttp: boolean,
  ) {}
}

/** Options of a Gateway API target. */
export interface ExposureGatewayOptions {
  /**
   * An existing Gateway construct to attach to (its listeners on ports 80 and 443 are used).
   * @default - a Gateway of `gatewayClassName` is created for the exposure
   */
  readonly gateway?: Gateway;
  /**
   * The GatewayClass of the Gateway the exposure creates.
   * @default - required when `gateway` is not given
   */
  readonly gatewayClassName?: string;
}

/** Options of an Ingress target. */
export interface ExposureIngressOptions {
  /**
   * `spec.ingressClassName`.
   * @default 'nginx'
   */
  readonly className?: string;
}

/** Which family the exposure produces. */
export class ExposureTarget {
  /** OpenShift Routes. */
  public static openShiftRoute(): ExposureTarget {
    return new ExposureTarget('route', {});
  }

  /** A Kubernetes Ingress (ingress-nginx annotations for redirects, timeouts, allowlists and canaries). */
  public static ingress(options: ExposureIngressOptions = {}): ExposureTarget {
    return new ExposureTarget('ingress', { className: options.className ?? 'nginx' });
  }

  /** Gateway API: an HTTPRoute (or TLSRoute for passthrough) on a Gateway. */
  public static gateway(options: ExposureGatewayOptions): ExposureTarget {
    if (!options || (!options.gateway && !options.gatewayClassName)) throw new Error('ExposureTarget.gateway: give gateway or gatewayClassName');
    if (options.gateway && !(options.gateway instanceof Gateway)) throw new Error('ExposureTarget.gateway: gateway must be a Gateway construct');
    return new ExposureTarget('gateway', { gateway: options.gateway, className: options.gatewayClassName });
  }

  private constructor(
    /** `route`, `ingress` or `gateway`. */
    public readonly family: string,
    /** @internal */ public readonly _options: { className?: string; gateway?: Gateway },
  ) {}
}

/** A request header that sends requests to the canary. */
export interface CanaryHeader {
  /** Header name. */
  readonly name: string;
  /** The exact value that selects the canary. */
  readonly value: string;
}

/** Properties of a {@link Canary}. */
export interface CanaryProps {
  /** The canary Service. */
  readonly backend: ExposureBackend;
  /** Percentage of requests (0–100) sent to the canary when no header or cookie decides. */
  readonly percent: number;
  /**
   * Requests with this header value always go to the canary (Ingress, Gateway API; not Routes).
   * @default - no header routing
   */
  readonly header?: CanaryHeader;
  /**
   * A cookie: value `always` → canary, `never` → stable (Ingress only: ingress-nginx canary-by-cookie).
   * @default - no cookie routing
   */
  readonly cookie?: string;
}

/**
 * A canary: a share of the traffic (and optionally requests with a header or
 * cookie) goes to another Service. The same definition binds to every family:
 * Route alternate backends, an ingress-nginx canary Ingress, or weighted
 * HTTPRoute backendRefs plus a header rule.
 */
export class Canary {
  /** The canary Service. */
  public readonly backend: ExposureBackend;
  /** Share of the traffic, 0–100. */
  public readonly percent: number;
  /** Header routing. @default - none */
  public readonly header?: CanaryHeader;
  /** Cookie routing. @default - none */
  public readonly cookie?: string;

  constructor(props: CanaryProps) {
    if (!(props?.backend instanceof ExposureBackend)) throw new Error('Canary: backend must be an ExposureBackend');
    if (typeof props.percent !== 'number' || !Number.isInteger(props.percent) || props.percent < 0 || props.percent > 100) {
      throw new Error(`Canary: percent ${JSON.stringify(props.percent)} must be an integer in 0-100`);
    }
    if (props.header && (!HEADER_NAME.test(props.header.name ?? '') || typeof props.header.value !== 'string' || !/^[A-Za-z0-9\-._~/:]+$/.test(props.header.value))) {
      throw new Error(`Canary: header ${JSON.stringify(props.header)} must have a header name and a value of letters, digits and -._~/:`);
    }
    if (props.cookie !== undefined && !/^[A-Za-z0-9_-]+$/.test(props.cookie)) throw new Error(`Canary: cookie name ${JSON.stringify(props.cookie)} must be letters, digits, '_' or '-'`);
    this.backend = props.backend;
    this.percent = props.percent;
    this.header = props.header;
    this.cookie = props.cookie;
  }

  /** The same canary with another percentage (for progressive stages). */
  public withPercent(percent: number): Canary {
    return new Canary({ backend: this.backend, percent, header: this.header, cookie: this.cookie });
  }
}

/** Properties of an {@link Exposure}. */
export interface ExposureProps {
  /** Which family to produce. */
  readonly target: ExposureTarget;
  /**
   * Base name of the objects (suffixed where several are produced).
   * @default - names generated from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the objects.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /** Host names (at least one; `*.example.com` wildcards match one label). */
  readonly hosts: string[];
  /**
   * Path prefixes (by path segment); not with passthrough.
   * @default ['/']
   */
  readonly paths?: string[];
  /** The Services sharing the traffic by weight (Ingress: exactly one; a canary adds a second). */
  readonly backends: ExposureBackend[];
  /**
   * TLS.
   * @default - plain HTTP
   */
  readonly tls?: ExposureTls;
  /**
   * How long to wait for the backend (Route timeout, nginx proxy read/send timeouts, HTTPRoute rule timeouts).
   * @default - the platform's default
   */
  readonly timeout?: Duration;
  /**
   * Source IPs/CIDRs allowed (Route and Ingress; Gateway API has no standard field, so it is refused there).
   * @default - everyone
   */
  readonly allowedSourceRanges?: string[];
  /**
   * A canary share of the traffic.
   * @default - no canary
   */
  readonly canary?: Canary;
  /**
   * Whether differences between the definition and what the target family does
   * (listed in `lossy`) fail synthesis.
   * @default false
   */
  readonly failOnLossy?: boolean;
}

/**
 * One definition of "expose these Services at these hosts", produced for the
 * family you choose: OpenShift Routes, an Ingress, or Gateway API routes.
 * What the chosen family cannot express is refused when the construct is
 * created, with the reason.
 *
 * ```ts
 * new Exposure(chart, 'shop', {
 *   target: ExposureTarget.gateway({ gatewayClassName: 'haproxy' }),
 *   hosts: ['shop.example.com'],
 *   backends: [ExposureBackend.fromService(web)],
 *   tls: ExposureTls.terminate({ certificate }),
 *   canary: new Canary({ backend: ExposureBackend.fromService(webV2), percent: 10 }),
 * });
 * ```
 */
export class Exposure extends Construct {
  /** The Routes produced (Route target). */
  public readonly routes: Route[] = [];
  /** The Ingresses produced: main, then canary (Ingress target). */
  public readonly ingresses: Ingress[] = [];
  /** The HTTPRoutes produced (Gateway target). */
  public readonly httpRoutes: HttpRoute[] = [];
  /** The TLSRoute produced (Gateway target, passthrough). @default - none */
  public readonly tlsRoute?: TlsRoute;
  /** The Gateway used (Gateway target). @default - none */
  public readonly gateway?: Gateway;
  /**
   * Where the produced objects behave differently from the definition on this
   * family (e.g. wildcard hosts matching several labels on Gateway API, weights
   * rounded to the Route range). Empty when the translation is exact.
   */
  public readonly lossy: string[] = [];

  constructor(scope: Construct, id: string, props: ExposureProps) {
    super(scope, id);
    const where = `Exposure ${this.node.path}`;
    if (!props || !(props.target instanceof ExposureTarget)) throw new Error(`${where}: target must be an ExposureTarget`);
    if (!Array.isArray(props.hosts) || props.hosts.length === 0) throw new Error(`${where}: give at least one host`);
    for (const h of props.hosts) if (typeof h !== 'string' || !(isDns1123Subdomain(h) || isWildcardDns1123Subdomain(h))) throw new Error(`${where}: host ${JSON.stringify(h)} is not a lower-case DNS name (a leading "*." is allowed)`);
    if (!Array.isArray(props.backends) || props.backends.length === 0) throw new Error(`${where}: give at least one backend`);
    for (const b of props.backends) if (!(b instanceof ExposureBackend)) throw new Error(`${where}: backends must be ExposureBackend objects`);
    if (props.canary !== undefined && !(props.canary instanceof Canary)) throw new Error(`${where}: canary must be a Canary`);
    const paths = props.paths ?? ['/'];
    for (const p of paths) if (typeof p !== 'string' || !/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/.test(p) || p.includes('//')) throw new Error(`${where}: path ${JSON.stringify(p)} must start with "/" and hold URL path characters`);
    const passthrough = props.tls?.mode === 'passthrough';
    if (passthrough && props.paths !== undefined) throw new Error(`${where}: paths cannot be used with passthrough TLS (the platform does not see paths inside TLS)`);
    if (passthrough && props.canary && (props.canary.header || props.canary.cookie)) throw new Error(`${where}: header and cookie canaries need HTTP; with passthrough TLS only a weighted canary is possible`);
    if (passthrough && props.allowedSourceRanges && props.target.family !== 'route') throw new Error(`${where}: allowedSourceRanges with passthrough TLS is only possible on Routes`);

    const family = props.target.family;
    if (family === 'route') {
      this.buildRoutes(props, paths, where);
    } else if (family === 'ingress') {
      this.buildIngress(props, paths, where);
    } else {
      const built = this.buildGateway(props, paths, where);
      this.gateway = built.gateway;
      this.tlsRoute = built.tlsRoute;
    }
    if (props.failOnLossy) this.node.addValidation({ validate: () => this.lossy.map((l) => `${l} [exposure.lossy]`) });
  }

  /** Backends with the canary applied: stable weights share (100 − percent), the canary gets percent. */
  private weighted(props: ExposureProps): Array<{ b: ExposureBackend; weight: number }> {
    const stable = props.backends.map((b) => ({ b, weight: b.weight }));
    if (!props.canary) return stable;
    const total = stable.reduce((s, x) => s + x.weight, 0);
    const p = props.canary.percent;
    if (total === 0) return [...stable, { b: props.canary.backend, weight: p }];
    if (stable.length === 1) return [{ b: stable[0].b, weight: 100 - p }, { b: props.canary.backend, weight: p }];
    // Scale to integers keeping the canary share exact when there is one stable backend.
    const out = stable.map((x) => ({ b: x.b, weight: Math.round(((100 - p) * x.weight * 100) / total) }));
    return [...out, { b: props.canary.backend, weight: p * 100 }];
  }

  private metadata(props: ExposureProps, suffix: string): ApiObjectMetadata {
    const m: { name?: string; namespace?: string } = {};
    if (props.name) m.name = suffix ? `${props.name}-${suffix}` : props.name;
    if (props.namespace) m.namespace = props.namespace;
    return m;
  }

  private buildRoutes(props: ExposureProps, paths: string[], where: string): void {
    const c = props.canary;
    if (c && (c.header || c.cookie)) throw new Error(`${where}: OpenShift Routes split traffic by weight only; header and cookie canaries need the Ingress or Gateway API target`);
    const backends = this.weighted(props);
    if (backends.length > 4) throw new Error(`${where}: a Route has at most 4 backends (to + 3 alternateBackends), got ${backends.length}`);
    const max = Math.max(...backends.map((x) => x.weight));
    const toRange = (w: number) => (max <= 256 || w === 0 ? w : Math.max(1, Math.round((w * 256) / max)));
    const scaled = backends.map((x) => ({ ...x, weight: toRange(x.weight) }));
    const sum = (l: Array<{ weight: number }>) => l.reduce((a, x) => a + x.weight, 0);
    backends.forEach((x, i) => {
      const want = x.weight / sum(backends);
      const got = scaled[i].weight / sum(scaled);
      if (Math.abs(want - got) > 0.0005) {
        this.lossy.push(`backend ${x.b.serviceName}: share ${(100 * want).toFixed(2)}% becomes ${(100 * got).toFixed(2)}% with Route weights (0-256)`);
      }
    });
    // A Route names the pods' port (the Service port's targetPort), or the Service port's name.
    const toRoute = (x: { b: ExposureBackend; weight: number }, i: number) => {
      const sp = x.b._service?.ports.find((p) => p.port === x.b.port);
      const options = i > 0 ? { weight: x.weight } : sp?.name
        ? { weight: x.weight, targetPortName: sp.name }
        : { weight: x.weight, targetPort: sp?.targetPort ?? x.b.port };
      return x.b._service ? RouteBackend.fromService(x.b._service, options) : RouteBackend.fromServiceName(x.b.serviceName, options);
    };
    let tls: RouteTls | undefined;
    const t = props.tls;
    if (t?.mode === 'passthrough') {
      tls = RouteTls.passthrough({ insecureEdgeTerminationPolicy: InsecureEdgeTerminationPolicy.REDIRECT });
    } else if (t) {
      const certificate = t._certificate ? RouteCertificate.fromTlsCertificate(t._certificate)
        : t._secretName ? RouteCertificate.fromSecretName(t._secretName) : undefined;
      const insecureEdgeTerminationPolicy = t.redirectHttp ? InsecureEdgeTerminationPolicy.REDIRECT : InsecureEdgeTerminationPolicy.ALLOW;
      tls = RouteTls.edge({ certificate, insecureEdgeTerminationPolicy });
    }
    const many = props.hosts.length * paths.length > 1;
    props.hosts.forEach((host, hi) => {
      paths.forEach((path, pi) => {
        const wildcard = host.startsWith('*.');
        const suffix = many ? `${hi}-${pi}` : '';
        this.routes.push(new Route(this, many ? `Route${hi}-${pi}` : 'Route', {
          metadata: this.metadata(props, suffix),
          host: wildcard ? `wildcard${host.slice(1)}` : host,
          wildcardPolicy: wildcard ? WildcardPolicy.SUBDOMAIN : undefined,
          path: path === '/' || t?.mode === 'passthrough' ? undefined : path,
          to: toRoute(scaled[0], 0),
          alternateBackends: scaled.slice(1).map((x, i) => toRoute(x, i + 1)),
          tls,
          timeout: props.timeout,
          allowedSourceRanges: props.allowedSourceRanges,
        }));
      });
    });
  }

  private buildIngress(props: ExposureProps, paths: string[], where: string): void {
    if (props.backends.length !== 1) throw new Error(`${where}: an Ingress sends a path to one Service; split traffic with a canary (got ${props.backends.length} backends)`);
    const c = props.canary;
    const t = props.tls;
    const toIngress = (b: ExposureBackend) => (b._service
      ? IngressBackend.fromService(b._service, { port: b.port })
      : IngressBackend.fromServiceName(b.serviceName, { port: b.port }));
    let secretName: string | undefined;
    if (t?._certificate) {
      const secret = t._certificate.toSecret(this, 'TlsSecret', { metadata: this.metadata(props, 'tls') });
      secretName = secret.name;
    } else if (t?._secretName) {
      secretName = t._secretName;
    }
    const nginx: IngressNginxSettings = {
      ...(t?.mode === 'passthrough' ? { sslPassthrough: true } : {}),
      ...(t?.mode === 'terminate' && !t.redirectHttp ? { sslRedirect: false } : {}),
      ...(props.timeout ? { proxyTimeouts: { read: props.timeout, send: props.timeout } } : {}),
      ...(props.allowedSourceRanges ? { allowedSourceRanges: props.allowedSourceRanges } : {}),
    };
    const ingress = new Ingress(this, 'Ingress', {
      metadata: this.metadata(props, ''),
      ingressClassName: props.target._options.className,
      tls: t ? [{ hosts: props.hosts, secretName }] : undefined,
      nginx: Object.keys(nginx).length > 0 ? nginx : undefined,
    });
    for (const host of props.hosts) {
      for (const path of paths) ingress.addRule(host, path, toIngress(props.backends[0]), { pathType: PathType.PREFIX });
    }
    this.ingresses.push(ingress);
    if (c) {
      this.ingresses.push(ingress.addCanary('Canary', {
        backend: toIngress(c.backend),
        weight: c.percent,
        byHeader: c.header?.name,
        byHeaderValue: c.header?.value,
        byCookie: c.cookie,
        metadata: this.metadata(props, 'canary'),
      }));
    }
  }

  private buildGateway(props: ExposureProps, paths: string[], where: string): { gateway: Gateway; tlsRoute?: TlsRoute } {
    if (props.allowedSourceRanges) throw new Error(`${where}: Gateway API has no standard field for source IP allowlists; use a policy of your implementation, or the Route or Ingress target`);
    for (const h of props.hosts.filter((x) => x.startsWith('*.'))) {
      this.lossy.push(`host ${h}: a Gateway API wildcard matches one or more labels in front of ${h.slice(2)}; the definition (and Routes and Ingresses) match exactly one`);
    }
    const c = props.canary;
    if (c?.cookie) throw new Error(`${where}: HTTPRoute matches have no cookie match; use a header canary, or the Ingress target for canary-by-cookie`);
    const t = props.tls;
    let certificate: GatewayCertificate | undefined;
    if (t?._certificate) certificate = GatewayCertificate.fromSecret(t._certificate.toSecret(this, 'TlsSecret', { metadata: this.metadata(props, 'tls') }));
    else if (t?._secretName) certificate = GatewayCertificate.fromSecretName(t._secretName);
    let gateway = props.target._options.gateway;
    if (!gateway) {
      const listeners: any[] = [];
      if (t?.mode === 'passthrough') {
        listeners.push({ name: 'tls', port: 443, protocol: GatewayProtocol.TLS, tls: GatewayTls.passthrough() });
      } else {
        listeners.push({ name: 'http', port: 80, protocol: GatewayProtocol.HTTP });
        if (t) {
          if (!certificate) throw new Error(`${where}: a Gateway HTTPS listener needs a certificate: give ExposureTls.terminate({ certificate }) or ({ secretName })`);
          listeners.push({ name: 'https', port: 443, protocol: GatewayProtocol.HTTPS, tls: GatewayTls.terminate({ certificates: [certificate] }) });
        }
      }
      gateway = new Gateway(this, 'Gateway', { metadata: this.metadata(props, ''), gatewayClassName: props.target._options.className, listeners });
    }
    const backends = this.weighted(props).map((x) => (x.b._service
      ? GatewayBackend.fromService(x.b._service, { port: x.b.port, weight: x.weight })
      : GatewayBackend.fromName(x.b.serviceName, { port: x.b.port, weight: x.weight })));
    if (t?.mode === 'passthrough') {
      const tlsRoute = new TlsRoute(this, 'TlsRoute', {
        metadata: this.metadata(props, ''), parents: [GatewayParent.fromGateway(gateway, { port: 443 })], hostnames: props.hosts, backends,
      });
      return { gateway, tlsRoute };
    }
    const on = (port: number) => GatewayParent.fromGateway(gateway!, { port });
    const mainParents = !t ? [on(80)] : t.redirectHttp ? [on(443)] : [on(80), on(443)];
    const timeouts = props.timeout ? { request: props.timeout, backendRequest: props.timeout } : undefined;
    const rules = [];
    if (c?.header) {
      const canaryBackend = c.backend._service
        ? GatewayBackend.fromService(c.backend._service, { port: c.backend.port })
        : GatewayBackend.fromName(c.backend.serviceName, { port: c.backend.port });
      const headers = [HeaderMatch.exact(c.header.name, c.header.value)];
      rules.push({ matches: paths.map((p) => HttpRouteMatch.pathPrefix(p, { headers })), backends: [canaryBackend], timeouts });
    }
    rules.push({ matches: paths.map((p) => HttpRouteMatch.pathPrefix(p)), backends, timeouts });
    this.httpRoutes.push(new HttpRoute(this, 'HttpRoute', { metadata: this.metadata(props, ''), parents: mainParents, hostnames: props.hosts, rules }));
    if (t && t.redirectHttp) {
      this.httpRoutes.push(new HttpRoute(this, 'HttpRedirect', {
        metadata: this.metadata(props, 'redirect'),
        parents: [GatewayParent.fromGateway(gateway, { port: 80 })],
        hostnames: props.hosts,
        rules: [{
          matches: paths.map((p) => HttpRouteMatch.pathPrefix(p)),
          filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS, statusCode: RedirectStatusCode.PERMANENT_REDIRECT })],
        }],
      }));
    }
    return { gateway };
  }
}
