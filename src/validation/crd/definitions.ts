import { FieldPath } from '../field-path';
import { Issues } from '../finding';
import { dns1123SubdomainErrors } from '../hostname';
import { InputError, LoadedObject, loadPaths, fromObjects } from '../manifests';
import { CelEngine } from './cel';
import { JsonSchema, validateAgainstSchema } from './schema';

const CRD_API_VERSIONS = new Set(['apiextensions.k8s.io/v1']);

interface ServedVersion {
  readonly crd: string;
  readonly schema?: JsonSchema;
  readonly statusSubresource: boolean;
}

interface KindEntry {
  readonly crd: string;
  readonly versions: Map<string, ServedVersion>;
}

/**
 * A set of CustomResourceDefinitions (`apiextensions.k8s.io/v1`): custom
 * resources of a group, kind and version that one of them serves are
 * validated against that version's structural schema (with defaults applied
 * first) and its `x-kubernetes-validations` CEL rules, as the API server does.
 *
 * Read them from files or directories (multi-document YAML, `kind: List`, the
 * output of `kubectl get crd -o yaml`) with {@link fromPaths}, or from plain
 * objects with {@link fromObjects}; pass them as `ValidationOptions.crds`.
 * Other objects in the inputs are ignored.
 */
export class CustomResourceDefinitions {
  /**
   * Reads CRDs from files and directories (recursively: *.yaml, *.yml, *.json).
   * Throws when a path cannot be read or a file does not parse.
   */
  public static fromPaths(paths: string[]): CustomResourceDefinitions {
    const { objects, findings } = loadPaths(paths);
    if (findings.length > 0) {
      const f = findings[0];
      throw new InputError(`cannot read CRDs from ${f.file}:${f.line}: ${f.message}`);
    }
    return new CustomResourceDefinitions(objects);
  }

  /** Uses CRDs given as plain objects (e.g. parsed YAML); objects of other kinds are ignored. */
  public static fromObjects(objects: any[]): CustomResourceDefinitions {
    return new CustomResourceDefinitions(fromObjects(objects));
  }

  private readonly byGroupKind = new Map<string, KindEntry>();
  private readonly cel = new CelEngine();

  private constructor(objects: LoadedObject[]) {
    for (const o of objects) {
      if (o.kind !== 'CustomResourceDefinition' || !CRD_API_VERSIONS.has(o.apiVersion)) continue;
      const spec = o.object.spec;
      const group = spec?.group;
      const kind = spec?.names?.kind;
      if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions)) continue;
      const versions = new Map<string, ServedVersion>();
      for (const v of spec.versions) {
        if (typeof v?.name !== 'string' || v.served === false) continue;
        const schema = v.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
        versions.set(v.name, { crd: o.name, schema: isObject(schema) ? schema : undefined, statusSubresource: isObject(v.subresources?.status) });
      }
      // a later definition of the same group and kind replaces an earlier one (as `kubectl apply` would)
      this.byGroupKind.set(`${group}/${kind}`, { crd: o.name, versions });
    }
  }

  /** The served `group/version/Kind` triples, sorted. */
  public get servedKinds(): string[] {
    const out: string[] = [];
    for (const [gk, e] of this.byGroupKind) {
      const slash = gk.lastIndexOf('/');
      for (const v of e.versions.keys()) out.push(`${gk.slice(0, slash)}/${v}/${gk.slice(slash + 1)}`);
    }
    return out.sort();
  }

  /**
   * Whether one of the CRDs defines this group and kind (in any version).
   * @internal
   */
  public _definesKind(group: string, kind: string): boolean {
    return this.byGroupKind.has(`${group}/${kind}`);
  }

  /**
   * Validates one object when a CRD defines its group and kind; appends issues.
   * @internal
   */
  public _validate(obj: LoadedObject, issues: Issues): void {
    const group = obj.group;
    const entry = this.byGroupKind.get(`${group}/${obj.kind}`);
    if (!entry || group === '') return;
    const version = obj.apiVersion.slice(group.length + 1);
    const served = entry.versions.get(version);
    if (!served) {
      issues.error.notSupported(FieldPath.root('apiVersion'), obj.apiVersion, [...entry.versions.keys()].sort().map((v) => `${group}/${v}`), 'crd.version.not-served');
      return;
    }
    checkName(obj, issues);
    if (!served.schema) return;
    validateAgainstSchema(obj.object, served.schema, this.cel, issues, { skipStatus: served.statusSubresource });
  }
}

/** Custom resource names: required (or generateName), a DNS-1123 subdomain, as the API server checks. */
function checkName(obj: LoadedObject, issues: Issues): void {
  const meta = obj.object.metadata;
  const path = FieldPath.root('metadata').child('name');
  const name = isObject(meta) ? meta.name : undefined;
  if (name === undefined || name === null || name === '') {
    if (!isObject(meta) || typeof meta.generateName !== 'string' || meta.generateName === '') {
      issues.error.required(path, 'crd.metadata.name', 'name or generateName is required');
    }
    return;
  }
  if (typeof name !== 'string') return; // the type is the schema's business
  const errors = dns1123SubdomainErrors(name);
  if (errors.length > 0) issues.error.invalid(path, name, 'crd.metadata.name', errors.join('; '));
}

function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
