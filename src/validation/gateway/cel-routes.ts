import { FieldPath } from '../field-path';
import { FindingType } from '../finding';
import { isIP } from '../hostname';
import { arr, CelContext, durationMs, entries, groupsOf, has, isObj, s } from './cel';

/**
 * The CEL rules of the route kinds (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute,
 * UDPRoute) in v1.6.1, standard channel and the experimental fields we accept.
 * Every check runs on the defaulted spec.
 *
 * Internal: not part of the jsii API.
 */

/** Upstream messages, by our rule id. */
export const ROUTE_CEL_MESSAGES = {
  'gateway.route.parent-refs.section-name-required': 'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
  'gateway.route.parent-refs.section-name-unique': 'sectionName must be unique when parentRefs includes 2 or more references to the same parent',
  'gateway.route.parent-refs.section-name-or-port-required': 'sectionName or port must be specified when parentRefs includes 2 or more references to the same parent',
  'gateway.route.parent-refs.section-name-or-port-unique': 'sectionName or port must be unique when parentRefs includes 2 or more references to the same parent',
  'gateway.route.backend-ref.service-port': 'Must have port for Service reference',
  'gateway.route.rules.max-total-matches': 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
  'gateway.route.rules.name-unique': 'Rule name must be unique within the route',
  'gateway.route.filters.request-header-modifier-repeated': 'RequestHeaderModifier filter cannot be repeated',
  'gateway.route.filters.response-header-modifier-repeated': 'ResponseHeaderModifier filter cannot be repeated',
  'gateway.httproute.filters.cors-repeated': 'CORS filter cannot be repeated',
  'gateway.httproute.filters.request-redirect-repeated': 'RequestRedirect filter cannot be repeated',
  'gateway.httproute.filters.url-rewrite-repeated': 'URLRewrite filter cannot be repeated',
  'gateway.httproute.filters.redirect-and-rewrite': 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both',
  'gateway.route.filter.request-header-modifier-forbidden': 'filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier',
  'gateway.route.filter.request-header-modifier-required': 'filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type',
  'gateway.route.filter.response-header-modifier-forbidden': 'filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier',
  'gateway.route.filter.response-header-modifier-required': 'filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type',
  'gateway.route.filter.request-mirror-forbidden': 'filter.requestMirror must be nil if the filter.type is not RequestMirror',
  'gateway.route.filter.request-mirror-required': 'filter.requestMirror must be specified for RequestMirror filter.type',
  'gateway.route.filter.extension-ref-forbidden': 'filter.extensionRef must be nil if the filter.type is not ExtensionRef',
  'gateway.route.filter.extension-ref-required': 'filter.extensionRef must be specified for ExtensionRef filter.type',
  'gateway.httproute.filter.request-redirect-forbidden': 'filter.requestRedirect must be nil if the filter.type is not RequestRedirect',
  'gateway.httproute.filter.request-redirect-required': 'filter.requestRedirect must be specified for RequestRedirect filter.type',
  'gateway.httproute.filter.url-rewrite-forbidden': 'filter.urlRewrite must be nil if the filter.type is not URLRewrite',
  'gateway.httproute.filter.url-rewrite-required': 'filter.urlRewrite must be specified for URLRewrite filter.type',
  'gateway.httproute.filter.cors-forbidden': 'filter.cors must be nil if the filter.type is not CORS',
  'gateway.httproute.filter.cors-required': 'filter.cors must be specified for CORS filter.type',
  'gateway.httproute.filter.external-auth-forbidden': 'filter.externalAuth must be nil if the filter.type is not ExternalAuth',
  'gateway.httproute.filter.external-auth-required': 'filter.externalAuth must be specified for ExternalAuth filter.type',
  'gateway.route.mirror.percent-and-fraction': 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter',
  'gateway.route.mirror.fraction': 'numerator must be less than or equal to denominator',
  'gateway.httproute.cors.allow-headers-wildcard': "AllowHeaders cannot contain '*' alongside other methods",
  'gateway.httproute.cors.allow-methods-wildcard': "AllowMethods cannot contain '*' alongside other methods",
  'gateway.httproute.cors.allow-origins-wildcard': "AllowOrigins cannot contain '*' alongside other origins",
  'gateway.httproute.path-modifier.full-path-required': "replaceFullPath must be specified when type is set to 'ReplaceFullPath'",
  'gateway.httproute.path-modifier.full-path-type': "type must be 'ReplaceFullPath' when replaceFullPath is set",
  'gateway.httproute.path-modifier.prefix-match-required': "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
  'gateway.httproute.path-modifier.prefix-match-type': "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set",
  'gateway.httproute.rule.redirect-with-backends': 'RequestRedirect filter must not be used together with backendRefs',
  'gateway.httproute.rule.redirect-prefix-match': 'When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  'gateway.httproute.rule.rewrite-prefix-match': 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  'gateway.httproute.rule.backend-redirect-prefix-match': 'Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  'gateway.httproute.rule.backend-rewrite-prefix-match': 'Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  'gateway.httproute.match.path.absolute': "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.double-slash': "must not contain '//' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.dot-segment': "must not contain '/./' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.dot-dot-segment': "must not contain '/../' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.encoded-slash-lower': "must not contain '%2f' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.encoded-slash-upper': "must not contain '%2F' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.fragment': "must not contain '#' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.trailing-dot-dot': "must not end with '/..' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.trailing-dot': "must not end with '/.' when type one of ['Exact', 'PathPrefix']",
  'gateway.httproute.match.path.type': "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']",
  'gateway.httproute.match.path.characters': "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']",
  'gateway.httproute.timeouts.backend-request': 'backendRequest timeout cannot be longer than request timeout',
  'gateway.httproute.external-auth.grpc-required': "grpc must be specified when protocol is set to 'GRPC'",
  'gateway.httproute.external-auth.grpc-protocol': "protocol must be 'GRPC' when grpc is set",
  'gateway.httproute.external-auth.http-required': "http must be specified when protocol is set to 'HTTP'",
  'gateway.httproute.external-auth.http-protocol': "protocol must be 'HTTP' when http is set",
  'gateway.route.session-persistence.absolute-timeout': 'AbsoluteTimeout must be specified when cookie lifetimeType is Permanent',
  'gateway.route.session-persistence.cookie-config': 'cookieConfig can only be set with type Cookie',
  'gateway.grpcroute.match.method.required': "One or both of 'service' or 'method' must be specified",
  'gateway.grpcroute.match.method.service': 'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)',
  'gateway.grpcroute.match.method.method': 'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)',
  'gateway.tlsroute.hostnames.ip': 'Hostnames cannot contain an IP',
  'gateway.tlsroute.hostnames.rfc1123': 'Hostnames must be valid based on RFC-1123',
  'gateway.tlsroute.hostnames.wildcard': 'Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123',
} as const;

