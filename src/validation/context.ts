import { CustomResourceDefinitions } from './crd/definitions';
import { LoadedObject } from './manifests';

/** The release channel of the Gateway API CRDs installed in the cluster. */
export enum GatewayApiChannel {
  /** The standard channel: stable kinds, versions and fields only. */
  STANDARD = 'standard',
  /** The experimental channel: also alpha versions (e.g. TLSRoute v1alpha2) and experimental fields. */
  EXPERIMENTAL = 'experimental',
}

/** Options that change what validation assumes about the cluster. */
export interface ValidationOptions {
  /**
   * Warnings fail too (CLI `--strict`).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Suffix for generated Route hosts (`NAME-NAMESPACE.DOMAIN`).
   * @default 'apps.local'
   */
  readonly routerDomain?: string;
  /**
   * CustomResourceDefinitions to validate custom resources against (schema,
   * defaults, CEL rules), as the API server would with these CRDs installed
   * (CLI `--crds`). For kinds the tool also validates built in, both run and
   * identical findings are reported once.
   * @default - no CRDs: only the built-in rules
   */
  readonly crds?: CustomResourceDefinitions;
  /**
   * Which Gateway API CRD channel the cluster has installed. With the standard
   * channel, experimental-only fields are warnings and experimental-only
   * versions are errors; with the experimental channel both are validated.
   * @default GatewayApiChannel.STANDARD
   */
  readonly gatewayApiChannel?: GatewayApiChannel;
}

/** Finds objects by kind, namespace and name, in O(1). Built once per run. */
export class ObjectIndex {
  private static key(kind: string, ns: string, name: string): string {
    return `${kind}\u0000${ns}\u0000${name}`;
  }

  private readonly byKey = new Map<string, LoadedObject>();
  private readonly byKind = new Map<string, LoadedObject[]>();

  constructor(objects: LoadedObject[]) {
    for (const o of objects) {
      const kind = o.kind;
      const list = this.byKind.get(kind);
      if (list) list.push(o);
      else this.byKind.set(kind, [o]);
      const key = ObjectIndex.key(kind, o.namespace ?? 'default', o.name);
      if (!this.byKey.has(key)) this.byKey.set(key, o);
    }
  }

  /** The first object of this kind, namespace (`default` when unset) and name. */
  public get(kind: string, namespace: string | undefined, name: string): LoadedObject | undefined {
    return this.byKey.get(ObjectIndex.key(kind, namespace ?? 'default', name));
  }

  /** Every object of a kind, in input order. */
  public ofKind(kind: string): LoadedObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Whether the input holds any object of this kind (to decide whether "not found" can be known). */
  public hasKind(kind: string): boolean {
    return this.byKind.has(kind);
  }
}

/** What every validator receives besides the object. */
export interface ValidationContext {
  readonly index: ObjectIndex;
  readonly options: ValidationOptions;
}
