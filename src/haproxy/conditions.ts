/**
 * Match conditions beyond host and path prefix, as inline HAProxy ACLs.
 *
 * A rule's header, query parameter, cookie and method matches and a regular
 * expression path become anonymous ACLs (`{ req.fhdr(x-a) -m str 'v' }`) that
 * are ANDed on one `http-request` line. They are evaluated only for requests
 * whose map lookup landed on the rule's key (see the dispatch notes in
 * `translate.ts`), so their cost is in proportion to the conditional rules, not
 * to the whole routing table.
 *
 * Every user string is checked or quoted here: names are restricted to a safe
 * subset of HTTP token characters (no quote, `#`, `%`, `,`, parentheses) and
 * values are single-quoted, so nothing can become configuration.
 *
 * Internal: not part of the jsii API.
 */
import { ConfigInjectionError, show, singleQuote } from './escape';
import { HttpRule } from '../model/types';

/** Header, cookie and query names usable as a sample-fetch argument without quoting. */
const FETCH_ARG = /^[A-Za-z0-9!$*+.^_`|~-]+$/;

function fetchArg(name: string, what: string): string {
  if (!FETCH_ARG.test(name)) {
    throw new ConfigInjectionError(`${what} ${show(name)} cannot be matched by the HAProxy renderer: use letters, digits and !$*+.^_\`|~- only`);
  }
  return name;
}

function valueMatch(type: 'Exact' | 'RegularExpression', value: string, what: string): string {
  return type === 'Exact' ? `-m str ${singleQuote(value, what)}` : `-m reg ${singleQuote(value, what)}`;
}

const METHOD = /^[A-Z]{1,20}$/;

/**
 * The ACL conditions of a rule, in a fixed order (path regex, method, headers,
 * query parameters, cookies). Empty for a rule that only matches host and path
 * by map lookup.
 */
export function ruleConditions(rule: HttpRule): string[] {
  const out: string[] = [];
  if (rule.path.type === 'RegularExpression') {
    out.push(`{ path -m reg ${singleQuote(`^(?:${rule.path.value})$`, 'path regular expression')} }`);
  }
  if (rule.method !== undefined) {
    if (!METHOD.test(rule.method)) {
      throw new ConfigInjectionError(`method must be upper-case letters: ${show(rule.method)}`);
    }
    out.push(`{ method ${rule.method} }`);
  }
  // Gateway API: header names are case-insensitive and only the first of equivalent names counts.
  const seenHeaders = new Set<string>();
  for (const h of rule.headers ?? []) {
    const key = h.name.toLowerCase();
    if (seenHeaders.has(key)) continue;
    seenHeaders.add(key);
    out.push(`{ req.fhdr(${fetchArg(h.name, 'header name')}) ${valueMatch(h.type, h.value, 'header match value')} }`);
  }
  const seenQuery = new Set<string>();
  for (const q of rule.queryParams ?? []) {
    if (seenQuery.has(q.name)) continue;
    seenQuery.add(q.name);
    out.push(`{ urlp(${fetchArg(q.name, 'query parameter name')}) ${valueMatch(q.type, q.value, 'query parameter value')} }`);
  }
  for (const c of rule.cookies ?? []) {
    out.push(`{ req.cook(${fetchArg(c.name, 'cookie name')}) ${valueMatch(c.type, c.value, 'cookie value')} }`);
  }
  return out;
}
