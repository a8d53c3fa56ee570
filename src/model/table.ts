import { BackendModel, Entrypoint, HttpRule, RoutingModel, RuleAction } from './types';

/** One line of the routing table (`up`, `explain`). */
export interface TableRow {
  readonly entrypoint: string;
  readonly port: number;
  readonly tls: string;
  readonly host: string;
  readonly match: string;
  readonly to: string;
}

/** A share as `90%` or `9.5%`. */
export function pct(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}%`;
}

/** "ns/a 90%, ns/b 10%" from server weights (or service weights when there are no endpoints yet). */
export function describeBackend(b: BackendModel | undefined): string {
  if (!b) return '(missing backend)';
  const byService = new Map<string, number>();
  const total = b.servers.reduce((s, x) => s + x.weight, 0);
  if (b.servers.length > 0) {
    if (total === 0) return `503 (every weight is 0: ${[...new Set(b.servers.map((s) => s.service))].join(', ')})`;
    // A share answered by the proxy itself (invalid Gateway backendRef) shows as its status.
    const label = (s: { service: string; status?: number }): string => (s.status === undefined ? s.service
      : s.status === 503 ? `503 (no endpoints: ${s.service})` : `${s.status} (invalid ${s.service})`);
    for (const s of b.servers) byService.set(label(s), (byService.get(label(s)) ?? 0) + s.weight);
    const served = new Set(b.servers.map((s) => s.service));
    for (const t of b.services) if (!served.has(`${t.namespace}/${t.name}`)) byService.set(`${t.namespace}/${t.name}`, 0);
    return [...byService].map(([svc, w]) => `${svc} ${pct(w / total)}`).join(', ');
  }
  const sum = b.services.reduce((s, t) => s + t.weight, 0);
  if (b.services.length === 0) return '503 (no services)';
  return b.services.map((t) => `${t.namespace}/${t.name} ${sum > 0 ? pct(t.weight / sum) : '0%'}`).join(', ') + ' (no endpoints: 503)';
}

function describeAction(a: RuleAction, backends: Map<string, BackendModel>): string {
  switch (a.type) {
    case 'forward': return describeBackend(backends.get(a.backend));
    case 'redirect-https': return `redirect ${a.code} to https`;
    case 'redirect': return `redirect ${a.code}${a.scheme ? ` scheme=${a.scheme}` : ''}${a.hostname ? ` host=${a.hostname}` : ''}${a.port ? ` port=${a.port}` : ''}${a.path ? ` path=${a.path.value}` : ''}`;
    case 'status': return `${a.code}`;
  }
}

/** "prefix /app method GET header x=1" */
export function describeMatch(r: HttpRule): string {
  const kind = r.path.type === 'Prefix' ? 'prefix' : r.path.type === 'Exact' ? 'exact' : r.path.type === 'StringPrefix' ? 'string-prefix' : 'regex';
  const parts = [r.path.type === 'RegularExpression' && r.path.value === '.*' ? 'any path' : `${kind} ${r.path.value}`];
  if (r.method) parts.push(`method ${r.method}`);
  for (const h of r.headers ?? []) parts.push(`header ${h.name}${h.type === 'Exact' ? '=' : '~'}${h.value}`);
  for (const q of r.queryParams ?? []) parts.push(`query ${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`);
  for (const c of r.cookies ?? []) parts.push(`cookie ${c.name}${c.type === 'Exact' ? '=' : '~'}${c.value}`);
  return parts.join(' ');
}

/** TLS mode of a rule as users name it: none, edge, reencrypt (terminated and re-encrypted), passthrough, tls, tcp. */
export function describeTls(ep: Entrypoint, r: HttpRule, backends: Map<string, BackendModel>): string {
  const b = r.action.type === 'forward' ? backends.get(r.action.backend) : undefined;
  return ep.protocol === 'HTTPS' ? (b?.upstreamTls ? 'reencrypt' : 'edge') : ep.protocol === 'HTTP' ? 'none' : ep.protocol.toLowerCase();
}

/** The routing table of a model: entrypoint, host, match → backends with their share. */
export function routingTable(model: RoutingModel): TableRow[] {
  const backends = new Map(model.backends.map((b) => [b.id, b]));
  const rows: TableRow[] = [];
  for (const ep of model.entrypoints) {
    for (const p of ep.passthrough) {
      rows.push({ entrypoint: ep.id, port: ep.port, tls: 'passthrough', host: p.host, match: 'SNI', to: describeBackend(backends.get(p.backend)) });
    }
    for (const r of ep.httpRules) {
      const tls = describeTls(ep, r, backends);
      rows.push({ entrypoint: ep.id, port: ep.port, tls, host: r.host || '*', match: describeMatch(r), to: describeAction(r.action, backends) });
    }
    if (ep.tcpBackend) rows.push({ entrypoint: ep.id, port: ep.port, tls: 'none', host: '*', match: 'TCP', to: describeBackend(backends.get(ep.tcpBackend)) });
  }
  return rows;
}

/** Fixed-width text table. */
export function formatTable(rows: TableRow[], localPort: (ep: string, port: number) => number | undefined = () => undefined): string {
  const head = ['PORT', 'TLS', 'HOST', 'MATCH', 'BACKENDS'];
  // A control character (a line break or terminal escape in a Route path) is shown escaped: one row per rule.
  const shown = (c: string) => c.replace(/[\x00-\x1f\x7f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
  const data = rows.map((r) => {
    const lp = localPort(r.entrypoint, r.port);
    return [lp !== undefined && lp !== r.port ? `${r.port}→${lp}` : String(r.port), r.tls, r.host, r.match, r.to].map(shown);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...data.map((d) => d[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(head), ...data.map(line)].join('\n') + '\n';
}
