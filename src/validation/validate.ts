import { ObjectIndex, ValidationContext, ValidationOptions } from './context';
import { FieldIssue, Finding, Issues, Severity } from './finding';
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

/** Validates loaded objects: per-object rules, then cross-object checks through indexes. */
export function validateLoaded(objects: LoadedObject[], options: ValidationOptions = {}, extra: Finding[] = []): ValidationReport {
  const ctx: ValidationContext = { index: new ObjectIndex(objects), options };
  const findings: Finding[] = [...extra];
  for (const obj of objects) {
    const v = KIND_VALIDATORS.get(obj.kind);
    const validate = v && v.groups.includes(obj.group) ? v.validate : GROUP_VALIDATORS.get(obj.group);
    if (!validate) continue; // kinds we do not model pass silently
    const issues = new Issues();
    validate(obj, issues, ctx);
    for (const i of issues.list) findings.push(toFinding(obj, i));
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
