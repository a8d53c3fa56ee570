/** The protocol a Gateway listener accepts (`listeners[].protocol`). */
export enum GatewayProtocol {
  /** Plain HTTP; routes: HTTPRoute (and GRPCRoute over h2c). */
  HTTP = 'HTTP',
  /** HTTP over TLS terminated by the Gateway; routes: HTTPRoute, GRPCRoute. Needs `GatewayTls.terminate`. */
  HTTPS = 'HTTPS',
  /** TLS chosen by SNI, terminated or passed through; routes: TLSRoute. Needs `tls`. */
  TLS = 'TLS',
  /** Plain TCP; routes: TCPRoute. */
  TCP = 'TCP',
  /** UDP; routes: UDPRoute. */
  UDP = 'UDP',
}

/** HTTP methods a route can match (`matches[].method`). */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
}

/** The scheme of a redirect (`requestRedirect.scheme`). */
export enum RedirectScheme {
  /** Redirect to plain HTTP (default port 80). */
  HTTP = 'http',
  /** Redirect to HTTPS (default port 443). */
  HTTPS = 'https',
}

/** The status code of a redirect (`requestRedirect.statusCode`). */
export enum RedirectStatusCode {
  /** 301 Moved Permanently. */
  MOVED_PERMANENTLY = 'MOVED_PERMANENTLY',
  /** 302 Found (the API default). */
  FOUND = 'FOUND',
  /** 303 See Other: the client follows with GET. */
  SEE_OTHER = 'SEE_OTHER',
  /** 307 Temporary Redirect: method and body preserved. */
  TEMPORARY_REDIRECT = 'TEMPORARY_REDIRECT',
  /** 308 Permanent Redirect: method and body preserved. */
  PERMANENT_REDIRECT = 'PERMANENT_REDIRECT',
}

/** Whether a client certificate must be valid (`tls.frontend...validation.mode`). */
export enum FrontendValidationMode {
  /** Only connections with a valid client certificate are accepted (the API default). */
  ALLOW_VALID_ONLY = 'AllowValidOnly',
  /** Connections without a valid client certificate are accepted too. */
  ALLOW_INSECURE_FALLBACK = 'AllowInsecureFallback',
}

/** Well-known CA sets a BackendTLSPolicy can trust. */
export enum WellKnownCaCertificates {
  /** The gateway implementation's system trust store. */
  SYSTEM = 'System',
}

/** Operators of a label selector requirement. */
export enum LabelSelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label's value is none of `values` (or the label is missing). */
  NOT_IN = 'NotIn',
  /** The label is present (no `values`). */
  EXISTS = 'Exists',
  /** The label is absent (no `values`). */
  DOES_NOT_EXIST = 'DoesNotExist',
}
