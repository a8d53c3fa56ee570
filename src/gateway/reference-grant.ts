import { ApiObject, ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkGroup, checkKind, checkNamespace, checkRefName, show } from './checks';
import { validateManifests } from '../validation/validate';

/** Who may reference objects in the grant's namespace. */
export interface ReferenceGrantFrom {
  /** The namespace of the referring objects. */
  readonly namespace: string;
  /** The kind of the referring objects, e.g. `HTTPRoute` or `Gateway`. */
  readonly kind: string;
  /**
   * The API group of the referring objects.
   * @default "gateway.networking.k8s.io"
   */
  readonly group?: string;
}

/** What may be referenced in the grant's namespace. */
export interface ReferenceGrantTo {
  /** The kind of the referenced objects, e.g. `Service` or `Secret`. */
  readonly kind: string;
  /**
   * The API group of the referenced objects.
   * @default "" (the core group: Service, Secret)
   */
  readonly group?: string;
  /**
   * The name of the one object that may be referenced.
   * @default - every object of this kind in the namespace
   */
  readonly name?: string;
}

/** Properties of a `ReferenceGrant`. */
export interface ReferenceGrantProps {
  /**
   * Metadata; the namespace is the one whose objects may be referenced.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Who may reference (1-16 entries; more with `addFrom`).
   * @default - none; add at least one with `addFrom()`
   */
  readonly from?: ReferenceGrantFrom[];
  /**
   * What may be referenced (1-16 entries; more with `addTo`).
   * @default - none; add at least one with `addTo()`
   */
  readonly to?: ReferenceGrantTo[];
}

const MAX_ENTRIES = 16;

/**
 * A ReferenceGrant (`gateway.networking.k8s.io/v1`): lets objects of the given
 * kinds in other namespaces reference objects in this grant's namespace (routes
 * → Services, Gateways → Secrets). Routes with cross-namespace backends generate
 * the grants they need unless `generateReferenceGrants: false`.
 */
export class ReferenceGrant extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** The name of the ReferenceGrant. */
  public readonly name: string;

  private readonly fromEntries: Array<Required<ReferenceGrantFrom>> = [];
  private readonly toEntries: ReferenceGrantTo[] = [];
  /** When set, `to` entries beyond 16 collapse into name-less entries. */
  private collapseTo = false;

  constructor(scope: Construct, id: string, props: ReferenceGrantProps = {}) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.name = this.apiObject.name;
    for (const f of props.from ?? []) this.addFrom(f);
    for (const t of props.to ?? []) this.addTo(t);
    this.node.addValidation({ validate: () => this.validateGrant() });
  }

  /** The namespace of the grant (objects there may be referenced). */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /** Adds a `from` entry (at most 16; an identical entry is not repeated). */
  public addFrom(from: ReferenceGrantFrom): void {
    const what = `ReferenceGrant ${this.node.path}: from`;
    const entry = {
      group: checkGroup(from?.group ?? 'gateway.networking.k8s.io', `${what}: group`),
      kind: checkKind(from?.kind, `${what}: kind`),
      namespace: checkNamespace(from?.namespace, `${what}: namespace`),
    };
    if (this.fromEntries.some((e) => e.group === entry.group && e.kind === entry.kind && e.namespace === entry.namespace)) return;
    if (this.fromEntries.length >= MAX_ENTRIES) throw new Error(`${what}: cannot add ${show(entry)}: at most ${MAX_ENTRIES} entries are allowed`);
    this.fromEntries.push(entry);
  }

  /** Adds a `to` entry (at most 16; an identical entry is not repeated). */
  public addTo(to: ReferenceGrantTo): void {
    const what = `ReferenceGrant ${this.node.path}: to`;
    const entry: ReferenceGrantTo = {
      group: checkGroup(to?.group ?? '', `${what}: group`),
      kind: checkKind(to?.kind, `${what}: kind`),
      ...(to.name !== undefined ? { name: checkRefName(to.name, `${what}: name`) } : {}),
    };
    if (this.toEntries.some((e) => e.group === entry.group && e.kind === entry.kind && e.name === entry.name)) return;
    if (!this.collapseTo && this.toEntries.length >= MAX_ENTRIES) throw new Error(`${what}: cannot add ${show(entry)}: at most ${MAX_ENTRIES} entries are allowed`);
    this.toEntries.push(entry);
  }

  /** @internal */
  public _allowCollapsing(): void {
    this.collapseTo = true;
  }

  private renderedTo(): ReferenceGrantTo[] {
    let entries = this.toEntries;
    if (this.collapseTo && entries.length > MAX_ENTRIES) {
      // Too many named objects: grant the whole kind instead (documented in docs/gateway.md).
      const kinds = new Map<string, ReferenceGrantTo>();
      for (const e of entries) kinds.set(`${e.group}/${e.kind}`, { group: e.group, kind: e.kind });
      entries = [...kinds.values()];
    }
    return entries.map((e) => (e.name !== undefined ? { group: e.group, kind: e.kind, name: e.name } : { group: e.group, kind: e.kind }));
  }

  private renderSpec(): any {
    const from = this.fromEntries.map((e) => ({ group: e.group, kind: e.kind, namespace: e.namespace }));
    const to = this.renderedTo();
    if (this.collapseTo) {
      // Generated grants: sorted, so the output does not depend on the order routes were added.
      const key = (o: any) => `${o.group}/${o.kind}/${o.namespace ?? ''}/${o.name ?? ''}`;
      from.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      to.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    }
    return { from, to };
  }

  private validateGrant(): string[] {
    const messages: string[] = [];
    if (this.fromEntries.length === 0) messages.push('spec.from: at least one entry is required (addFrom) [gateway.construct.reference-grant.from]');
    if (this.toEntries.length === 0) messages.push('spec.to: at least one entry is required (addTo) [gateway.construct.reference-grant.to]');
    const report = validateManifests([this.apiObject.toJson()]);
    for (const f of report.errors) messages.push(`${f.field}: ${f.message} [${f.rule}]`);
    return messages;
  }
}

/** Generated grants per app root, keyed by from-namespace and to-namespace. */
const GENERATED = new WeakMap<IConstruct, Map<string, ReferenceGrant>>();

/** A DNS-1123 subdomain from a namespace name (namespaces are labels, so this is the identity). */
function grantName(fromNamespace: string): string {
  return `cdk8s-routing-from-${fromNamespace}`;
}

/**
 * The generated ReferenceGrant that lets objects of `fromKind` in `fromNamespace`
 * reference `to` in `toNamespace`: one per (from, to) namespace pair in the app,
 * created in the chart of the first object that needs it and merged afterwards.
 */
export function requireReferenceGrant(requester: Construct, fromNamespace: string, fromKind: string, toNamespace: string,
  to: ReferenceGrantTo): ReferenceGrant {
  const root = requester.node.root;
  let grants = GENERATED.get(root);
  if (!grants) GENERATED.set(root, (grants = new Map()));
  const key = `${fromNamespace}\u0000${toNamespace}`;
  let grant = grants.get(key);
  if (!grant) {
    const chart = Chart.of(requester);
    grant = new ReferenceGrant(chart, `ReferenceGrant-${fromNamespace}-to-${toNamespace}`, {
      metadata: { name: grantName(fromNamespace), namespace: toNamespace },
    });
    grant._allowCollapsing();
    grants.set(key, grant);
  }
  grant.addFrom({ group: 'gateway.networking.k8s.io', kind: fromKind, namespace: fromNamespace });
  grant.addTo(to);
  return grant;
}
