import * as net from 'net';
import { FieldPath } from '../field-path';
import { FindingType, IssueFactory, Issues } from '../finding';
import { CelEngine, celPropertyName } from './cel';
import { isDateTime } from './cel-library';

/**
 * Validation of a custom resource against the structural OpenAPI v3 schema of
 * a CustomResourceDefinition version, in the order the API server works:
 *
 * 1. prune and default: unknown fields are errors (strict field validation,
 *    what `kubectl` asks for) and are dropped, `null` in non-nullable fields
 *    is dropped, then `default`s are applied (also inside defaulted values);
 * 2. the schema keywords (type, required, enum, pattern, format, bounds,
 *    list types, allOf/anyOf/oneOf/not);
 * 3. the `x-kubernetes-validations` CEL rules, unless step 2 found a wrong
 *    type somewhere (the API server skips them then, too).
 *
 * Rule ids: `crd.schema.<keyword>` (e.g. `crd.schema.maxLength`),
 * `crd.schema.unknown-field`, `crd.cel` for rule violations, and the warnings
 * `crd.cel.compile`, `crd.cel.eval`, `crd.cel.skipped`.
 */

/** The parts of `JSONSchemaProps` a structural schema can use. */
export interface JsonSchema {
  readonly 'type'?: string;
  readonly 'nullable'?: boolean;
  readonly 'properties'?: Record<string, JsonSchema>;
  readonly 'additionalProperties'?: JsonSchema | boolean;
  readonly 'items'?: JsonSchema;
  readonly 'required'?: string[];
  readonly 'enum'?: unknown[];
  readonly 'pattern'?: string;
  readonly 'format'?: string;
  readonly 'minLength'?: number;
  readonly 'maxLength'?: number;
  readonly 'minItems'?: number;
  readonly 'maxItems'?: number;
  readonly 'minProperties'?: number;
  readonly 'maxProperties'?: number;
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'exclusiveMinimum'?: boolean;
  readonly 'exclusiveMaximum'?: boolean;
  readonly 'multipleOf'?: number;
  readonly 'default'?: unknown;
  readonly 'allOf'?: JsonSchema[];
  readonly 'anyOf'?: JsonSchema[];
  readonly 'oneOf'?: JsonSchema[];
  readonly 'not'?: JsonSchema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: string[];
  readonly 'x-kubernetes-validations'?: CelRule[];
}

/** One `x-kubernetes-validations` entry. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const subschema = (s: JsonSchema | boolean | undefined): JsonSchema | undefined => (isObj(s) ? (s as JsonSchema) : undefined);

/** What the walk needs besides the value. */
interface Walk {
  readonly issues: Issues;
  readonly cel: CelEngine;
  /** A value had the wrong type: CEL rules are not evaluated (as on the API server). */
  typeErrors: number;
}

/** Options of one validation. */
export interface SchemaValidationOptions {
  /** Skip `status` (the version has a status subresource: the API server ignores it on create). */
  readonly skipStatus: boolean;
}

/** Validates one object against the schema of its CRD version; appends issues. */
export function validateAgainstSchema(
  object: Record<string, any>, schema: JsonSchema, cel: CelEngine, issues: Issues, options: SchemaValidationOptions,
): void {
  const walk: Walk = { issues, cel, typeErrors: 0 };
  const value = JSON.parse(JSON.stringify(object)) as Record<string, any>;
  if (options.skipStatus) delete value.status;
  pruneAndDefault(value, schema, undefined, walk, true);
  checkValue(value, schema, undefined, walk.issues.error, walk);
  if (!hasRules(schema)) return;
  if (walk.typeErrors > 0) {
    issues.warn.add(FindingType.INVALID, FieldPath.root(''), 'crd.cel.skipped',
      'the CRD\'s validation rules (x-kubernetes-validations) were not checked because a field has the wrong type; correct that first');
    return;
  }
  checkRules(value, toCel(value, schema), schema, undefined, walk);
}