export type RouteCelRule = keyof typeof ROUTE_CEL_MESSAGES;

function fail(c: CelContext, type: FindingType, path: FieldPath, rule: RouteCelRule, value?: unknown, note?: string): void {
  c.fail(type, path, rule, ROUTE_CEL_MESSAGES[rule], value, note);
}

const SPEC = FieldPath.root('spec');
const RFC1123_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;
const URI_PATH_CHARS_RE = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
const GRPC_SERVICE_RE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const GRPC_METHOD_RE = /^[A-Za-z_][A-Za-z_0-9]*$/;

/** Which route kind a check runs for. */
export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';

/** Every CEL rule of a route kind, on the defaulted spec. */
export function checkRouteCel(kind: RouteKind, spec: Record<string, any>, c: CelContext): void {
  checkParentRefs(spec.parentRefs, SPEC.child('parentRefs'), c);
  const rulesPath = SPEC.child('rules');
  const rules = arr(spec.rules);
  const l4 = kind === 'TLSRoute' || kind === 'TCPRoute' || kind === 'UDPRoute';
  // Rule names unique: experimental HTTPRoute/GRPCRoute v1 and the v1alpha2 L4 routes.
  if (c.experimental && (!l4 || c.version === 'v1alpha2')) {
    for (const g of groupsOf(rules, (r) => (has(r, 'name') ? `n:${String(r.name)}` : undefined))) {
      fail(c, FindingType.DUPLICATE, rulesPath, 'gateway.route.rules.name-unique', rules[g[1]].name, entries(rulesPath, g));
      break;
    }
  }
  if (kind === 'HTTPRoute' || kind === 'GRPCRoute') {
    const total = rules.reduce((n, r) => n + (isObj(r) ? arr(r.matches).length : 0), 0);
    if (total > 128) {
      c.fail(FindingType.TOO_MANY, rulesPath, 'gateway.route.rules.max-total-matches', ROUTE_CEL_MESSAGES['gateway.route.rules.max-total-matches'],
        total, `${total} matches`);
    }
  }
  if (kind === 'TLSRoute' && c.version !== 'v1alpha2') checkTlsHostnames(spec.hostnames, c);

  rules.forEach((rule, i) => {
    if (!isObj(rule)) return;
    const rp = rulesPath.index(i);
    arr(rule.backendRefs).forEach((b, j) => {
      const bp = rp.child('backendRefs').index(j);
      checkServicePort(b, bp, c);
      if (isObj(b) && (kind === 'HTTPRoute' || kind === 'GRPCRoute')) checkFilters(kind, b.filters, bp.child('filters'), c);
    });
    if (kind === 'HTTPRoute') checkHttpRule(rule, rp, c);
    if (kind === 'HTTPRoute' || kind === 'GRPCRoute') {
      checkFilters(kind, rule.filters, rp.child('filters'), c);
      if (c.experimental && isObj(rule.sessionPersistence)) checkSessionPersistence(rule.sessionPersistence, rp.child('sessionPersistence'), c);
    }
    if (kind === 'GRPCRoute') {
      arr(rule.matches).forEach((m, k) => {
        if (isObj(m) && isObj(m.method)) checkGrpcMethod(m.method, rp.child('matches').index(k).child('method'), c);
      });
    }
  });
}

