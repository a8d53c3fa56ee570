import * as kplus from 'cdk8s-plus-28';
import {
  checkGroup, checkKind, checkNamespace, checkObjectName, checkQualifiedName, checkRefName, checkValueLength, show,
} from './checks';
import { LabelSelectorOperator } from './enums';
import { isIP } from '../validation/hostname';

/** The namespace a cdk8s object was given (explicitly or by its chart), when it has metadata. @internal */
export function namespaceOf(obj: unknown): string | undefined {
  const ns = (obj as any)?.metadata?.namespace;
  return typeof ns === 'string' && ns.length > 0 ? ns : undefined;
}

/** Options of a Secret referenced by name. */
export interface SecretReferenceOptions {
  /**
   * The Secret's namespace. Another namespace than the referring object's needs
   * a ReferenceGrant there (a Gateway generates it).
   * @default - the namespace of the referring object
   */
  readonly namespace?: string;
}

/**
 * A TLS certificate a Gateway listener serves (`tls.certificateRefs[]`): a
 * `kubernetes.io/tls` Secret holding `tls.crt` and `tls.key`.
 */
export class GatewayCertificate {
  /** A cdk8s-plus Secret (e.g. a `TlsSecret`) or an imported `ISecret`; its namespace is used when known. */
  public static fromSecret(secret: kplus.ISecret): GatewayCertificate {
    if (!secret || typeof secret.name !== 'string') throw new Error('GatewayCertificate.fromSecret: expected a cdk8s-plus Secret');
    return new GatewayCertificate(secret.name, namespaceOf(secret));
  }

  /** A Secret by name (defined elsewhere). */
  public static fromSecretName(name: string, options: SecretReferenceOptions = {}): GatewayCertificate {
    checkObjectName(name, 'GatewayCertificate.fromSecretName');
    if (options.namespace !== undefined) checkNamespace(options.namespace, 'GatewayCertificate.fromSecretName');
    return new GatewayCertificate(name, options.namespace);
  }

  /** The name of the Secret. */
  public readonly secretName: string;
  /**
   * The namespace of the Secret, when given or known.
   * @default - the namespace of the referring object
   */
  public readonly secretNamespace?: string;

  private constructor(name: string, namespace: string | undefined) {
    this.secretName = name;
    this.secretNamespace = namespace;
  }

  /** @internal */
  public _toKube(ownNamespace: string | undefined): any {
    const ref: any = { group: '', kind: 'Secret', name: this.secretName };
    if (this.secretNamespace !== undefined && this.secretNamespace !== ownNamespace) ref.namespace = this.secretNamespace;
    return ref;
  }
}

/** Options of a CA certificate ConfigMap referenced by name. */
export interface CaCertificateReferenceOptions {
  /**
   * The ConfigMap's namespace (Gateway client validation only; a BackendTLSPolicy
   * can only use its own namespace).
   * @default - the namespace of the referring object
   */
  readonly namespace?: string;
}

/** CA certificates (PEM in a ConfigMap's `ca.crt`) used to verify peers. */
export class CaCertificateRef {
  /** A cdk8s-plus ConfigMap, or one imported with `ConfigMap.fromConfigMapName`. */
  public static fromConfigMap(configMap: kplus.IConfigMap): CaCertificateRef {
    if (!configMap || typeof configMap.name !== 'string') throw new Error('CaCertificateRef.fromConfigMap: expected a cdk8s-plus ConfigMap');
    return new CaCertificateRef(configMap.name, namespaceOf(configMap));
  }

  /** A ConfigMap by name. */
  public static fromConfigMapName(name: string, options: CaCertificateReferenceOptions = {}): CaCertificateRef {
    checkObjectName(name, 'CaCertificateRef.fromConfigMapName');
    if (options.namespace !== undefined) checkNamespace(options.namespace, 'CaCertificateRef.fromConfigMapName');
    return new CaCertificateRef(name, options.namespace);
  }

  /** The ConfigMap's name. */
  public readonly configMapName: string;
  /**
   * The ConfigMap's namespace when given or known.
   * @default - the namespace of the referring object
   */
  public readonly configMapNamespace?: string;

  private constructor(name: string, namespace: string | undefined) {
    this.configMapName = name;
    this.configMapNamespace = namespace;
  }

  /** @internal */
  public _toKube(ownNamespace: string | undefined, allowNamespace: boolean): any {
    const ref: any = { group: '', kind: 'ConfigMap', name: this.configMapName };
    if (allowNamespace && this.configMapNamespace !== undefined && this.configMapNamespace !== ownNamespace) ref.namespace = this.configMapNamespace;
    return ref;
  }
}