function childPath(path: FieldPath | undefined, name: string): FieldPath {
  return path ? path.child(name) : FieldPath.root(name);
}

const ROOT_IMPLICIT = new Set(['apiVersion', 'kind', 'metadata']);

// ---------------------------------------------------------------------------
// 1. prune and default

function pruneAndDefault(value: unknown, s: JsonSchema, path: FieldPath | undefined, walk: Walk, root = false): unknown {
  if (Array.isArray(value)) {
    const items = s.items;
    if (items) value.forEach((v, i) => { value[i] = pruneAndDefault(v, items, path!.index(i), walk); });
    return value;
  }
  if (!isObj(value)) return value;
  const embedded = root || s['x-kubernetes-embedded-resource'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = subschema(s.additionalProperties);
  const isMap = additional !== undefined && !s.properties;
  for (const k of Object.keys(value)) {
    const ps = s.properties?.[k] ?? additional;
    const p = path && isMap ? path.key(k) : childPath(path, k);
    if (!ps) {
      if (embedded && ROOT_IMPLICIT.has(k)) continue;
      if (preserve || s.additionalProperties === true) continue;
      walk.issues.error.add(FindingType.FORBIDDEN, p, 'crd.schema.unknown-field', `Forbidden: unknown field "${p.toString()}"`);
      delete value[k];
      continue;
    }
    if (value[k] === null && !ps.nullable) {
      delete value[k];
      continue;
    }
    if (root && k === 'metadata') continue; // ObjectMeta is the API server's own business
    value[k] = pruneAndDefault(value[k], ps, p, walk);
  }
  for (const [k, ps] of Object.entries(s.properties ?? {})) {
    if (value[k] === undefined && ps.default !== undefined) {
      value[k] = pruneAndDefault(JSON.parse(JSON.stringify(ps.default)), ps, childPath(path, k), walk);
    }
  }
  return value;
}

// ---------------------------------------------------------------------------
// 2. schema keywords

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, s: JsonSchema): boolean {
  const actual = typeOf(v);
  if (s['x-kubernetes-int-or-string']) return actual === 'integer' || actual === 'string';
  if (!s.type) return true;
  if (s.type === 'number') return actual === 'number' || actual === 'integer';
  return s.type === actual;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

const INT32 = 2 ** 31;

function formatError(format: string, v: unknown): string | undefined {
  if (typeof v === 'number') {
    if (format === 'int32' && (v < -INT32 || v >= INT32)) return 'must be within the int32 range';
    if (format === 'int64' && !Number.isSafeInteger(v)) return 'must be within the int64 range';
    return undefined;
  }
  if (typeof v !== 'string') return undefined;
  const ok = ((): boolean => {
    switch (format) {
      case 'date-time': case 'datetime': return isDateTime(v);
      case 'date': return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) && !isNaN(Date.parse(v));
      case 'ipv4': return net.isIPv4(v);
      case 'ipv6': return net.isIPv6(v);
      case 'cidr': {
        const [ip, bits, extra] = v.split('/');
        if (extra !== undefined || bits === undefined || !/^[0-9]+$/.test(bits)) return false;
        return (net.isIPv4(ip) && Number(bits) <= 32) || (net.isIPv6(ip) && Number(bits) <= 128);
      }
      case 'hostname': return v.length <= 255 && /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*\.?$/.test(v);
      case 'uuid': return /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(v);
      case 'byte': return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v);
      case 'email': return /^[^@\s]+@[^@\s]+$/.test(v);
      case 'mac': return /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(v);
      case 'uri': return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(v);
      case 'duration': return /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h|d|w))+$/.test(v.replace(/\s+/g, ''));
      default: return true; // formats the API server does not know are not checked
    }
  })();
  return ok ? undefined : `must be of format ${format}`;
}

