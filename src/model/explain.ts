/**
 * `explain`: the routing model as a Mermaid flowchart (client → listener →
 * host/match → services, with each service's share of the traffic), so a
 * pull request can show where traffic goes. GitHub renders ```mermaid blocks.
 *
 * Node ids are generated (`n1`, `n2`, ...) in a fixed order; every label is a
 * quoted string with `"` and markup characters replaced by Mermaid entities, so
 * no user string can change the diagram's structure.
 *
 * Internal: not part of the jsii API.
 */
import { describeMatch, describeTls, pct } from './table';
import { BackendModel, Entrypoint, RoutingModel } from './types';

/** Escapes a label for a quoted Mermaid node or edge label. */
export function mermaidLabel(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;');
}

/** Each service of a backend with its share (server weights when resolved, else the family weights). */
export function serviceShares(b: BackendModel): Array<{ service: string; share: number }> {
  const out = new Map<string, number>();
  const total = b.servers.reduce((s, x) => s + x.weight, 0);
  if (b.servers.length > 0 && total > 0) {
    for (const t of b.services) out.set(`${t.namespace}/${t.name}`, 0);
    for (const s of b.servers) out.set(s.service, (out.get(s.service) ?? 0) + s.weight / total);
  } else {
    const sum = b.services.reduce((s, t) => s + t.weight, 0);
    for (const t of b.services) out.set(`${t.namespace}/${t.name}`, (out.get(`${t.namespace}/${t.name}`) ?? 0) + (sum > 0 ? t.weight / sum : 0));
  }
  return [...out].map(([service, share]) => ({ service, share }));
}

function listenerLabel(ep: Entrypoint): string {
  return `${ep.protocol} :${ep.port}`;
}

/** The model as a Mermaid `flowchart LR`. */
export function explainMermaid(model: RoutingModel): string {
  const backends = new Map(model.backends.map((b) => [b.id, b]));
  const lines: string[] = ['flowchart LR', '  client(["client"])'];
  const serviceNodes = new Map<string, string>();
  let n = 0;
  const id = () => `n${++n}`;
  const service = (name: string): string => {
    let node = serviceNodes.get(name);
    if (!node) {
      node = `s${serviceNodes.size + 1}`;
      serviceNodes.set(name, node);
    }
    return node;
  };
  const edgesToBackend = (from: string, backendId: string) => {
    const b = backends.get(backendId);
    if (!b) {
      const x = id();
      lines.push(`  ${x}["missing backend"]`, `  ${from} --> ${x}`);
      return;
    }
    const shares = serviceShares(b);
    if (shares.length === 0) {
      const x = id();
      lines.push(`  ${x}["503: no services"]`, `  ${from} --> ${x}`);
      return;
    }
    for (const s of shares) lines.push(`  ${from} -->|"${pct(s.share)}"| ${service(s.service)}`);
  };

  for (const ep of model.entrypoints) {
    const l = id();
    lines.push(`  ${l}{{"${mermaidLabel(listenerLabel(ep))}"}}`, `  client --> ${l}`);
    for (const p of ep.passthrough) {
      const r = id();
      lines.push(`  ${r}["${mermaidLabel(`${p.host} (SNI, passthrough)`)}"]`, `  ${l} --> ${r}`);
      edgesToBackend(r, p.backend);
    }
    for (const rule of ep.httpRules) {
      const r = id();
      lines.push(`  ${r}["${mermaidLabel(`${rule.host || '*'} ${describeMatch(rule)} (${describeTls(ep, rule, backends)})`)}"]`, `  ${l} --> ${r}`);
      const a = rule.action;
      if (a.type === 'forward') {
        edgesToBackend(r, a.backend);
      } else {
        const x = id();
        const text = a.type === 'status' ? `${a.code}` : a.type === 'redirect-https' ? `redirect ${a.code} to https` : `redirect ${a.code}`;
        lines.push(`  ${x}["${mermaidLabel(text)}"]`, `  ${r} --> ${x}`);
      }
    }
    if (ep.tcpBackend) {
      const r = id();
      lines.push(`  ${r}["TCP"]`, `  ${l} --> ${r}`);
      edgesToBackend(r, ep.tcpBackend);
    }
  }
  for (const [name, node] of serviceNodes) lines.push(`  ${node}[("${mermaidLabel(name)}")]`);
  return lines.join('\n') + '\n';
}
