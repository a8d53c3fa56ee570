import { Duration } from 'cdk8s';
import { CookieSameSite } from './enums';

/** Options of a named session cookie. */
export interface RouteCookieOptions {
  /**
   * The cookie's `SameSite` attribute. Applies to edge and reencrypt routes
   * whose insecure policy is not `Allow` (the cookie is then `Secure`).
   * @default - the router's default, CookieSameSite.NONE
   */
  readonly sameSite?: CookieSameSite;
}

const COOKIE_NAME = /^[a-zA-Z0-9_-]+$/;

/**
 * The router's session-affinity cookie for a route (HTTP routes only): by
 * default the router sets a cookie that pins a client to one endpoint.
 */
export class RouteCookies {
  /** No affinity cookie (`haproxy.router.openshift.io/disable_cookies`). */
  public static disabled(): RouteCookies {
    return new RouteCookies(true, undefined, undefined);
  }

  /** An affinity cookie with this name (`router.openshift.io/cookie_name`): letters, digits, `_` and `-`. */
  public static named(name: string, options: RouteCookieOptions = {}): RouteCookies {
    if (typeof name !== 'string' || !COOKIE_NAME.test(name)) {
      throw new Error(`RouteCookies.named: invalid cookie name ${JSON.stringify(name)}: must match [a-zA-Z0-9_-]+ (the router ignores other names)`);
    }
    return new RouteCookies(false, name, options.sameSite);
  }

  /** The router's default cookie name with this `SameSite` attribute (`router.openshift.io/cookie-same-site`). */
  public static withSameSite(sameSite: CookieSameSite): RouteCookies {
    return new RouteCookies(false, undefined, sameSite);
  }

  /** Whether the affinity cookie is disabled. */
  public readonly isDisabled: boolean;
  /**
   * The cookie name.
   * @default - the router's default name (a hash of the route)
   */
  public readonly name?: string;
  /**
   * The SameSite attribute.
   * @default - the router's default (None)
   */
  public readonly sameSite?: CookieSameSite;

  private constructor(disabled: boolean, name: string | undefined, sameSite: CookieSameSite | undefined) {
    const allowed = Object.values(CookieSameSite) as string[];
    if (sameSite !== undefined && !allowed.includes(sameSite)) {
      throw new Error(`RouteCookies: unsupported sameSite ${JSON.stringify(sameSite)}: supported values: ${allowed.join(', ')}`);
    }
    this.isDisabled = disabled;
    this.name = name;
    this.sameSite = sameSite;
  }
}

/**
 * Per-source-IP connection limits (`haproxy.router.openshift.io/rate-limit-connections*`).
 * A client over a limit has its new connections or requests rejected.
 */
export interface RouteRateLimit {
  /**
   * Concurrent TCP connections one source IP may hold.
   * @default - no limit
   */
  readonly concurrentTcpConnections?: number;
  /**
   * New TCP connections one source IP may open, counted over 3 seconds.
   * @default - no limit
   */
  readonly tcpConnectionRate?: number;
  /**
   * HTTP requests one source IP may send, counted over 10 seconds (HTTP routes only, not passthrough).
   * @default - no limit
   */
  readonly httpRequestRate?: number;
}

/** HTTP Strict Transport Security sent by the router (`haproxy.router.openshift.io/hsts_header`); edge and reencrypt only. */
export interface RouteHsts {
  /** How long browsers remember to use HTTPS only (whole seconds; zero tells them to forget). */
  readonly maxAge: Duration;
  /**
   * Whether the policy covers subdomains too.
   * @default false
   */
  readonly includeSubDomains?: boolean;
  /**
   * Whether to ask for inclusion in browsers' preload lists.
   * @default false
   */
  readonly preload?: boolean;
}