function checkValue(v: unknown, s: JsonSchema, path: FieldPath | undefined, err: IssueFactory, walk: Walk, root = false): void {
  const here = path ?? FieldPath.root('');
  if (v === undefined) return;
  if (v === null) {
    if (!s.nullable && (s.type || s['x-kubernetes-int-or-string'])) {
      walk.typeErrors++;
      err.invalid(here, null, 'crd.schema.type', `must be of type ${s['x-kubernetes-int-or-string'] ? 'integer or string' : s.type}`);
    }
    if (s.enum && !s.enum.some((e) => e === null)) err.notSupported(here, null, s.enum.map((e) => JSON.stringify(e)), 'crd.schema.enum');
    return;
  }
  if (!typeMatches(v, s)) {
    walk.typeErrors++;
    err.invalid(here, v, 'crd.schema.type', `must be of type ${s['x-kubernetes-int-or-string'] ? 'integer or string' : s.type}`);
    return;
  }
  if (s.enum && !s.enum.some((e) => deepEqual(e, v))) {
    err.notSupported(here, v, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))), 'crd.schema.enum');
  }
  if (s.format) {
    const f = formatError(s.format, v);
    if (f) err.invalid(here, v, 'crd.schema.format', f);
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (s.maxLength !== undefined && len > s.maxLength) err.add(FindingType.TOO_LONG, here, 'crd.schema.maxLength', `Too long: may not be more than ${s.maxLength} characters`);
    if (s.minLength !== undefined && len < s.minLength) err.invalid(here, v, 'crd.schema.minLength', `should be at least ${s.minLength} chars long`);
    if (s.pattern !== undefined) {
      const m = walk.cel.matches(v, s.pattern);
      if (typeof m === 'string') walk.issues.warn.invalid(here, v, 'crd.schema.pattern', `the CRD's pattern ${JSON.stringify(s.pattern)} could not be checked: ${m}`);
      else if (!m) err.invalid(here, v, 'crd.schema.pattern', `should match '${s.pattern}'`);
    }
  } else if (typeof v === 'number') {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      err.invalid(here, v, 'crd.schema.maximum', `should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`);
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      err.invalid(here, v, 'crd.schema.minimum', `should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`);
    }
    if (s.multipleOf !== undefined && s.multipleOf > 0 && Math.abs(v / s.multipleOf - Math.round(v / s.multipleOf)) > 1e-9) {
      err.invalid(here, v, 'crd.schema.multipleOf', `should be a multiple of ${s.multipleOf}`);
    }
  } else if (Array.isArray(v)) {
    checkArray(v, s, here, err, walk);
  } else if (isObj(v)) {
    checkObject(v, s, path, err, walk, root);
  }
  checkCombinators(v, s, here, err, walk);
}

function checkArray(v: unknown[], s: JsonSchema, path: FieldPath, err: IssueFactory, walk: Walk): void {
  if (s.maxItems !== undefined && v.length > s.maxItems) err.tooMany(path, v.length, s.maxItems, 'crd.schema.maxItems');
  if (s.minItems !== undefined && v.length < s.minItems) err.invalid(path, v.length, 'crd.schema.minItems', `should have at least ${s.minItems} items`);
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) err.duplicate(path.index(i), item, 'crd.schema.x-kubernetes-list-type');
      seen.add(key);
    });
  } else if (listType === 'map') {
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!isObj(item)) return;
      const k: Record<string, unknown> = {};
      for (const name of keys) k[name] = item[name];
      const text = JSON.stringify(k);
      if (seen.has(text)) err.duplicate(path.index(i), k, 'crd.schema.x-kubernetes-list-type', `entries must be unique by ${keys.join(', ')}`);
      seen.add(text);
    });
  }
  if (s.items) {
    const items = s.items;
    v.forEach((item, i) => checkValue(item, items, path.index(i), err, walk));
  }
}

