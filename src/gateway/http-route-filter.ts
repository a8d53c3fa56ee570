import { Duration } from 'cdk8s';
import type { GatewayBackend } from './backend';
import {
  checkEnum, checkGroup, checkHeaderName, checkHttpPath, checkInt, checkKind, checkPort, checkPreciseHostname, checkRefName,
  checkValueLength, show,
} from './checks';
import { HttpMethod, RedirectScheme, RedirectStatusCode } from './enums';

/** The numbers written for each redirect status code. */
const REDIRECT_STATUS_CODES: Record<RedirectStatusCode, number> = {
  [RedirectStatusCode.MOVED_PERMANENTLY]: 301,
  [RedirectStatusCode.FOUND]: 302,
  [RedirectStatusCode.SEE_OTHER]: 303,
  [RedirectStatusCode.TEMPORARY_REDIRECT]: 307,
  [RedirectStatusCode.PERMANENT_REDIRECT]: 308,
};

/** How a redirect or rewrite changes the path. */
export class HttpPathModifier {
  /** Replace the whole path with `path`. */
  public static replaceFullPath(path: string): HttpPathModifier {
    checkHttpPath(path, 'HttpPathModifier.replaceFullPath');
    return new HttpPathModifier('ReplaceFullPath', path);
  }

  /**
   * Replace the matched path prefix with `prefix` (`/foo/bar` matched by `/foo`
   * with `/xyz` becomes `/xyz/bar`). The rule must have exactly one match, a PathPrefix.
   */
  public static replacePrefixMatch(prefix: string): HttpPathModifier {
    checkHttpPath(prefix, 'HttpPathModifier.replacePrefixMatch', true);
    return new HttpPathModifier('ReplacePrefixMatch', prefix);
  }

  /** `ReplaceFullPath` or `ReplacePrefixMatch`. */
  public readonly type: string;
  /** The replacement. */
  public readonly value: string;

  private constructor(type: string, value: string) {
    this.type = type;
    this.value = value;
  }

  /** @internal */
  public _toKube(): any {
    return this.type === 'ReplaceFullPath' ? { type: this.type, replaceFullPath: this.value } : { type: this.type, replacePrefixMatch: this.value };
  }
}

/** Header changes (`set` overwrites, `add` appends, `remove` deletes), one action per header name. */
export interface HeaderModifierOptions {
  /**
   * Headers to set, replacing any value (at most 16).
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to add, appending to any value (at most 16).
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Header names to remove (at most 16).
   * @default - none
   */
  readonly remove?: string[];
}

/** A redirect answered by the gateway instead of forwarding. */
export interface RequestRedirectOptions {
  /**
   * The scheme of the `Location`.
   * @default - the request's scheme
   */
  readonly scheme?: RedirectScheme;
  /**
   * The host name of the `Location` (precise, no wildcard).
   * @default - the request's host
   */
  readonly hostname?: string;
  /**
   * The port of the `Location`.
   * @default - 80 for http and 443 for https when `scheme` is set, else the listener's port
   */
  readonly port?: number;
  /**
   * How the path changes.
   * @default - the request's path
   */
  readonly path?: HttpPathModifier;
  /**
   * The status code.
   * @default - not written; the API default is 302 (RedirectStatusCode.FOUND)
   */
  readonly statusCode?: RedirectStatusCode;
}

/** A rewrite of the forwarded request. */
export interface UrlRewriteOptions {
  /**
   * The Host header sent to the backend (precise, no wildcard).
   * @default - unchanged
   */
  readonly hostname?: string;
  /**
   * How the forwarded path changes.
   * @default - unchanged
   */
  readonly path?: HttpPathModifier;
}

/** A fraction of requests. */
export interface MirrorFraction {
  /** The numerator (0 ≤ numerator ≤ denominator). */
  readonly numerator: number;
  /**
   * The denominator (at least 1).
   * @default 100
   */
  readonly denominator?: number;
}

/** Mirroring of requests to another backend (responses are ignored). */
export interface RequestMirrorOptions {
  /** Where copies go (a Service with a port). */
  readonly backend: GatewayBackend;
  /**
   * Percentage of requests mirrored, 0-100. Not with `fraction`.
   * @default - all requests (unless `fraction` is set)
   */
  readonly percent?: number;
  /**
   * Fraction of requests mirrored. Not with `percent`.
   * @default - all requests (unless `percent` is set)
   */
  readonly fraction?: MirrorFraction;
}

