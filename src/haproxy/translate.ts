/**
 * Routing model → HAProxy config model → files.
 *
 * HTTP dispatch never scans: every entrypoint gets two map files looked up by
 * key, so 10,000 routes cost the same per request as one.
 * - `<ep>.exact.map` (`map_str`): `host + path` for Exact rules, plus overrides
 *   for paths that a Route path ending in `/` must not match.
 * - `<ep>.prefix.map` (`map_beg`, prefix tree, longest match wins):
 *   `host + path + "/"` for Prefix rules, so `/app` matches `/app`, `/app/x`,
 *   not `/application`.
 * Lookups: exact host (exact map, then prefix map), then the one-label wildcard
 * host `*.rest` (same two maps) or, for suffix wildcards (Gateway API `*.d`,
 * one or more labels), `*.` + the last n labels of the host for each label
 * count n in use, longest first; then rules without host (keys are bare paths).
 * The map value is a backend name, or a conditional group `~gN` when the best
 * rule of that key also matches method, headers, query parameters, cookies or
 * a regex path: see "HTTP rules → map entries and conditional groups" below.
 *
 * HTTPS entrypoints follow the OpenShift router: a TCP frontend checks the SNI
 * against `<ep>.sni.map` for passthrough, and sends everything else through an
 * abstract unix socket (PROXY protocol v2) into an HTTP frontend that terminates
 * TLS with the default certificate and a crt-list.
 *
 * Internal: not part of the jsii API.
 */
import { ruleConditions } from './conditions';
import { Backend, Frontend, HaproxyConfig, Server, newFrontend, renderConfig } from './config';
import {
  ConfigInjectionError, cidr, dynamicHeaderValue, headerName, hostKey, integer, literalHeaderValue, mapKey, md5Hex,
  safeName, serverAddress, show, singleQuote, timerMs,
} from './escape';
import { corsLines, prefixRewriteLines, rewriteLines } from './filters';
import { nginxBackendLines } from './nginx';
import {
  BackendModel, Entrypoint, HeaderAction, HostMatchKind, HttpRule, ModelSource, PathMatch, RoutingModel, RuleAction, SniRule,
} from '../model/types';

/** PEM material for one certificate file. */
export interface PemBundle {
  readonly certificatePem: string;
  readonly keyPem: string;
  readonly caPem?: string;
}

export interface RenderOptions {
  /** Local port for cluster port 80 (Routes, Ingress). @default 8080 */
  readonly httpPort?: number;
  /** Local port for cluster port 443. @default 8443 */
  readonly httpsPort?: number;
  /** Address every frontend binds. @default '127.0.0.1' */
  readonly bind?: string;
  /** Gateway listener port → local port (entrypoints with `portMapped`). @default 80→8080, 443→8443, others unchanged */
  readonly portMap?: Map<number, number>;
  /** Served to TLS clients whose SNI matches no certificate. */
  readonly defaultCertificate: PemBundle;
  /** Certificates for {@link CertificateModel}s without PEM, by certificate id. */
  readonly devCertificates?: Map<string, PemBundle>;
  /** Makes abstract socket names unique between runs that share ports (tests). */
  readonly socketTag?: string;
}

/** Relative file name → content and file mode. */
export type RenderedFiles = Map<string, { content: string; mode: number }>;

/** A model the renderer cannot express (yet), naming the object and field. */
export class TranslateError extends Error {
  constructor(message: string, readonly source?: ModelSource) {
    super(source ? `${describeSource(source)}: ${message}` : message);
    this.name = 'TranslateError';
  }
}

export function describeSource(s: ModelSource): string {
  const where = s.file ? `${s.file}${s.line ? `:${s.line}` : ''}: ` : '';
  return `${where}${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}: ${s.field}`;
}

/** Marker in the exact map: "no rule of this host matches; try the wildcard host". */
const NEXT = '_next';
const CONFIG_FILE = 'haproxy.cfg';
const DEFAULT_CERT_FILE = 'certs/default.pem';
const ERRORFILE_CODES = new Set([200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504]);
const INLINE_ALLOWLIST_MAX = 61;

interface Ctx {
  readonly opts: Required<Pick<RenderOptions, 'httpPort' | 'httpsPort' | 'bind'>> & RenderOptions;
  readonly files: RenderedFiles;
  readonly backends: Map<string, Backend>;
  readonly modelBackends: Map<string, BackendModel>;
  /** Copies of model backends with a rule's own header changes: name → base backend id and extra lines. */
  readonly derived: Map<string, { base: string; lines: string[] }>;
  /** Status codes answered by an internal responder for a share of traffic (invalid Gateway backendRefs). */
  readonly statusShares: Set<number>;
  /** Makes internal socket names unique per run. */
  socketBase: string;
  /** An HTTPS entrypoint hands conditional requests over a plain local hop: X-Forwarded-Proto must also read `txn.tls`. */
  tlsBehindHop: boolean;
}

function addFile(ctx: Ctx, name: string, content: string, mode: number): void {
  if (ctx.files.has(name)) {
    throw new TranslateError(`two outputs would be written to the same file ${name}`);
  }
  ctx.files.set(name, { content, mode });
}

/**
 * The local port of a cluster port. Gateway listener entrypoints
 * (`portMapped`) use `portMap` (default 80 → 8080, 443 → 8443, others
 * unchanged); Route and Ingress entrypoints use `httpPort`/`httpsPort` for 80/443.
 */
function localPort(ctx: Ctx, port: number, portMapped = false): number {
  if (portMapped) {
    return ctx.opts.portMap?.get(port) ?? (port === 80 ? 8080 : port === 443 ? 8443 : port);
  }
  if (port === 80) {
    return ctx.opts.httpPort;
  }
  if (port === 443) {
    return ctx.opts.httpsPort;
  }
  return ctx.opts.portMap?.get(port) ?? port;
}

function pemBundle(b: PemBundle): string {
  const parts = [b.keyPem, b.certificatePem, b.caPem].filter((p): p is string => !!p && p.trim() !== '');
  for (const p of parts) {
    if (p.includes('\0')) {
      throw new ConfigInjectionError('PEM material contains NUL');
    }
  }
  return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
}

// ---------------------------------------------------------------------------
// Path matching (the model's semantics, used to compute exact overrides)

