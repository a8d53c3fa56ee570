import * as ipaddr from 'ipaddr.js';

/**
 * Host name checks shared by every family (Route, Ingress, Gateway API).
 * Each `...Errors` function returns the problems as short sentences (empty
 * when the value is valid), in the words Kubernetes uses
 * (`k8s.io/apimachinery/pkg/util/validation`), so callers can put them into
 * a finding after the bad value.
 *
 * Internal: not part of the jsii API.
 */

/** Longest DNS-1123 label. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** Longest DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const LABEL_RE = new RegExp(`^${LABEL_FMT}$`);
const SUBDOMAIN_RE = new RegExp(`^${LABEL_FMT}(\\.${LABEL_FMT})*$`);
const RFC1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
  "and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
  "and must start and end with an alphanumeric character (e.g. 'example.com')";
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, " +
  "which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com')";

/** Whether `value` is a DNS-1123 label: 1–63 lower-case alphanumerics or `-`, alphanumeric at both ends. */
export function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX_LENGTH && LABEL_RE.test(value);
}

/** Problems that make `value` not a DNS-1123 label. */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) errs.push(`must be no more than ${DNS1123_LABEL_MAX_LENGTH} characters`);
  if (!LABEL_RE.test(value)) errs.push(LABEL_MSG);
  return errs;
}

/** Whether `value` is an RFC 1035 label (DNS-1123 label that starts with a letter; Service names). */
export function isDns1035Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX_LENGTH && RFC1035_LABEL_RE.test(value);
}

/** Whether `value` is a DNS-1123 subdomain: ≤ 253 characters, dot-separated labels (labels not length-checked). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && SUBDOMAIN_RE.test(value);
}

/** Problems that make `value` not a DNS-1123 subdomain (no per-label length check, as Kubernetes). */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`);
  if (!SUBDOMAIN_RE.test(value)) errs.push(SUBDOMAIN_MSG);
  return errs;
}

/**
 * The labels of `host` that are not DNS-1123 labels, with their problems.
 * Empty labels (`a..b`, trailing `.`) count as bad labels.
 */
export function badDns1123Labels(host: string): Array<{ label: string; errors: string[] }> {
  const out: Array<{ label: string; errors: string[] }> = [];
  for (const label of host.split('.')) {
    const errors = dns1123LabelErrors(label);
    if (errors.length > 0) out.push({ label, errors });
  }
  return out;
}

/** Whether `value` is a DNS-1123 subdomain whose every label is a DNS-1123 label (what routers require of a host). */
export function isDns1123SubdomainWithLabels(value: string): boolean {
  return isDns1123Subdomain(value) && badDns1123Labels(value).length === 0;
}

/** Whether `value` is a wildcard DNS-1123 subdomain: `*.` followed by a DNS-1123 subdomain. */
export function isWildcardDns1123Subdomain(value: string): boolean {
  return wildcardDns1123SubdomainErrors(value).length === 0;
}

/** Problems that make `value` not a wildcard DNS-1123 subdomain (`*.example.com`). */
export function wildcardDns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`);
  if (!value.startsWith('*.') || !SUBDOMAIN_RE.test(value.slice(2))) errs.push(WILDCARD_MSG);
  return errs;
}

/**
 * The OpenShift Route CRD pattern for `spec.host` and `spec.subdomain`:
 * dot-separated labels of 1–63 characters `[a-zA-Z0-9-]`, alphanumeric at both
 * ends. Upper case is allowed by this pattern (not by the apiserver).
 */
export const ROUTE_HOST_CRD_PATTERN = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/;

/** Whether `value` matches the Route CRD host pattern. */
export function matchesRouteHostPattern(value: string): boolean {
  return ROUTE_HOST_CRD_PATTERN.test(value);
}

/** The parent domain of a host (everything after the first label), or '' for a single label. */
export function parentDomain(host: string): string {
  const i = host.indexOf('.');
  return i < 0 ? '' : host.slice(i + 1);
}

/**
 * Normalises a Host header value the way HAProxy routing sees it:
 * lower-cased, port and one trailing dot removed.
 */
export function normaliseHost(value: string): string {
  let h = value.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && h.indexOf(':') === colon && /^[0-9]*$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** Whether `value` is an IPv4 address in dotted-decimal form (no leading zeros). */
export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** Whether `value` is an IPv6 address (no zone), as Go `net.ParseIP` accepts it. */
export function isIPv6(value: string): boolean {
  if (!value.includes(':') || value.includes('%')) return false;
  return ipaddr.IPv6.isValid(value);
}

/** Whether `value` is an IP address (v4 or v6), as `net.ParseIP` would accept it. */
export function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}