/** A requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label's value is compared with `values`. */
  readonly operator: LabelSelectorOperator;
  /**
   * Values for `IN` / `NOT_IN`; must be empty for `EXISTS` / `DOES_NOT_EXIST`.
   * @default - none
   */
  readonly values?: string[];
}

/** A selector over namespace labels. */
export interface NamespaceSelector {
  /**
   * Labels the namespace must have, all of them (ANDed with `matchExpressions`).
   * @default - none
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Requirements the namespace's labels must meet, all of them.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

enum FromKind {
  ALL = 'All',
  SAME = 'Same',
  SELECTOR = 'Selector',
  NONE = 'None',
}

/**
 * Which namespaces may attach: routes to a listener (`allowedRoutes.namespaces`)
 * or ListenerSets to a Gateway (`allowedListeners.namespaces`).
 */
export class AllowedNamespaces {
  /** Every namespace. */
  public static all(): AllowedNamespaces {
    return new AllowedNamespaces(FromKind.ALL);
  }

  /** Only the Gateway's own namespace (the API default for routes). */
  public static same(): AllowedNamespaces {
    return new AllowedNamespaces(FromKind.SAME);
  }

  /** Namespaces whose labels match the selector (at least one of matchLabels / matchExpressions). */
  public static selector(selector: NamespaceSelector): AllowedNamespaces {
    const what = 'AllowedNamespaces.selector';
    const labels = Object.entries(selector?.matchLabels ?? {});
    const exprs = selector?.matchExpressions ?? [];
    if (labels.length === 0 && exprs.length === 0) {
      throw new Error(`${what}: give matchLabels or matchExpressions (an empty selector would select every namespace; use AllowedNamespaces.all() for that)`);
    }
    for (const [k, v] of labels) {
      checkQualifiedName(k, `${what}: matchLabels`);
      if (typeof v !== 'string' || v.length > 63 || !/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v)) {
        throw new Error(`${what}: matchLabels[${show(k)}]: invalid label value ${show(v)}: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit`);
      }
    }
    for (const e of exprs) {
      checkQualifiedName(e.key, `${what}: matchExpressions key`);
      const allowed = Object.values(LabelSelectorOperator) as string[];
      if (!allowed.includes(e.operator)) throw new Error(`${what}: matchExpressions[${show(e.key)}]: unsupported operator ${show(e.operator)}: supported values: ${allowed.join(', ')}`);
      const n = e.values?.length ?? 0;
      const needsValues = e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN;
      if (needsValues && n === 0) throw new Error(`${what}: matchExpressions[${show(e.key)}]: operator ${e.operator} needs at least one value`);
      if (!needsValues && n > 0) throw new Error(`${what}: matchExpressions[${show(e.key)}]: operator ${e.operator} takes no values, got ${show(e.values)}`);
    }
    return new AllowedNamespaces(FromKind.SELECTOR, selector);
  }

  /** No namespace (only for `Gateway` `allowedListeners`: no ListenerSet may attach; the API default there). */
  public static none(): AllowedNamespaces {
    return new AllowedNamespaces(FromKind.NONE);
  }

  /** The `from` value. */
  public readonly from: string;
  /**
   * The selector.
   * @default - none (not `Selector`)
   */
  public readonly namespaceSelector?: NamespaceSelector;

  private constructor(from: FromKind, selector?: NamespaceSelector) {
    this.from = from;
    this.namespaceSelector = selector;
  }

  /**
   * Whether a namespace with these labels is allowed, from a Gateway in `gatewayNamespace`.
   * `undefined` when it cannot be told (selector and unknown labels).
   * @internal
   */
  public _admits(routeNamespace: string | undefined, gatewayNamespace: string | undefined,
    labels: Record<string, string> | undefined): boolean | undefined {
    switch (this.from) {
      case FromKind.ALL: return true;
      case FromKind.NONE: return false;
      case FromKind.SAME: return (routeNamespace ?? 'default') === (gatewayNamespace ?? 'default');
      default: {
        if (!labels) return undefined;
        const s = this.namespaceSelector ?? {};
        for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
        for (const e of s.matchExpressions ?? []) {
          const has = Object.prototype.hasOwnProperty.call(labels, e.key);
          const inValues = has && (e.values ?? []).includes(labels[e.key]);
          if (e.operator === LabelSelectorOperator.IN && !inValues) return false;
          if (e.operator === LabelSelectorOperator.NOT_IN && inValues) return false;
          if (e.operator === LabelSelectorOperator.EXISTS && !has) return false;
          if (e.operator === LabelSelectorOperator.DOES_NOT_EXIST && has) return false;
        }
        return true;
      }
    }
  }