/** Cross-origin resource sharing answered by the gateway. */
export interface CorsOptions {
  /**
   * Allowed origins (`https://www.example.com`, `https://*.example.com`, or `*` alone; at most 64).
   * @default - none
   */
  readonly allowOrigins?: string[];
  /**
   * Allowed methods (at most 9). Use `allowAllMethods` for `*`.
   * @default - none
   */
  readonly allowMethods?: HttpMethod[];
  /**
   * Allow every method (`*`); not with `allowMethods`.
   * @default false
   */
  readonly allowAllMethods?: boolean;
  /**
   * Allowed request headers (or `*` alone; at most 64).
   * @default - none
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers exposed to the page (at most 64).
   * @default - none
   */
  readonly exposeHeaders?: string[];
  /**
   * Whether credentials are allowed.
   * @default - not written (false)
   */
  readonly allowCredentials?: boolean;
  /**
   * How long a preflight answer may be cached (whole seconds, at least 1).
   * @default - not written; the API default is 5 seconds
   */
  readonly maxAge?: Duration;
}

/** A reference to an implementation-specific filter object. */
export interface ExtensionRefOptions {
  /** The API group of the filter object. */
  readonly group: string;
  /** The kind of the filter object. */
  readonly kind: string;
  /** The name of the filter object (same namespace as the route). */
  readonly name: string;
}

const ORIGIN = /^(([a-zA-Z][a-zA-Z0-9+\-.]*):\/\/(\*\.)?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*(:[0-9]{1,5})?)$|^\*$/;

/** The filter types GRPCRoute supports. @internal */
export const GRPC_FILTER_TYPES = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef'];

function headerModifier(o: HeaderModifierOptions, what: string): any {
  const set = Object.entries(o?.set ?? {});
  const add = Object.entries(o?.add ?? {});
  const remove = o?.remove ?? [];
  if (set.length + add.length + remove.length === 0) throw new Error(`${what}: give at least one of set, add, remove`);
  const seen = new Map<string, string>();
  const note = (name: string, action: string) => {
    checkHeaderName(name, `${what}: ${action}`);
    const prev = seen.get(name.toLowerCase());
    if (prev) throw new Error(`${what}: header ${show(name)} appears in ${prev} and ${action}: one action per header name (names are case-insensitive)`);
    seen.set(name.toLowerCase(), action);
  };
  for (const [list, label] of [[set, 'set'], [add, 'add']] as const) {
    if (list.length > 16) throw new Error(`${what}: ${label}: at most 16 headers are allowed, got ${list.length}`);
    for (const [n, v] of list) {
      note(n, label);
      checkValueLength(v, 4096, `${what}: ${label}[${show(n)}]`);
    }
  }
  if (remove.length > 16) throw new Error(`${what}: remove: at most 16 headers are allowed, got ${remove.length}`);
  for (const n of remove) note(n, 'remove');
  const out: any = {};
  if (set.length > 0) out.set = set.map(([name, value]) => ({ name, value }));
  if (add.length > 0) out.add = add.map(([name, value]) => ({ name, value }));
  if (remove.length > 0) out.remove = [...remove];
  return out;
}

/**
 * A step applied to requests or responses (`filters[]`): header changes,
 * redirect, rewrite, mirroring, CORS or an implementation-specific extension.
 * GRPCRoute supports the header modifiers, mirroring and extensions.
 */
export class HttpRouteFilter {
  /** Change request headers before forwarding. */
  public static requestHeaderModifier(options: HeaderModifierOptions): HttpRouteFilter {
    return new HttpRouteFilter('RequestHeaderModifier', headerModifier(options, 'HttpRouteFilter.requestHeaderModifier'));
  }

  /** Change response headers before answering. */
  public static responseHeaderModifier(options: HeaderModifierOptions): HttpRouteFilter {
    return new HttpRouteFilter('ResponseHeaderModifier', headerModifier(options, 'HttpRouteFilter.responseHeaderModifier'));
  }