/** `spec.parentRefs`: all-or-none sectionName (and port, experimental) per parent, and no repeats. */
function checkParentRefs(value: unknown, path: FieldPath, c: CelContext): void {
  const refs = arr(value);
  const parentKey = (p: any) => (isObj(p) ? JSON.stringify([p.group, p.kind, p.name, s(p.namespace)]) : undefined);
  const noSection = (p: any) => !has(p, 'sectionName') || p.sectionName === '';
  const noPort = (p: any) => !has(p, 'port') || p.port === 0;
  for (const g of groupsOf(refs, parentKey)) {
    const first = refs[g[0]];
    const mixed = g.find((i) => noSection(refs[i]) !== noSection(first) || (c.experimental && noPort(refs[i]) !== noPort(first)));
    if (mixed !== undefined) {
      fail(c, FindingType.INVALID, path,
        c.experimental ? 'gateway.route.parent-refs.section-name-or-port-required' : 'gateway.route.parent-refs.section-name-required',
        refs[mixed], entries(path, [g[0], mixed]));
    }
    const sameSection = groupsOf(g.map((i) => refs[i]), (p) =>
      JSON.stringify([noSection(p) ? null : p.sectionName, ...(c.experimental ? [noPort(p) ? null : p.port] : [])]));
    if (sameSection.length > 0) {
      const idx = sameSection[0].map((k) => g[k]);
      fail(c, FindingType.DUPLICATE, path,
        c.experimental ? 'gateway.route.parent-refs.section-name-or-port-unique' : 'gateway.route.parent-refs.section-name-unique',
        refs[idx[1]], entries(path, idx));
    }
  }
}

/** A core Service reference (group "", kind Service after defaulting) needs a port. */
function checkServicePort(ref: unknown, path: FieldPath, c: CelContext): void {
  if (!isObj(ref) || typeof ref.group !== 'string' || ref.group.length !== 0 || ref.kind !== 'Service') return;
  if (!has(ref, 'port')) fail(c, FindingType.REQUIRED, path, 'gateway.route.backend-ref.service-port', undefined, `Service ${JSON.stringify(ref.name)}`);
}

/** TLSRoute `spec.hostnames`: no IPs; RFC 1123 names; wildcards only as a leading `*.` label. */
function checkTlsHostnames(value: unknown, c: CelContext): void {
  const hosts = arr(value).filter((h): h is string => typeof h === 'string');
  const path = SPEC.child('hostnames');
  const ip = hosts.find((h) => isIP(h));
  if (ip !== undefined) fail(c, FindingType.INVALID, path, 'gateway.tlsroute.hostnames.ip', ip);
  const bad = hosts.find((h) => !h.includes('*') && !RFC1123_RE.test(h));
  if (bad !== undefined) fail(c, FindingType.INVALID, path, 'gateway.tlsroute.hostnames.rfc1123', bad);
  const wild = hosts.find((h) => h.includes('*') && !(h.startsWith('*.') && RFC1123_RE.test(h.substring(2))));
  if (wild !== undefined) fail(c, FindingType.INVALID, path, 'gateway.tlsroute.hostnames.wildcard', wild);
}