  /** A short description for messages. @internal */
  public _describe(): string {
    if (this.from !== FromKind.SELECTOR) return `from ${this.from}`;
    return `from Selector ${show(this.namespaceSelector)}`;
  }

  /** @internal */
  public _toKube(): any {
    if (this.from !== FromKind.SELECTOR) return { from: this.from };
    const s = this.namespaceSelector!;
    const selector: any = {};
    if (s.matchLabels && Object.keys(s.matchLabels).length > 0) selector.matchLabels = { ...s.matchLabels };
    if (s.matchExpressions && s.matchExpressions.length > 0) {
      selector.matchExpressions = s.matchExpressions.map((e) => (e.values && e.values.length > 0
        ? { key: e.key, operator: e.operator, values: [...e.values] }
        : { key: e.key, operator: e.operator }));
    }
    return { from: this.from, selector };
  }
}

/** A kind of route (group and kind), e.g. in `allowedRoutes.kinds`. */
export interface RouteGroupKind {
  /** The kind, e.g. `HTTPRoute`. */
  readonly kind: string;
  /**
   * The API group.
   * @default "gateway.networking.k8s.io"
   */
  readonly group?: string;
}

/** @internal */
export function checkRouteGroupKind(k: RouteGroupKind, what: string): Required<RouteGroupKind> {
  checkKind(k?.kind, `${what}: kind`);
  const group = k.group ?? 'gateway.networking.k8s.io';
  checkGroup(group, `${what}: group`);
  return { kind: k.kind, group };
}

/** A reference to an implementation-specific parameters object. */
export interface ParametersReference {
  /** The API group of the object. */
  readonly group: string;
  /** The kind of the object. */
  readonly kind: string;
  /** The name of the object. */
  readonly name: string;
  /**
   * The namespace of the object (for namespaced kinds; GatewayClass only).
   * @default - cluster-scoped, or the Gateway's namespace
   */
  readonly namespace?: string;
}

/** @internal */
export function parametersRefToKube(ref: ParametersReference, what: string, allowNamespace: boolean): any {
  checkGroup(ref?.group, `${what}: group`);
  checkKind(ref.kind, `${what}: kind`);
  checkRefName(ref.name, `${what}: name`);
  const out: any = { group: ref.group, kind: ref.kind, name: ref.name };
  if (ref.namespace !== undefined) {
    if (!allowNamespace) throw new Error(`${what}: namespace is not allowed here (the object must be in the same namespace), got ${show(ref.namespace)}`);
    out.namespace = checkNamespace(ref.namespace, `${what}: namespace`);
  }
  return out;
}

/** An address requested for a Gateway (`spec.addresses[]`). */
export class GatewayAddress {
  /** An IPv4 or IPv6 address. */
  public static ipAddress(address: string): GatewayAddress {
    if (typeof address !== 'string' || !isIP(address)) {
      throw new Error(`GatewayAddress.ipAddress: invalid IP address ${show(address)}: give an IPv4 (1.2.3.4) or IPv6 (2001:db8::1) address`);
    }
    return new GatewayAddress('IPAddress', address);
  }

  /** A DNS name, optionally with a leading `*.` label. */
  public static hostname(hostname: string): GatewayAddress {
    if (typeof hostname !== 'string' || hostname.length === 0 || hostname.length > 253
      || !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(hostname)) {
      throw new Error(`GatewayAddress.hostname: invalid hostname ${show(hostname)}: must be a lower-case DNS name, optionally starting with '*.'`);
    }
    return new GatewayAddress('Hostname', hostname);
  }

  /** An implementation-specific address type (a domain-prefixed string such as `example.com/my-type`). */
  public static custom(type: string, value: string): GatewayAddress {
    if (typeof type !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[a-zA-Z0-9/\-._~%!$&'()*+,;=:]+$/.test(type) || type.length > 253) {
      throw new Error(`GatewayAddress.custom: invalid type ${show(type)}: must be domain-prefixed (e.g. "example.com/my-type"); use GatewayAddress.ipAddress or .hostname for the core types`);
    }
    checkValueLength(value, 253, 'GatewayAddress.custom: value');
    return new GatewayAddress(type, value);
  }

  /** The address type. */
  public readonly type: string;
  /** The address. */
  public readonly value: string;

  private constructor(type: string, value: string) {
    this.type = type;
    this.value = value;
  }

  /** @internal */
  public _toKube(): any {
    return { type: this.type, value: this.value };
  }
}
