import { checkEnum, checkHostname, checkPort, checkQualifiedName, checkSectionName, checkValueLength, show } from './checks';
import { GatewayProtocol } from './enums';
import { AllowedNamespaces, checkRouteGroupKind, GatewayCertificate, RouteGroupKind } from './references';
import { PROTOCOL_KINDS } from '../validation/gateway-attachment';

/** Options of TLS terminated at the Gateway. */
export interface GatewayTlsTerminateOptions {
  /**
   * The certificates to serve (1-64), chosen by SNI.
   * @default - none; then `options` must carry an implementation-specific certificate source
   */
  readonly certificates?: GatewayCertificate[];
  /**
   * Implementation-specific TLS options (at most 16; domain-prefixed keys such as `example.com/min-version`).
   * @default - none
   */
  readonly options?: { [key: string]: string };
}

/** How a listener uses TLS (`listeners[].tls`): terminate at the Gateway, or pass through by SNI. */
export class GatewayTls {
  /** The Gateway terminates TLS with the given certificates (HTTPS, or TLS with TLSRoutes). */
  public static terminate(options: GatewayTlsTerminateOptions = {}): GatewayTls {
    const certs = options.certificates ?? [];
    const opts = Object.entries(options.options ?? {});
    for (const c of certs) if (!(c instanceof GatewayCertificate)) throw new Error('GatewayTls.terminate: certificates must be GatewayCertificate objects (GatewayCertificate.fromSecret or .fromSecretName)');
    if (certs.length === 0 && opts.length === 0) {
      throw new Error('GatewayTls.terminate: give at least one certificate (GatewayCertificate.fromSecret(...)) or an implementation-specific option: TLS termination needs a certificate source');
    }
    if (certs.length > 64) throw new Error(`GatewayTls.terminate: at most 64 certificates are allowed, got ${certs.length}`);
    if (opts.length > 16) throw new Error(`GatewayTls.terminate: at most 16 options are allowed, got ${opts.length}`);
    for (const [k, v] of opts) {
      checkQualifiedName(k, 'GatewayTls.terminate: options');
      checkValueLength(v, 4096, `GatewayTls.terminate: options[${show(k)}]`);
    }
    return new GatewayTls('Terminate', certs, options.options);
  }

  /** The Gateway passes the TLS connection through, chosen by SNI (protocol TLS, TLSRoutes). */
  public static passthrough(): GatewayTls {
    return new GatewayTls('Passthrough', [], undefined);
  }

  /** `Terminate` or `Passthrough`. */
  public readonly mode: string;
  /** The certificates (terminate only). */
  public readonly certificates: GatewayCertificate[];
  private readonly options?: { [key: string]: string };

  private constructor(mode: string, certificates: GatewayCertificate[], options: { [key: string]: string } | undefined) {
    this.mode = mode;
    this.certificates = [...certificates];
    this.options = options ? { ...options } : undefined;
  }

  /** @internal */
  public _toKube(ownNamespace: string | undefined): any {
    const out: any = { mode: this.mode };
    if (this.certificates.length > 0) out.certificateRefs = this.certificates.map((c) => c._toKube(ownNamespace));
    if (this.options && Object.keys(this.options).length > 0) out.options = { ...this.options };
    return out;
  }
}

/** Which routes may attach to a listener. */
export interface AllowedRoutes {
  /**
   * Namespaces routes may come from.
   * @default - AllowedNamespaces.same(): only the Gateway's namespace
   */
  readonly namespaces?: AllowedNamespaces;
  /**
   * Route kinds allowed (at most 8).
   * @default - derived from the protocol: HTTPRoute and GRPCRoute for HTTP/HTTPS, TLSRoute for TLS, TCPRoute for TCP, UDPRoute for UDP
   */
  readonly kinds?: RouteGroupKind[];
}

/** A listener of a Gateway or ListenerSet: where it accepts connections and what it serves. */
export interface GatewayListener {
  /** The listener name, unique in the Gateway (a DNS subdomain); routes attach to it by `sectionName`. */
  readonly name: string;
  /** The port (1-65535). */
  readonly port: number;
  /** The protocol. */
  readonly protocol: GatewayProtocol;
  /**
   * The host name served (Host header or SNI); a leading `*.` matches any subdomain.
   * Not allowed for TCP and UDP.
   * @default - every host name
   */
  readonly hostname?: string;
  /**
   * TLS: required for HTTPS (terminate) and TLS (terminate or passthrough); not allowed otherwise.
   * @default - no TLS
   */
  readonly tls?: GatewayTls;
  /**
   * Which routes may attach.
   * @default - routes of the protocol's kinds from the Gateway's namespace
   */
  readonly allowedRoutes?: AllowedRoutes;
}


/** A listener checked and normalised. @internal */
export class ListenerState {
  public readonly name: string;
  public readonly port: number;
  public readonly protocol: GatewayProtocol;
  public readonly hostname?: string;
  public readonly tls?: GatewayTls;
  public readonly namespaces?: AllowedNamespaces;
  public readonly kinds?: Array<Required<RouteGroupKind>>;

