/**
 * What the router does with plain HTTP requests (port 80) for a TLS route
 * (`spec.tls.insecureEdgeTerminationPolicy`).
 */
export enum InsecureEdgeTerminationPolicy {
  /** Plain HTTP is not served for this host (the router answers 503). */
  NONE = 'None',
  /** Plain HTTP is served too, by the same backend. Not allowed with passthrough. */
  ALLOW = 'Allow',
  /** Plain HTTP requests are redirected (302) to `https://`. */
  REDIRECT = 'Redirect',
}

/** Whether a route also serves the sibling hosts of its host (`spec.wildcardPolicy`). */
export enum WildcardPolicy {
  /** Only the host itself. */
  NONE = 'None',
  /**
   * Every host in the domain of `host` minus its first label
   * (`www.apps.example.com` serves `*.apps.example.com`). Needs an explicit
   * host and a router that admits wildcard routes.
   */
  SUBDOMAIN = 'Subdomain',
}

/** How the router spreads connections over endpoints (`haproxy.router.openshift.io/balance`). */
export enum LoadBalancingAlgorithm {
  /** Each endpoint in turn, according to its weight. */
  ROUND_ROBIN = 'roundrobin',
  /** The endpoint with the fewest connections. */
  LEAST_CONN = 'leastconn',
  /** A hash of the client's source IP: a client keeps reaching the same endpoint. */
  SOURCE = 'source',
  /** A random endpoint (power of two choices). */
  RANDOM = 'random',
}

/** The `SameSite` attribute of the router's session cookie (`router.openshift.io/cookie-same-site`). */
export enum CookieSameSite {
  /** Sent on top-level navigations from other sites. */
  LAX = 'Lax',
  /** Sent only on same-site requests. */
  STRICT = 'Strict',
  /** Sent on all requests (the router's default; the cookie is always `Secure`). */
  NONE = 'None',
}

/** Where TLS ends for a route (`spec.tls.termination`). */
export enum TlsTermination {
  /** The router terminates TLS and talks plain HTTP to the pods. */
  EDGE = 'edge',
  /** The router forwards the TLS connection untouched (chosen by SNI); the pods terminate TLS. */
  PASSTHROUGH = 'passthrough',
  /** The router terminates TLS and opens a new TLS connection to the pods. */
  REENCRYPT = 'reencrypt',
}
