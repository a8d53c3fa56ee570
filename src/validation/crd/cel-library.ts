/* eslint-disable no-bitwise */ // IP address and prefix arithmetic
import * as net from 'net';
import { CelFunc, celFunc, celMethod, CelScalar, CelValue, isCelList, isCelMap, listType, mapType } from '@bufbuild/cel';
import { strings as stringsExt } from '@bufbuild/cel/ext';

/**
 * The Kubernetes CEL library (k8s.io/apiserver/pkg/cel/library) as far as
 * CustomResourceDefinition rules use it, written for @bufbuild/cel: list
 * functions, regex find, IP/CIDR/URL/quantity parsing and checks, and the
 * `format.*().validate()` named formats. The strings extension (lowerAscii,
 * split, join, replace, indexOf, substring, trim, ...) comes from @bufbuild/cel.
 *
 * IP, CIDR, URL and quantity values are represented as CEL maps tagged with
 * {@link TYPE_KEY}; their methods are defined on maps and refuse untagged ones.
 */

const { INT, DOUBLE, BOOL, STRING, DYN } = CelScalar;
const LIST = listType(DYN);
const MAP = mapType(STRING, DYN);

/** Key that marks a map as a Kubernetes library value (`ip`, `cidr`, `url`, `quantity`, `format`). */
export const TYPE_KEY = '__k8s_type__';

type Tagged = Map<string, any>;

function tagged(type: string, fields: Record<string, unknown>): Tagged {
  const m = new Map<string, any>([[TYPE_KEY, type]]);
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  return m;
}

function taggedAs(v: CelValue, type: string): ReadonlyMap<any, any> {
  if (!isCelMap(v) || v.get(TYPE_KEY) !== type) throw new Error(`no such overload: expected ${type}`);
  return v;
}

// ---------------------------------------------------------------------------
// lists

function compare(a: CelValue, b: CelValue): number {
  const na = typeof a === 'bigint' || typeof a === 'number' ? a : undefined;
  const nb = typeof b === 'bigint' || typeof b === 'number' ? b : undefined;
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (isCelMap(a) && isCelMap(b) && a.get(TYPE_KEY) === 'quantity' && b.get(TYPE_KEY) === 'quantity') {
    return Math.sign(Number(a.get('value')) - Number(b.get('value')));
  }
  throw new Error('no such overload: values are not comparable');
}

function items(list: CelValue): CelValue[] {
  if (!isCelList(list)) throw new Error('no such overload');
  return [...list];
}

function listFuncs(): CelFunc[] {
  return [
    celMethod('isSorted', LIST, [], BOOL, function () {
      const a = items(this);
      for (let i = 1; i < a.length; i++) if (compare(a[i - 1], a[i]) > 0) return false;
      return true;
    }),
    celMethod('sum', LIST, [], DYN, function () {
      const a = items(this);
      if (a.length === 0) return 0n;
      if (a.every((x) => typeof x === 'bigint')) return (a as bigint[]).reduce((s, x) => s + x, 0n);
      if (a.every((x) => typeof x === 'number')) return (a as number[]).reduce((s, x) => s + x, 0);
      throw new Error('no such overload: sum of mixed types');
    }),
    celMethod('min', LIST, [], DYN, function () {
      const a = items(this);
      if (a.length === 0) throw new Error('min called on empty list');
      return a.reduce((m, x) => (compare(x, m) < 0 ? x : m)) as any;
    }),
    celMethod('max', LIST, [], DYN, function () {
      const a = items(this);
      if (a.length === 0) throw new Error('max called on empty list');
      return a.reduce((m, x) => (compare(x, m) > 0 ? x : m)) as any;
    }),
    celMethod('indexOf', LIST, [DYN], INT, function (x) {
      const a = items(this);
      for (let i = 0; i < a.length; i++) if (celEquals(a[i], x)) return BigInt(i);
      return -1n;
    }),
    celMethod('lastIndexOf', LIST, [DYN], INT, function (x) {
      const a = items(this);
      for (let i = a.length - 1; i >= 0; i--) if (celEquals(a[i], x)) return BigInt(i);
      return -1n;
    }),
  ];
}

function celEquals(a: CelValue, b: CelValue): boolean {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return Number(a) === Number(b);
  if (isCelList(a) && isCelList(b)) {
    const x = [...a];
    const y = [...b];
    return x.length === y.length && x.every((v, i) => celEquals(v, y[i]));
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !celEquals(v, b.get(k)!)) return false;
    return true;
  }
  return a === b;
}

