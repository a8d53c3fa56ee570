import { FieldPath } from './field-path';
import { FindingType, Issues } from './finding';

/**
 * Route `spec.httpHeaders` checks: the CRD schema and CEL rules (C8–C12) and
 * the openshift-apiserver rules (A22–A26), reported once each as errors.
 *
 * Internal: not part of the jsii API.
 */

/** At most this many request (and, separately, response) header actions. */
export const MAX_HEADER_ACTIONS = 20;
/** Longest header name. */
export const MAX_HEADER_NAME_LENGTH = 255;
/** Longest header value. */
export const MAX_HEADER_VALUE_LENGTH = 16384;

/** Header names that header actions may not touch (compared case-insensitively). */
export const RESERVED_HEADER_NAMES = ['strict-transport-security', 'proxy', 'cookie', 'set-cookie'];

/** RFC 7230 token characters (the class includes a backtick and `|`, `~`). */
const HEADER_NAME_RE = /^[-!#$%&'*+.0-9A-Z^_`a-z|~]+$/;

/**
 * Allowed header values: literal text without `%` or control characters, `%%`,
 * or `%[fetch,conv...]` optionally preceded by `{flags}`; `fetch` is
 * `req.hdr(<name>)` (request) or `res.hdr(<name>)` (response), or `ssl_c_der`;
 * converters `lower` and `base64`.
 */
function valuePattern(fetcher: 'req' | 'res'): RegExp {
  return new RegExp(
    '^(?:%(?:%|(?:\\{[-+]?[QXE](?:,[-+]?[QXE])*\\})?\\[(?:' + fetcher + '\\.hdr\\([0-9A-Za-z-]+\\)|ssl_c_der)(?:,(?:lower|base64))*\\])|[^%\\u0000-\\u001f\\u007f])+$',
    'u',
  );
}
const VALUE_RE = { request: valuePattern('req'), response: valuePattern('res') };

/** The API server's message for a header value it refuses (request or response list). */
export function headerValueFormatMessage(list: 'request' | 'response'): string {
  const fetch = list === 'request' ? 'req.hdr' : 'res.hdr';
  return (
    'Either the header value provided is not in correct format or the sample fetcher/converter specified is not allowed. ' +
    "The dynamic header value will be interpreted as an HAProxy format string as defined in http://cbonte.github.io/haproxy-dconv/2.6/configuration.html#8.2.6 and may use HAProxy's %[] syntax and otherwise must be a valid HTTP header value as defined in https://datatracker.ietf.org/doc/html/rfc7230#section-3.2. " +
    `Sample fetchers allowed are ${fetch}, ssl_c_der. Converters allowed are lower, base64.`
  );
}

/** Whether a header value is accepted for this list. */
export function isValidHeaderValue(value: string, list: 'request' | 'response'): boolean {
  return VALUE_RE[list].test(value);
}

/** Whether a header name is an RFC 7230 token. */
export function isValidHeaderName(name: string): boolean {
  return HEADER_NAME_RE.test(name);
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

function unknownFields(value: Record<string, any>, allowed: string[], path: FieldPath, issues: Issues): void {
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) issues.error.forbidden(path.child(k), 'route.schema.unknown-field', `unknown field "${path.child(k).toString()}"`);
  }
}

/**
 * Checks `spec.httpHeaders` (at `path`). `passthrough` is whether the route's
 * termination is passthrough (C8/A22: header actions are then refused).
 */
export function validateHttpHeaders(value: unknown, path: FieldPath, passthrough: boolean, issues: Issues): void {
  if (value === undefined || value === null) return;
  if (!isObj(value)) {
    issues.error.invalid(path, value, 'route.schema.type', 'must be of type object');
    return;
  }
  if (passthrough) {
    issues.error.invalid(path, value, 'route.headers.passthrough',
      'header actions are not permitted when tls termination is passthrough. ' +
      '(openshift-apiserver: only edge and re-encrypt routes are supported for providing customized headers.)');
  }
  unknownFields(value, ['actions'], path, issues);
  const actions = value.actions;
  if (actions === undefined || actions === null) return;
  const ap = path.child('actions');
  if (!isObj(actions)) {
    issues.error.invalid(ap, actions, 'route.schema.type', 'must be of type object');
    return;
  }
  unknownFields(actions, ['request', 'response'], ap, issues);
  for (const list of ['request', 'response'] as const) {
    const items = actions[list];
    if (items === undefined || items === null) continue;
    const lp = ap.child(list);
    if (!Array.isArray(items)) {
      issues.error.invalid(lp, items, 'route.schema.type', 'must be of type array');
      continue;
    }
    if (items.length > MAX_HEADER_ACTIONS) {
      issues.error.add(
        FindingType.TOO_MANY,
        lp,
        'route.headers.too-many',
        `Too many: ${items.length}: must have at most ${MAX_HEADER_ACTIONS} items (${list} headers list can't exceed ${MAX_HEADER_ACTIONS} items)`,
      );
    }
    const seen = new Set<string>();
    items.forEach((item: unknown, i: number) => validateHeaderAction(item, lp.index(i), list, seen, issues));
  }
}

