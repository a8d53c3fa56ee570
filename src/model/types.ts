/**
 * The routing model: plain data built from manifests (never from constructs),
 * shared by every family (Route, Ingress, Gateway API) and translated into the
 * HAProxy config model. Every node keeps a `source` naming the object and the
 * field the user wrote, so a problem found late still points at the input.
 *
 * Internal: not part of the jsii API.
 */

/** The object and field a model node came from. */
export interface ModelSource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Field path inside the object, e.g. `spec.alternateBackends[0]`. */
  readonly field: string;
  readonly file?: string;
  readonly line?: number;
}

/**
 * A path match. `Prefix` is a path-segment prefix: value `/app` matches `/app`,
 * `/app/` and `/app/x` but not `/application`; a value ending in `/` (as Route
 * paths may) requires that slash: `/app/` matches `/app/` and `/app/x`, not `/app`.
 * Families normalise their own semantics into this (Gateway API PathPrefix and
 * Ingress Prefix drop a trailing slash; `/` and empty mean "every path").
 */
export interface PathMatch {
  /**
   * `RegularExpression`: a PCRE (HAProxy's dialect) matched against the whole path
   * (anchored `^(?:value)$`); it ranks below Exact and Prefix on the same host.
   * `StringPrefix` (ingress-nginx ImplementationSpecific): a plain string prefix, `/app` also
   * matches `/application`; a value ending in `/` requires that slash like `Prefix`.
   */
  readonly type: 'Exact' | 'Prefix' | 'RegularExpression' | 'StringPrefix';
  readonly value: string;
}

export interface HeaderMatch {
  readonly name: string;
  readonly type: 'Exact' | 'RegularExpression';
  readonly value: string;
}

/** A cookie match (ingress-nginx canary-by-cookie; `value` compared exactly or as a regex). */
export interface CookieMatch {
  readonly name: string;
  readonly type: 'Exact' | 'RegularExpression';
  readonly value: string;
}

/** CORS settings of a rule (Gateway API HTTPRoute CORS filter). */
export interface CorsModel {
  /** `*`, or `http(s)://host[:port]` where host may start with `*.`. */
  readonly allowOrigins: string[];
  readonly allowMethods: string[];
  readonly allowHeaders: string[];
  readonly exposeHeaders: string[];
  readonly allowCredentials: boolean;
  /** Seconds. */
  readonly maxAge: number;
}