// ---------------------------------------------------------------------------
// regex (find, findAll) through the same RE2 engine as `matches`

/** Compiles RE2 patterns; supplied by the engine (it owns the RE2 implementation). */
export interface RegexEngine {
  find(pattern: string, text: string, all: boolean, limit: number): string[];
}

function regexFuncs(re: RegexEngine): CelFunc[] {
  return [
    celMethod('find', STRING, [STRING], STRING, function (p) {
      return re.find(p, this, false, 1)[0] ?? '';
    }),
    celMethod('findAll', STRING, [STRING], listType(STRING), function (p) {
      return re.find(p, this, true, -1);
    }),
    celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (p, n) {
      return re.find(p, this, true, Number(n));
    }),
  ];
}

// ---------------------------------------------------------------------------
// IP addresses and CIDRs (library.IP, library.CIDR): canonical forms only, no zones

function parseIp(s: string): { family: 4 | 6; bytes: number[] } | undefined {
  if (s.includes('%')) return undefined;
  if (net.isIPv4(s)) return { family: 4, bytes: s.split('.').map(Number) };
  if (!net.isIPv6(s)) return undefined;
  // IPv4-mapped IPv6 is refused by the Kubernetes library
  if (/^::ffff:[0-9.]+$/i.test(s) || /\.[0-9]+$/.test(s)) return undefined;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const bytes: number[] = [];
  for (const g of groups) {
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return { family: 6, bytes };
}

function ipString(family: 4 | 6, bytes: number[]): string {
  if (family === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  // RFC 5952: compress the longest run of two or more zero groups
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function ipValue(s: string): Tagged {
  const ip = parseIp(s);
  if (!ip) throw new Error(`IP Address ${JSON.stringify(s)} parse error during conversion from string`);
  return tagged('ip', { value: ipString(ip.family, ip.bytes), family: BigInt(ip.family) });
}

function parseCidr(s: string): { family: 4 | 6; bytes: number[]; prefix: number } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]*)$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ...ip, prefix };
}

function masked(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
}

function cidrValue(s: string): Tagged {
  const c = parseCidr(s);
  if (!c) throw new Error(`network address ${JSON.stringify(s)} parse error during conversion from string`);
  return tagged('cidr', { value: `${ipString(c.family, c.bytes)}/${c.prefix}`, ip: ipString(c.family, c.bytes), prefix: BigInt(c.prefix), family: BigInt(c.family) });
}

function cidrContains(cidr: ReadonlyMap<any, any>, ipText: string): boolean {
  const c = parseCidr(cidr.get('value'))!;
  const ip = parseIp(ipText);
  if (!ip || ip.family !== c.family) return false;
  const a = masked(c.bytes, c.prefix);
  const b = masked(ip.bytes, c.prefix);
  return a.every((x, i) => x === b[i]);
}

