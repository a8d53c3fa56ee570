import { DevCertificateAuthority } from '../common/dev-certificates';
import { startEcho } from '../haproxy';
import { EndpointSpec } from '../model/endpoints';
import { RoutingModel } from '../model/types';

/** Built-in echo backends started for Services that have no endpoints. */
export interface EchoBackends {
  readonly endpoints: EndpointSpec[];
  /** `ns/name` → mode and port, for display. */
  readonly started: Array<{ service: string; mode: string; port: number }>;
  close(): Promise<void>;
}

/**
 * Starts one echo server per Service the model sends traffic to and that has
 * no endpoints yet: plain HTTP for plain/edge backends, HTTPS with a
 * certificate for `<service>.<namespace>.svc` from the development CA for
 * reencrypt backends, and TLS (HTTP inside) with a certificate for the
 * route's hosts behind passthrough.
 */
export async function startEchoBackends(model: RoutingModel, ca: DevCertificateAuthority, known: EndpointSpec[]): Promise<EchoBackends> {
  const have = new Set(known.map((e) => `${e.namespace}/${e.name}`));
  const sniHosts = new Map<string, string[]>();
  for (const ep of model.entrypoints) {
    for (const p of ep.passthrough) sniHosts.set(p.backend, [...(sniHosts.get(p.backend) ?? []), p.host]);
  }
  const plan = new Map<string, { namespace: string; name: string; mode: 'http' | 'https' | 'tls-http' | 'h2c'; hosts: string[] }>();
  for (const b of model.backends) {
    for (const s of b.services) {
      if (s.status !== undefined) continue; // a share answered by the proxy itself
      const key = `${s.namespace}/${s.name}`;
      if (have.has(key)) continue;
      const mode = b.mode === 'tcp' ? 'tls-http' : b.upstreamTls ? 'https' : b.h2 ? 'h2c' : 'http';
      const hosts = mode === 'tls-http' ? sniHosts.get(b.id) ?? [] : mode === 'https' ? [b.upstreamTls?.verifyHost ?? b.upstreamTls?.sni ?? `${s.name}.${s.namespace}.svc`] : [];
      const prev = plan.get(key);
      if (prev) {
        for (const h of hosts) if (!prev.hosts.includes(h)) prev.hosts.push(h);
        continue;
      }
      plan.set(key, { namespace: s.namespace, name: s.name, mode, hosts: [...hosts] });
    }
  }
  const servers: Array<{ close(): Promise<void> | void }> = [];
  const endpoints: EndpointSpec[] = [];
  const started: Array<{ service: string; mode: string; port: number }> = [];
  try {
    for (const key of [...plan.keys()].sort()) {
      const p = plan.get(key)!;
      const tls = p.mode === 'http' || p.mode === 'h2c' ? undefined : await ca.issue(p.hosts.length > 0 ? p.hosts : [`${p.name}.${p.namespace}.svc`]);
      const echo = await startEcho({ name: p.name, namespace: p.namespace, pod: `${p.name}-0`, mode: p.mode, tls });
      servers.push(echo);
      endpoints.push({ namespace: p.namespace, name: p.name, addresses: [{ host: '127.0.0.1', port: echo.port }] });
      started.push({ service: key, mode: p.mode, port: echo.port });
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s.close()));
    throw e;
  }
  return {
    endpoints,
    started,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
