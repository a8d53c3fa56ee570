import { FieldPath } from '../field-path';
import { FindingType, Issues, showValue } from '../finding';
import { Channel } from './schema';

/**
 * Shared helpers for the CEL rules of the Gateway API CRDs, re-written as
 * TypeScript checks. Each check runs on the defaulted object (the API server
 * defaults before CEL), reports at the rule's schema location with real
 * indexes, and carries the upstream CEL message verbatim so users can search
 * for it.
 *
 * Checks are written defensively: values of the wrong type (already reported
 * by the schema walker) make a check pass rather than throw.
 *
 * Internal: not part of the jsii API.
 */

export const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** CEL `has(o.k)`: the field is present (null counts as absent: the API server prunes it). */
export const has = (o: unknown, k: string): boolean => isObj(o) && o[k] !== undefined && o[k] !== null;
/** The list at `v`, or an empty list. */
export const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
/** A string field, or '' when unset or not a string. */
export const s = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What every CEL check receives. */
export class CelContext {
  constructor(public readonly issues: Issues, public readonly channel: Channel, public readonly version: string) {}

  public get experimental(): boolean {
    return this.channel === 'experimental';
  }

  /**
   * Reports a broken rule: `<type prefix>: <bad value>: <upstream message>` plus
   * an optional note (which entries clash).
   */
  public fail(type: FindingType, path: FieldPath, rule: string, message: string, value?: unknown, note?: string): void {
    const prefix = {
      [FindingType.REQUIRED]: 'Required value',
      [FindingType.FORBIDDEN]: 'Forbidden',
      [FindingType.DUPLICATE]: 'Duplicate value',
      [FindingType.TOO_MANY]: 'Too many',
    }[type as string] ?? 'Invalid value';
    // Like the API server, a rule on an object without a single bad value shows "object".
    const shown = value !== undefined ? `${showValue(value)}: ` : prefix === 'Invalid value' ? '"object": ' : '';
    this.issues.error.add(type, path, rule, `${prefix}: ${shown}${message}${note ? ` (${note})` : ''}`);
  }
}

/**
 * Groups list entries by a key and returns the groups with more than one
 * entry (as index lists, in list order). Linear in the list length.
 */
export function groupsOf<T>(items: T[], key: (item: T) => string | undefined): number[][] {
  const byKey = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const g = byKey.get(k);
    if (g) g.push(i);
    else byKey.set(k, [i]);
  });
  return [...byKey.values()].filter((g) => g.length > 1);
}

/** `spec.x[1] and spec.x[3]` for a note. */
export function entries(path: FieldPath, idx: number[]): string {
  return idx.map((i) => path.index(i).toString()).join(' and ');
}

/** Milliseconds of a GEP-2257 duration (`1h30m`, `500ms`), or undefined when it does not parse. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(v)) return undefined;
  let total = 0;
  for (const m of v.matchAll(/([0-9]+)(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600000 : m[2] === 'm' ? n * 60000 : m[2] === 's' ? n * 1000 : n;
  }
  return total;
}