const HTTP_FILTER_FIELDS: Array<[string, string, RouteCelRule, RouteCelRule]> = [
  ['requestHeaderModifier', 'RequestHeaderModifier', 'gateway.route.filter.request-header-modifier-forbidden', 'gateway.route.filter.request-header-modifier-required'],
  ['responseHeaderModifier', 'ResponseHeaderModifier', 'gateway.route.filter.response-header-modifier-forbidden', 'gateway.route.filter.response-header-modifier-required'],
  ['requestMirror', 'RequestMirror', 'gateway.route.filter.request-mirror-forbidden', 'gateway.route.filter.request-mirror-required'],
  ['requestRedirect', 'RequestRedirect', 'gateway.httproute.filter.request-redirect-forbidden', 'gateway.httproute.filter.request-redirect-required'],
  ['urlRewrite', 'URLRewrite', 'gateway.httproute.filter.url-rewrite-forbidden', 'gateway.httproute.filter.url-rewrite-required'],
  ['extensionRef', 'ExtensionRef', 'gateway.route.filter.extension-ref-forbidden', 'gateway.route.filter.extension-ref-required'],
  ['cors', 'CORS', 'gateway.httproute.filter.cors-forbidden', 'gateway.httproute.filter.cors-required'],
  ['externalAuth', 'ExternalAuth', 'gateway.httproute.filter.external-auth-forbidden', 'gateway.httproute.filter.external-auth-required'],
];
const GRPC_FILTER_FIELDS = HTTP_FILTER_FIELDS.filter(([f]) => ['requestHeaderModifier', 'responseHeaderModifier', 'requestMirror', 'extensionRef'].includes(f));

const HTTP_REPEATS: Array<[string, RouteCelRule]> = [
  ['CORS', 'gateway.httproute.filters.cors-repeated'],
  ['RequestHeaderModifier', 'gateway.route.filters.request-header-modifier-repeated'],
  ['ResponseHeaderModifier', 'gateway.route.filters.response-header-modifier-repeated'],
  ['RequestRedirect', 'gateway.httproute.filters.request-redirect-repeated'],
  ['URLRewrite', 'gateway.httproute.filters.url-rewrite-repeated'],
];
const GRPC_REPEATS = HTTP_REPEATS.filter(([t]) => t.endsWith('HeaderModifier'));

/** A `filters` list (rule level or backendRef level) and each filter in it. */
function checkFilters(kind: 'HTTPRoute' | 'GRPCRoute', value: unknown, path: FieldPath, c: CelContext): void {
  const filters = arr(value);
  const types = filters.map((f) => (isObj(f) ? f.type : undefined));
  if (kind === 'HTTPRoute' && types.includes('RequestRedirect') && types.includes('URLRewrite')) {
    fail(c, FindingType.INVALID, path, 'gateway.httproute.filters.redirect-and-rewrite', types,
      `${path.index(types.indexOf('RequestRedirect'))} and ${path.index(types.indexOf('URLRewrite'))}`);
  }
  for (const [type, rule] of kind === 'HTTPRoute' ? HTTP_REPEATS : GRPC_REPEATS) {
    const idx = types.flatMap((t, i) => (t === type ? [i] : []));
    if (idx.length > 1) fail(c, FindingType.DUPLICATE, path, rule, type, entries(path, idx));
  }
  const fields = kind === 'HTTPRoute' ? HTTP_FILTER_FIELDS.filter(([f]) => f !== 'externalAuth' || c.experimental) : GRPC_FILTER_FIELDS;
  filters.forEach((f, i) => {
    if (!isObj(f)) return;
    const fp = path.index(i);
    for (const [field, type, nilRule, requiredRule] of fields) {
      if (has(f, field) && f.type !== type) fail(c, FindingType.FORBIDDEN, fp, nilRule, undefined, `type is ${JSON.stringify(f.type)}`);
      if (!has(f, field) && f.type === type) fail(c, FindingType.REQUIRED, fp, requiredRule);
    }
    if (isObj(f.requestMirror)) checkMirror(f.requestMirror, fp.child('requestMirror'), c);
    if (kind !== 'HTTPRoute') return;
    if (isObj(f.cors)) checkCors(f.cors, fp.child('cors'), c);
    for (const holder of ['requestRedirect', 'urlRewrite']) {
      if (isObj(f[holder]) && isObj(f[holder].path)) checkPathModifier(f[holder].path, fp.child(holder, 'path'), c);
    }
    if (c.experimental && isObj(f.externalAuth)) checkExternalAuth(f.externalAuth, fp.child('externalAuth'), c);
  });
}

