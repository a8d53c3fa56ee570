import * as kplus from 'cdk8s-plus-28';
import { KubeRouteTargetReference } from './kube';
import { checkInteger, checkRouteWeight } from '../common/weight';

/** Options of a Route backend. */
export interface RouteBackendOptions {
  /**
   * Relative weight of this backend, an integer 0–256. Traffic is split by
   * weight / sum of weights; 0 sends no new traffic to it.
   * @default - not written; the API server stores 100
   */
  readonly weight?: number;
  /**
   * The target port by number: the port the pods listen on (the Service port's
   * `targetPort`), which is what the router matches endpoints against.
   * Mutually exclusive with `targetPortName`.
   * @default - from a cdk8s-plus Service: its first port's `targetPort` (else its `port`); from a Service name: no `spec.port`, the router uses every port of the endpoints
   */
  readonly targetPort?: number;
  /**
   * The target port by name: the `name` of a port of the Service.
   * Mutually exclusive with `targetPort`.
   * @default - see `targetPort`
   */
  readonly targetPortName?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Service a Route sends traffic to (`spec.to` or one of
 * `spec.alternateBackends`), with its weight and, optionally, the target port.
 */
export class RouteBackend {
  /**
   * A cdk8s-plus Service defined in this app. When no port is given the
   * route targets the Service's first port, by its `targetPort` number (else
   * its `port`), read at synthesis so ports bound later count.
   */
  public static fromService(service: kplus.Service, options: RouteBackendOptions = {}): RouteBackend {
    if (!service || typeof service.name !== 'string') {
      throw new Error('RouteBackend.fromService: expected a cdk8s-plus Service');
    }
    return new RouteBackend(service.name, options, service);
  }

  /** A Service by name, in the Route's namespace (defined elsewhere). */
  public static fromServiceName(name: string, options: RouteBackendOptions = {}): RouteBackend {
    if (typeof name !== 'string' || name.length === 0 || name.length > 63 || !DNS_LABEL.test(name)) {
      throw new Error(`RouteBackend.fromServiceName: invalid Service name ${JSON.stringify(name)}: must be a DNS-1123 label (lower-case letters, digits and '-', 1-63 characters, starting and ending with a letter or digit)`);
    }
    return new RouteBackend(name, options, undefined);
  }

  /** The name of the Service. */
  public readonly serviceName: string;
  /**
   * The weight given.
   * @default - not set; the API server stores 100
   */
  public readonly weight?: number;
  /**
   * The target port number given explicitly.
   * @default - not set
   */
  public readonly targetPort?: number;
  /**
   * The target port name given explicitly.
   * @default - not set
   */
  public readonly targetPortName?: string;
  /** @internal */
  public readonly _service?: kplus.Service;

  private constructor(serviceName: string, options: RouteBackendOptions, service?: kplus.Service) {
    const what = `backend ${JSON.stringify(serviceName)}`;
    if (options.weight !== undefined) checkRouteWeight(options.weight, what);
    if (options.targetPort !== undefined && options.targetPortName !== undefined) {
      throw new Error(`${what}: give either targetPort (${options.targetPort}) or targetPortName (${JSON.stringify(options.targetPortName)}), not both`);
    }
    if (options.targetPort !== undefined) checkInteger(options.targetPort, 1, 65535, `${what}: targetPort`);
    if (options.targetPortName !== undefined) {
      const n = options.targetPortName;
      if (n.length === 0 || n.length > 63 || !DNS_LABEL.test(n) || /^[0-9]+$/.test(n)) {
        throw new Error(`${what}: invalid targetPortName ${JSON.stringify(n)}: must be the name of a Service port (a DNS-1123 label with at least one letter); use targetPort for numbers`);
      }
    }
    this.serviceName = serviceName;
    this.weight = options.weight;
    this.targetPort = options.targetPort;
    this.targetPortName = options.targetPortName;
    this._service = service;
  }

  /**
   * The explicit port (number or name).
   * @internal
   */
  public _explicitPort(): number | string | undefined {
    return this.targetPort ?? this.targetPortName;
  }

  /**
   * The port the route would use for this backend: explicit, else inferred
   * from the cdk8s-plus Service's first port. Never throws.
   * @internal
   */
  public _port(): number | string | undefined {
    const explicit = this._explicitPort();
    if (explicit !== undefined) return explicit;
    const first = this._service?.ports[0];
    return first ? first.targetPort ?? first.port : undefined;
  }

  /**
   * Why `port` matches no port of the cdk8s-plus Service, or undefined when it
   * matches (or the Service is not known here). Never throws.
   * @internal
   */
  public _portProblem(port: number | string): string | undefined {
    const svc = this._service;
    if (!svc) return undefined;
    const ports = svc.ports;
    if (ports.length === 0) return undefined;
    const matches = ports.some((p) => (typeof port === 'number' ? (p.targetPort ?? p.port) === port : p.name === port));
    if (matches) return undefined;
    const shown = ports.map((p) => `${p.name ? `${p.name}: ` : ''}port ${p.port} -> targetPort ${p.targetPort ?? p.port}`).join(', ');
    const what = typeof port === 'number' ? `targetPort ${port}` : `targetPort name ${JSON.stringify(port)}`;
    return `${what} matches no port of Service ${JSON.stringify(this.serviceName)} (${shown}); the router matches the pods' port number or the Service port's name, so this backend would get no endpoints`;
  }

  /** @internal */
  public _toKube(): KubeRouteTargetReference {
    return this.weight === undefined
      ? { kind: 'Service', name: this.serviceName }
      : { kind: 'Service', name: this.serviceName, weight: this.weight };
  }
}
