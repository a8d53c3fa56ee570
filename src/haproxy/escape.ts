/**
 * The only way strings from manifests enter an HAProxy configuration.
 *
 * Every function either returns text that cannot change the structure of the
 * line it is written into (no new line, no new word, no comment, no sample
 * expression) or throws a {@link ConfigInjectionError}.
 *
 * Internal: not part of the jsii API.
 */
import { createHash } from 'crypto';
import { isValidHeaderName } from '../validation/route-headers';

/** A user string that cannot be written into the configuration safely. */
export class ConfigInjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigInjectionError';
  }
}

const NAME = /^[A-Za-z0-9_.:-]+$/;
const CONTROL = /[\x00-\x1f\x7f]/;

/** Shows a bad value in a message without letting control characters through. */
export function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

/** First 8 hex characters of the SHA-256 of `value`. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8);
}

/** 32-hex MD5, as the router uses for cookie values of servers. */
export function md5Hex(value: string): string {
  return createHash('md5').update(value, 'utf8').digest('hex');
}

/** `true` when `value` can be used as-is as a proxy, server, ACL or file name. */
export function isSafeName(value: string): boolean {
  return NAME.test(value);
}

/**
 * A name for a frontend, backend, server or file: kept when it only uses
 * `[A-Za-z0-9_.:-]`; otherwise every other character becomes `_` and a hash of
 * the original is appended, so two different inputs never share a name.
 */
export function safeName(value: string): string {
  if (isSafeName(value)) {
    return value;
  }
  const cleaned = value.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64);
  return `${cleaned}-h${shortHash(value)}`;
}

/** Rejects CR, LF, NUL and other control characters. */
export function assertNoControl(value: string, what: string): void {
  if (CONTROL.test(value)) {
    throw new ConfigInjectionError(`${what} contains a control character (CR, LF, NUL, ...): ${show(value)}`);
  }
}

/**
 * Wraps `value` in single quotes for a config line, `'` becoming `'\''`
 * (the router's `SanitizeHeaderValue`). Inside single quotes HAProxy does not
 * interpret `\`, `"`, `#`, `$` or spaces. Rejects control characters.
 */
export function singleQuote(value: string, what: string): string {
  assertNoControl(value, what);
  return `'${value.replace(/'/g, "'\\''")}'`;
}


/** A header name (RFC 7230 token), single-quoted. */
export function headerName(name: string): string {
  if (!isValidHeaderName(name)) {
    throw new ConfigInjectionError(`header name is not an HTTP token: ${show(name)}`);
  }
  return singleQuote(name, 'header name');
}

/**
 * A literal header value as a quoted log-format string: `%` is doubled so it can
 * never start a sample expression, then the whole value is single-quoted.
 */
export function literalHeaderValue(value: string): string {
  assertNoControl(value, 'header value');
  return singleQuote(value.replace(/%/g, '%%'), 'header value');
}

/**
 * A dynamic header value: a log-format expression already validated against
 * the allow-list (`%[req.hdr(x)]`, converters `lower`/`base64`, ...). It is
 * re-checked here so an unvalidated string can never reach the config.
 */
export function dynamicHeaderValue(value: string): string {
  assertNoControl(value, 'header value');
  const expr = /%(\{\+Q\})?\[([^\]]*)\]/g;
  const rest = value.replace(expr, (_m, _q, inner: string) => {
    const ok = /^(req\.hdr\([A-Za-z0-9!#$&*+.^_`|~-]+\)|res\.hdr\([A-Za-z0-9!#$&*+.^_`|~-]+\)|ssl_c_der)(,(lower|base64))*$/.test(inner);
    if (!ok) {
      throw new ConfigInjectionError(`header value uses a sample expression outside the allow-list: ${show(value)}`);
    }
    return '';
  });
  // A single quote is data: singleQuote writes it as '\'' (the router's SanitizeHeaderValue).
  if (rest.includes('%')) {
    throw new ConfigInjectionError(`header value has a '%' outside an allowed %[...] expression: ${show(value)}`);
  }
  return singleQuote(value, 'header value');
}

/**
 * A key for a map file (`map_str`, `map_beg`). Map files split key and value at
 * the first blank, so whitespace is percent-encoded (`%20`, `%09`), which is
 * also how such a path arrives in a request line; other control characters are
 * rejected. The result never contains a blank or a line break.
 */
export function mapKey(key: string): string {
  const encoded = key.replace(/[ \t]/g, (c) => (c === ' ' ? '%20' : '%09'));
  assertNoControl(encoded, 'map key');
  if (encoded.startsWith('#')) {
    throw new ConfigInjectionError(`map key would be read as a comment: ${show(key)}`);
  }
  return encoded;
}

/** A host name used as a map key or crt-list filter: lower-case DNS characters, optionally `*.` in front. */
export function hostKey(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!/^(\*\.)?[a-z0-9]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9_])?)*$/.test(h)) {
    throw new ConfigInjectionError(`host is not a DNS name: ${show(host)}`);
  }
  return h;
}

/** An IP address or CIDR for an allowlist: digits, hex, `.`, `:` and `/` only. */
export function cidr(value: string): string {
  if (!/^[0-9A-Fa-f.:]+(\/[0-9]{1,3})?$/.test(value)) {
    throw new ConfigInjectionError(`not an IP address or CIDR: ${show(value)}`);
  }
  return value;
}

/** A server address (IPv4, IPv6 or host name) as `addr:port`, IPv6 bracketed. */
export function serverAddress(address: string, port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigInjectionError(`server port out of range 1-65535: ${port}`);
  }
  if (/^[0-9.]+$/.test(address) || /^[A-Za-z0-9.-]+$/.test(address)) {
    return `${address}:${port}`;
  }
  const v6 = address.replace(/^\[|\]$/g, '');
  if (/^[0-9A-Fa-f:.]+$/.test(v6)) {
    return `[${v6}]:${port}`;
  }
  throw new ConfigInjectionError(`server address is not an IP address or host name: ${show(address)}`);
}

/** A duration in milliseconds as an HAProxy timer, clipped to the 2.6 maximum. */
export function timerMs(ms: number, what: string): string {
  if (!Number.isFinite(ms) || ms < 1) {
    throw new ConfigInjectionError(`${what} must be at least 1 ms: ${ms}`);
  }
  return `${Math.min(Math.floor(ms), 2147483647)}ms`;
}

/** A non-negative integer setting (weights, rates, maxconn). */
export function integer(value: number, what: string, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigInjectionError(`${what} must be an integer in ${min}..${max}: ${value}`);
  }
  return String(value);
}
