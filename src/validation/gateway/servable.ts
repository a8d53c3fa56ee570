/**
 * Warnings for values the Gateway API schema accepts but an HTTP proxy cannot
 * put on the wire (a header value with a line break, a header name that is not
 * an HTTP token, a redirect or rewrite path with blanks, quotes or control
 * characters). Implementations drop or refuse such filters; `haproxy`/`up`
 * refuse to render them. The finding names the exact field.
 */
import { FieldPath } from '../field-path';
import { FindingType, Issues, showValue } from '../finding';
import { isValidHeaderName } from '../route-headers';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const CONTROL = /[\x00-\x1f\x7f]/;
const SERVABLE_PATH = /^\/[^\s\x00-\x1f\x7f'"\\%#?]*$/;

function checkHeaderModifier(mod: unknown, path: FieldPath, issues: Issues): void {
  if (!isObj(mod)) return;
  for (const op of ['set', 'add'] as const) {
    (Array.isArray(mod[op]) ? mod[op] : []).forEach((h: unknown, i: number) => {
      if (!isObj(h)) return;
      if (typeof h.value === 'string' && CONTROL.test(h.value)) {
        issues.warn.add(FindingType.INVALID, path.child(op).index(i).child('value'), 'gateway.filter.header-value-unservable',
          `Invalid value: ${showValue(h.value)}: a header value with a control character (CR, LF, NUL, ...) cannot be sent; the filter is not applied (haproxy/up refuse it)`);
      }
    });
  }
  (Array.isArray(mod.remove) ? mod.remove : []).forEach((n: unknown, i: number) => {
    if (typeof n === 'string' && !isValidHeaderName(n)) {
      issues.warn.add(FindingType.INVALID, path.child('remove').index(i), 'gateway.filter.header-name-unservable',
        `Invalid value: ${showValue(n)}: not an HTTP header name (token characters only); the filter is not applied (haproxy/up refuse it)`);
    }
  });
}

function checkPathModifier(mod: unknown, path: FieldPath, issues: Issues): void {
  if (!isObj(mod)) return;
  for (const key of ['replaceFullPath', 'replacePrefixMatch'] as const) {
    const v = mod[key];
    if (typeof v === 'string' && v !== '' && v !== '/' && !SERVABLE_PATH.test(v)) {
      issues.warn.add(FindingType.INVALID, path.child(key), 'gateway.filter.path-unservable',
        `Invalid value: ${showValue(v)}: a path with blanks, control characters, quotes, backslashes, '%', '#' or '?' cannot be written as a URL path; the filter is not applied (haproxy/up refuse it)`);
    }
  }
}

function checkFilters(filters: unknown, path: FieldPath, issues: Issues): void {
  if (!Array.isArray(filters)) return;
  filters.forEach((f: unknown, i: number) => {
    if (!isObj(f)) return;
    const p = path.index(i);
    checkHeaderModifier(f.requestHeaderModifier, p.child('requestHeaderModifier'), issues);
    checkHeaderModifier(f.responseHeaderModifier, p.child('responseHeaderModifier'), issues);
    if (isObj(f.requestRedirect)) checkPathModifier(f.requestRedirect.path, p.child('requestRedirect', 'path'), issues);
    if (isObj(f.urlRewrite)) checkPathModifier(f.urlRewrite.path, p.child('urlRewrite', 'path'), issues);
  });
}

/** HTTPRoute and GRPCRoute filters (rule and backendRef level). */
export function checkServableFilters(spec: Record<string, any>, issues: Issues): void {
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  rules.forEach((r: unknown, i: number) => {
    if (!isObj(r)) return;
    const rp = FieldPath.root('spec').child('rules').index(i);
    checkFilters(r.filters, rp.child('filters'), issues);
    (Array.isArray(r.backendRefs) ? r.backendRefs : []).forEach((b: unknown, j: number) => {
      if (isObj(b)) checkFilters(b.filters, rp.child('backendRefs').index(j).child('filters'), issues);
    });
  });
}
