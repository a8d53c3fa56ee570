import { checkEnum, checkHeaderName, checkHttpPath, checkRegex, checkValueLength, show } from './checks';
import { HttpMethod } from './enums';

/** A request header condition (`matches[].headers[]`); the name is compared case-insensitively. */
export class HeaderMatch {
  /** The header has exactly this value. */
  public static exact(name: string, value: string): HeaderMatch {
    checkHeaderName(name, 'HeaderMatch.exact');
    checkValueLength(value, 4096, `HeaderMatch.exact(${show(name)})`);
    return new HeaderMatch('Exact', name, value);
  }

  /** The header's value matches the regular expression (the dialect is implementation-specific). */
  public static regex(name: string, pattern: string): HeaderMatch {
    checkHeaderName(name, 'HeaderMatch.regex');
    checkRegex(pattern, 4096, `HeaderMatch.regex(${show(name)})`);
    return new HeaderMatch('RegularExpression', name, pattern);
  }

  /** `Exact` or `RegularExpression`. */
  public readonly type: string;
  /** The header name. */
  public readonly name: string;
  /** The value or pattern. */
  public readonly value: string;

  private constructor(type: string, name: string, value: string) {
    this.type = type;
    this.name = name;
    this.value = value;
  }

  /** @internal */
  public _toKube(): any {
    return { type: this.type, name: this.name, value: this.value };
  }
}

/** A query parameter condition (`matches[].queryParams[]`); the name is compared exactly. */
export class QueryParamMatch {
  /** The parameter has exactly this value. */
  public static exact(name: string, value: string): QueryParamMatch {
    checkHeaderName(name, 'QueryParamMatch.exact');
    checkValueLength(value, 1024, `QueryParamMatch.exact(${show(name)})`);
    return new QueryParamMatch('Exact', name, value);
  }

  /** The parameter's value matches the regular expression (implementation-specific dialect). */
  public static regex(name: string, pattern: string): QueryParamMatch {
    checkHeaderName(name, 'QueryParamMatch.regex');
    checkRegex(pattern, 1024, `QueryParamMatch.regex(${show(name)})`);
    return new QueryParamMatch('RegularExpression', name, pattern);
  }

  /** `Exact` or `RegularExpression`. */
  public readonly type: string;
  /** The parameter name. */
  public readonly name: string;
  /** The value or pattern. */
  public readonly value: string;

  private constructor(type: string, name: string, value: string) {
    this.type = type;
    this.name = name;
    this.value = value;
  }

  /** @internal */
  public _toKube(): any {
    return { type: this.type, name: this.name, value: this.value };
  }
}

/** More conditions of an HTTP match, ANDed with its path. */
export interface HttpMatchOptions {
  /**
   * Header conditions, all of which must hold (at most 16; one per name).
   * @default - none
   */
  readonly headers?: HeaderMatch[];
  /**
   * Query parameter conditions, all of which must hold (at most 16; one per name).
   * @default - none
   */
  readonly queryParams?: QueryParamMatch[];
  /**
   * The request method.
   * @default - any method
   */
  readonly method?: HttpMethod;
}

function checkConditions(options: HttpMatchOptions, what: string): void {
  const headers = options.headers ?? [];
  const params = options.queryParams ?? [];
  if (headers.length > 16) throw new Error(`${what}: at most 16 header matches are allowed, got ${headers.length}`);
  if (params.length > 16) throw new Error(`${what}: at most 16 query parameter matches are allowed, got ${params.length}`);
  const names = new Set<string>();
  for (const h of headers) {
    if (!(h instanceof HeaderMatch)) throw new Error(`${what}: headers must be HeaderMatch objects (HeaderMatch.exact or .regex)`);
    const k = h.name.toLowerCase();
    if (names.has(k)) throw new Error(`${what}: header ${show(h.name)} is matched twice: one condition per header name (names are case-insensitive)`);
    names.add(k);
  }
  const pnames = new Set<string>();
  for (const q of params) {
    if (!(q instanceof QueryParamMatch)) throw new Error(`${what}: queryParams must be QueryParamMatch objects (QueryParamMatch.exact or .regex)`);
    if (pnames.has(q.name)) throw new Error(`${what}: query parameter ${show(q.name)} is matched twice: one condition per name`);
    pnames.add(q.name);
  }
  if (options.method !== undefined) checkEnum(options.method, HttpMethod, `${what}: method`);
}

/**
 * A condition an HTTP request must meet for a rule to apply (`rules[].matches[]`):
 * a path match plus optional headers, query parameters and method, all ANDed.
 */
export class HttpRouteMatch {
  /** Paths under `path`, compared segment by segment (`/shop` matches `/shop` and `/shop/cart`, not `/shopping`). */
  public static pathPrefix(path: string, options: HttpMatchOptions = {}): HttpRouteMatch {
    checkHttpPath(path, 'HttpRouteMatch.pathPrefix');
    return new HttpRouteMatch('PathPrefix', path, options, 'HttpRouteMatch.pathPrefix');
  }

  /** Exactly this path (case-sensitive). */
  public static exact(path: string, options: HttpMatchOptions = {}): HttpRouteMatch {
    checkHttpPath(path, 'HttpRouteMatch.exact');
    return new HttpRouteMatch('Exact', path, options, 'HttpRouteMatch.exact');
  }