function validateHeaderAction(item: unknown, path: FieldPath, list: 'request' | 'response', seen: Set<string>, issues: Issues): void {
  if (!isObj(item)) {
    issues.error.invalid(path, item, 'route.schema.type', 'must be of type object');
    return;
  }
  unknownFields(item, ['name', 'action'], path, issues);
  const np = path.child('name');
  const name = item.name;
  if (name === undefined || name === null || name === '') {
    issues.error.required(np, 'route.headers.name-required', 'name is required');
  } else if (typeof name !== 'string') {
    issues.error.invalid(np, name, 'route.schema.type', 'must be of type string');
  } else {
    if (name.length > MAX_HEADER_NAME_LENGTH) {
      issues.error.tooLong(np, name, MAX_HEADER_NAME_LENGTH, 'route.headers.name-too-long');
    }
    if (!HEADER_NAME_RE.test(name)) {
      issues.error.invalid(np, name, 'route.headers.name-format',
        "name must be a valid HTTP header name as defined in RFC 2616 section 4.2 (letters, digits and !#$%&'*+-.^_`|~)");
    }
    const lower = name.toLowerCase();
    if (RESERVED_HEADER_NAMES.includes(lower)) {
      issues.error.forbidden(np, 'route.headers.name-reserved',
        `${lower} header may not be modified via header actions (the following headers may not be modified using this API: ` +
        'strict-transport-security, proxy, cookie, set-cookie' +
        (lower === 'strict-transport-security' ? '; set HSTS with the haproxy.router.openshift.io/hsts_header annotation)' : ')'));
    }
    if (seen.has(name)) issues.error.duplicate(np, name, 'route.headers.duplicate', `each ${list} header name may appear only once`);
    seen.add(name);
  }

  const acp = path.child('action');
  const action = item.action;
  if (action === undefined || action === null) {
    issues.error.required(acp, 'route.headers.action-required', 'action is required');
    return;
  }
  if (!isObj(action)) {
    issues.error.invalid(acp, action, 'route.schema.type', 'must be of type object');
    return;
  }
  unknownFields(action, ['type', 'set'], acp, issues);
  const tp = acp.child('type');
  const type = action.type;
  if (type === undefined || type === null || type === '') {
    issues.error.required(tp, 'route.headers.action-type', 'type must be "Set" or "Delete"');
  } else if (type !== 'Set' && type !== 'Delete') {
    issues.error.notSupported(tp, type, ['Set', 'Delete'], 'route.headers.action-type');
  }
  const hasSet = action.set !== undefined && action.set !== null;
  if (type === 'Set' && !hasSet) {
    issues.error.required(acp.child('set'), 'route.headers.set-required', 'set is required when type is Set, and forbidden otherwise');
    return;
  }
  if (type !== 'Set' && hasSet) {
    issues.error.forbidden(acp.child('set'), 'route.headers.set-required', 'set is required when type is Set, and forbidden otherwise');
  }
  if (!hasSet) return;
  const sp = acp.child('set');
  const set = action.set;
  if (!isObj(set)) {
    issues.error.invalid(sp, set, 'route.schema.type', 'must be of type object');
    return;
  }
  unknownFields(set, ['value'], sp, issues);
  const vp = sp.child('value');
  const value = set.value;
  if (value === undefined || value === null || value === '') {
    issues.error.required(vp, 'route.headers.value-required');
    return;
  }
  if (typeof value !== 'string') {
    issues.error.invalid(vp, value, 'route.schema.type', 'must be of type string');
    return;
  }
  if (value.length > MAX_HEADER_VALUE_LENGTH) {
    issues.error.tooLong(vp, value, MAX_HEADER_VALUE_LENGTH, 'route.headers.value-too-long');
  }
  if (type === 'Set' && !isValidHeaderValue(value, list)) {
    issues.error.invalid(vp, value, 'route.headers.value-format', headerValueFormatMessage(list));
  }
}