  /** Answer with a redirect (the rule then has no backends). */
  public static requestRedirect(options: RequestRedirectOptions): HttpRouteFilter {
    const what = 'HttpRouteFilter.requestRedirect';
    const o = options ?? {};
    const out: any = {};
    if (o.scheme !== undefined) out.scheme = checkEnum(o.scheme, RedirectScheme, `${what}: scheme`);
    if (o.hostname !== undefined) out.hostname = checkPreciseHostname(o.hostname, `${what}: hostname`);
    if (o.path !== undefined) {
      if (!(o.path instanceof HttpPathModifier)) throw new Error(`${what}: path must be an HttpPathModifier (HttpPathModifier.replaceFullPath or .replacePrefixMatch)`);
      out.path = o.path._toKube();
    }
    if (o.port !== undefined) out.port = checkPort(o.port, what);
    if (o.statusCode !== undefined) out.statusCode = REDIRECT_STATUS_CODES[checkEnum(o.statusCode, RedirectStatusCode, `${what}: statusCode`)];
    if (Object.keys(out).length === 0) throw new Error(`${what}: give at least one of scheme, hostname, port, path, statusCode (a redirect to the same URL would loop)`);
    return new HttpRouteFilter('RequestRedirect', out, o.path);
  }

  /** Rewrite the host and/or path of the forwarded request. */
  public static urlRewrite(options: UrlRewriteOptions): HttpRouteFilter {
    const what = 'HttpRouteFilter.urlRewrite';
    const o = options ?? {};
    const out: any = {};
    if (o.hostname !== undefined) out.hostname = checkPreciseHostname(o.hostname, `${what}: hostname`);
    if (o.path !== undefined) {
      if (!(o.path instanceof HttpPathModifier)) throw new Error(`${what}: path must be an HttpPathModifier (HttpPathModifier.replaceFullPath or .replacePrefixMatch)`);
      out.path = o.path._toKube();
    }
    if (Object.keys(out).length === 0) throw new Error(`${what}: give hostname, path or both`);
    return new HttpRouteFilter('URLRewrite', out, o.path);
  }

  /** Send a copy of requests to another backend. */
  public static requestMirror(options: RequestMirrorOptions): HttpRouteFilter {
    const what = 'HttpRouteFilter.requestMirror';
    const b = options?.backend;
    if (!b || typeof (b as any)._toKube !== 'function') throw new Error(`${what}: backend must be a GatewayBackend`);
    if (b._filters.length > 0) throw new Error(`${what}: the mirror backend cannot have filters`);
    if (b.weight !== undefined) throw new Error(`${what}: the mirror backend has no weight (got ${b.weight})`);
    const out: any = {};
    if (options.percent !== undefined && options.fraction !== undefined) throw new Error(`${what}: give percent or fraction, not both`);
    if (options.percent !== undefined) out.percent = checkInt(options.percent, 0, 100, `${what}: percent`);
    if (options.fraction !== undefined) {
      const den = options.fraction.denominator ?? 100;
      checkInt(den, 1, Number.MAX_SAFE_INTEGER, `${what}: fraction.denominator`);
      checkInt(options.fraction.numerator, 0, den, `${what}: fraction.numerator`);
      const numerator = options.fraction.numerator;
      out.fraction = options.fraction.denominator !== undefined ? { numerator, denominator: den } : { numerator };
    }
    return new HttpRouteFilter('RequestMirror', out, undefined, b);
  }

