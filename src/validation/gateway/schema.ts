import { FieldPath } from '../field-path';
import { FindingType, Issues } from '../finding';

/**
 * A compact description of the Gateway API object schemas (OpenAPI v3 as the
 * CRDs declare it), written as data, plus one walker that checks a value
 * against it and one that applies its defaults.
 *
 * Only what the API server enforces is described: types, required fields,
 * enums, patterns, string lengths (in characters), list bounds, numeric ranges,
 * map sizes, list-map keys and set uniqueness, and OpenAPI defaults. CEL rules
 * live in the `cel-*.ts` modules.
 *
 * Channel: a field or enum value marked experimental exists only in the
 * experimental-channel CRDs. With the standard channel such a field is reported
 * as a warning (`gateway.schema.experimental-field`: a standard-channel API
 * server drops it, or rejects it under strict field validation) and its
 * content is not checked.
 *
 * Internal: not part of the jsii API.
 */

/** Which release channel of the Gateway API CRDs is installed. */
export type Channel = 'standard' | 'experimental';

interface Base {
  /** The OpenAPI default, applied when the field is absent (or null). */
  readonly default?: unknown;
  /** The field exists only in the experimental channel. */
  readonly experimental?: boolean;
}

/** A string field. */
export interface StringSchema extends Base {
  readonly type: 'string';
  readonly enum?: readonly string[];
  /** Enum values only the experimental channel accepts. */
  readonly experimentalEnum?: readonly string[];
  readonly pattern?: RegExp;
  /** A pattern only the experimental channel enforces. */
  readonly experimentalPattern?: RegExp;
  /**
   * The upstream pattern text, when our RegExp is an equivalent rewrite of it
   * (JavaScript backtracks where Go's RE2 does not; a rewrite avoids
   * exponential matching). Messages quote the upstream text.
   */
  readonly patternText?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** An integer field. */
export interface IntSchema extends Base {
  readonly type: 'integer';
  readonly enum?: readonly number[];
  readonly minimum?: number;
  readonly maximum?: number;
}

/** A boolean field. */
export interface BoolSchema extends Base {
  readonly type: 'boolean';
}

/** An object with known properties (unknown properties are errors). */
export interface ObjectSchema extends Base {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
}

/** A list. `map` lists are keyed by `mapKeys`; `set` lists hold distinct scalars. */
export interface ArraySchema extends Base {
  readonly type: 'array';
  readonly items: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly mapKeys?: readonly string[];
}

/** A map with string keys (`additionalProperties`). */
export interface MapSchema extends Base {
  readonly type: 'map';
  readonly values: Schema;
  readonly maxProperties?: number;
}

/** Anything (not checked). */
export interface AnySchema extends Base {
  readonly type: 'any';
}

export type Schema = StringSchema | IntSchema | BoolSchema | ObjectSchema | ArraySchema | MapSchema | AnySchema;

// ---------------------------------------------------------------------------
// Builders: keep the per-kind descriptions short.

type Opts<S> = Omit<S, 'type'>;
export const str = (o: Opts<StringSchema> = {}): StringSchema => ({ type: 'string', ...o });
export const int = (o: Opts<IntSchema> = {}): IntSchema => ({ type: 'integer', ...o });
export const bool = (o: Opts<BoolSchema> = {}): BoolSchema => ({ type: 'boolean', ...o });
export const any = (): AnySchema => ({ type: 'any' });
export const obj = (properties: Record<string, Schema>, o: Opts<Omit<ObjectSchema, 'properties'>> = {}): ObjectSchema =>
  ({ type: 'object', properties, ...o });
export const list = (items: Schema, o: Opts<Omit<ArraySchema, 'items'>> = {}): ArraySchema =>
  ({ type: 'array', items, listType: 'atomic', ...o });
export const map = (values: Schema, o: Opts<Omit<MapSchema, 'values'>> = {}): MapSchema => ({ type: 'map', values, ...o });
/** Marks a schema as existing in the experimental channel only. */
export const exp = <S extends Schema>(s: S): S => ({ ...s, experimental: true });

// ---------------------------------------------------------------------------
// Checking

/** Rule ids of the schema checks. */
export const SCHEMA_RULES = {
  required: 'gateway.schema.required',
  type: 'gateway.schema.type',
  enum: 'gateway.schema.enum',
  pattern: 'gateway.schema.pattern',
  minLength: 'gateway.schema.min-length',
  maxLength: 'gateway.schema.max-length',
  minItems: 'gateway.schema.min-items',
  maxItems: 'gateway.schema.max-items',
  range: 'gateway.schema.range',
  maxProperties: 'gateway.schema.max-properties',
  duplicate: 'gateway.schema.duplicate',
  unknownField: 'gateway.schema.unknown-field',
  experimentalField: 'gateway.schema.experimental-field',
} as const;

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const chars = (s: string): number => [...s].length;

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Checks `value` (present, not null) against `schema`; appends issues. */
export function checkSchema(value: unknown, schema: Schema, path: FieldPath, channel: Channel, issues: Issues): void {
  const E = issues.error;
  const typeErr = (want: string) =>
    E.add(FindingType.INVALID, path, SCHEMA_RULES.type, `Invalid value: "${typeName(value)}": ${path} in body must be of type ${want}: ${JSON.stringify(value)?.slice(0, 80)}`);
  switch (schema.type) {
    case 'any':
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeErr('boolean');
      return;
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeErr('integer');
      if (schema.enum && !schema.enum.includes(value)) E.notSupported(path, value, schema.enum, SCHEMA_RULES.enum);
      if (schema.minimum !== undefined && value < schema.minimum) {
        E.invalid(path, value, SCHEMA_RULES.range, `${path} in body should be greater than or equal to ${schema.minimum}`);
      }
      if (schema.maximum !== undefined && value > schema.maximum) {
        E.invalid(path, value, SCHEMA_RULES.range, `${path} in body should be less than or equal to ${schema.maximum}`);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') return typeErr('string');
      if (schema.enum) {
        const allowed = channel === 'experimental' ? [...schema.enum, ...(schema.experimentalEnum ?? [])] : schema.enum;
        if (!allowed.includes(value)) {
          if (schema.experimentalEnum?.includes(value)) {
            issues.warn.add(FindingType.NOT_SUPPORTED, path, SCHEMA_RULES.experimentalField,
              `Unsupported value: ${JSON.stringify(value)}: only the experimental channel of the Gateway API CRDs accepts it ` +
              `(the standard channel supports ${schema.enum.map((a) => JSON.stringify(a)).join(', ')}); validate with the experimental channel if your cluster has it`);
          } else {
            E.notSupported(path, value, allowed, SCHEMA_RULES.enum);
          }
        }
      }
      // Lengths count characters (code points); UTF-16 length is an upper bound, half of it a lower bound.
      if (schema.maxLength !== undefined && value.length > schema.maxLength && chars(value) > schema.maxLength) {
        E.tooLong(path, value, schema.maxLength, SCHEMA_RULES.maxLength);
      }
      if (schema.minLength !== undefined && value.length / 2 < schema.minLength && chars(value) < schema.minLength) {
        E.invalid(path, value, SCHEMA_RULES.minLength, `${path} in body should be at least ${schema.minLength} chars long`);
      }
      for (const re of [schema.pattern, channel === 'experimental' ? schema.experimentalPattern : undefined]) {
        if (re && !re.test(value)) E.invalid(path, value, SCHEMA_RULES.pattern, `${path} in body should match '${schema.patternText ?? re.source}'`);
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) return typeErr('array');
      if (schema.maxItems !== undefined && value.length > schema.maxItems) E.tooMany(path, value.length, schema.maxItems, SCHEMA_RULES.maxItems);
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        E.invalid(path, value.length, SCHEMA_RULES.minItems, `${path} in body should have at least ${schema.minItems} items`);
      }
      const seen = new Map<string, number>();
      value.forEach((item, i) => {
        const p = path.index(i);
        if (item === null || item === undefined) {
          E.invalid(p, null, SCHEMA_RULES.type, `${p} in body must be of type ${schema.items.type === 'map' ? 'object' : schema.items.type}: null`);
          return;
        }
        checkSchema(item, schema.items, p, channel, issues);
        let key: string | undefined;
        if (schema.listType === 'set' && typeof item !== 'object') key = JSON.stringify(item);
        if (schema.listType === 'map' && isObj(item)) key = JSON.stringify((schema.mapKeys ?? []).map((k) => item[k] ?? null));
        if (key === undefined) return;
        const first = seen.get(key);
        if (first !== undefined) {
          const shown = schema.listType === 'map' ? Object.fromEntries((schema.mapKeys ?? []).map((k) => [k, (item as any)[k]])) : item;
          E.duplicate(p, shown, SCHEMA_RULES.duplicate, `the same ${schema.listType === 'map' ? `key (${(schema.mapKeys ?? []).join(', ')})` : 'value'} as ${path.index(first)}`);
        } else {
          seen.set(key, i);
        }
      });
      return;
    }
    case 'map': {
      if (!isObj(value)) return typeErr('object');
      const keys = Object.keys(value);
      if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
        E.add(FindingType.TOO_MANY, path, SCHEMA_RULES.maxProperties, `Too many: ${keys.length}: must have at most ${schema.maxProperties} items`);
      }
      for (const k of keys) {
        const v = value[k];
        if (v === null || v === undefined) continue;
        checkSchema(v, schema.values, path.key(k), channel, issues);
      }
      return;
    }
    case 'object': {
      if (!isObj(value)) return typeErr('object');
      for (const [k, v] of Object.entries(value)) {
        const child = schema.properties[k];
        const p = path.child(k);
        if (!child) {
          issues.error.forbidden(p, SCHEMA_RULES.unknownField, `unknown field "${p}"`);
          continue;
        }
        if (v === null || v === undefined) continue; // pruned (then defaulted) by the API server
        if (child.experimental && channel !== 'experimental') {
          issues.warn.forbidden(p, SCHEMA_RULES.experimentalField,
            `field "${p}" exists only in the experimental channel of the Gateway API CRDs; a standard-channel API server drops it ` +
            '(or rejects it with strict field validation); validate with the experimental channel if your cluster has it');
          continue;
        }
        checkSchema(v, child, p, channel, issues);
      }
      for (const r of schema.required ?? []) {
        const v = value[r];
        if (v === undefined || v === null) issues.error.required(path.child(r), SCHEMA_RULES.required);
      }
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Defaulting

/**
 * Applies OpenAPI defaults in place, as the API server does before CEL rules
 * run: top-down, a missing (or null) property with a default gets a copy of
 * it, then every known property is defaulted in turn (so defaults are
 * themselves defaulted). Values of the wrong type are left alone.
 */
export function applyDefaults(value: unknown, schema: Schema, channel: Channel): void {
  if (schema.type === 'object') {
    if (!isObj(value)) return;
    for (const [k, child] of propertyList(schema)) {
      if (child.experimental && channel !== 'experimental') continue;
      const v = value[k];
      if (v === undefined || v === null) {
        if (child.default === undefined) continue;
        value[k] = deepCopy(child.default);
      }
      applyDefaults(value[k], child, channel);
    }
  } else if (schema.type === 'array') {
    if (!Array.isArray(value)) return;
    for (const item of value) applyDefaults(item, schema.items, channel);
  } else if (schema.type === 'map') {
    if (!isObj(value)) return;
    for (const k in value) applyDefaults(value[k], schema.values, channel);
  }
}

const PROPERTY_LISTS = new WeakMap<ObjectSchema, Array<[string, Schema]>>();

/** The properties of an object schema as a list (computed once per schema). */
function propertyList(schema: ObjectSchema): Array<[string, Schema]> {
  let l = PROPERTY_LISTS.get(schema);
  if (!l) PROPERTY_LISTS.set(schema, (l = Object.entries(schema.properties)));
  return l;
}

/** A deep copy of JSON data (objects, arrays, scalars). */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as unknown as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in v) out[k] = deepCopy((v as any)[k]);
    return out as T;
  }
  return v;
}