function checkMirror(m: Record<string, any>, path: FieldPath, c: CelContext): void {
  checkServicePort(m.backendRef, path.child('backendRef'), c);
  if (has(m, 'percent') && has(m, 'fraction')) fail(c, FindingType.INVALID, path, 'gateway.route.mirror.percent-and-fraction', { percent: m.percent, fraction: m.fraction });
  const fr = m.fraction;
  if (isObj(fr) && typeof fr.numerator === 'number' && typeof fr.denominator === 'number' && fr.numerator > fr.denominator) {
    fail(c, FindingType.INVALID, path.child('fraction'), 'gateway.route.mirror.fraction', fr);
  }
}

function checkCors(cors: Record<string, any>, path: FieldPath, c: CelContext): void {
  const lists: Array<[string, RouteCelRule]> = [
    ['allowHeaders', 'gateway.httproute.cors.allow-headers-wildcard'],
    ['allowMethods', 'gateway.httproute.cors.allow-methods-wildcard'],
    ['allowOrigins', 'gateway.httproute.cors.allow-origins-wildcard'],
  ];
  for (const [field, rule] of lists) {
    const l = arr(cors[field]);
    if (l.includes('*') && l.length > 1) fail(c, FindingType.INVALID, path.child(field), rule, l);
  }
}

function checkPathModifier(p: Record<string, any>, path: FieldPath, c: CelContext): void {
  if (p.type === 'ReplaceFullPath' && !has(p, 'replaceFullPath')) fail(c, FindingType.REQUIRED, path, 'gateway.httproute.path-modifier.full-path-required');
  if (has(p, 'replaceFullPath') && p.type !== 'ReplaceFullPath') fail(c, FindingType.INVALID, path, 'gateway.httproute.path-modifier.full-path-type', p.type);
  if (p.type === 'ReplacePrefixMatch' && !has(p, 'replacePrefixMatch')) fail(c, FindingType.REQUIRED, path, 'gateway.httproute.path-modifier.prefix-match-required');
  if (has(p, 'replacePrefixMatch') && p.type !== 'ReplacePrefixMatch') fail(c, FindingType.INVALID, path, 'gateway.httproute.path-modifier.prefix-match-type', p.type);
}

function checkExternalAuth(a: Record<string, any>, path: FieldPath, c: CelContext): void {
  checkServicePort(a.backendRef, path.child('backendRef'), c);
  if (a.protocol === 'GRPC' && !has(a, 'grpc')) fail(c, FindingType.REQUIRED, path, 'gateway.httproute.external-auth.grpc-required');
  if (has(a, 'grpc') && a.protocol !== 'GRPC') fail(c, FindingType.INVALID, path, 'gateway.httproute.external-auth.grpc-protocol', a.protocol);
  if (a.protocol === 'HTTP' && !has(a, 'http')) fail(c, FindingType.REQUIRED, path, 'gateway.httproute.external-auth.http-required');
  if (has(a, 'http') && a.protocol !== 'HTTP') fail(c, FindingType.INVALID, path, 'gateway.httproute.external-auth.http-protocol', a.protocol);
}

function checkSessionPersistence(p: Record<string, any>, path: FieldPath, c: CelContext): void {
  if (isObj(p.cookieConfig) && p.cookieConfig.lifetimeType === 'Permanent' && !has(p, 'absoluteTimeout')) {
    fail(c, FindingType.REQUIRED, path, 'gateway.route.session-persistence.absolute-timeout');
  }
  if (has(p, 'cookieConfig') && p.type !== 'Cookie') fail(c, FindingType.INVALID, path, 'gateway.route.session-persistence.cookie-config', p.type);
}

/** Whether a filter list holds exactly one filter whose `holder` has a ReplacePrefixMatch path with a value (CEL exists_one). */
function exactlyOnePrefixRewrite(filters: unknown, holder: string): boolean {
  return arr(filters).filter((f) => isObj(f) && isObj(f[holder]) && isObj(f[holder].path) &&
    f[holder].path.type === 'ReplacePrefixMatch' && has(f[holder].path, 'replacePrefixMatch')).length === 1;
}

