import * as net from 'net';
import { parse as parseYaml } from 'yaml';
import { ObjectIndex } from '../validation/context';

/** Where one Service (port) lives for a local run. */
export interface EndpointSpec {
  readonly namespace: string;
  readonly name: string;
  /** Service port number or name; undefined = every port. */
  readonly port?: number | string;
  readonly addresses: Array<{ readonly host: string; readonly port: number }>;
}

/** A bad endpoints file or flag: usage error (exit 2 in the CLI). */
export class EndpointsError extends Error {}

function parseAddress(text: string, where: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):([0-9]{1,5})$/.exec(text.trim());
  if (!m) throw new EndpointsError(`${where}: address ${JSON.stringify(text)} is not HOST:PORT`);
  const host = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new EndpointsError(`${where}: port ${port} is not in 1-65535`);
  if (!net.isIP(host) && !/^[A-Za-z0-9.-]+$/.test(host)) {
    throw new EndpointsError(`${where}: host ${JSON.stringify(host)} is not an IP address or host name`);
  }
  return { host, port };
}

function parseService(text: string, where: string): { namespace: string; name: string } {
  const parts = text.split('/');
  const ok = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
  if (parts.length > 2 || parts.some((p) => !ok.test(p))) {
    throw new EndpointsError(`${where}: service ${JSON.stringify(text)} must be NAMESPACE/NAME or NAME (lower-case DNS names)`);
  }
  return parts.length === 2 ? { namespace: parts[0], name: parts[1] } : { namespace: 'default', name: parts[0] };
}

function parsePort(v: unknown, where: string): number | string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return v;
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return parsePort(Number(v), where);
  if (typeof v === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 15) return v;
  throw new EndpointsError(`${where}: port ${JSON.stringify(v)} must be a port number 1-65535 or a port name`);
}

/** Parses `--endpoint NS/NAME[:PORT]=HOST:PORT[,HOST:PORT...]`. */
export function parseEndpointFlag(flag: string): EndpointSpec {
  const where = `--endpoint ${flag}`;
  const eq = flag.indexOf('=');
  if (eq < 0) throw new EndpointsError(`${where}: expected NS/NAME[:PORT]=HOST:PORT[,HOST:PORT...]`);
  const left = flag.slice(0, eq);
  const colon = left.indexOf(':');
  const svc = parseService(colon < 0 ? left : left.slice(0, colon), where);
  const port = colon < 0 ? undefined : parsePort(left.slice(colon + 1), where);
  const addresses = flag.slice(eq + 1).split(',').filter((a) => a !== '').map((a) => parseAddress(a, where));
  return { ...svc, port, addresses };
}

/** Parses an endpoints file (YAML or JSON), see CONTRACT.md. */
export function parseEndpointsFile(text: string, file: string): EndpointSpec[] {
  let doc: any;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new EndpointsError(`${file}: does not parse: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc || !Array.isArray(doc.endpoints)) throw new EndpointsError(`${file}: expected a top-level "endpoints:" list`);
  return doc.endpoints.map((e: any, i: number) => {
    const where = `${file}: endpoints[${i}]`;
    if (!e || typeof e.service !== 'string') throw new EndpointsError(`${where}: "service" (NAMESPACE/NAME) is required`);
    if (!Array.isArray(e.addresses)) throw new EndpointsError(`${where}: "addresses" must be a list of HOST:PORT`);
    return {
      ...parseService(e.service, where),
      port: parsePort(e.port, where),
      addresses: e.addresses.map((a: unknown) => parseAddress(String(a), where)),
    };
  });
}

/** A resolved endpoint of a service port. */
export interface ResolvedEndpoint {
  /** Stable id like the router's `ept:<svc>:<portName>:<ip>:<port>`. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

/**
 * Finds the endpoints of `namespace/name` for the port a route names. With the
 * Service object in the input, the route's port (a number or name) is matched
 * against each Service port's name, port and targetPort, as the router matches
 * `spec.port.targetPort`; endpoint entries are matched by the Service port
 * number or name. Without the Service object, the port is used as given.
 */
export class EndpointResolver {
  private readonly byService = new Map<string, EndpointSpec[]>();

  constructor(specs: EndpointSpec[], private readonly index: ObjectIndex) {
    for (const s of specs) {
      const k = `${s.namespace}/${s.name}`;
      const list = this.byService.get(k);
      if (list) list.push(s);
      else this.byService.set(k, [s]);
    }
  }

  /** Every Service (`ns/name`) given endpoints. */
  public services(): string[] {
    return [...this.byService.keys()].sort();
  }

  public resolve(namespace: string, name: string, port?: number | string): ResolvedEndpoint[] {
    const specs = this.byService.get(`${namespace}/${name}`) ?? [];
    if (specs.length === 0) return [];
    const keys = new Set<number | string>();
    let portLabel = port === undefined ? '' : String(port);
    const svc = this.index.get('Service', namespace, name);
    const svcPorts: any[] = Array.isArray(svc?.object?.spec?.ports) ? svc!.object.spec.ports : [];
    if (port !== undefined && svcPorts.length > 0) {
      const matching = svcPorts.filter((p) => p && (p.name === port || p.port === port
        || p.targetPort === port || String(p.targetPort) === String(port)));
      for (const p of matching) {
        if (typeof p.port === 'number') keys.add(p.port);
        if (typeof p.name === 'string') keys.add(p.name);
      }
      if (matching[0]) portLabel = String(matching[0].name ?? matching[0].port);
    } else if (port !== undefined) {
      keys.add(port);
    }
    const out: ResolvedEndpoint[] = [];
    const seen = new Set<string>();
    for (const s of specs) {
      if (s.port !== undefined && keys.size > 0 && !keys.has(s.port)) continue;
      if (s.port !== undefined && keys.size === 0 && port !== undefined) continue;
      for (const a of s.addresses) {
        const id = `ept:${name}:${portLabel}:${a.host}:${a.port}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ id, host: a.host, port: a.port });
      }
    }
    return out;
  }
}
