import { any, bool, exp, int, list, map, obj, ObjectSchema, Schema, str } from './schema';

/**
 * The Gateway API v1.6.1 object schemas, described in our own words from the
 * CRDs' OpenAPI: one description per distinct schema, shared by the versions
 * that serve it (v1 and v1beta1 are identical; the v1alpha2 TLS/TCP/UDP routes
 * differ in a few bounds). Experimental-channel-only fields are marked with `exp`.
 *
 * Internal: not part of the jsii API.
 */

export const GROUP = 'gateway.networking.k8s.io';

// Patterns (Kubernetes-style names and Gateway API formats).
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
/** A DNS subdomain (lower case). */
export const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN}$`);
/** An API group: empty (core) or a DNS subdomain. */
const GROUP_RE = new RegExp(`^$|^${SUBDOMAIN}$`);
/** A kind: a letter, then letters, digits and `-`, ending in a letter or digit. */
const KIND_RE = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** A namespace: a DNS label. */
const NAMESPACE_RE = new RegExp(`^${LABEL}$`);
/** A hostname, optionally with a leading `*.` label. */
export const HOSTNAME_RE = new RegExp(`^(\\*\\.)?${SUBDOMAIN}$`);
/** An HTTP header (or query parameter) name: RFC 7230 token characters. */
const HEADER_NAME_RE = /^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$/;
/**
 * Experimental channel: header values are printable ASCII with single tab/space separators.
 * Upstream writes `^[!-~]+([\t ]?[!-~]+)*$`; the optional separator makes that pattern ambiguous,
 * and JavaScript's backtracking takes exponential time on a long value that fails at its end.
 * `^[!-~]+([\t ][!-~]+)*$` accepts the same strings without ambiguity.
 */
const HEADER_VALUE_RE = /^[!-~]+([\t ][!-~]+)*$/;
const HEADER_VALUE_TEXT = '^[!-~]+([\\t ]?[!-~]+)*$';
/** GEP-2257 duration: 1–4 groups of up to 5 digits and a unit h, m, s or ms. */
export const DURATION_RE = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
/** An absolute URI path (RFC 3986 pchar characters, `/` and percent-encodings). */
const URI_PATH_RE = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
/** A domain-prefixed path: `example.com/some/path`. */
const CONTROLLER_RE = new RegExp(`^${SUBDOMAIN}\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$`);
const ADDRESS_TYPE_RE = new RegExp(`^Hostname|IPAddress|NamedAddress|${SUBDOMAIN}\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$`);
const PROTOCOL_RE = new RegExp(`^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|${SUBDOMAIN}\\/[A-Za-z0-9]+$`);
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CORS_ORIGIN_RE = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;
const SAN_URI_RE = /^(([^:/?#]+):)(\/\/([^/?#]*))([^?#]*)(\?([^#]*))?(#(.*))?/;
const WELL_KNOWN_CA_RE = new RegExp(`^(System|(${SUBDOMAIN}/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$`);

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

// Common field types.
const group = (def?: string) => str({ maxLength: 253, pattern: GROUP_RE, default: def });
const kind = (def?: string) => str({ minLength: 1, maxLength: 63, pattern: KIND_RE, default: def });
const name = () => str({ minLength: 1, maxLength: 253 });
const namespace = () => str({ minLength: 1, maxLength: 63, pattern: NAMESPACE_RE });
const sectionName = () => str({ minLength: 1, maxLength: 253, pattern: SUBDOMAIN_RE });
const port = () => int({ minimum: 1, maximum: 65535 });
const hostname = () => str({ minLength: 1, maxLength: 253, pattern: HOSTNAME_RE });
const preciseHostname = () => str({ minLength: 1, maxLength: 253, pattern: SUBDOMAIN_RE });
const duration = () => str({ pattern: DURATION_RE });

/** `{group, kind, name}` of an extension or parameters object (all required). */
const localObjectRef = () => obj({ group: group(), kind: kind(), name: name() }, { required: ['group', 'kind', 'name'] });
/** parametersRef / CA certificate refs: group, kind, name required; namespace optional. */
const nsObjectRef = () => obj({ group: group(), kind: kind(), name: name(), namespace: namespace() }, { required: ['group', 'kind', 'name'] });
/** A Secret reference (certificateRefs, client certificate). */
const secretRef = () => obj({ group: group(''), kind: kind('Secret'), name: name(), namespace: namespace() }, { required: ['name'] });
/** A backend reference without weight (mirror, external auth). */
const backendObjectRef = () => obj({ group: group(''), kind: kind('Service'), name: name(), namespace: namespace(), port: port() }, { required: ['name'] });

const parentRef = () => obj({
  group: group(GROUP), kind: kind('Gateway'), name: name(), namespace: namespace(), port: port(), sectionName: sectionName(),
}, { required: ['name'] });

const labelSelector = () => obj({
  matchExpressions: list(obj({ key: str(), operator: str(), values: list(str()) }, { required: ['key', 'operator'] })),
  matchLabels: map(str()),
});

const headerModifier = (channel: 'http' | 'grpc') => {
  const kv = () => obj({
    name: str({ minLength: 1, maxLength: 256, pattern: HEADER_NAME_RE }),
    value: str({ minLength: 1, maxLength: 4096, experimentalPattern: HEADER_VALUE_RE, patternText: HEADER_VALUE_TEXT }),
  }, { required: ['name', 'value'] });
  void channel;
  return obj({
    add: list(kv(), { maxItems: 16, listType: 'map', mapKeys: ['name'] }),
    remove: list(str(), { maxItems: 16, listType: 'set' }),
    set: list(kv(), { maxItems: 16, listType: 'map', mapKeys: ['name'] }),
  });
};

const requestMirror = () => obj({
  backendRef: backendObjectRef(),
  fraction: obj({ denominator: int({ minimum: 1, default: 100 }), numerator: int({ minimum: 0 }) }, { required: ['numerator'] }),
  percent: int({ minimum: 0, maximum: 100 }),
}, { required: ['backendRef'] });

const pathModifier = () => obj({
  replaceFullPath: str({ maxLength: 1024 }),
  replacePrefixMatch: str({ maxLength: 1024 }),
  type: str({ enum: ['ReplaceFullPath', 'ReplacePrefixMatch'] }),
}, { required: ['type'] });

const httpFilter = () => obj({
  cors: obj({
    allowCredentials: bool(),
    allowHeaders: list(str({ minLength: 1, maxLength: 256, pattern: HEADER_NAME_RE }), { maxItems: 64, listType: 'set' }),
    allowMethods: list(str({ enum: [...HTTP_METHODS, '*'] }), { maxItems: 9, listType: 'set' }),
    allowOrigins: list(str({ minLength: 1, maxLength: 253, pattern: CORS_ORIGIN_RE }), { maxItems: 64, listType: 'set' }),
    exposeHeaders: list(str({ minLength: 1, maxLength: 256, pattern: HEADER_NAME_RE }), { maxItems: 64, listType: 'set' }),
    maxAge: int({ minimum: 1, default: 5 }),
  }),
  extensionRef: localObjectRef(),
  externalAuth: exp(obj({
    backendRef: backendObjectRef(),
    forwardBody: obj({ maxSize: int() }),
    grpc: obj({ allowedHeaders: list(str(), { maxItems: 64, listType: 'set' }) }),
    http: obj({
      allowedHeaders: list(str(), { maxItems: 64, listType: 'set' }),
      allowedResponseHeaders: list(str(), { maxItems: 64, listType: 'set' }),
      path: str({ maxLength: 1024, pattern: URI_PATH_RE }),
    }),
    protocol: str({ enum: ['HTTP', 'GRPC'] }),
  }, { required: ['backendRef', 'protocol'] })),
  requestHeaderModifier: headerModifier('http'),
  requestMirror: requestMirror(),
  requestRedirect: obj({
    hostname: preciseHostname(),
    path: pathModifier(),
    port: port(),
    scheme: str({ enum: ['http', 'https'] }),
    statusCode: int({ enum: [301, 302, 303, 307, 308], default: 302 }),
  }),
  responseHeaderModifier: headerModifier('http'),
  type: str({
    enum: ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef', 'CORS'],
    experimentalEnum: ['ExternalAuth'],
  }),
  urlRewrite: obj({ hostname: preciseHostname(), path: pathModifier() }),
}, { required: ['type'] });

const grpcFilter = () => obj({
  extensionRef: localObjectRef(),
  requestHeaderModifier: headerModifier('grpc'),
  requestMirror: requestMirror(),
  responseHeaderModifier: headerModifier('grpc'),
  type: str({ enum: ['ResponseHeaderModifier', 'RequestHeaderModifier', 'RequestMirror', 'ExtensionRef'] }),
}, { required: ['type'] });

const backendRef = (filter?: Schema) => obj({
  ...(filter ? { filters: list(filter, { maxItems: 16 }) } : {}),
  group: group(''),
  kind: kind('Service'),
  name: name(),
  namespace: namespace(),
  port: port(),
  weight: int({ minimum: 0, maximum: 1000000, default: 1 }),
}, { required: ['name'] });

const sessionPersistence = () => exp(obj({
  absoluteTimeout: duration(),
  cookieConfig: obj({ lifetimeType: str({ enum: ['Permanent', 'Session'], default: 'Session' }) }),
  sessionName: str({ maxLength: 128 }),
  type: str({ enum: ['Cookie', 'Header'], default: 'Cookie' }),
}));

const matchKv = (valueMax: number, valuePattern?: RegExp, patternText?: string) => obj({
  name: str({ minLength: 1, maxLength: 256, pattern: HEADER_NAME_RE }),
  type: str({ enum: ['Exact', 'RegularExpression'], default: 'Exact' }),
  value: str({ minLength: 1, maxLength: valueMax, experimentalPattern: valuePattern, patternText }),
}, { required: ['name', 'value'] });

const ruleName = () => str({ minLength: 1, maxLength: 253, pattern: SUBDOMAIN_RE });
const useDefaultGateways = () => exp(str({ enum: ['All', 'None'] }));
const parentRefs = () => list(parentRef(), { maxItems: 32 });

const DEFAULT_MATCH = { path: { type: 'PathPrefix', value: '/' } };

const httpRouteSpec = obj({
  hostnames: list(hostname(), { maxItems: 16 }),
  parentRefs: parentRefs(),
  rules: list(obj({
    backendRefs: list(backendRef(httpFilter()), { maxItems: 16 }),
    filters: list(httpFilter(), { maxItems: 16 }),
    matches: list(obj({
      headers: list(matchKv(4096, HEADER_VALUE_RE, HEADER_VALUE_TEXT), { maxItems: 16, listType: 'map', mapKeys: ['name'] }),
      method: str({ enum: HTTP_METHODS }),
      path: obj({
        type: str({ enum: ['Exact', 'PathPrefix', 'RegularExpression'], default: 'PathPrefix' }),
        value: str({ maxLength: 1024, default: '/' }),
      }, { default: DEFAULT_MATCH.path }),
      queryParams: list(matchKv(1024), { maxItems: 16, listType: 'map', mapKeys: ['name'] }),
    }), { maxItems: 64, default: [DEFAULT_MATCH] }),
    name: ruleName(),
    retry: exp(obj({
      attempts: int({ minimum: 1 }),
      backoff: duration(),
      codes: list(int({ minimum: 400, maximum: 599 }), { listType: 'set' }),
    })),
    sessionPersistence: sessionPersistence(),
    timeouts: obj({ backendRequest: duration(), request: duration() }),
  }), { minItems: 1, maxItems: 16, default: [{ matches: [DEFAULT_MATCH] }] }),
  useDefaultGateways: useDefaultGateways(),
});

const grpcRouteSpec = obj({
  hostnames: list(hostname(), { maxItems: 16 }),
  parentRefs: parentRefs(),
  rules: list(obj({
    backendRefs: list(backendRef(grpcFilter()), { maxItems: 16 }),
    filters: list(grpcFilter(), { maxItems: 16 }),
    matches: list(obj({
      headers: list(matchKv(4096), { maxItems: 16, listType: 'map', mapKeys: ['name'] }),
      method: obj({
        method: str({ maxLength: 1024 }),
        service: str({ maxLength: 1024 }),
        type: str({ enum: ['Exact', 'RegularExpression'], default: 'Exact' }),
      }),
    }), { maxItems: 64 }),
    name: ruleName(),
    sessionPersistence: sessionPersistence(),
  }), { maxItems: 16 }),
  useDefaultGateways: useDefaultGateways(),
});

/** TLSRoute / TCPRoute / UDPRoute: v1 has exactly one rule (and TLS needs hostnames); v1alpha2 allows 16 rules. */
const l4RouteSpec = (withHostnames: boolean, v1: boolean) => obj({
  ...(withHostnames ? { hostnames: list(hostname(), { minItems: v1 ? 1 : undefined, maxItems: 1024 }) } : {}),
  parentRefs: parentRefs(),
  rules: list(obj({
    backendRefs: list(backendRef(), { minItems: 1, maxItems: 16 }),
    name: ruleName(),
  }, { required: ['backendRefs'] }), { minItems: 1, maxItems: v1 ? 1 : 16 }),
  useDefaultGateways: useDefaultGateways(),
}, { required: withHostnames && v1 ? ['hostnames', 'rules'] : ['rules'] });

const listener = () => obj({
  allowedRoutes: obj({
    kinds: list(obj({ group: group(GROUP), kind: kind() }, { required: ['kind'] }), { maxItems: 8 }),
    namespaces: obj({
      from: str({ enum: ['All', 'Selector', 'Same'], default: 'Same' }),
      selector: labelSelector(),
    }, { default: { from: 'Same' } }),
  }, { default: { namespaces: { from: 'Same' } } }),
  hostname: hostname(),
  name: str({ minLength: 1, maxLength: 253, pattern: SUBDOMAIN_RE }),
  port: port(),
  protocol: str({ minLength: 1, maxLength: 255, pattern: PROTOCOL_RE }),
  tls: obj({
    certificateRefs: list(secretRef(), { maxItems: 64 }),
    mode: str({ enum: ['Terminate', 'Passthrough'], default: 'Terminate' }),
    options: map(str({ minLength: 0, maxLength: 4096 }), { maxProperties: 16 }),
  }),
}, { required: ['name', 'port', 'protocol'] });

const listeners = () => list(listener(), { minItems: 1, maxItems: 64, listType: 'map', mapKeys: ['name'] });

const frontendValidation = () => obj({
  caCertificateRefs: list(nsObjectRef(), { minItems: 1, maxItems: 16 }),
  mode: str({ enum: ['AllowValidOnly', 'AllowInsecureFallback'], default: 'AllowValidOnly' }),
}, { required: ['caCertificateRefs'] });

const gatewaySpec = obj({
  addresses: list(obj({
    type: str({ minLength: 1, maxLength: 253, pattern: ADDRESS_TYPE_RE, default: 'IPAddress' }),
    value: str({ maxLength: 253 }),
  }), { maxItems: 16 }),
  allowedListeners: obj({
    namespaces: obj({
      from: str({ enum: ['All', 'Selector', 'Same', 'None'], default: 'None' }),
      selector: labelSelector(),
    }, { default: { from: 'None' } }),
  }),
  defaultScope: exp(str({ enum: ['All', 'None'] })),
  gatewayClassName: name(),
  infrastructure: obj({
    annotations: map(str({ minLength: 0, maxLength: 4096 }), { maxProperties: 16 }),
    labels: map(str({ minLength: 0, maxLength: 63, pattern: LABEL_VALUE_RE }), { maxProperties: 8 }),
    parametersRef: localObjectRef(),
  }),
  listeners: listeners(),
  tls: obj({
    backend: obj({ clientCertificateRef: secretRef() }),
    frontend: obj({
      default: obj({ validation: frontendValidation() }),
      perPort: list(obj({
        port: port(),
        tls: obj({ validation: frontendValidation() }),
      }, { required: ['port', 'tls'] }), { maxItems: 64, listType: 'map', mapKeys: ['port'] }),
    }, { required: ['default'] }),
  }),
}, { required: ['gatewayClassName', 'listeners'] });

const listenerSetSpec = obj({
  listeners: listeners(),
  parentRef: obj({ group: group(GROUP), kind: kind('Gateway'), name: name(), namespace: namespace() }, { required: ['name'] }),
}, { required: ['listeners', 'parentRef'] });

const gatewayClassSpec = obj({
  controllerName: str({ minLength: 1, maxLength: 253, pattern: CONTROLLER_RE }),
  description: str({ maxLength: 64 }),
  parametersRef: nsObjectRef(),
}, { required: ['controllerName'] });

const referenceGrantSpec = obj({
  from: list(obj({ group: group(), kind: kind(), namespace: namespace() }, { required: ['group', 'kind', 'namespace'] }), { minItems: 1, maxItems: 16 }),
  to: list(obj({ group: group(), kind: kind(), name: name() }, { required: ['group', 'kind'] }), { minItems: 1, maxItems: 16 }),
}, { required: ['from', 'to'] });

const backendTlsPolicySpec = obj({
  options: map(str({ minLength: 0, maxLength: 4096 }), { maxProperties: 16 }),
  targetRefs: list(obj({ group: group(), kind: kind(), name: name(), sectionName: sectionName() }, { required: ['group', 'kind', 'name'] }),
    { minItems: 1, maxItems: 16 }),
  validation: obj({
    caCertificateRefs: list(localObjectRef(), { maxItems: 8 }),
    hostname: preciseHostname(),
    subjectAltNames: list(obj({
      hostname: hostname(),
      type: str({ enum: ['Hostname', 'URI'] }),
      uri: str({ minLength: 1, maxLength: 253, pattern: SAN_URI_RE }),
    }, { required: ['type'] }), { maxItems: 5 }),
    wellKnownCACertificates: str({ minLength: 1, maxLength: 253, pattern: WELL_KNOWN_CA_RE }),
  }, { required: ['hostname'] }),
}, { required: ['targetRefs', 'validation'] });

/** The whole object: top-level fields; `metadata` is checked separately, `status` is dropped on create. */
const top = (spec: ObjectSchema): ObjectSchema =>
  obj({ apiVersion: str(), kind: str(), metadata: any(), spec, status: any() }, { required: ['spec'] });

/** A served version of a kind, per channel. */
export interface VersionInfo {
  readonly schema: ObjectSchema;
  readonly standard: boolean;
  readonly experimental: boolean;
}

/** A Gateway API kind: scope and versions. */
export interface KindInfo {
  readonly namespaced: boolean;
  readonly versions: Readonly<Record<string, VersionInfo>>;
}

const both = (schema: ObjectSchema): VersionInfo => ({ schema, standard: true, experimental: true });
const expOnly = (schema: ObjectSchema): VersionInfo => ({ schema, standard: false, experimental: true });

const HTTP_ROUTE = top(httpRouteSpec);
const GATEWAY = top(gatewaySpec);
const GATEWAY_CLASS = top(gatewayClassSpec);
const REFERENCE_GRANT = top(referenceGrantSpec);
const BACKEND_TLS_POLICY = top(backendTlsPolicySpec);
const TLS_ROUTE_V1 = top(l4RouteSpec(true, true));
const L4_ROUTE_V1 = top(l4RouteSpec(false, true));

/** Every kind of group gateway.networking.k8s.io in v1.6.1, with the versions each channel serves. */
export const GATEWAY_KINDS: Readonly<Record<string, KindInfo>> = {
  GatewayClass: { namespaced: false, versions: { v1: both(GATEWAY_CLASS), v1beta1: both(GATEWAY_CLASS) } },
  Gateway: { namespaced: true, versions: { v1: both(GATEWAY), v1beta1: both(GATEWAY) } },
  ListenerSet: { namespaced: true, versions: { v1: both(top(listenerSetSpec)) } },
  HTTPRoute: { namespaced: true, versions: { v1: both(HTTP_ROUTE), v1beta1: both(HTTP_ROUTE) } },
  GRPCRoute: { namespaced: true, versions: { v1: both(top(grpcRouteSpec)) } },
  TLSRoute: {
    namespaced: true,
    versions: { v1: both(TLS_ROUTE_V1), v1alpha3: expOnly(TLS_ROUTE_V1), v1alpha2: expOnly(top(l4RouteSpec(true, false))) },
  },
  TCPRoute: { namespaced: true, versions: { v1: both(L4_ROUTE_V1), v1alpha2: expOnly(top(l4RouteSpec(false, false))) } },
  UDPRoute: { namespaced: true, versions: { v1: both(L4_ROUTE_V1), v1alpha2: expOnly(top(l4RouteSpec(false, false))) } },
  ReferenceGrant: { namespaced: true, versions: { v1: both(REFERENCE_GRANT), v1beta1: both(REFERENCE_GRANT) } },
  BackendTLSPolicy: { namespaced: true, versions: { v1: both(BACKEND_TLS_POLICY), v1alpha3: expOnly(BACKEND_TLS_POLICY) } },
};