/** A rewrite of the forwarded request (Gateway API URLRewrite). */
export interface RewriteModel {
  /** Replaces the Host header. */
  readonly hostname?: string;
  /** `ReplacePrefixMatch` replaces the rule's Prefix path match (segment-wise, Gateway API table). */
  readonly path?: { readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch'; readonly value: string };
}

export interface QueryParamMatch {
  readonly name: string;
  readonly type: 'Exact' | 'RegularExpression';
  readonly value: string;
}

/** How a rule's host is matched. */
export enum HostMatchKind {
  /** The Host header (lower-cased, port and trailing dot removed) equals `host`. */
  EXACT = 'exact',
  /** `*.d`: exactly one label in front of `d` (OpenShift wildcard routes, Ingress `*.d`). */
  WILDCARD_ONE_LABEL = 'wildcard-one-label',
  /** `*.d`: one or more labels in front of `d` (Gateway API hostnames). */
  WILDCARD_SUFFIX = 'wildcard-suffix',
  /** Any host (Ingress rule without host, Gateway listener/route without hostnames). */
  ANY = 'any',
}

/** Header changes (Route spec.httpHeaders, Gateway header modifiers, ...). */
export interface HeaderAction {
  readonly type: 'set' | 'add' | 'delete';
  readonly name: string;
  /** For set/add. Route values may contain HAProxy sample expressions `%[req.hdr(x)]` already validated against the allow-list. */
  readonly value?: string;
  /** `true` when `value` is a validated HAProxy log-format expression (Route); `false` when it is literal text to escape. */
  readonly dynamic?: boolean;
}

/** What a matched HTTP request gets. */
export type RuleAction =
  | { readonly type: 'forward'; readonly backend: string }
  /** Redirect to HTTPS keeping host (without port), path and query; OpenShift uses 302. */
  | { readonly type: 'redirect-https'; readonly code: number }
  | {
    readonly type: 'redirect';
    readonly code: number;
    readonly scheme?: string;
    readonly hostname?: string;
    readonly port?: number;
    readonly path?: { readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch'; readonly value: string };
  }
  | { readonly type: 'status'; readonly code: number };

/** One HTTP routing rule on an entrypoint. */
export interface HttpRule {
  readonly host: string;
  readonly hostMatch: HostMatchKind;
  readonly path: PathMatch;
  readonly headers?: HeaderMatch[];
  readonly queryParams?: QueryParamMatch[];
  readonly cookies?: CookieMatch[];
  readonly method?: string;
  readonly action: RuleAction;
  /** Request header changes applied for this rule (before forwarding). */
  readonly requestHeaders?: HeaderAction[];
  /** Response header changes for this rule. */
  readonly responseHeaders?: HeaderAction[];
  /** Rewrite of the forwarded request (forward actions only). */
  readonly rewrite?: RewriteModel;
  /** CORS preflight answers and response headers (forward actions only). */
  readonly cors?: CorsModel;
  /** Tie-breakers after match specificity: creation time (ISO, '' = unknown), `namespace/name`, rule index. */
  readonly order: { readonly created: string; readonly key: string; readonly index: number };
  readonly source: ModelSource;
}

/** TLS passthrough (or TCP) dispatch by SNI. */
export interface SniRule {
  readonly host: string;
  readonly hostMatch: HostMatchKind;
  readonly backend: string;
  readonly source: ModelSource;
}

/** PEM material for a terminated host, or a request for a development certificate. */
export interface CertificateModel {
  /** Hosts (may be `*.d`) this certificate is offered for (crt-list filters / SNI). */
  readonly hosts: string[];
  /** Leaf certificate (and chain) PEM; absent → a development certificate is generated for `hosts`. */
  readonly certificatePem?: string;
  readonly keyPem?: string;
  readonly caPem?: string;
  /** Stable file name stem, e.g. `ns:name`. */
  readonly id: string;
  readonly source: ModelSource;
}

/** A frontend: where clients connect. */
export interface Entrypoint {
  /** Stable id, e.g. `routes-http`, `routes-https`, `gw:ns:name:80`. */
  readonly id: string;
  /** The port in the cluster (80, 443, a listener port); the local port is chosen by render options. */
  readonly port: number;
  /**
   * HTTP: plain HTTP. HTTPS: TLS terminated here with `certificates`, plus optional SNI passthrough
   * (`passthrough`, checked first) as the OpenShift router does on 443. TLS: SNI dispatch only. TCP: one backend.
   */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP';
  readonly httpRules: HttpRule[];
  readonly passthrough: SniRule[];
  readonly certificates: CertificateModel[];
  /** TCP entrypoints: the backend every connection goes to. */
  readonly tcpBackend?: string;
  /** What a request that matches no rule gets (OpenShift: 503; Gateway API: 404). */
  readonly noMatchStatus: number;
  /**
   * The local port comes from the render option `portMap` (Gateway listeners, CLI `--port-map`)
   * instead of `httpPort`/`httpsPort` (Routes, Ingresses).
   */
  readonly portMapped?: boolean;
  /**
   * HTTPS with several listeners (Gateway API): their hostnames (`*.d` wildcards, `''` for a
   * listener without hostname). A request whose Host belongs to another listener than its SNI
   * gets 421 Misdirected Request.
   */
  readonly listenerHostnames?: string[];
}

/** A Service port the backend sends traffic to. */
export interface ServiceTarget {
  readonly namespace: string;
  readonly name: string;
  /** The port as the route names it: a Service port number/name, or a target port number/name (Route). */
  readonly port?: number | string;
  /** Family-native weight (Route 0–256, Gateway 0–1,000,000, Ingress canary 0–total). */
  readonly weight: number;
  /**
   * Not a Service: this share of the traffic is answered with this HTTP status by
   * the proxy itself (Gateway API: an invalid backendRef gets 500 for its share).
   */
  readonly status?: number;
  /** The Service port speaks HTTP/2 without TLS (`appProtocol: kubernetes.io/h2c`). */
  readonly h2c?: boolean;
  readonly source: ModelSource;
}

/** One server line after endpoint resolution and weight scaling. */
export interface ServerModel {
  /** Stable id, unique in the backend. */
  readonly id: string;
  readonly address: string;
  readonly port: number;
  /** HAProxy weight 0–256. */
  readonly weight: number;
  /** The service it belongs to (`ns/name`). */
  readonly service: string;
  /** Set for a share answered by the proxy itself with this status (`address`/`port` are then unused). */
  readonly status?: number;
  /** Speak HTTP/2 to this server (its Service port is `kubernetes.io/h2c`). */
  readonly h2?: boolean;
}

export type BalanceAlgorithm = 'roundrobin' | 'leastconn' | 'source' | 'random';

/** Backend behaviour shared by families (each typed setting the OpenShift router renders from an annotation). */
export interface BackendPolicies {
  readonly balance?: BalanceAlgorithm;
  /** Session cookie; absent = no cookie. */
  readonly cookie?: {
    readonly name: string;
    readonly secure: boolean;
    readonly sameSite?: 'Lax' | 'Strict' | 'None';
    /** `Max-Age` attribute in seconds (ingress-nginx session-cookie-max-age). */
    readonly maxAgeSeconds?: number;
  };
  readonly timeoutServerMs?: number;
  readonly timeoutTunnelMs?: number;
  readonly healthCheckIntervalMs?: number;
  readonly rateLimit?: { readonly concurrentTcp?: number; readonly rateTcp?: number; readonly rateHttp?: number };
  /** Validated IPs/CIDRs; absent = open. */
  readonly allowlist?: string[];
  /** Strict-Transport-Security value, already validated. */
  readonly hsts?: string;
  readonly forwardedHeaders?: 'append' | 'replace' | 'if-none' | 'never';
  /** OpenShift rewrite-target: `{ path, target }` already sanitised. */
  readonly rewrite?: { readonly path: string; readonly target: string };
  readonly maxConnPerServer?: number;
  readonly requestHeaders?: HeaderAction[];
  readonly responseHeaders?: HeaderAction[];
  /** ingress-nginx behaviour (Ingress family), rendered by `haproxy/nginx.ts`. */
  readonly nginx?: NginxPolicies;
}

/** What ingress-nginx does for a location, beyond the shared policies. All values already validated. */
export interface NginxPolicies {
  /** Requests with a larger body get 413 (`proxy-body-size`); absent or 0 = unlimited. */
  readonly maxBodyBytes?: number;
  /** `proxy-connect-timeout`, ms. */
  readonly connectTimeoutMs?: number;
  /** Allowed sources (IPs/CIDRs); others get 403. Empty list: every request gets 403. */
  readonly allowlist?: string[];
  /** Denied sources (IPs/CIDRs) get 403. */
  readonly denylist?: string[];
  /** `rewrite-target`: a matching path (case-insensitive `pattern`) is replaced by `target` (`\N` capture references). */
  readonly rewrite?: { readonly pattern: string; readonly target: string };
  /** `limit-rps`, `limit-rpm`, `limit-connections` per source IP; over the limit → 503. */
  readonly limits?: { readonly rps?: number; readonly rpm?: number; readonly connections?: number; readonly burstMultiplier: number };
  /** CORS (`enable-cors`). */
  readonly cors?: {
    readonly allowOrigins: string[];
    readonly allowMethods: string;
    readonly allowHeaders: string;
    readonly exposeHeaders?: string;
    readonly allowCredentials: boolean;
    readonly maxAgeSeconds: number;
  };
}

/** A group of servers answering for one route (or one rule's backendRefs). */
export interface BackendModel {
  /** Stable id, e.g. `be_edge_http:ns:name`. */
  readonly id: string;
  readonly mode: 'http' | 'tcp';
  /** TLS to the servers (reencrypt, BackendTLSPolicy). */
  /** `systemCa`: verify against the system trust store (BackendTLSPolicy `wellKnownCACertificates: System`). */
  readonly upstreamTls?: { readonly caPem?: string; readonly systemCa?: boolean; readonly verifyHost?: string; readonly sni?: string };
  /** Speak HTTP/2 to the servers (gRPC backends). @default HTTP/1.1 */
  readonly h2?: boolean;
  /**
   * A Service without endpoints keeps its share of the traffic, answered with this status
   * (Gateway API: 503). Unset: its share goes to the other Services (OpenShift router).
   */
  readonly emptyServiceStatus?: number;
  readonly services: ServiceTarget[];
  /** Filled by endpoint resolution (model/weights.ts). */
  readonly servers: ServerModel[];
  /** Number of services with weight > 0 and at least one endpoint. */
  readonly activeServices: number;
  readonly policies: BackendPolicies;
  readonly source: ModelSource;
}

/** The whole routing model for one render. */
export interface RoutingModel {
  readonly entrypoints: Entrypoint[];
  readonly backends: BackendModel[];
}
