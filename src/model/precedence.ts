import { HostMatchKind, HttpRule } from './types';

/**
 * Match precedence, in one place. Rules on one entrypoint are sorted with this
 * comparator; renderers keep the first rule for any key they cannot tell apart.
 *
 * Order (Gateway API HTTPRoute precedence, which also orders OpenShift Routes and
 * Ingress paths consistently): exact host before wildcard before any; longer host;
 * Exact path before Prefix before RegularExpression; longer path value; has a
 * method; more header matches; more query matches; older (creation time); then
 * `namespace/name`; then rule index.
 */
export function compareRules(a: HttpRule, b: HttpRule): number {
  return (
    hostRank(a.hostMatch) - hostRank(b.hostMatch) ||
    b.host.length - a.host.length ||
    pathRank(a.path.type) - pathRank(b.path.type) ||
    b.path.value.length - a.path.value.length ||
    Number(b.method !== undefined) - Number(a.method !== undefined) ||
    (b.headers?.length ?? 0) - (a.headers?.length ?? 0) ||
    (b.queryParams?.length ?? 0) - (a.queryParams?.length ?? 0) ||
    compareCreated(a.order.created, b.order.created) ||
    cmp(a.order.key, b.order.key) ||
    a.order.index - b.order.index ||
    cmp(a.host, b.host) ||
    cmp(a.path.value, b.path.value)
  );
}

function hostRank(k: HostMatchKind): number {
  switch (k) {
    case HostMatchKind.EXACT: return 0;
    case HostMatchKind.WILDCARD_ONE_LABEL: return 1;
    case HostMatchKind.WILDCARD_SUFFIX: return 1;
    default: return 2;
  }
}

function pathRank(t: string): number {
  return t === 'Exact' ? 0 : t === 'Prefix' || t === 'StringPrefix' ? 1 : 2;
}

/** Older first; an unknown creation time ('') counts as newest. */
export function compareCreated(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!isNaN(ta) && !isNaN(tb) && ta !== tb) return ta - tb;
  return cmp(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts rules by precedence (stable, returns a new array). */
export function sortRules(rules: HttpRule[]): HttpRule[] {
  return [...rules].sort(compareRules);
}
