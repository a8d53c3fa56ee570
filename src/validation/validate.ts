import { unknownVersion } from './api-versions';
import { ObjectIndex, ValidationContext, ValidationOptions } from './context';
import { FieldPath } from './field-path';
import { FieldIssue, Finding, FindingType, Issues, Severity } from './finding';
import { KIND_VALIDATORS, CROSS_VALIDATORS, GROUP_VALIDATORS } from './kinds';
import { fromObjects, LoadedObject } from './manifests';

/** The result of validating a set of manifests. */
export interface ValidationReport {
  /** How many objects were read. */
  readonly objects: number;
  /** What the API server would reject. */
  readonly errors: Finding[];
  /** What would be accepted but not served as written. */
  readonly warnings: Finding[];
}

/** Attaches an issue to its object: file, line of the field, identity. */
export function toFinding(obj: LoadedObject, issue: FieldIssue): Finding {
  return {
    severity: issue.severity,
    type: issue.type,
    field: issue.field.toString(),
    message: issue.message,
    rule: issue.rule,
    file: obj.source.file,
    line: obj.lineOf(issue.field),
    apiVersion: obj.apiVersion || undefined,
    kind: obj.kind || undefined,
    namespace: obj.namespace,
    name: obj.name || undefined,
    constructPath: obj.source.constructPath,
  };
}

/** Hooks of one run that are not options (the CLI's progress indicator). */
export interface ValidationHooks {
  /** Called every few hundred objects and once at the end with (objects checked, total). */
  readonly progress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 250;

/** Keeps the first of identical issues (same severity, field and type): built-in rules come before CRD rules. */
function dedupe(list: FieldIssue[]): FieldIssue[] {
  if (list.length < 2) return list;
  const seen = new Set<string>();
  return list.filter((i) => {
    const key = `${i.severity}\u0000${i.field.toString()}\u0000${i.type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Per-object checks: the unknown-version warning, the built-in validator of the kind, the CRD given for it. */
function validateObject(obj: LoadedObject, ctx: ValidationContext): FieldIssue[] {
  const crds = ctx.options.crds;
  const issues = new Issues();
  // the built-in rules are written for the versions they know; other versions are left to a CRD given
  // for the kind (it serves the version, or says it does not), else they get the unknown-version warning
  const unknown = unknownVersion(obj.apiVersion, obj.kind);
  if (unknown && !crds?._definesKind(obj.group, obj.kind)) {
    const known = unknown.known.length > 0 ? `; known: ${unknown.known.join(', ')}` : '';
    issues.warn.add(FindingType.NOT_SUPPORTED, FieldPath.root('apiVersion'), 'api.version.unknown',
      `${unknown.note ?? `unknown version ${JSON.stringify(obj.apiVersion)} of ${obj.kind}`}${known}; the object was not checked`);
  } else if (!unknown) {
    const v = KIND_VALIDATORS.get(obj.kind);
    const validate = v && v.groups.includes(obj.group) ? v.validate : GROUP_VALIDATORS.get(obj.group);
    validate?.(obj, issues, ctx); // kinds we do not model pass silently
  }
  if (crds) {
    const before = issues.list.length;
    crds._validate(obj, issues);
    if (issues.list.length > before && before > 0) return dedupe(issues.list);
  }
  return issues.list;
}

/** Validates loaded objects: per-object rules, then cross-object checks through indexes. */
export function validateLoaded(
  objects: LoadedObject[], options: ValidationOptions = {}, extra: Finding[] = [], hooks: ValidationHooks = {},
): ValidationReport {
  const ctx: ValidationContext = { index: new ObjectIndex(objects), options };
  const findings: Finding[] = [...extra];
  let done = 0;
  for (const obj of objects) {
    for (const i of validateObject(obj, ctx)) findings.push(toFinding(obj, i));
    if (hooks.progress && ++done % PROGRESS_EVERY === 0) hooks.progress(done, objects.length);
  }
  for (const cross of CROSS_VALIDATORS) {
    const perObject = new Map<LoadedObject, Issues>();
    cross(ctx, (obj) => {
      let issues = perObject.get(obj);
      if (!issues) perObject.set(obj, (issues = new Issues()));
      return issues;
    });
    for (const [obj, issues] of perObject) for (const i of issues.list) findings.push(toFinding(obj, i));
  }
  hooks.progress?.(objects.length, objects.length);
  return {
    objects: objects.length,
    errors: findings.filter((f) => f.severity === Severity.ERROR),
    warnings: findings.filter((f) => f.severity === Severity.WARNING),
  };
}

/**
 * Validates Kubernetes objects (plain JSON, e.g. from `app.synth()` or parsed
 * YAML) the way the API server and the routers would: errors for what the API
 * server rejects, warnings for what a controller would not serve as written.
 */
export function validateManifests(objects: any[], options: ValidationOptions = {}): ValidationReport {
  const loaded = objects.length > 0 && objects[0] instanceof LoadedObject ? (objects as LoadedObject[]) : fromObjects(objects);
  return validateLoaded(loaded, options);
}
