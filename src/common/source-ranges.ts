import * as ipaddr from 'ipaddr.js';

/**
 * Checks one allowlist entry the way the router's Go code parses it
 * (`net.ParseIP` / `net.ParseCIDR`): a plain dotted-decimal IPv4 address
 * (no leading zeros, no short forms), an IPv6 address (no zone), either with
 * an optional `/prefix`. Returns a reason when invalid, else undefined.
 */
export function sourceRangeProblem(entry: string): string | undefined {
  if (typeof entry !== 'string' || entry.length === 0) return 'empty entry';
  if (/\s/.test(entry)) return 'contains whitespace';
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const prefix = slash < 0 ? undefined : entry.slice(slash + 1);
  let max: number;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    max = 32;
  } else if (address.includes(':') && !address.includes('%') && ipaddr.IPv6.isValid(address)) {
    max = 128;
  } else {
    return 'not an IPv4 or IPv6 address';
  }
  if (prefix !== undefined) {
    if (!/^[0-9]{1,3}$/.test(prefix) || Number(prefix) > max) {
      return `prefix length must be an integer between 0 and ${max}`;
    }
  }
  return undefined;
}

/** Throws naming the first bad entry; returns the entries unchanged. */
export function checkSourceRanges(entries: string[], what: string): string[] {
  if (entries.length === 0) {
    throw new Error(`${what}: must list at least one IP address or CIDR (an empty allowlist leaves the route open to every source)`);
  }
  entries.forEach((entry, i) => {
    const problem = sourceRangeProblem(entry);
    if (problem) {
      throw new Error(`${what}[${i}]: invalid IP address or CIDR ${JSON.stringify(entry)}: ${problem} (e.g. "10.0.0.0/8", "192.168.1.10", "2001:db8::/32")`);
    }
  });
  return entries;
}