function checkObject(v: Record<string, any>, s: JsonSchema, path: FieldPath | undefined, err: IssueFactory, walk: Walk, root: boolean): void {
  const here = path ?? FieldPath.root('');
  for (const r of s.required ?? []) {
    if (v[r] === undefined) err.required(childPath(path, r), 'crd.schema.required');
  }
  const n = Object.keys(v).length;
  if (s.maxProperties !== undefined && n > s.maxProperties) err.tooMany(here, n, s.maxProperties, 'crd.schema.maxProperties');
  if (s.minProperties !== undefined && n < s.minProperties) err.invalid(here, n, 'crd.schema.minProperties', `should have at least ${s.minProperties} properties`);
  const additional = subschema(s.additionalProperties);
  const isMap = additional !== undefined && !s.properties;
  for (const k of Object.keys(v)) {
    if (root && k === 'metadata') continue;
    const ps = s.properties?.[k] ?? additional;
    if (ps) checkValue(v[k], ps, path && isMap ? path.key(k) : childPath(path, k), err, walk);
  }
}

function checkCombinators(v: unknown, s: JsonSchema, path: FieldPath, err: IssueFactory, walk: Walk): void {
  if (!s.allOf && !s.anyOf && !s.oneOf && !s.not) return;
  const shown = isObj(v) ? 'object' : Array.isArray(v) ? 'array' : v;
  const passes = (sub: JsonSchema): boolean => {
    const scratch = new Issues();
    checkValue(v, sub, path, scratch.error, { issues: scratch, cel: walk.cel, typeErrors: 0 });
    return scratch.list.length === 0;
  };
  for (const sub of s.allOf ?? []) checkValue(v, sub, path, err, walk);
  if (s.anyOf && s.anyOf.length > 0 && !s.anyOf.some(passes)) {
    err.invalid(path, shown, 'crd.schema.anyOf', 'must validate at least one schema (anyOf)');
  }
  if (s.oneOf && s.oneOf.length > 0 && s.oneOf.filter(passes).length !== 1) {
    err.invalid(path, shown, 'crd.schema.oneOf', 'must validate one and only one schema (oneOf)');
  }
  if (s.not && passes(s.not)) err.invalid(path, shown, 'crd.schema.not', 'must not validate the schema (not)');
}

// ---------------------------------------------------------------------------
// 3. CEL rules

const rulesCache = new WeakMap<JsonSchema, boolean>();

function hasRules(s: JsonSchema | undefined): boolean {
  if (!s) return false;
  let r = rulesCache.get(s);
  if (r === undefined) {
    r = (s['x-kubernetes-validations']?.length ?? 0) > 0
      || Object.values(s.properties ?? {}).some(hasRules)
      || hasRules(subschema(s.additionalProperties))
      || hasRules(s.items);
    rulesCache.set(s, r);
  }
  return r;
}

/** The value as CEL sees it: integers as int, escaped property names, maps for additionalProperties. */
function toCel(v: unknown, s: JsonSchema | undefined): unknown {
  if (typeof v === 'number') {
    if (s?.type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => toCel(x, s?.items));
  if (!isObj(v)) return v;
  const additional = subschema(s?.additionalProperties);
  if (s && additional && !s.properties) {
    const m = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) m.set(k, toCel(x, additional));
    return m;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const name = celPropertyName(k);
    if (name !== undefined) out[name] = toCel(x, s?.properties?.[k] ?? additional);
  }
  return out;
}

function celTypeName(v: unknown, s: JsonSchema): string {
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' ? 'string' : 'integer';
  return s.type ?? typeOf(v);
}

function checkRules(v: unknown, celValue: unknown, s: JsonSchema, path: FieldPath | undefined, walk: Walk): void {
  if (v === undefined || v === null || !hasRules(s)) return;
  const here = path ?? FieldPath.root('');
  for (const rule of s['x-kubernetes-validations'] ?? []) evaluateRule(rule, v, celValue, s, path, here, walk);
  if (Array.isArray(v) && s.items) {
    const items = s.items;
    const cv = celValue as unknown[];
    v.forEach((x, i) => checkRules(x, cv[i], items, here.index(i), walk));
  } else if (isObj(v)) {
    const additional = subschema(s.additionalProperties);
    const isMap = additional !== undefined && !s.properties;
    for (const k of Object.keys(v)) {
      const ps = s.properties?.[k] ?? additional;
      if (!ps || (path === undefined && k === 'metadata')) continue;
      const cv = isMap ? (celValue as Map<string, unknown>).get(k) : (celValue as Record<string, unknown>)[celPropertyName(k) ?? ''];
      checkRules(v[k], cv, ps, isMap && path ? path.key(k) : childPath(path, k), walk);
    }
  }
}