  /** Answer CORS preflight requests and add CORS headers to responses. */
  public static cors(options: CorsOptions): HttpRouteFilter {
    const what = 'HttpRouteFilter.cors';
    const o = options ?? {};
    const out: any = {};
    const list = (values: string[] | undefined, name: string, max: number, check: (v: string) => void) => {
      if (values === undefined) return;
      if (values.length > max) throw new Error(`${what}: ${name}: at most ${max} entries are allowed, got ${values.length}`);
      if (values.includes('*') && values.length > 1) throw new Error(`${what}: ${name}: "*" cannot be combined with other entries, got ${show(values)}`);
      if (new Set(values).size !== values.length) throw new Error(`${what}: ${name}: entries must be unique, got ${show(values)}`);
      values.forEach(check);
      out[name] = [...values];
    };
    list(o.allowOrigins, 'allowOrigins', 64, (v) => {
      if (typeof v !== 'string' || v.length > 253 || !ORIGIN.test(v)) throw new Error(`${what}: allowOrigins: invalid origin ${show(v)}: use scheme://host[:port] (the host may start with "*.") or "*"`);
    });
    if (o.allowAllMethods && o.allowMethods !== undefined) throw new Error(`${what}: give allowMethods or allowAllMethods, not both`);
    if (o.allowMethods !== undefined) list(o.allowMethods, 'allowMethods', 9, (m) => { checkEnum(m, HttpMethod, `${what}: allowMethods`); });
    if (o.allowAllMethods) out.allowMethods = ['*'];
    list(o.allowHeaders, 'allowHeaders', 64, (h) => { if (h !== '*') checkHeaderName(h, `${what}: allowHeaders`); });
    list(o.exposeHeaders, 'exposeHeaders', 64, (h) => { if (h !== '*') checkHeaderName(h, `${what}: exposeHeaders`); });
    if (o.allowCredentials !== undefined) out.allowCredentials = !!o.allowCredentials;
    if (o.maxAge !== undefined) {
      const ms = o.maxAge.toMilliseconds({ integral: false });
      if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms < 1000) throw new Error(`${what}: maxAge must be a whole number of seconds, at least 1, got ${ms}ms`);
      out.maxAge = ms / 1000;
    }
    if (Object.keys(out).length === 0) throw new Error(`${what}: give at least one setting (allowOrigins, allowMethods, ...)`);
    return new HttpRouteFilter('CORS', out);
  }

  /** An implementation-specific filter object (e.g. a policy CRD) in the route's namespace. */
  public static extensionRef(options: ExtensionRefOptions): HttpRouteFilter {
    const what = 'HttpRouteFilter.extensionRef';
    const out = {
      group: checkGroup(options?.group, what),
      kind: checkKind(options?.kind, what),
      name: checkRefName(options?.name, what),
    };
    return new HttpRouteFilter('ExtensionRef', out);
  }

  /** The filter type as written (`RequestHeaderModifier`, `RequestRedirect`, ...). */
  public readonly type: string;
  /** @internal */
  public readonly _pathModifier?: HttpPathModifier;
  /** @internal */
  public readonly _mirrorBackend?: GatewayBackend;
  private readonly config: any;

  private constructor(type: string, config: any, pathModifier?: HttpPathModifier, mirror?: GatewayBackend) {
    this.type = type;
    this.config = config;
    this._pathModifier = pathModifier;
    this._mirrorBackend = mirror;
  }

  /** @internal */
  public _toKube(routeNamespace: string | undefined): any {
    const field = FIELD[this.type];
    const config = this._mirrorBackend ? { backendRef: this._mirrorBackend._toKube(routeNamespace, false), ...this.config } : this.config;
    return { type: this.type, [field]: JSON.parse(JSON.stringify(config)) };
  }
}

const FIELD: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  RequestMirror: 'requestMirror',
  CORS: 'cors',
  ExtensionRef: 'extensionRef',
};

/** Checks a filter list (rule or backend level): type, count and combination rules. @internal */
export function checkFilterList(filters: HttpRouteFilter[], allowed: string[] | undefined, what: string): void {
  if (filters.length > 16) throw new Error(`${what}: at most 16 filters are allowed, got ${filters.length}`);
  const seen = new Set<string>();
  for (const f of filters) {
    if (!(f instanceof HttpRouteFilter)) throw new Error(`${what}: filters must be HttpRouteFilter objects`);
    if (allowed && !allowed.includes(f.type)) throw new Error(`${what}: filter type ${f.type} is not supported here (allowed: ${allowed.join(', ')})`);
    if (f.type !== 'RequestMirror' && f.type !== 'ExtensionRef' && seen.has(f.type)) throw new Error(`${what}: filter ${f.type} is given twice: at most one per list (only RequestMirror and ExtensionRef may repeat)`);
    seen.add(f.type);
  }
  if (seen.has('RequestRedirect') && seen.has('URLRewrite')) throw new Error(`${what}: RequestRedirect and URLRewrite cannot be combined in one filter list`);
}