function isRootPrefix(value: string): boolean {
  return /^\/*$/.test(value);
}

/** Does `match` accept request path `path`? Mirrors the routing model's definition. */
export function pathMatches(match: PathMatch, path: string): boolean {
  if (match.type === 'Exact') {
    return match.value === path;
  }
  if (match.type === 'Prefix') {
    const v = match.value;
    if (isRootPrefix(v)) {
      return true;
    }
    if (v.endsWith('/')) {
      return path.startsWith(v);
    }
    return path === v || path.startsWith(`${v}/`);
  }
  if (match.type === 'StringPrefix') {
    return path.startsWith(match.value);
  }
  return false;
}

// ---------------------------------------------------------------------------
// Actions → backend names

function statusBackend(ctx: Ctx, code: number): string {
  integer(code, 'status code', 200, 599);
  const name = `cdk8s_status_${code}`;
  if (!ctx.backends.has(name)) {
    ctx.backends.set(name, {
      name,
      mode: 'http',
      lines: [`http-request return status ${code}${ERRORFILE_CODES.has(code) ? ' default-errorfiles' : ''}`],
      servers: [],
    });
  }
  return name;
}

function redirectHttpsBackend(ctx: Ctx, code: number): string {
  integer(code, 'redirect code', 300, 399);
  const httpsPort = localPort(ctx, 443);
  const name = `cdk8s_redirect_https_${code}`;
  if (!ctx.backends.has(name)) {
    const port = httpsPort === 443 ? '' : `:${httpsPort}`;
    ctx.backends.set(name, {
      name,
      mode: 'http',
      lines: [`http-request redirect location https://%[var(txn.host)]${port}%[url] code ${code}`],
      servers: [],
    });
  }
  return name;
}

/**
 * A redirect (Gateway API RequestRedirect). Unset parts keep the request's:
 * scheme of the entrypoint, Host without port, path and query. An unset port is
 * the local port of 80/443 when the scheme is set, else the local port of the
 * entrypoint (the spec's "listener port", as served locally); an explicit port
 * is used as written. The port is left out when it is the scheme's default.
 * ReplacePrefixMatch rewrites the path first, then redirects with `prefix`
 * (the rewritten path and the query follow).
 */
function redirectBackend(ctx: Ctx, ep: Entrypoint, rule: HttpRule, action: Extract<RuleAction, { type: 'redirect' }>): string {
  const source = rule.source;
  integer(action.code, 'redirect code', 300, 399);
  const scheme = action.scheme ?? (ep.protocol === 'HTTPS' ? 'https' : 'http');
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) {
    throw new TranslateError(`redirect scheme is not valid: ${show(scheme)}`, source);
  }
  const host = action.hostname !== undefined ? hostKey(action.hostname) : '%[var(txn.host)]';
  const portNumber = action.port ?? (action.scheme !== undefined ? localPort(ctx, scheme === 'https' ? 443 : 80, ep.portMapped) : localPort(ctx, ep.port, ep.portMapped));
  integer(portNumber, 'redirect port', 1, 65535);
  const wellKnown = (scheme === 'http' && portNumber === 80) || (scheme === 'https' && portNumber === 443);
  const port = wellKnown ? '' : `:${portNumber}`;
  const lines: string[] = [];
  let key: string;
  if (action.path?.type === 'ReplacePrefixMatch') {
    try {
      lines.push(...prefixRewriteLines(rule.path, action.path.value));
    } catch (e) {
      throw new TranslateError((e as Error).message, source);
    }
    lines.push(`http-request redirect prefix ${scheme}://${host}${port} code ${action.code}`);
    key = lines.join('\n');
  } else {
    let path = '%[url]';
    if (action.path) {
      const v = action.path.value;
      if (!/^\/[^\s\x00-\x1f\x7f'"\\%#?]*$/.test(v) && v !== '/') {
        throw new TranslateError(`redirect path must be an absolute path without blanks, control characters, quotes, '%', '#' or '?': ${show(v)}`, source);
      }
      path = v;
    }
    key = `${scheme}://${host}${port}${path}`;
    lines.push(`http-request redirect location ${key} code ${action.code}`);
  }
  const name = `cdk8s_redirect_${action.code}_h${md5Hex(key).slice(0, 10)}`;
  if (!ctx.backends.has(name)) {
    ctx.backends.set(name, { name, mode: 'http', lines, servers: [] });
  }
  return name;
}

function actionBackend(ctx: Ctx, ep: Entrypoint, rule: HttpRule): string {
  const a = rule.action;
  switch (a.type) {
    case 'forward': {
      const be = ctx.modelBackends.get(a.backend);
      if (!be) {
        throw new TranslateError(`rule forwards to backend ${show(a.backend)}, which is not in the model`, rule.source);
      }
      if (be.mode !== 'http') {
        throw new TranslateError(`HTTP rule forwards to TCP backend ${show(a.backend)}`, rule.source);
      }
      const extra = [
        ...headerLines('http-request', rule.requestHeaders, rule.source),
        ...headerLines('http-response', rule.responseHeaders, rule.source),
      ];
      try {
        extra.push(...rewriteLines(rule));
        if (rule.cors) extra.push(...corsLines(rule.cors));
      } catch (e) {
        throw new TranslateError((e as Error).message, rule.source);
      }
      if (extra.length === 0) {
        return safeName(a.backend);
      }
      // The rule changes the request or response itself: a copy of the backend carries those lines.
      const name = `${safeName(a.backend)}_h${md5Hex(extra.join('\n')).slice(0, 10)}`;
      ctx.derived.set(name, { base: a.backend, lines: extra });
      return name;
    }
    case 'redirect-https':
      return redirectHttpsBackend(ctx, a.code);
    case 'redirect':
      return redirectBackend(ctx, ep, rule, a);
    case 'status':
      return statusBackend(ctx, a.code);
  }
}

// ---------------------------------------------------------------------------
// HTTP rules → map entries and conditional groups
//
// Every rule gets a key: `host + path` in the exact map for Exact paths,
// `host + path + "/"` in the prefix map for Prefix paths, and the host's root
// prefix key `host + "/"` for RegularExpression paths (a regex ranks below every
// Prefix of its host). Hosts are levels tried in order: the exact host, then
// the wildcard host(s), then rules without host.
//
// A key whose best rule has no extra condition maps straight to a backend. A
// key whose best rule has conditions (method, headers, query parameters,
// cookies, path regex) maps to a *group* `~<shard>_<n>` instead. The main
// frontend never evaluates a condition: when the lookups end on a group it
// hands the request over a local abstract socket (PROXY protocol v2, so the
// client address, port and TLS origin survive) to the groups frontend of that
// shard. There the same lookups run again, and the group lines of that level
// follow them; each line is guarded by `{ var(txn.be) -m str ~s_n }` first, so
// a request pays one string comparison for every other group of its shard and
// evaluates only its own group's conditions. A shard holds at most
// GROUPS_PER_SHARD exact-host groups (all groups of a host together) plus the
// wildcard and any-host groups. The group tries its rules in precedence order
// down to the first unconditional one; when none holds it falls back along a
// chain computed here, at render time: to the next shorter prefix key of the
// same host that would also match (its backend or its own group, whose lines
// come later), or, at the end of the chain, to the next host level (the
// variable is unset and the next lookups run).
// Precedence inside a key is the order of `ep.httpRules` (model/precedence.ts).

interface Candidate {
  readonly rule: HttpRule;
  readonly value: string;
  /** Inline ACLs; empty = unconditional. */
  readonly conds: string[];
  /** Position in `ep.httpRules` (precedence). */
  readonly seq: number;
}

/** One host level: its exact-map and prefix-map nodes. */
interface Level {
  /** Lookup order id: `0` exact host, `1` one-label wildcard, `2:<n>` suffix wildcard of n labels, `3` any host. */
  readonly id: string;
  readonly keyHost: string;
  /** exact key → candidates (precedence order) */
  readonly exact: Map<string, Candidate[]>;
  /** prefix key → candidates */
  readonly prefix: Map<string, Candidate[]>;
  /** Override entries: exact keys for Route paths ending in `/` (see below). */
  readonly overrides: Map<string, Candidate[]>;
}

interface Group {
  readonly name: string;
  readonly level: string;
  readonly lines: string[];
  /** Shard of an exact-host group; undefined (every shard) for wildcard and any-host groups. */
  readonly shard?: number;
}

/** Exact-host groups per groups frontend: bounds the guard lines a conditional request passes. */
const GROUPS_PER_SHARD = 50;

interface MapEntries {
  readonly exact: Map<string, string>;
  readonly prefix: Map<string, string>;
  wildcard: boolean;
  /** Label counts of suffix-wildcard domains, descending. */
  suffixLevels: number[];
  any: boolean;
  readonly groups: Group[];
}

function unsupported(rule: HttpRule): string | undefined {
  if (rule.action.type !== 'forward' && ((rule.requestHeaders?.length ?? 0) + (rule.responseHeaders?.length ?? 0)) > 0) {
    return 'header modifiers on redirect or status rules';
  }
  if (rule.action.type !== 'forward' && (rule.rewrite || rule.cors)) {
    return 'URL rewrites and CORS on redirect or status rules';
  }
  return undefined;
}

function wildcardDomain(host: string): string {
  return host.startsWith('*.') ? host.slice(2) : host.replace(/^[^.]*\./, '');
}

function ruleKeyHost(rule: HttpRule): string {
  if (rule.hostMatch === HostMatchKind.EXACT) {
    return hostKey(rule.host);
  }
  if (rule.hostMatch === HostMatchKind.ANY) {
    // Keys of host-less rules are the bare path: they start with `/`, hosts never do.
    return '';
  }
  // WILDCARD_ONE_LABEL and WILDCARD_SUFFIX: `*.d` (or a Route-style `label.d`): key `*.d`.
  return `*.${hostKey(wildcardDomain(rule.host))}`;
}

function levelId(rule: HttpRule, keyHost: string): string {
  switch (rule.hostMatch) {
    case HostMatchKind.EXACT: return '0';
    case HostMatchKind.WILDCARD_ONE_LABEL: return '1';
    case HostMatchKind.WILDCARD_SUFFIX: return `2:${keyHost.split('.').length - 1}`;
    default: return '3';
  }
}

function pushTo(map: Map<string, Candidate[]>, key: string, c: Candidate): void {
  const list = map.get(key);
  if (list) list.push(c);
  else map.set(key, [c]);
}

function buildMaps(ctx: Ctx, ep: Entrypoint): MapEntries {
  const levels = new Map<string, Level>();
  const entries: MapEntries = { exact: new Map(), prefix: new Map(), wildcard: false, suffixLevels: [], any: false, groups: [] };
  let oneLabel: HttpRule | undefined;
  let suffix: HttpRule | undefined;
  for (const [seq, rule] of ep.httpRules.entries()) {
    const why = unsupported(rule);
    if (why) {
      throw new TranslateError(`${why} are not supported by the HAProxy renderer yet`, rule.source);
    }
    let keyHost: string;
    let conds: string[];
    try {
      keyHost = ruleKeyHost(rule);
      conds = ruleConditions(rule);
    } catch (e) {
      throw new TranslateError((e as Error).message, rule.source);
    }
    if (rule.hostMatch === HostMatchKind.WILDCARD_ONE_LABEL) oneLabel = rule;
    if (rule.hostMatch === HostMatchKind.WILDCARD_SUFFIX) suffix = rule;
    if (oneLabel && suffix) {
      throw new TranslateError('one entrypoint mixes one-label wildcard hosts (Route, Ingress) with suffix wildcard hosts (Gateway API); '
        + `serve them on different ports (${describeSource(oneLabel.source)})`, suffix.source);
    }
    const value = actionBackend(ctx, ep, rule);
    const id = levelId(rule, keyHost);
    let level = levels.get(keyHost);
    if (!level) {
      level = { id, keyHost, exact: new Map(), prefix: new Map(), overrides: new Map() };
      levels.set(keyHost, level);
    }
    const c: Candidate = { rule, value, conds, seq };
    const v = rule.path.value;
    try {
      if (rule.path.type === 'Exact') {
        pushTo(level.exact, mapKey(keyHost + v), c);
      } else if (rule.path.type === 'RegularExpression' || isRootPrefix(v)) {
        pushTo(level.prefix, mapKey(`${keyHost}/`), c);
      } else if (rule.path.type === 'StringPrefix' && !v.endsWith('/')) {
        // ingress-nginx plain prefix: `/app` also matches `/application`.
        pushTo(level.prefix, mapKey(keyHost + v), c);
      } else if (v.endsWith('/')) {
        pushTo(level.prefix, mapKey(keyHost + v), c);
      } else {
        pushTo(level.prefix, mapKey(`${keyHost}${v}/`), c);
      }
    } catch (e) {
      if (e instanceof ConfigInjectionError) {
        throw new TranslateError(e.message, rule.source);
      }
      throw e;
    }
  }
  // A Prefix path ending in `/` must not match the path without that slash, which
  // its prefix-map key would: pin that path to whatever else would serve it.
  for (const level of levels.values()) {
    const all = [...level.exact.values(), ...level.prefix.values()].flat();
    for (const { rule } of all) {
      const v = rule.path.value;
      if ((rule.path.type !== 'Prefix' && rule.path.type !== 'StringPrefix') || isRootPrefix(v) || !v.endsWith('/')) {
        continue;
      }
      const bare = v.replace(/\/+$/, '');
      const key = mapKey(level.keyHost + bare);
      if (level.exact.has(key) || level.overrides.has(key)) {
        continue;
      }
      level.overrides.set(key, all.filter((c) => pathMatches(c.rule.path, bare)).sort((a, b) => a.seq - b.seq));
    }
  }

  let groupCount = 0;
  let shard = 0;
  let inShard = 0;
  const settle = (level: Level, candidates: Candidate[], fallback: string): string => {
    if (candidates.length === 0) return fallback;
    const firstPlain = candidates.findIndex((c) => c.conds.length === 0);
    if (firstPlain === 0) return candidates[0].value;
    const tried = firstPlain < 0 ? candidates : candidates.slice(0, firstPlain);
    const end = firstPlain < 0 ? fallback : candidates[firstPlain].value;
    const exactHost = level.id === '0';
    if (exactHost) inShard++;
    // `~<shard>_<n>`: the main frontend picks the groups frontend from the shard number.
    const name = `~${exactHost ? shard : 0}_${++groupCount}`;
    const guard = `{ var(txn.be) -m str ${name} }`;
    const lines = tried.map((c) => `set-var(txn.be) str(${c.value}) if ${guard} ${c.conds.join(' ')}`);
    lines.push(end === NEXT ? `unset-var(txn.be) if ${guard}` : `set-var(txn.be) str(${end}) if ${guard}`);
    entries.groups.push({ name, level: level.id, lines, shard: exactHost ? shard : undefined });
    return name;
  };

  for (const level of levels.values()) {
    // All groups of one exact host stay in one shard (their fallbacks chain inside the host).
    if (level.id === '0' && inShard >= GROUPS_PER_SHARD) {
      shard++;
      inShard = 0;
    }
    if (level.id === '1') entries.wildcard = true;
    if (level.id === '3') entries.any = true;
    if (level.id.startsWith('2:')) {
      const n = Number(level.id.slice(2));
      if (!entries.suffixLevels.includes(n)) entries.suffixLevels.push(n);
    }
    // Prefix keys, shortest first, so each key's fallback (a shorter key) is settled already.
    const prefixKeys = [...level.prefix.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    const settled = new Map<string, string>();
    const longestPrefix = (s: string, proper: boolean): string => {
      let best: string | undefined;
      for (const k of prefixKeys) {
        if (s.startsWith(k) && (!proper || k.length < s.length) && (!best || k.length > best.length)) best = k;
      }
      return best === undefined ? NEXT : settled.get(best)!;
    };
    const groupsBefore = entries.groups.length;
    for (const k of prefixKeys) {
      settled.set(k, settle(level, level.prefix.get(k)!, longestPrefix(k, true)));
    }
    const prefixGroups = entries.groups.splice(groupsBefore);
    for (const [k, candidates] of [...level.exact, ...level.overrides]) {
      entries.exact.set(k, settle(level, candidates, candidates === level.overrides.get(k) ? NEXT : longestPrefix(`${k}/`, false)));
    }
    // Groups fall back only to longer-lived groups: exact keys first, then prefix keys longest first.
    entries.groups.push(...prefixGroups.reverse());
    for (const k of prefixKeys) entries.prefix.set(k, settled.get(k)!);
  }
  entries.suffixLevels.sort((a, b) => b - a);
  return entries;
}

function setFirst(map: Map<string, string>, key: string, value: string): void {
  if (!map.has(key)) {
    map.set(key, value);
  }
}

function mapFile(entries: Map<string, string>): string {
  return [...entries.keys()].sort().map((k) => `${k} ${entries.get(k)}\n`).join('');
}

/**
 * Adds hygiene and map dispatch to an HTTP frontend. When the entrypoint has
 * conditional groups, returns frontends `<fe>_groups_<shard>` on abstract
 * sockets: the main frontend only does the map lookups and hands a request whose
 * key names a group `~<shard>_<n>` to that shard's frontend (PROXY protocol v2
 * keeps the client address); there the same lookups run again followed by the
 * group lines of that shard (at most GROUPS_PER_SHARD exact-host groups, all of
 * a host together) and of the wildcard and any-host levels. Requests that never
 * touch a conditional key pay nothing for conditional rules anywhere in the
 * table; those that do pay one local hop plus a bounded number of guard lines.
 */
function httpDispatch(ctx: Ctx, fe: Frontend, ep: Entrypoint, epName: string, tls: boolean): Frontend[] {
  const maps = buildMaps(ctx, ep);
  fe.httpRequest.push(
    'deny if { hdr_len(content-length) 0 }',
    'del-header Proxy',
    'set-header Host %[req.hdr(Host),lower]',
    'set-var(txn.host) req.hdr(host),field(1,:),regsub([.]$,)',
    'set-var(txn.path) path',
  );
  const exactFile = `${epName}.exact.map`;
  const prefixFile = `${epName}.prefix.map`;
  const hasExact = maps.exact.size > 0;
  const hasPrefix = maps.prefix.size > 0;
  if (hasExact) {
    addFile(ctx, exactFile, mapFile(maps.exact), 0o644);
  }
  if (hasPrefix) {
    addFile(ctx, prefixFile, mapFile(maps.prefix), 0o644);
  }
  const notFound = '!{ var(txn.be) -m found }';
  const dispatch = (target: Frontend, withGroups: (g: Group) => boolean): void => {
    const lookups = (first: boolean, level: (id: string) => boolean, extra = ''): void => {
      const cond = first ? '' : ` if ${notFound}${extra}`;
      if (hasExact) {
        target.httpRequest.push(`set-var(txn.be) var(txn.xkey),map_str(${exactFile})${cond}`);
      }
      if (hasPrefix) {
        target.httpRequest.push(`set-var(txn.be) var(txn.pkey),map_beg(${prefixFile})${hasExact || !first ? ` if ${notFound}${extra}` : ''}`);
      }
      if (hasExact) {
        target.httpRequest.push(`unset-var(txn.be) if { var(txn.be) -m str ${NEXT} }`);
      }
      for (const g of maps.groups.filter((x) => level(x.level) && withGroups(x))) {
        target.httpRequest.push(...g.lines);
      }
    };
    target.httpRequest.push(
      'set-var(txn.xkey) var(txn.host),concat(,txn.path,)',
      'set-var(txn.pkey) var(txn.host),concat(,txn.path,/)',
    );
    lookups(true, (id) => id === '0');
    if (maps.wildcard) {
      target.httpRequest.push(
        `set-var(txn.whost) var(txn.host),regsub(^[^.]*,*) if ${notFound}`,
        `set-var(txn.xkey) var(txn.whost),concat(,txn.path,) if ${notFound}`,
        `set-var(txn.pkey) var(txn.whost),concat(,txn.path,/) if ${notFound}`,
      );
      lookups(false, (id) => id === '1');
    }
    for (const n of maps.suffixLevels) {
      // `*.d` with n labels in d matches hosts with more than n labels ending in d: try the last n labels.
      const deeper = ` { var(txn.host),field(-${n + 1},.) -m len 1: }`;
      target.httpRequest.push(
        `set-var(txn.whost) var(txn.host),field(-1,.,${n}) if ${notFound}${deeper}`,
        `set-var(txn.xkey) str(*.),concat(,txn.whost,),concat(,txn.path,) if ${notFound}${deeper}`,
        `set-var(txn.pkey) str(*.),concat(,txn.whost,),concat(,txn.path,/) if ${notFound}${deeper}`,
      );
      lookups(false, (id) => id === `2:${n}`, deeper);
    }
    if (maps.any) {
      target.httpRequest.push(
        `set-var(txn.xkey) var(txn.path) if ${notFound}`,
        `set-var(txn.pkey) var(txn.path),concat(,,/) if ${notFound}`,
      );
      lookups(false, (id) => id === '3');
    }
  };
  const extra: Frontend[] = [];
  if (hasExact || hasPrefix) {
    dispatch(fe, () => false);
    if (maps.groups.length > 0) {
      const port = localPort(ctx, ep.port, ep.portMapped);
      const tag = ctx.opts.socketTag ? `-${safeName(ctx.opts.socketTag)}` : '';
      const timeout = timerMs(Math.max(30_000, ...[...ctx.modelBackends.values()].map((b) => b.policies.timeoutServerMs ?? 0)), 'timeout server');
      const shards = [...new Set(maps.groups.map((g) => g.shard ?? 0))].sort((a, b) => a - b);
      for (const shard of shards) {
        const socket = `abns@cdk8s-routing-groups-${port}${tag}-${epName}-${shard}`;
        const hop = `cdk8s_groups_${epName}_${shard}`;
        ctx.backends.set(hop, {
          name: hop,
          mode: 'http',
          // The real server timeouts apply behind the hop; it must not cut them short.
          lines: [`timeout server ${timeout}`],
          servers: [{ name: 'groups', address: socket, options: ['send-proxy-v2'] }],
        });
        const groups = newFrontend(`${fe.name}_groups_${shard}`, 'http');
        groups.binds.push({ address: socket, options: ['accept-proxy'] });
        groups.httpRequest.push(
          'set-var(txn.host) req.hdr(host),field(1,:),regsub([.]$,)',
          'set-var(txn.path) path',
        );
        if (tls) {
          // The client's TLS ended before the hop: backends read this instead of ssl_fc.
          groups.httpRequest.push('set-var(txn.tls) bool(true)');
          ctx.tlsBehindHop = true;
        }
        dispatch(groups, (g) => g.shard === undefined || g.shard === shard);
        groups.useBackends.push({ backend: '%[var(txn.be)]', condition: '{ var(txn.be) -m found }' });
        groups.defaultBackend = statusBackend(ctx, ep.noMatchStatus);
        extra.push(groups);
      }
      fe.useBackends.push({ backend: `cdk8s_groups_${epName}_%[var(txn.be),field(1,_),regsub(^~,)]`, condition: '{ var(txn.be) -m beg ~ }' });
    }
    fe.useBackends.push({ backend: '%[var(txn.be)]', condition: '{ var(txn.be) -m found }' });
  }
  fe.defaultBackend = statusBackend(ctx, ep.noMatchStatus);
  return extra;
}

/**
 * Listener isolation across SNI and Host on an HTTPS port with several
 * listeners: the listener of the SNI and the listener of the Host header are
 * looked up the same way (exact name, then `*.d` for the last n labels, else
 * the listener without hostname); when both are known and differ the request
 * gets 421 Misdirected Request, as the Gateway API asks.
 */
function misdirected(ctx: Ctx, fe: Frontend, ep: Entrypoint, epName: string): void {
  const names = ep.listenerHostnames;
  if (!names || names.length < 2) {
    return;
  }
  const exact = new Map<string, string>();
  const suffix = new Map<string, string>();
  let any = false;
  names.forEach((h, i) => {
    if (h === '') any = true;
    else if (h.startsWith('*.')) setFirst(suffix, hostKey(h.slice(2)), `l${i}`);
    else setFirst(exact, hostKey(h), `l${i}`);
  });
  const exactFile = `${epName}.listeners.map`;
  const suffixFile = `${epName}.listeners-suffix.map`;
  if (exact.size > 0) addFile(ctx, exactFile, mapFile(exact), 0o644);
  if (suffix.size > 0) addFile(ctx, suffixFile, mapFile(suffix), 0o644);
  const counts = [...new Set([...suffix.keys()].map((d) => d.split('.').length))].sort((a, b) => b - a);
  const lookup = (v: string, name: string): void => {
    if (exact.size > 0) fe.httpRequest.push(`set-var(txn.${v}) ${name},lower,map_str(${exactFile})`);
    for (const n of counts) {
      fe.httpRequest.push(`set-var(txn.${v}) ${name},lower,field(-1,.,${n}),map_str(${suffixFile}) if !{ var(txn.${v}) -m found } { ${name},field(-${n + 1},.) -m len 1: }`);
    }
    if (any) fe.httpRequest.push(`set-var(txn.${v}) str(any) if !{ var(txn.${v}) -m found }`);
  };
  lookup('snil', 'ssl_fc_sni');
  lookup('hostl', 'var(txn.host)');
  fe.httpRequest.push('return status 421 if { var(txn.snil) -m found } { var(txn.hostl) -m found } !{ var(txn.snil),strcmp(txn.hostl) eq 0 }');
}

// ---------------------------------------------------------------------------
// SNI dispatch

/**
 * SNI dispatch for passthrough: exact names in `<ep>.sni.map` (plus one-label
 * wildcards `*.d` there, looked up with the first label replaced by `*`);
 * suffix wildcards (Gateway API `*.d`, one or more labels) in
 * `<ep>.sni-suffix.map` keyed by `d`, looked up with the last n labels of the
 * SNI for each label count n in use, longest first. A rule without host
 * (TLSRoute without hostnames on a listener without hostname) becomes the
 * frontend's default backend; the returned name says so.
 */
function sniDispatch(ctx: Ctx, fe: Frontend, rules: SniRule[], epName: string): string | undefined {
  fe.tcpRequest.push('inspect-delay 5s', 'content accept if { req_ssl_hello_type 1 }');
  if (rules.length === 0) {
    return undefined;
  }
  const entries = new Map<string, string>();
  const suffixEntries = new Map<string, string>();
  let wildcard = false;
  let any: string | undefined;
  for (const r of rules) {
    const be = ctx.modelBackends.get(r.backend);
    if (!be) {
      throw new TranslateError(`passthrough forwards to backend ${show(r.backend)}, which is not in the model`, r.source);
    }
    if (be.mode !== 'tcp') {
      throw new TranslateError(`passthrough forwards to HTTP backend ${show(r.backend)}`, r.source);
    }
    try {
      switch (r.hostMatch) {
        case HostMatchKind.EXACT:
          setFirst(entries, hostKey(r.host), safeName(r.backend));
          break;
        case HostMatchKind.WILDCARD_ONE_LABEL:
          wildcard = true;
          setFirst(entries, `*.${hostKey(wildcardDomain(r.host))}`, safeName(r.backend));
          break;
        case HostMatchKind.WILDCARD_SUFFIX:
          setFirst(suffixEntries, hostKey(wildcardDomain(r.host)), safeName(r.backend));
          break;
        default:
          any = any ?? safeName(r.backend);
      }
    } catch (e) {
      throw new TranslateError((e as Error).message, r.source);
    }
  }
  if (entries.size > 0) {
    const file = `${epName}.sni.map`;
    addFile(ctx, file, mapFile(entries), 0o644);
    const exact = `req.ssl_sni,lower,map_str(${file})`;
    fe.acls.push({ name: 'sni_exact', criterion: `${exact} -m found` });
    fe.useBackends.push({ backend: `%[${exact}]`, condition: 'sni_exact' });
    if (wildcard) {
      const wild = `req.ssl_sni,lower,regsub(^[^.]*,*),map_str(${file})`;
      fe.acls.push({ name: 'sni_wildcard', criterion: `${wild} -m found` });
      fe.useBackends.push({ backend: `%[${wild}]`, condition: 'sni_wildcard' });
    }
  }
  if (suffixEntries.size > 0) {
    const file = `${epName}.sni-suffix.map`;
    addFile(ctx, file, mapFile(suffixEntries), 0o644);
    const counts = [...new Set([...suffixEntries.keys()].map((d) => d.split('.').length))].sort((a, b) => b - a);
    for (const n of counts) {
      const lookup = `req.ssl_sni,lower,field(-1,.,${n}),map_str(${file})`;
      fe.acls.push({ name: `sni_suffix_${n}`, criterion: `${lookup} -m found` });
      fe.acls.push({ name: `sni_deeper_${n}`, criterion: `req.ssl_sni,field(-${n + 1},.) -m len 1:` });
      fe.useBackends.push({ backend: `%[${lookup}]`, condition: `sni_deeper_${n} sni_suffix_${n}` });
    }
  }
  return any;
}

// ---------------------------------------------------------------------------
// Entrypoints → frontends

function certificateFiles(ctx: Ctx, ep: Entrypoint, epName: string): string | undefined {
  const lines: string[] = [];
  for (const cert of ep.certificates) {
    let pem: PemBundle | undefined;
    if (cert.certificatePem && cert.keyPem) {
      pem = { certificatePem: cert.certificatePem, keyPem: cert.keyPem, caPem: cert.caPem };
    } else {
      pem = ctx.opts.devCertificates?.get(cert.id);
      if (!pem) {
        throw new TranslateError(`certificate ${show(cert.id)} has no PEM and no development certificate was provided`, cert.source);
      }
    }
    const file = `certs/${safeName(cert.id)}.pem`;
    if (!ctx.files.has(file)) {
      addFile(ctx, file, pemBundle(pem), 0o600);
    }
    let hosts: string[];
    try {
      hosts = cert.hosts.map(hostKey);
    } catch (e) {
      throw new TranslateError((e as Error).message, cert.source);
    }
    lines.push([file, ...hosts].join(' '));
  }
  if (lines.length === 0) {
    return undefined;
  }
  const name = `${epName}.crt-list`;
  addFile(ctx, name, lines.map((l) => `${l}\n`).join(''), 0o644);
  return name;
}

function entrypointFrontends(ctx: Ctx, ep: Entrypoint): Frontend[] {
  const epName = safeName(ep.id);
  const port = localPort(ctx, ep.port, ep.portMapped);
  integer(port, `local port of entrypoint ${ep.id}`, 1, 65535);
  const bind = { address: `${ctx.opts.bind}:${port}`, options: [] };
  switch (ep.protocol) {
    case 'HTTP': {
      const fe = newFrontend(`fe_${epName}`, 'http');
      fe.binds.push(bind);
      return [fe, ...httpDispatch(ctx, fe, ep, epName, false)];
    }
    case 'HTTPS': {
      const fe = newFrontend(`fe_${epName}`, 'tcp');
      fe.binds.push(bind);
      sniDispatch(ctx, fe, ep.passthrough, epName);
      const tag = ctx.opts.socketTag ? `-${safeName(ctx.opts.socketTag)}` : '';
      const socket = `abns@cdk8s-routing-${port}${tag}-${epName}`;
      const termBackend = `cdk8s_terminate_${epName}`;
      ctx.backends.set(termBackend, {
        name: termBackend,
        mode: 'tcp',
        lines: [],
        servers: [{ name: 'terminate', address: socket, options: ['send-proxy-v2'] }],
      });
      fe.defaultBackend = termBackend;
      const term = newFrontend(`fe_${epName}_terminate`, 'http');
      const crtList = certificateFiles(ctx, ep, epName);
      term.binds.push({
        address: socket,
        // Gateway HTTPS listeners offer HTTP/2 (gRPC needs it); Route/Ingress entrypoints keep the router's HTTP/1.1.
        options: ['accept-proxy', 'ssl', 'crt', DEFAULT_CERT_FILE, ...(crtList ? ['crt-list', crtList] : []), ...(ep.portMapped ? ['alpn', 'h2,http/1.1'] : [])],
      });
      const groups = httpDispatch(ctx, term, ep, `${epName}`, true);
      misdirected(ctx, term, ep, epName);
      return [fe, term, ...groups];
    }
    case 'TLS': {
      const fe = newFrontend(`fe_${epName}`, 'tcp');
      fe.binds.push(bind);
      fe.defaultBackend = sniDispatch(ctx, fe, ep.passthrough, epName);
      return [fe];
    }
    case 'TCP': {
      const fe = newFrontend(`fe_${epName}`, 'tcp');
      fe.binds.push(bind);
      if (ep.tcpBackend) {
        if (!ctx.modelBackends.has(ep.tcpBackend)) {
          throw new TranslateError(`entrypoint ${ep.id} forwards to backend ${show(ep.tcpBackend)}, which is not in the model`);
        }
        fe.defaultBackend = safeName(ep.tcpBackend);
      }
      return [fe];
    }
  }
}

// ---------------------------------------------------------------------------
// Backends

function headerLines(phase: 'http-request' | 'http-response', actions: HeaderAction[] | undefined, source: ModelSource): string[] {
  return (actions ?? []).map((a) => {
    try {
      const name = headerName(a.name);
      if (a.type === 'delete') {
        return `${phase} del-header ${name}`;
      }
      if (a.value === undefined) {
        throw new ConfigInjectionError(`header ${show(a.name)}: ${a.type} needs a value`);
      }
      const value = a.dynamic ? dynamicHeaderValue(a.value) : literalHeaderValue(a.value);
      return `${phase} ${a.type === 'set' ? 'set-header' : 'add-header'} ${name} ${value}`;
    } catch (e) {
      throw new TranslateError((e as Error).message, source);
    }
  });
}

function forwardedLines(policy: 'append' | 'replace' | 'if-none' | 'never', tlsVar = false): { option?: string; lines: string[] } {
  const headers = (verb: string, onlyIfAbsent: boolean): string[] => {
    const absent = (h: string): string => (onlyIfAbsent ? ` !{ req.hdr(${h}) -m found }` : '');
    const ifAbsent = (h: string): string => (onlyIfAbsent ? ` if${absent(h)}` : '');
    // Behind the conditional-group hop of an HTTPS entrypoint, `txn.tls` says the client used TLS.
    const viaHop = tlsVar ? ` || { var(txn.tls) -m bool }${absent('X-Forwarded-Proto')}` : '';
    const notViaHop = tlsVar ? ' !{ var(txn.tls) -m bool }' : '';
    return [
      `http-request ${verb} X-Forwarded-Host %[req.hdr(host)]${ifAbsent('X-Forwarded-Host')}`,
      `http-request ${verb} X-Forwarded-Port %[dst_port]${ifAbsent('X-Forwarded-Port')}`,
      `http-request ${verb} X-Forwarded-Proto http if !{ ssl_fc }${notViaHop}${absent('X-Forwarded-Proto')}`,
      `http-request ${verb} X-Forwarded-Proto https if { ssl_fc }${absent('X-Forwarded-Proto')}${viaHop}`,
      `http-request ${verb} Forwarded for=%[src];host=%[req.hdr(host)];proto=%[req.hdr(X-Forwarded-Proto)]${ifAbsent('Forwarded')}`,
    ];
  };
  switch (policy) {
    case 'append':
      return { option: 'option forwardfor', lines: headers('add-header', false) };
    case 'replace':
      return { lines: ['http-request set-header X-Forwarded-For %[src]', ...headers('set-header', false)] };
    case 'if-none':
      return { option: 'option forwardfor if-none', lines: headers('set-header', true) };
    case 'never':
      return { lines: [] };
  }
}

function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function statusSocket(ctx: Ctx, code: number): string {
  return `abns@cdk8s-routing-status-${code}-${ctx.socketBase}`;
}

function translateBackend(ctx: Ctx, be: BackendModel): Backend {
  const name = safeName(be.id);
  const p = be.policies;
  const http = be.mode === 'http';
  const lines: string[] = [];
  const fail = (e: unknown): never => {
    throw new TranslateError((e as Error).message, be.source);
  };
  try {
    let forwarded: { option?: string; lines: string[] } = { lines: [] };
    if (http) {
      lines.push('option redispatch');
      forwarded = forwardedLines(p.forwardedHeaders ?? 'append', ctx.tlsBehindHop);
      if (forwarded.option) {
        lines.push(forwarded.option);
      }
    }
    lines.push(`balance ${p.balance ?? (be.activeServices > 1 ? 'roundrobin' : http ? 'random' : 'source')}`);
    if (http && p.nginx) {
      const n = nginxBackendLines(name, p.nginx);
      lines.push(...n.lines);
      for (const f of n.files) addFile(ctx, f.name, f.content, 0o644);
      for (const b of n.backends) ctx.backends.set(b.name, b);
    }
    if (p.allowlist) {
      const list = p.allowlist.map(cidr);
      if (list.length <= INLINE_ALLOWLIST_MAX) {
        lines.push(`acl allowlist src ${list.join(' ')}`);
      } else {
        const file = `allowlists/${name}.txt`;
        addFile(ctx, file, list.map((l) => `${l}\n`).join(''), 0o644);
        lines.push(`acl allowlist src -f ${file}`);
      }
      lines.push('tcp-request content reject if !allowlist');
    }
    if (http && p.timeoutServerMs !== undefined) {
      lines.push(`timeout server ${timerMs(p.timeoutServerMs, 'timeout server')}`);
    }
    const tunnel = p.timeoutTunnelMs ?? (http ? undefined : p.timeoutServerMs);
    if (tunnel !== undefined) {
      lines.push(`timeout tunnel ${timerMs(tunnel, 'timeout tunnel')}`);
    }
    const rl = p.rateLimit;
    if (rl && (rl.concurrentTcp !== undefined || rl.rateTcp !== undefined || (http && rl.rateHttp !== undefined))) {
      lines.push('stick-table type ip size 100k expire 30s store conn_cur,conn_rate(3s),http_req_rate(10s)');
      lines.push('tcp-request content track-sc2 src');
      const limit = (v: number, what: string): string => integer(v, what, -2147483648, 2147483647);
      if (rl.concurrentTcp !== undefined) {
        lines.push(`tcp-request content reject if { src_conn_cur ge ${limit(rl.concurrentTcp, 'concurrent TCP limit')} }`);
      }
      if (rl.rateTcp !== undefined) {
        lines.push(`tcp-request content reject if { src_conn_rate ge ${limit(rl.rateTcp, 'TCP rate limit')} }`);
      }
      if (http && rl.rateHttp !== undefined) {
        lines.push(`tcp-request content reject if { src_http_req_rate ge ${limit(rl.rateHttp, 'HTTP rate limit')} }`);
      }
    }
    if (!http) {
      lines.push('hash-type consistent');
    }
    lines.push('timeout check 5000ms');
    if (http) {
      lines.push(...forwarded.lines);
      if (p.rewrite) {
        const target = p.rewrite.target;
        const pattern = target === '/' ? `^${regexEscape(p.rewrite.path)}/?(.*)$` : `^${regexEscape(p.rewrite.path)}(.*)$`;
        const replacement = /\\[0-9]/.test(target) ? target : `${target}\\1`;
        lines.push(`http-request replace-path ${singleQuote(pattern, 'rewrite path')} ${singleQuote(replacement, 'rewrite target')}`);
      }
      if (p.cookie) {
        if (!/^[A-Za-z0-9_-]+$/.test(p.cookie.name)) {
          throw new ConfigInjectionError(`cookie name must match [A-Za-z0-9_-]+: ${show(p.cookie.name)}`);
        }
        const c = p.cookie;
        const sameSite = c.secure ? c.sameSite ?? 'None' : c.sameSite;
        const maxAge = c.maxAgeSeconds !== undefined ? ` attr Max-Age=${integer(c.maxAgeSeconds, 'cookie max-age', 0, 2147483647)}` : '';
        lines.push(`cookie ${c.name} insert indirect nocache httponly${c.secure ? ' secure' : ''}${sameSite ? ` attr SameSite=${sameSite}` : ''}${maxAge}`);
      }
      if (p.hsts) {
        lines.push(`http-response set-header Strict-Transport-Security ${singleQuote(p.hsts, 'HSTS value')}`);
      }
    }
  } catch (e) {
    fail(e);
  }
  if (http) {
    lines.push(...headerLines('http-request', p.requestHeaders, be.source));
    lines.push(...headerLines('http-response', p.responseHeaders, be.source));
  } else if ((p.requestHeaders?.length ?? 0) + (p.responseHeaders?.length ?? 0) > 0) {
    throw new TranslateError('header actions are not possible on a TCP (passthrough) backend', be.source);
  }
  let caFile: string | undefined;
  if (be.upstreamTls?.caPem) {
    caFile = `cacerts/${name}.pem`;
    addFile(ctx, caFile, be.upstreamTls.caPem.endsWith('\n') ? be.upstreamTls.caPem : `${be.upstreamTls.caPem}\n`, 0o600);
  } else if (be.upstreamTls?.systemCa) {
    caFile = '@system-ca';
  }
  const servers: Server[] = [];
  try {
    for (const s of be.servers) {
      const options: string[] = [];
      if (http && p.cookie) {
        options.push('cookie', md5Hex(s.id));
      }
      options.push('weight', integer(s.weight, `weight of server ${s.id}`, 0, 256));
      if (be.servers.length > 1) {
        options.push('check', 'inter', timerMs(p.healthCheckIntervalMs ?? 5000, 'health check interval'));
      }
      if (p.maxConnPerServer !== undefined) {
        options.push('maxconn', integer(p.maxConnPerServer, 'maxconn per server', 0, 2147483647));
      }
      if (be.upstreamTls) {
        const t = be.upstreamTls;
        options.push('ssl');
        if (caFile) {
          options.push('verify', 'required', 'ca-file', caFile);
          if (t.verifyHost) {
            options.push('verifyhost', hostKey(t.verifyHost));
          }
        } else {
          options.push('verify', 'none');
        }
        const sni = t.sni ?? t.verifyHost;
        if (sni) {
          options.push('sni', `str(${hostKey(sni)})`);
        }
      }
      if (s.status !== undefined) {
        // A share answered by the proxy itself: an internal frontend that returns this status.
        integer(s.status, 'status code', 200, 599);
        ctx.statusShares.add(s.status);
        servers.push({ name: safeName(s.id), address: statusSocket(ctx, s.status), options: ['weight', integer(s.weight, `weight of server ${s.id}`, 0, 256)] });
        continue;
      }
      if (be.h2 || s.h2) {
        options.push('proto', 'h2');
      }
      servers.push({ name: safeName(s.id), address: serverAddress(s.address, s.port), options });
    }
  } catch (e) {
    fail(e);
  }
  return { name, mode: be.mode, lines, servers };
}

// ---------------------------------------------------------------------------

function globalSection(): string[] {
  return [
    'default-path config',
    'maxconn 2000',
    'hard-stop-after 10s',
    'ssl-default-bind-options ssl-min-ver TLSv1.2',
    'tune.ssl.default-dh-param 2048',
  ];
}

function defaultsSection(): string[] {
  return [
    'mode http',
    'timeout connect 5s',
    'timeout client 30s',
    'timeout server 30s',
    'timeout http-request 10s',
    'timeout tunnel 1h',
  ];
}

/** The HAProxy config model and the files it refers to (without `haproxy.cfg`). */
export function translateConfig(model: RoutingModel, options: RenderOptions): { config: HaproxyConfig; files: RenderedFiles } {
  const ctx: Ctx = {
    opts: { httpPort: 8080, httpsPort: 8443, bind: '127.0.0.1', ...stripUndefined(options) },
    files: new Map(),
    backends: new Map(),
    modelBackends: new Map(),
    derived: new Map(),
    statusShares: new Set(),
    socketBase: '',
    tlsBehindHop: false,
  };
  if (!/^[0-9A-Za-z.:[\]]+$/.test(ctx.opts.bind)) {
    throw new TranslateError(`bind address is not an IP address: ${show(ctx.opts.bind)}`);
  }
  for (const be of model.backends) {
    if (ctx.modelBackends.has(be.id)) {
      throw new TranslateError(`two backends have the id ${show(be.id)}`, be.source);
    }
    ctx.modelBackends.set(be.id, be);
  }
  addFile(ctx, DEFAULT_CERT_FILE, pemBundle(options.defaultCertificate), 0o600);
  const frontends: Frontend[] = [];
  const ports = new Map<number, string>();
  for (const ep of model.entrypoints) {
    const port = localPort(ctx, ep.port, ep.portMapped);
    const other = ports.get(port);
    if (other !== undefined) {
      throw new TranslateError(`entrypoints ${other} and ${ep.id} would both listen on local port ${port}; `
        + 'give one of them another local port (--port-map P=Q for Gateway listener ports, --http-port/--https-port for Routes and Ingresses) '
        + 'or select Gateways with --gateway-class');
    }
    ports.set(port, ep.id);
    frontends.push(...entrypointFrontends(ctx, ep));
  }
  const tag = ctx.opts.socketTag ? `-${safeName(ctx.opts.socketTag)}` : '';
  ctx.socketBase = `${[...ports.keys()].sort((a, b) => a - b)[0] ?? 0}${tag}`;
  for (const be of model.backends) {
    const out = translateBackend(ctx, be);
    if (ctx.backends.has(out.name)) {
      throw new TranslateError(`backend name ${out.name} is used twice`, be.source);
    }
    ctx.backends.set(out.name, out);
  }
  for (const code of [...ctx.statusShares].sort((a, b) => a - b)) {
    const fe = newFrontend(`fe_cdk8s_status_${code}`, 'http');
    fe.binds.push({ address: statusSocket(ctx, code), options: [] });
    fe.defaultBackend = statusBackend(ctx, code);
    frontends.push(fe);
  }
  for (const [name, d] of [...ctx.derived].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = ctx.backends.get(safeName(d.base))!;
    if (ctx.backends.has(name)) {
      continue;
    }
    ctx.backends.set(name, { name, mode: base.mode, lines: [...base.lines, ...d.lines], servers: base.servers });
  }
  return {
    config: { global: globalSection(), defaults: defaultsSection(), frontends, backends: [...ctx.backends.values()] },
    files: ctx.files,
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Renders the routing model into `haproxy.cfg` and the files it names (maps,
 * crt-list, certificates with mode 0600, CA files, long allowlists). Files are
 * returned sorted by name; the same model and options give the same bytes.
 */
export function translate(model: RoutingModel, options: RenderOptions): RenderedFiles {
  const { config, files } = translateConfig(model, options);
  const all: RenderedFiles = new Map(files);
  all.set(CONFIG_FILE, { content: renderConfig(config), mode: 0o644 });
  return new Map([...all.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