const MISSING_FIELD = /^(field not found|no such key)\b/;

function evaluateRule(rule: CelRule, v: unknown, celValue: unknown, s: JsonSchema, path: FieldPath | undefined, here: FieldPath, walk: Walk): void {
  const compiled = walk.cel.compile(rule.rule);
  if (typeof compiled === 'string') {
    walk.issues.warn.invalid(here, rule.rule, 'crd.cel.compile', `the CRD's validation rule does not compile here and was not checked: ${compiled}`);
    return;
  }
  if (compiled.transition && !rule.optionalOldSelf) return; // transition rules only run on update
  const bindings: Record<string, unknown> = { self: celValue };
  const result = walk.cel.evaluate(compiled.program, bindings);
  let evalError: string | undefined;
  if (!result.ok) {
    // A rule that reads an absent field fails on the API server too ("no such key"): the object is
    // rejected. Other evaluation errors are more likely gaps of this engine: a warning.
    if (!MISSING_FIELD.test(result.error)) {
      walk.issues.warn.invalid(here, rule.rule, 'crd.cel.eval', `the CRD's validation rule could not be evaluated: ${result.error}`);
      return;
    }
    evalError = result.error;
  } else if (result.value === true) {
    return;
  }
  if (result.ok && result.value !== false) {
    walk.issues.warn.invalid(here, rule.rule, 'crd.cel.eval', `the CRD's validation rule returned ${typeof result.value}, not a bool`);
    return;
  }
  let message = rule.message !== undefined && rule.message !== '' ? rule.message : `failed rule: ${rule.rule}`;
  if (rule.messageExpression && !evalError) {
    const me = walk.cel.compile(rule.messageExpression);
    if (typeof me !== 'string') {
      const m = walk.cel.evaluate(me.program, bindings);
      if (m.ok && typeof m.value === 'string' && m.value.trim() !== '' && !m.value.includes('\n')) message = m.value;
    }
  }
  if (evalError) message = `${message} (the rule could not be evaluated: ${evalError.replace(/^field not found/, 'no such key')})`;
  const target = rule.fieldPath ? relativePath(here, s, rule.fieldPath) ?? here : here;
  const err = walk.issues.error;
  switch (rule.reason) {
    case 'FieldValueRequired': err.required(target, 'crd.cel', message); break;
    case 'FieldValueForbidden': err.forbidden(target, 'crd.cel', message); break;
    case 'FieldValueDuplicate': err.duplicate(target, celTypeName(v, s), 'crd.cel', message); break;
    default: err.invalid(target, celTypeName(v, s), 'crd.cel', message);
  }
  void path;
}

/** Resolves a rule's `fieldPath` (`.a.b`, `.a['b.c']`) relative to the node; undefined if it does not parse. */
function relativePath(base: FieldPath, s: JsonSchema, fieldPath: string): FieldPath | undefined {
  let p = base;
  let schema: JsonSchema | undefined = s;
  const re = /\.([A-Za-z0-9_-]+)|\['([^']*)'\]|\[([0-9]+)\]/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < fieldPath.length && (m = re.exec(fieldPath)) !== null) {
    pos = re.lastIndex;
    if (m[3] !== undefined) {
      p = p.index(Number(m[3]));
      schema = schema?.items;
      continue;
    }
    const name = m[1] ?? m[2];
    if (schema?.properties?.[name]) {
      p = p.child(name);
      schema = schema.properties[name];
    } else {
      p = p.key(name);
      schema = subschema(schema?.additionalProperties);
    }
  }
  return pos === fieldPath.length ? p : undefined;
}