function ipFuncs(): CelFunc[] {
  const ipOf = (v: CelValue) => taggedAs(v, 'ip');
  const bytesOf = (v: CelValue) => parseIp(ipOf(v).get('value'))!;
  const cidrOf = (v: CelValue) => taggedAs(v, 'cidr');
  return [
    celFunc('isIP', [STRING], BOOL, (s) => parseIp(s) !== undefined),
    celFunc('ip', [STRING], MAP, (s) => ipValue(s)),
    celFunc('ip.isCanonical', [STRING], BOOL, (s) => ipValue(s).get('value') === s),
    celMethod('family', MAP, [], INT, function () { return ipOf(this).get('family'); }),
    celMethod('isUnspecified', MAP, [], BOOL, function () { return bytesOf(this).bytes.every((b) => b === 0); }),
    celMethod('isLoopback', MAP, [], BOOL, function () {
      const ip = bytesOf(this);
      return ip.family === 4 ? ip.bytes[0] === 127 : ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
    }),
    celMethod('isLinkLocalUnicast', MAP, [], BOOL, function () {
      const ip = bytesOf(this);
      return ip.family === 4 ? ip.bytes[0] === 169 && ip.bytes[1] === 254 : ip.bytes[0] === 0xfe && (ip.bytes[1] & 0xc0) === 0x80;
    }),
    celMethod('isLinkLocalMulticast', MAP, [], BOOL, function () {
      const ip = bytesOf(this);
      return ip.family === 4 ? ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0 : ip.bytes[0] === 0xff && (ip.bytes[1] & 0x0f) === 0x02;
    }),
    celMethod('isGlobalUnicast', MAP, [], BOOL, function () {
      const ip = bytesOf(this);
      if (ip.bytes.every((b) => b === 0)) return false;
      const b = ip.bytes;
      if (ip.family === 4) return b[0] !== 127 && b[0] < 224 && !(b[0] === 169 && b[1] === 254) && !b.every((x) => x === 255);
      const loopback = b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
      return b[0] !== 0xff && !(b[0] === 0xfe && (b[1] & 0xc0) === 0x80) && !loopback;
    }),
    celFunc('isCIDR', [STRING], BOOL, (s) => parseCidr(s) !== undefined),
    celFunc('cidr', [STRING], MAP, (s) => cidrValue(s)),
    celMethod('containsIP', MAP, [STRING], BOOL, function (s) { return cidrContains(cidrOf(this), s); }),
    celMethod('containsIP', MAP, [MAP], BOOL, function (ip) { return cidrContains(cidrOf(this), ipOf(ip).get('value')); }),
    celMethod('containsCIDR', MAP, [STRING], BOOL, function (s) {
      const inner = cidrValue(s);
      return inner.get('prefix') >= cidrOf(this).get('prefix') && cidrContains(cidrOf(this), inner.get('ip'));
    }),
    celMethod('containsCIDR', MAP, [MAP], BOOL, function (c) {
      const inner = cidrOf(c);
      return inner.get('prefix') >= cidrOf(this).get('prefix') && cidrContains(cidrOf(this), inner.get('ip'));
    }),
    celMethod('prefixLength', MAP, [], INT, function () { return cidrOf(this).get('prefix'); }),
    celMethod('ip', MAP, [], MAP, function () { return ipValue(cidrOf(this).get('ip')); }),
    celMethod('masked', MAP, [], MAP, function () {
      const c = parseCidr(cidrOf(this).get('value'))!;
      return cidrValue(`${ipString(c.family, masked(c.bytes, c.prefix))}/${c.prefix}`);
    }),
  ];
}

// ---------------------------------------------------------------------------
// URLs (library.URLs): absolute URIs or absolute paths, as Go's url.ParseRequestURI

