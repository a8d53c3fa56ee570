import * as kplus from 'cdk8s-plus-28';
import { checkGroup, checkKind, checkNamespace, checkObjectName, checkPort, checkRefName, checkWeight, show } from './checks';
import type { HttpRouteFilter } from './http-route-filter';
import { namespaceOf } from './references';

/** Options of a backend that is a cdk8s-plus Service. */
export interface GatewayServiceBackendOptions {
  /**
   * The Service port (not the target port).
   * @default - the Service's port when it has exactly one; required otherwise
   */
  readonly port?: number;
  /**
   * Relative weight, an integer 0-1,000,000; the share is weight / sum of the rule's weights.
   * @default - not written; the API default is 1
   */
  readonly weight?: number;
  /**
   * Filters applied only when this backend is chosen (HTTPRoute and GRPCRoute).
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
}

/** Options of a backend Service given by name. */
export interface GatewayNamedBackendOptions {
  /** The Service port (not the target port), 1-65535. */
  readonly port: number;
  /**
   * The Service's namespace. Another namespace than the route's needs a
   * ReferenceGrant there (generated unless the route opts out).
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * Relative weight, an integer 0-1,000,000.
   * @default - not written; the API default is 1
   */
  readonly weight?: number;
  /**
   * Filters applied only when this backend is chosen (HTTPRoute and GRPCRoute).
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
}

/** A backend of another kind than Service (e.g. a multi-cluster `ServiceImport`). */
export interface GatewayBackendReference {
  /** The API group of the backend's kind (empty for core). */
  readonly group: string;
  /** The kind, e.g. `ServiceImport`. */
  readonly kind: string;
  /** The name. */
  readonly name: string;
  /**
   * The namespace.
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * The port, when the kind has ports (required for core Services).
   * @default - none
   */
  readonly port?: number;
  /**
   * Relative weight, an integer 0-1,000,000.
   * @default - not written; the API default is 1
   */
  readonly weight?: number;
  /**
   * Filters applied only when this backend is chosen.
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
}

/**
 * Where a route sends traffic (`backendRefs[]`, and the mirror target): a
 * Service and its port, with a weight and backend-level filters.
 */
export class GatewayBackend {
  /**
   * A cdk8s-plus Service of this app. Its namespace is used when it differs
   * from the route's (a ReferenceGrant is generated). When no port is given the
   * Service must have exactly one port.
   */
  public static fromService(service: kplus.Service, options: GatewayServiceBackendOptions = {}): GatewayBackend {
    if (!service || typeof service.name !== 'string' || !Array.isArray((service as any).ports)) {
      throw new Error('GatewayBackend.fromService: expected a cdk8s-plus Service (use GatewayBackend.fromName for Services defined elsewhere)');
    }
    const what = `GatewayBackend.fromService(${show(service.name)})`;
    if (options.port !== undefined) {
      checkPort(options.port, what);
    } else if (service.ports.length > 1) {
      throw new Error(`${what}: the Service has ${service.ports.length} ports (${service.ports.map((p) => p.port).join(', ')}): give port to choose one`);
    }
    return new GatewayBackend('', 'Service', service.name, namespaceOf(service), options.port, options.weight, options.filters, service, what);
  }

  /** A Service by name (defined elsewhere), with its port. */
  public static fromName(name: string, options: GatewayNamedBackendOptions): GatewayBackend {
    const what = `GatewayBackend.fromName(${show(name)})`;
    checkObjectName(name, 'GatewayBackend.fromName');
    if (!options || options.port === undefined) throw new Error(`${what}: port is required (the Service port, 1-65535)`);
    checkPort(options.port, what);
    if (options.namespace !== undefined) checkNamespace(options.namespace, what);
    return new GatewayBackend('', 'Service', name, options.namespace, options.port, options.weight, options.filters, undefined, what);
  }

  /** A backend of any group and kind (e.g. `multicluster.x-k8s.io` `ServiceImport`). */
  public static fromReference(ref: GatewayBackendReference): GatewayBackend {
    const what = `GatewayBackend.fromReference(${show(ref?.name)})`;
    checkGroup(ref?.group, what);
    checkKind(ref.kind, what);
    checkRefName(ref.name, what);
    if (ref.namespace !== undefined) checkNamespace(ref.namespace, what);
    if (ref.port !== undefined) checkPort(ref.port, what);
    if (ref.group === '' && ref.kind === 'Service' && ref.port === undefined) throw new Error(`${what}: port is required for a Service backend`);
    return new GatewayBackend(ref.group, ref.kind, ref.name, ref.namespace, ref.port, ref.weight, ref.filters, undefined, what);
  }

  /** The API group of the backend ("" for Services). */
  public readonly group: string;
  /** The kind of the backend. */
  public readonly kind: string;
  /** The name of the backend. */
  public readonly name: string;
  /**
   * The namespace, when given or known.
   * @default - the route's namespace
   */
  public readonly namespace?: string;
  /**
   * The weight given.
   * @default - not set; the API default is 1
   */
  public readonly weight?: number;
  /** @internal */
  public readonly _service?: kplus.Service;
  /** @internal */
  public readonly _filters: HttpRouteFilter[];
  private readonly explicitPort?: number;

  private constructor(group: string, kind: string, name: string, namespace: string | undefined, port: number | undefined,
    weight: number | undefined, filters: HttpRouteFilter[] | undefined, service: kplus.Service | undefined, what: string) {
    if (weight !== undefined) checkWeight(weight, what);
    const list = filters ?? [];
    if (list.length > 16) throw new Error(`${what}: at most 16 filters are allowed, got ${list.length}`);
    this.group = group;
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
    this.explicitPort = port;
    this.weight = weight;
    this._service = service;
    this._filters = [...list];
  }

  /**
   * The port given, else the cdk8s-plus Service's only port (read at synthesis).
   * @default - none
   */
  public get port(): number | undefined {
    if (this.explicitPort !== undefined) return this.explicitPort;
    const ports = this._service?.ports ?? [];
    return ports.length === 1 ? ports[0].port : undefined;
  }

  /** Whether this is a core Service. @internal */
  public get _isService(): boolean {
    return this.group === '' && this.kind === 'Service';
  }

  /** What is wrong with the port, or undefined. Never throws. @internal */
  public _portProblem(): string | undefined {
    const svc = this._service;
    if (!svc) return undefined;
    const ports = svc.ports;
    if (this.explicitPort === undefined) {
      if (ports.length === 1) return undefined;
      return `Service ${show(this.name)} has ${ports.length === 0 ? 'no ports' : `${ports.length} ports (${ports.map((p) => p.port).join(', ')})`}: give the backend a port (GatewayBackend.fromService(svc, { port }))`;
    }
    if (ports.length === 0 || ports.some((p) => p.port === this.explicitPort)) return undefined;
    return `port ${this.explicitPort} is not a port of Service ${show(this.name)} (ports: ${ports.map((p) => p.port).join(', ')}): the route refers to the Service port, not the target port`;
  }

  /** @internal */
  public _toKube(routeNamespace: string | undefined, withFilters: boolean): any {
    const out: any = {};
    if (!this._isService) {
      out.group = this.group;
      out.kind = this.kind;
    }
    out.name = this.name;
    if (this.namespace !== undefined && this.namespace !== routeNamespace) out.namespace = this.namespace;
    const port = this.port;
    if (port !== undefined) out.port = port;
    if (this.weight !== undefined) out.weight = this.weight;
    if (withFilters && this._filters.length > 0) out.filters = this._filters.map((f) => f._toKube(routeNamespace));
    return out;
  }
}
