import * as kplus from 'cdk8s-plus-28';
import { checkInteger } from '../common/weight';

/** How an Ingress path chooses requests (`pathType`). */
export enum PathType {
  /** The path, exactly (case-sensitive). */
  EXACT = 'Exact',
  /** The path and everything below it, by path element: `/app` matches `/app` and `/app/x`, not `/application`. */
  PREFIX = 'Prefix',
  /**
   * As the controller decides. ingress-nginx: a plain string prefix (`/app`
   * matches `/application`), or a regular expression with `useRegex` or `rewriteTarget`.
   */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** Options of a Service backend. */
export interface IngressServiceBackendOptions {
  /**
   * The Service port by number. Mutually exclusive with `portName`.
   * @default - from a cdk8s-plus Service: its first port; from a Service name: required (give `port` or `portName`)
   */
  readonly port?: number;
  /**
   * The Service port by name (an IANA service name). Mutually exclusive with `port`.
   * @default - see `port`
   */
  readonly portName?: string;
}

/** A non-Service backend (`backend.resource`), e.g. an object storage bucket of the controller. */
export interface IngressResourceBackendOptions {
  /**
   * The API group of the resource.
   * @default - the core group
   */
  readonly apiGroup?: string;
  /** The kind of the resource. */
  readonly kind: string;
  /** The name of the resource, in the Ingress's namespace. */
  readonly name: string;
}

const RFC1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IANA = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Where an Ingress path (or the default backend) sends its requests: a Service port or a resource. */
export class IngressBackend {
  /** A cdk8s-plus Service defined in this app; without a port, its first port. */
  public static fromService(service: kplus.Service, options: IngressServiceBackendOptions = {}): IngressBackend {
    if (!service || typeof service.name !== 'string') throw new Error('IngressBackend.fromService: expected a cdk8s-plus Service');
    return new IngressBackend(service.name, options, service, undefined);
  }

  /** A Service by name, in the Ingress's namespace, with its port number or name. */
  public static fromServiceName(name: string, options: IngressServiceBackendOptions = {}): IngressBackend {
    if (typeof name !== 'string' || name.length > 63 || !RFC1035.test(name)) {
      throw new Error(`IngressBackend.fromServiceName: invalid Service name ${JSON.stringify(name)}: must be an RFC 1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters)`);
    }
    if (options.port === undefined && options.portName === undefined) {
      throw new Error(`IngressBackend.fromServiceName(${JSON.stringify(name)}): give port or portName (an Ingress backend names one Service port)`);
    }
    return new IngressBackend(name, options, undefined, undefined);
  }

  /** A resource backend (served by controllers that support it; ingress-nginx answers 503). */
  public static fromResource(options: IngressResourceBackendOptions): IngressBackend {
    for (const f of ['kind', 'name'] as const) {
      const v = options?.[f];
      if (typeof v !== 'string' || v === '' || v === '.' || v === '..' || /[/%]/.test(v)) {
        throw new Error(`IngressBackend.fromResource: invalid ${f} ${JSON.stringify(v)}: required, and may not be '.' or '..' or contain '/' or '%'`);
      }
    }
    return new IngressBackend(undefined, {}, undefined, options);
  }

  /**
   * The Service name.
   * @default - a resource backend
   */
  public readonly serviceName?: string;
  /** @internal */
  public readonly _service?: kplus.Service;
  private readonly options: IngressServiceBackendOptions;
  private readonly resource?: IngressResourceBackendOptions;

  private constructor(
    serviceName: string | undefined, options: IngressServiceBackendOptions, service?: kplus.Service, resource?: IngressResourceBackendOptions,
  ) {
    const what = `IngressBackend ${JSON.stringify(serviceName)}`;
    if (options.port !== undefined && options.portName !== undefined) {
      throw new Error(`${what}: give either port (${options.port}) or portName (${JSON.stringify(options.portName)}), not both`);
    }
    if (options.port !== undefined) checkInteger(options.port, 1, 65535, `${what}: port`);
    if (options.portName !== undefined) {
      const n = options.portName;
      if (n.length > 15 || !IANA.test(n) || !/[a-z]/.test(n) || n.includes('--')) {
        throw new Error(`${what}: invalid portName ${JSON.stringify(n)}: must be an IANA service name (at most 15 lower-case letters, digits and '-', with a letter, no '--')`);
      }
    }
    this.serviceName = serviceName;
    this.options = options;
    this._service = service;
    this.resource = resource;
  }

  /** @internal */
  public _toKube(): any {
    if (this.resource) {
      const r = this.resource;
      return { resource: { ...(r.apiGroup !== undefined ? { apiGroup: r.apiGroup } : {}), kind: r.kind, name: r.name } };
    }
    const port = this.options.portName !== undefined ? { name: this.options.portName }
      : { number: this.options.port ?? this._service?.ports[0]?.port };
    return { service: { name: this.serviceName, port } };
  }

  /** The key that identifies the Service (`name`), for canary checks. @internal */
  public _serviceKey(): string | undefined {
    return this.serviceName;
  }
}