/** HTTPRoute `spec.rules[i]`: redirect vs backends, prefix rewrites, path matches, timeouts. */
function checkHttpRule(rule: Record<string, any>, path: FieldPath, c: CelContext): void {
  const backends = arr(rule.backendRefs);
  if (has(rule, 'backendRefs') && backends.length > 0 && arr(rule.filters).some((f) => has(f, 'requestRedirect'))) {
    fail(c, FindingType.INVALID, path, 'gateway.httproute.rule.redirect-with-backends');
  }
  const matches = arr(rule.matches);
  const onePrefix = matches.length === 1 && isObj(matches[0]) && isObj(matches[0].path) && matches[0].path.type === 'PathPrefix';
  const matchNote = `the rule has ${matches.length} match${matches.length === 1 ? '' : 'es'}` +
    (matches.length === 1 && isObj(matches[0]) && isObj(matches[0].path) ? ` of type ${JSON.stringify(matches[0].path.type)}` : '');
  if (!onePrefix) {
    if (exactlyOnePrefixRewrite(rule.filters, 'requestRedirect')) fail(c, FindingType.INVALID, path, 'gateway.httproute.rule.redirect-prefix-match', undefined, matchNote);
    if (exactlyOnePrefixRewrite(rule.filters, 'urlRewrite')) fail(c, FindingType.INVALID, path, 'gateway.httproute.rule.rewrite-prefix-match', undefined, matchNote);
    if (backends.filter((b) => isObj(b) && exactlyOnePrefixRewrite(b.filters, 'requestRedirect')).length === 1) {
      fail(c, FindingType.INVALID, path, 'gateway.httproute.rule.backend-redirect-prefix-match', undefined, matchNote);
    }
    if (backends.filter((b) => isObj(b) && exactlyOnePrefixRewrite(b.filters, 'urlRewrite')).length === 1) {
      fail(c, FindingType.INVALID, path, 'gateway.httproute.rule.backend-rewrite-prefix-match', undefined, matchNote);
    }
  }
  matches.forEach((m, k) => {
    if (isObj(m) && isObj(m.path)) checkPathMatch(m.path, path.child('matches').index(k).child('path'), c);
  });
  const t = rule.timeouts;
  if (isObj(t) && has(t, 'request') && has(t, 'backendRequest')) {
    const req = durationMs(t.request);
    const back = durationMs(t.backendRequest);
    if (req !== undefined && back !== undefined && req !== 0 && back > req) {
      fail(c, FindingType.INVALID, path.child('timeouts'), 'gateway.httproute.timeouts.backend-request', { request: t.request, backendRequest: t.backendRequest });
    }
  }
}

/** HTTPRoute `matches[k].path` (defaulted: type PathPrefix, value "/"). */
function checkPathMatch(p: Record<string, any>, path: FieldPath, c: CelContext): void {
  const type = p.type;
  if (!(type === 'Exact' || type === 'PathPrefix' || type === 'RegularExpression')) {
    fail(c, FindingType.INVALID, path, 'gateway.httproute.match.path.type', type);
  }
  if (!(type === 'Exact' || type === 'PathPrefix') || typeof p.value !== 'string') return;
  const v: string = p.value;
  const checks: Array<[boolean, RouteCelRule]> = [
    [!v.startsWith('/'), 'gateway.httproute.match.path.absolute'],
    [v.includes('//'), 'gateway.httproute.match.path.double-slash'],
    [v.includes('/./'), 'gateway.httproute.match.path.dot-segment'],
    [v.includes('/../'), 'gateway.httproute.match.path.dot-dot-segment'],
    [v.includes('%2f'), 'gateway.httproute.match.path.encoded-slash-lower'],
    [v.includes('%2F'), 'gateway.httproute.match.path.encoded-slash-upper'],
    [v.includes('#'), 'gateway.httproute.match.path.fragment'],
    [v.endsWith('/..'), 'gateway.httproute.match.path.trailing-dot-dot'],
    [v.endsWith('/.'), 'gateway.httproute.match.path.trailing-dot'],
    [!URI_PATH_CHARS_RE.test(v), 'gateway.httproute.match.path.characters'],
  ];
  for (const [bad, rule] of checks) if (bad) fail(c, FindingType.INVALID, path, rule, v);
}

/** GRPCRoute `matches[k].method` (defaulted: type Exact). */
function checkGrpcMethod(m: Record<string, any>, path: FieldPath, c: CelContext): void {
  if (has(m, 'type') && !has(m, 'service') && !has(m, 'method')) fail(c, FindingType.REQUIRED, path, 'gateway.grpcroute.match.method.required');
  const exact = !has(m, 'type') || m.type === 'Exact';
  if (exact && typeof m.service === 'string' && !GRPC_SERVICE_RE.test(m.service)) fail(c, FindingType.INVALID, path, 'gateway.grpcroute.match.method.service', m.service);
  if (exact && typeof m.method === 'string' && !GRPC_METHOD_RE.test(m.method)) fail(c, FindingType.INVALID, path, 'gateway.grpcroute.match.method.method', m.method);
}