function parseUrl(s: string): URL | undefined {
  if (s === '' || /[\s]/.test(s)) return undefined;
  if (s.startsWith('/')) {
    try {
      return new URL(s, 'http://relative.invalid');
    } catch {
      return undefined;
    }
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) return undefined;
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function urlValue(s: string): Tagged {
  const u = parseUrl(s);
  if (!u) throw new Error(`URL parse error during conversion from string: ${JSON.stringify(s)}`);
  const relative = s.startsWith('/');
  const hostname = relative ? '' : u.hostname.replace(/^\[|\]$/g, '');
  return tagged('url', {
    scheme: relative ? '' : u.protocol.replace(/:$/, ''),
    host: relative ? '' : u.host,
    hostname,
    port: relative ? '' : u.port,
    path: u.pathname,
    query: u.search.replace(/^\?/, ''),
  });
}

function urlFuncs(): CelFunc[] {
  const get = (v: CelValue, k: string) => taggedAs(v, 'url').get(k);
  return [
    celFunc('isURL', [STRING], BOOL, (s) => parseUrl(s) !== undefined),
    celFunc('url', [STRING], MAP, (s) => urlValue(s)),
    celMethod('getScheme', MAP, [], STRING, function () { return get(this, 'scheme'); }),
    celMethod('getHost', MAP, [], STRING, function () { return get(this, 'host'); }),
    celMethod('getHostname', MAP, [], STRING, function () { return get(this, 'hostname'); }),
    celMethod('getPort', MAP, [], STRING, function () { return get(this, 'port'); }),
    celMethod('getEscapedPath', MAP, [], STRING, function () { return get(this, 'path'); }),
    celMethod('getQuery', MAP, [], MAP, function () {
      const q = new URLSearchParams(get(this, 'query'));
      const out = new Map<string, string[]>();
      for (const [k, v] of q) out.set(k, [...(out.get(k) ?? []), v]);
      return out;
    }),
  ];
}

// ---------------------------------------------------------------------------
// quantities (library.Quantity): resource.Quantity syntax

const QUANTITY_RE = /^([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const SUFFIX: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

function quantityNumber(s: string): number | undefined {
  const m = QUANTITY_RE.exec(s);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(m[1]) * factor;
}

function quantityValue(s: string): Tagged {
  const n = quantityNumber(s);
  if (n === undefined) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(s)}`);
  return tagged('quantity', { value: n, text: s });
}

function quantityFuncs(): CelFunc[] {
  const num = (v: CelValue): number => taggedAs(v, 'quantity').get('value');
  return [
    celFunc('isQuantity', [STRING], BOOL, (s) => quantityNumber(s) !== undefined),
    celFunc('quantity', [STRING], MAP, (s) => quantityValue(s)),
    celMethod('sign', MAP, [], INT, function () { return BigInt(Math.sign(num(this))); }),
    celMethod('isInteger', MAP, [], BOOL, function () { return Number.isInteger(num(this)); }),
    celMethod('asInteger', MAP, [], INT, function () {
      const n = num(this);
      if (!Number.isInteger(n)) throw new Error('cannot convert value to integer');
      return BigInt(n);
    }),
    celMethod('asApproximateFloat', MAP, [], DOUBLE, function () { return num(this); }),
    celMethod('compareTo', MAP, [MAP], INT, function (o) { return BigInt(Math.sign(num(this) - num(o))); }),
    celMethod('isGreaterThan', MAP, [MAP], BOOL, function (o) { return num(this) > num(o); }),
    celMethod('isLessThan', MAP, [MAP], BOOL, function (o) { return num(this) < num(o); }),
    celMethod('add', MAP, [MAP], MAP, function (o) { return tagged('quantity', { value: num(this) + num(o), text: '' }); }),
    celMethod('add', MAP, [INT], MAP, function (o) { return tagged('quantity', { value: num(this) + Number(o), text: '' }); }),
    celMethod('sub', MAP, [MAP], MAP, function (o) { return tagged('quantity', { value: num(this) - num(o), text: '' }); }),
    celMethod('sub', MAP, [INT], MAP, function (o) { return tagged('quantity', { value: num(this) - Number(o), text: '' }); }),
  ];
}

// ---------------------------------------------------------------------------
// named formats (library.Format): format.dns1123Label().validate(s) → optional list of errors

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const FORMATS: Record<string, (s: string) => string | undefined> = {
  dns1123Label: (s) => (s.length <= 63 && DNS_LABEL.test(s) ? undefined : 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character'),
  dns1123Subdomain: (s) => (s.length <= 253 && DNS_SUBDOMAIN.test(s) ? undefined : 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character'),
  dns1035Label: (s) => (s.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s) ? undefined : 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character'),
  qualifiedName: (s) => (/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/.test(s) ? undefined : 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'),
  labelValue: (s) => (s === '' || (s.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(s)) ? undefined : 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'),
  uri: (s) => (parseUrl(s) ? undefined : 'must be a valid URI'),
  uuid: (s) => (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s) ? undefined : 'does not match the UUID format'),
  byte: (s) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? undefined : 'invalid base64'),
  date: (s) => (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s) && !isNaN(Date.parse(s)) ? undefined : 'invalid date'),
  datetime: (s) => (isDateTime(s) ? undefined : 'invalid datetime'),
};

/** RFC 3339 date-time (as Go's strfmt accepts it). */
export function isDateTime(s: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$/.test(s) && !isNaN(Date.parse(s.replace(' ', 'T')));
}

function formatFuncs(): CelFunc[] {
  const out: CelFunc[] = [];
  for (const name of Object.keys(FORMATS)) {
    out.push(celFunc(`format.${name}`, [], MAP, () => tagged('format', { name })));
  }
  out.push(celFunc('format.named', [STRING], DYN, (n) => (FORMATS[n] ? tagged('format', { name: n }) : null)));
  out.push(celMethod('validate', MAP, [STRING], DYN, function (s) {
    const f = FORMATS[taggedAs(this, 'format').get('name')];
    const err = f(s);
    return err === undefined ? null : [err];
  }));
  return out;
}

// ---------------------------------------------------------------------------

/** Every function the CRD rule engine adds to the CEL standard library. */
export function kubernetesCelFunctions(re: RegexEngine): CelFunc[] {
  return [...stringsExt, ...listFuncs(), ...regexFuncs(re), ...ipFuncs(), ...urlFuncs(), ...quantityFuncs(), ...formatFuncs()];
}

