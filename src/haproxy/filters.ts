/**
 * Per-rule request/response processing lines (Gateway API filters): URL
 * rewrites, CORS, and the path part of redirects. They go into a copy of the
 * rule's backend (`translate.ts`, "derived" backends), so they run only for
 * requests that rule matched. Every user value is validated or quoted here.
 *
 * Internal: not part of the jsii API.
 */
import { ConfigInjectionError, hostKey, literalHeaderValue, show, singleQuote } from './escape';
import { CorsModel, HttpRule, PathMatch } from '../model/types';
import { isValidHeaderName } from '../validation/route-headers';

function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A path used as replacement text: absolute, no blanks, quotes, backslash or control characters. */
function replacementPath(value: string, what: string): string {
  if (value !== '' && !/^\/[^\s'"\\#?]*$/.test(value)) {
    throw new ConfigInjectionError(`${what} must be an absolute path without blanks, quotes, backslash, '#' or '?': ${show(value)}`);
  }
  // set-path / replace-path take log-format text: a literal '%' is written '%%'.
  return value.replace(/%/g, '%%');
}

/**
 * `http-request` lines that rewrite the path the way Gateway API
 * ReplacePrefixMatch does: the matched prefix (segment-wise) is replaced; a
 * replacement ending in `/` and an empty one follow the spec's table
 * (`/foo/bar` with prefix `/foo` → `/xyz/bar`, `/foo` with replacement `` → `/`).
 */
export function prefixRewriteLines(match: PathMatch, replacement: string): string[] {
  if (match.type !== 'Prefix') {
    throw new ConfigInjectionError(`ReplacePrefixMatch needs a PathPrefix match, not ${match.type} ${show(match.value)}`);
  }
  const prefix = /^\/*$/.test(match.value) ? '' : match.value.replace(/\/+$/, '');
  const r = replacementPath(replacement, 'replacePrefixMatch').replace(/\/+$/, '');
  if (r === '') {
    return [`http-request replace-path ${singleQuote(`^${regexEscape(prefix)}/?(.*)$`, 'path pattern')} '/\\1'`];
  }
  return [`http-request replace-path ${singleQuote(`^${regexEscape(prefix)}(/.*)?$`, 'path pattern')} ${singleQuote(`${r}\\1`, 'path replacement')}`];
}

/** Lines for a URLRewrite on a forwarded request. */
export function rewriteLines(rule: HttpRule): string[] {
  const rw = rule.rewrite;
  if (!rw) return [];
  const lines: string[] = [];
  if (rw.hostname !== undefined) {
    lines.push(`http-request set-header Host ${hostKey(rw.hostname)}`);
  }
  if (rw.path?.type === 'ReplaceFullPath') {
    lines.push(`http-request set-path ${singleQuote(replacementPath(rw.path.value, 'replaceFullPath') || '/', 'path')}`);
  } else if (rw.path?.type === 'ReplacePrefixMatch') {
    lines.push(...prefixRewriteLines(rule.path, rw.path.value));
  }
  return lines;
}

const ORIGIN = /^(https?):\/\/(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)(:[0-9]{1,5})?$/i;

function tokens(list: string[], what: string): string {
  for (const t of list) {
    if (t !== '*' && !isValidHeaderName(t)) {
      throw new ConfigInjectionError(`CORS ${what} entry is not an HTTP token: ${show(t)}`);
    }
  }
  return list.join(', ');
}

/**
 * CORS: the request's Origin is checked against `allowOrigins` (exact, or a
 * `*.` host wildcard as a regex, or `*`); a preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) from an allowed origin is answered by the
 * proxy (200 with the allow headers); other requests from an allowed origin are
 * forwarded and get `Access-Control-Allow-Origin` (and credentials / expose
 * headers) on the response. Requests from other origins pass unchanged.
 */
export function corsLines(cors: CorsModel): string[] {
  const exact: string[] = [];
  const patterns: string[] = [];
  let any = false;
  for (const o of cors.allowOrigins) {
    if (o === '*') {
      any = true;
      continue;
    }
    const m = ORIGIN.exec(o);
    if (!m) {
      throw new ConfigInjectionError(`CORS allowOrigins entry must be * or http(s)://host[:port]: ${show(o)}`);
    }
    if (m[2]) {
      patterns.push(`^${m[1]}://[^/:]+\\.${regexEscape(m[3])}${m[7] ? regexEscape(m[7]) : ''}$`);
    } else {
      exact.push(o);
    }
  }
  const lines: string[] = [];
  const setOrigin = 'http-request set-var(txn.cors_origin) req.fhdr(origin)';
  if (any) {
    lines.push(`${setOrigin} if { req.fhdr(origin) -m found }`);
  } else {
    if (exact.length > 0) lines.push(`${setOrigin} if { req.fhdr(origin) -m str -i ${exact.map((e) => singleQuote(e, 'CORS origin')).join(' ')} }`);
    if (patterns.length > 0) lines.push(`${setOrigin} if { req.fhdr(origin) -m reg -i ${patterns.map((e) => singleQuote(e, 'CORS origin')).join(' ')} }`);
  }
  if (lines.length === 0) return [];
  const allowed = '{ var(txn.cors_origin) -m found }';
  const originValue = any && !cors.allowCredentials ? "'*'" : '%[var(txn.cors_origin)]';
  const wildOr = (list: string[], requestHeader: string, what: string): string => {
    if (list.includes('*')) {
      return cors.allowCredentials ? `%[req.fhdr(${requestHeader})]` : "'*'";
    }
    return literalHeaderValue(tokens(list, what));
  };
  const pre: string[] = [`hdr Access-Control-Allow-Origin ${originValue}`];
  if (cors.allowMethods.length > 0) pre.push(`hdr Access-Control-Allow-Methods ${wildOr(cors.allowMethods, 'access-control-request-method', 'allowMethods')}`);
  if (cors.allowHeaders.length > 0) pre.push(`hdr Access-Control-Allow-Headers ${wildOr(cors.allowHeaders, 'access-control-request-headers', 'allowHeaders')}`);
  if (cors.allowCredentials) pre.push('hdr Access-Control-Allow-Credentials true');
  if (!Number.isInteger(cors.maxAge) || cors.maxAge < 0 || cors.maxAge > 2147483647) {
    throw new ConfigInjectionError(`CORS maxAge must be a non-negative integer: ${cors.maxAge}`);
  }
  pre.push(`hdr Access-Control-Max-Age ${cors.maxAge}`);
  lines.push(`http-request return status 200 ${pre.join(' ')} if METH_OPTIONS ${allowed} { req.fhdr(access-control-request-method) -m found }`);
  lines.push(`http-response set-header Access-Control-Allow-Origin ${originValue} if ${allowed}`);
  if (cors.allowCredentials) lines.push(`http-response set-header Access-Control-Allow-Credentials true if ${allowed}`);
  if (cors.exposeHeaders.length > 0) {
    lines.push(`http-response set-header Access-Control-Expose-Headers ${literalHeaderValue(tokens(cors.exposeHeaders, 'exposeHeaders'))} if ${allowed}`);
  }
  if (!any || cors.allowCredentials) lines.push(`http-response add-header Vary Origin if ${allowed}`);
  return lines;
}
