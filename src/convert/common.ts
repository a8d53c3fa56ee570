/**
 * Shared pieces of the converters (`cdk8s-routing convert`): notices, Service
 * port resolution, names. Converters read manifests (never constructs) and
 * write plain manifests; what cannot be carried over is a notice naming the
 * source object and field, the way ingress2gateway separates errors (nothing
 * equivalent was produced) from lossy-translation warnings.
 *
 * Internal: not part of the jsii API.
 */
import { ObjectIndex } from '../validation/context';
import { FieldPath } from '../validation/field-path';
import { LoadedObject } from '../validation/manifests';

export type KubeManifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** Something the converter could not carry over. */
export interface ConvertNotice {
  /** `error`: that part of the input has no equivalent in the output; `warning`: carried over with a difference. */
  readonly severity: 'error' | 'warning';
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly field: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

export interface ConvertResult {
  readonly objects: KubeManifest[];
  readonly notices: ConvertNotice[];
}

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_V1 = `${GATEWAY_GROUP}/v1`;

export const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Collects notices for one source object. */
export class Notices {
  public readonly list: ConvertNotice[] = [];

  public error(obj: LoadedObject, field: FieldPath, message: string): void {
    this.add('error', obj, field, message);
  }

  public warn(obj: LoadedObject, field: FieldPath, message: string): void {
    this.add('warning', obj, field, message);
  }

  private add(severity: 'error' | 'warning', obj: LoadedObject, field: FieldPath, message: string): void {
    this.list.push({
      severity,
      kind: obj.kind,
      namespace: obj.namespace,
      name: obj.name,
      field: field.toString(),
      message,
      file: obj.source.file,
      line: obj.lineOf(field),
    });
  }
}

/** A DNS-1123 label made from any text: lower case, runs of other characters → `-`, ≤ 63. */
export function slug(text: string, fallback = 'all-hosts'): string {
  const s = text.toLowerCase().replace(/\*/g, 'wildcard').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (s || fallback).slice(0, 63).replace(/-+$/, '');
}

/** A DNS-1123 subdomain name from parts, ≤ 253. */
export function objectName(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('-').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 253);
}

/**
 * The Service port number a backend reference means. `port` may be a Service port number, a Service port
 * name, or (Routes) a target port number/name. Returns the Service `port` number, or a message.
 */
export function resolveServicePort(
  index: ObjectIndex, namespace: string, service: string, port: number | string | undefined,
): { port: number } | { problem: string } {
  const svc = index.get('Service', namespace, service);
  const ports: any[] = svc && Array.isArray(svc.object.spec?.ports) ? svc.object.spec.ports.filter(isObj) : [];
  if (port === undefined || port === '') {
    if (ports.length === 1 && typeof ports[0].port === 'number') return { port: ports[0].port };
    if (!svc) return { problem: `no port is given and Service ${namespace}/${service} is not in the input` };
    return { problem: `no port is given and Service ${namespace}/${service} has ${ports.length} ports` };
  }
  if (typeof port === 'number' || /^[0-9]+$/.test(port)) {
    const n = Number(port);
    if (!svc) return { port: n };
    const byPort = ports.find((p) => p.port === n);
    if (byPort) return { port: n };
    const byTarget = ports.find((p) => p.targetPort === n || (p.targetPort === undefined && p.port === n));
    if (byTarget) return { port: byTarget.port };
    return { problem: `Service ${namespace}/${service} has no port ${n}` };
  }
  if (!svc) return { problem: `port ${JSON.stringify(port)} is a name and Service ${namespace}/${service} is not in the input to resolve it` };
  const byName = ports.find((p) => p.name === port) ?? ports.find((p) => p.targetPort === port);
  if (byName && typeof byName.port === 'number') return { port: byName.port };
  return { problem: `Service ${namespace}/${service} has no port named ${JSON.stringify(port)}` };
}

/** `30s`, `1500ms`, `2m` (router and nginx values in ms) → a Gateway API Duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`). */
export function gatewayDuration(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms <= 0) return undefined;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      rest -= n * size;
    }
  }
  if (parts.length > 4 || parts.some((p) => /^[0-9]{6,}/.test(p))) return undefined;
  return parts.join('');
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}

/** Sorts output objects: Gateways first, then by kind, namespace and name. Deterministic. */
export function sortObjects(objects: KubeManifest[]): KubeManifest[] {
  const rank = (k: string) => ['Namespace', 'Secret', 'ConfigMap', 'GatewayClass', 'Gateway', 'ReferenceGrant', 'BackendTLSPolicy'].indexOf(k);
  return [...objects].sort((a, b) => {
    const ra = rank(a.kind);
    const rb = rank(b.kind);
    if (ra !== rb) return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb);
    return a.kind.localeCompare(b.kind) || (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name);
  });
}

interface PendingGateway {
  namespace: string;
  name: string;
  className: string;
  listeners: Map<string, any>;
  annotations: Record<string, string>;
}

/** Gateways collected per (namespace, name) with listeners merged by name. */
export class GatewayBuilder {
  private readonly gateways = new Map<string, PendingGateway>();

  /** Adds an annotation to a Gateway created by {@link listener}; returns the value already there, if different. */
  public annotate(namespace: string, gateway: string, key: string, value: string): string | undefined {
    const gw = this.gateways.get(`${namespace}/${gateway}`);
    if (!gw) return undefined;
    const old = gw.annotations[key];
    if (old !== undefined && old !== value) return old;
    gw.annotations[key] = value;
    return undefined;
  }

  /** Adds (or reuses) a listener; returns its name. */
  public listener(namespace: string, gateway: string, className: string, listener: { name: string; [k: string]: any }): string {
    const key = `${namespace}/${gateway}`;
    let gw = this.gateways.get(key);
    if (!gw) {
      gw = { namespace, name: gateway, className, listeners: new Map(), annotations: {} };
      this.gateways.set(key, gw);
    }
    const existing = gw.listeners.get(listener.name);
    if (existing) {
      const refs = existing.tls?.certificateRefs;
      for (const r of listener.tls?.certificateRefs ?? []) {
        if (refs && !refs.some((x: any) => x.name === r.name)) refs.push(r);
      }
    } else {
      gw.listeners.set(listener.name, JSON.parse(JSON.stringify(listener)));
    }
    return listener.name;
  }

  public manifests(): KubeManifest[] {
    return [...this.gateways.values()].map((g) => ({
      apiVersion: GATEWAY_V1,
      kind: 'Gateway',
      metadata: Object.keys(g.annotations).length > 0
        ? { name: g.name, namespace: g.namespace, annotations: sortedRecord(g.annotations) }
        : { name: g.name, namespace: g.namespace },
      spec: {
        gatewayClassName: g.className,
        listeners: [...g.listeners.values()].sort((a, b) => a.port - b.port || a.name.localeCompare(b.name)),
      },
    }));
  }
}