  constructor(l: GatewayListener, what: string) {
    if (!l || typeof l !== 'object') throw new Error(`${what}: expected a listener ({ name, port, protocol, ... })`);
    const w = `${what} ${show(l.name)}`;
    this.name = checkSectionName(l.name, `${what}: name`);
    this.port = checkPort(l.port, w);
    this.protocol = checkEnum(l.protocol, GatewayProtocol, `${w}: protocol`);
    const l4 = l.protocol === GatewayProtocol.TCP || l.protocol === GatewayProtocol.UDP;
    if (l.hostname !== undefined) {
      if (l4) throw new Error(`${w}: hostname ${show(l.hostname)} is not allowed with protocol ${l.protocol} (TCP and UDP listeners have no host names)`);
      this.hostname = checkHostname(l.hostname, `${w}: hostname`);
    }
    if (l.tls !== undefined) {
      if (!(l.tls instanceof GatewayTls)) throw new Error(`${w}: tls must be a GatewayTls (GatewayTls.terminate or GatewayTls.passthrough)`);
      if (l.protocol === GatewayProtocol.HTTP || l4) {
        throw new Error(`${w}: tls is not allowed with protocol ${l.protocol}: use HTTPS (terminate) or TLS (terminate or passthrough)`);
      }
      if (l.protocol === GatewayProtocol.HTTPS && l.tls.mode !== 'Terminate') {
        throw new Error(`${w}: an HTTPS listener must terminate TLS (GatewayTls.terminate); for passthrough use protocol TLS with TLSRoutes`);
      }
      this.tls = l.tls;
    } else if (l.protocol === GatewayProtocol.HTTPS || l.protocol === GatewayProtocol.TLS) {
      throw new Error(`${w}: protocol ${l.protocol} needs tls (${l.protocol === GatewayProtocol.HTTPS ? 'GatewayTls.terminate({ certificates: [...] })' : 'GatewayTls.passthrough() or GatewayTls.terminate({...})'})`);
    }
    const ar = l.allowedRoutes;
    if (ar?.namespaces !== undefined) {
      if (!(ar.namespaces instanceof AllowedNamespaces)) throw new Error(`${w}: allowedRoutes.namespaces must be an AllowedNamespaces (AllowedNamespaces.all(), .same() or .selector({...}))`);
      if (ar.namespaces.from === 'None') throw new Error(`${w}: allowedRoutes.namespaces cannot be AllowedNamespaces.none() (allowed: all, same, selector)`);
      this.namespaces = ar.namespaces;
    }
    if (ar?.kinds !== undefined) {
      if (ar.kinds.length > 8) throw new Error(`${w}: allowedRoutes.kinds: at most 8 kinds are allowed, got ${ar.kinds.length}`);
      this.kinds = ar.kinds.map((k, i) => checkRouteGroupKind(k, `${w}: allowedRoutes.kinds[${i}]`));
    }
  }

  /** The route kinds this listener admits (group/kind). */
  public admittedKinds(): Array<Required<RouteGroupKind>> {
    if (this.kinds && this.kinds.length > 0) return this.kinds;
    return (PROTOCOL_KINDS[this.protocol] ?? []).map((kind) => ({ group: 'gateway.networking.k8s.io', kind }));
  }

  /** The namespaces this listener admits routes from. */
  public allowedNamespaces(): AllowedNamespaces {
    return this.namespaces ?? AllowedNamespaces.same();
  }

  public toKube(ownNamespace: string | undefined): any {
    const out: any = { name: this.name };
    if (this.hostname !== undefined) out.hostname = this.hostname;
    out.port = this.port;
    out.protocol = this.protocol;
    if (this.tls) out.tls = this.tls._toKube(ownNamespace);
    if (this.namespaces || this.kinds) {
      const a: any = {};
      if (this.namespaces) a.namespaces = this.namespaces._toKube();
      if (this.kinds) a.kinds = this.kinds.map((k) => ({ group: k.group, kind: k.kind }));
      out.allowedRoutes = a;
    }
    return out;
  }
}

/** Adds a listener to a list, enforcing the list rules (count, unique names, distinct port/protocol/hostname). @internal */
export function addListenerTo(list: ListenerState[], listener: GatewayListener, what: string): ListenerState {
  const l = new ListenerState(listener, `${what}: listener`);
  if (list.length >= 64) throw new Error(`${what}: cannot add listener ${show(l.name)}: at most 64 listeners are allowed`);
  if (list.some((o) => o.name === l.name)) throw new Error(`${what}: listener name ${show(l.name)} is already used: listener names must be unique`);
  const clash = list.find((o) => o.port === l.port && o.protocol === l.protocol && o.hostname === l.hostname);
  if (clash) {
    throw new Error(`${what}: listener ${show(l.name)} has the same port (${l.port}), protocol (${l.protocol}) and hostname (${show(l.hostname ?? '(none)')}) as listener ${show(clash.name)}: each combination must be unique`);
  }
  list.push(l);
  return l;
}