  /** Paths matching the regular expression (the dialect is implementation-specific). */
  public static regex(pattern: string, options: HttpMatchOptions = {}): HttpRouteMatch {
    checkRegex(pattern, 1024, 'HttpRouteMatch.regex');
    return new HttpRouteMatch('RegularExpression', pattern, options, 'HttpRouteMatch.regex');
  }

  /** Any path (the API default `PathPrefix /`), narrowed by headers, query parameters or method. */
  public static anyPath(options: HttpMatchOptions = {}): HttpRouteMatch {
    return new HttpRouteMatch(undefined, undefined, options, 'HttpRouteMatch.anyPath');
  }

  /**
   * The path match type (`Exact`, `PathPrefix`, `RegularExpression`).
   * @default - no path written (the API default: PathPrefix `/`)
   */
  public readonly pathType?: string;
  /**
   * The path or pattern.
   * @default - no path written
   */
  public readonly path?: string;
  private readonly options: HttpMatchOptions;

  private constructor(pathType: string | undefined, path: string | undefined, options: HttpMatchOptions, what: string) {
    checkConditions(options ?? {}, what);
    this.pathType = pathType;
    this.path = path;
    this.options = { ...(options ?? {}) };
  }

  /** @internal */
  public _toKube(): any {
    const out: any = {};
    if (this.pathType !== undefined) out.path = { type: this.pathType, value: this.path };
    const o = this.options;
    if (o.headers && o.headers.length > 0) out.headers = o.headers.map((h) => h._toKube());
    if (o.queryParams && o.queryParams.length > 0) out.queryParams = o.queryParams.map((q) => q._toKube());
    if (o.method !== undefined) out.method = o.method;
    return out;
  }
}

/** Options of a gRPC method match. */
export interface GrpcMethodMatchOptions {
  /**
   * The fully qualified service, e.g. `com.example.User`.
   * @default - any service (then `method` is required)
   */
  readonly service?: string;
  /**
   * The method, e.g. `Login`.
   * @default - any method of the service (then `service` is required)
   */
  readonly method?: string;
  /**
   * Header conditions, ANDed (at most 16).
   * @default - none
   */
  readonly headers?: HeaderMatch[];
}

const GRPC_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

/** A condition a gRPC request must meet (`GRPCRoute` `rules[].matches[]`). */
export class GrpcRouteMatch {
  /** Exactly this service and/or method (at least one of them). */
  public static method(options: GrpcMethodMatchOptions): GrpcRouteMatch {
    const what = 'GrpcRouteMatch.method';
    if (!options || (options.service === undefined && options.method === undefined)) throw new Error(`${what}: give service, method or both`);
    if (options.service !== undefined && (typeof options.service !== 'string' || options.service.length > 1024 || !GRPC_SERVICE.test(options.service))) {
      throw new Error(`${what}: invalid service ${show(options.service)}: a dotted name of identifiers such as "com.example.User"`);
    }
    if (options.method !== undefined && (typeof options.method !== 'string' || options.method.length > 1024 || !GRPC_METHOD.test(options.method))) {
      throw new Error(`${what}: invalid method ${show(options.method)}: an identifier such as "Login"`);
    }
    return new GrpcRouteMatch('Exact', options.service, options.method, options.headers ?? [], what);
  }

  /** Service and/or method matching regular expressions (implementation-specific dialect). */
  public static methodRegex(options: GrpcMethodMatchOptions): GrpcRouteMatch {
    const what = 'GrpcRouteMatch.methodRegex';
    if (!options || (options.service === undefined && options.method === undefined)) throw new Error(`${what}: give service, method or both`);
    if (options.service !== undefined) checkRegex(options.service, 1024, `${what}: service`);
    if (options.method !== undefined) checkRegex(options.method, 1024, `${what}: method`);
    return new GrpcRouteMatch('RegularExpression', options.service, options.method, options.headers ?? [], what);
  }

  /** Only header conditions (any service and method). */
  public static headers(headers: HeaderMatch[]): GrpcRouteMatch {
    if (!headers || headers.length === 0) throw new Error('GrpcRouteMatch.headers: give at least one HeaderMatch');
    return new GrpcRouteMatch(undefined, undefined, undefined, headers, 'GrpcRouteMatch.headers');
  }

  private readonly type?: string;
  private readonly service?: string;
  private readonly methodName?: string;
  private readonly headerList: HeaderMatch[];

  private constructor(type: string | undefined, service: string | undefined, method: string | undefined, headers: HeaderMatch[], what: string) {
    checkConditions({ headers }, what);
    this.type = type;
    this.service = service;
    this.methodName = method;
    this.headerList = [...headers];
  }

  /** @internal */
  public _toKube(): any {
    const out: any = {};
    if (this.type !== undefined) {
      const m: any = { type: this.type };
      if (this.service !== undefined) m.service = this.service;
      if (this.methodName !== undefined) m.method = this.methodName;
      out.method = m;
    }
    if (this.headerList.length > 0) out.headers = this.headerList.map((h) => h._toKube());
    return out;
  }
}
