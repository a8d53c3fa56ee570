import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Channel, Schema } from '../../../src/validation/gateway/schema';
import { GATEWAY_KINDS } from '../../../src/validation/gateway/schemas';

/**
 * The hand-written schema descriptions must say what the upstream CRDs say:
 * every property, type, required list, enum, pattern, bound, list type and
 * default, for every kind, version and channel. Descriptions are ignored.
 */

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared');
const CRDS = path.join(SHARED, 'gateway-api', 'crds');

interface CrdVersion { channel: Channel; kind: string; version: string; served: boolean; schema: any }

function loadCrds(): CrdVersion[] {
  const out: CrdVersion[] = [];
  for (const channel of ['standard', 'experimental'] as Channel[]) {
    for (const f of fs.readdirSync(path.join(CRDS, channel)).sort()) {
      if (!f.startsWith('gateway.networking.k8s.io_') || f.includes('vap_')) continue;
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(CRDS, channel, f), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions) {
          out.push({ channel, kind: crd.spec.names.kind, version: v.name, served: v.served, schema: v.schema.openAPIV3Schema });
        }
      }
    }
  }
  return out;
}

/** Differences between the CRD's schema and ours, as readable lines. */
function compare(crd: any, ours: Schema, at: string, channel: Channel, out: string[]): void {
  const diff = (what: string, theirs: unknown, mine: unknown) => {
    if (JSON.stringify(theirs) !== JSON.stringify(mine)) out.push(`${at}: ${what}: CRD ${JSON.stringify(theirs)} ours ${JSON.stringify(mine)}`);
  };
  const crdType = crd.type === 'object' && crd.additionalProperties ? 'map' : crd.type;
  diff('type', crdType, ours.type);
  diff('default', crd.default, ours.default);
  if (ours.type === 'string') {
    const en = ours.enum ? [...ours.enum, ...(channel === 'experimental' ? ours.experimentalEnum ?? [] : [])] : undefined;
    diff('enum', crd.enum, en);
    const pattern = ours.pattern ?? (channel === 'experimental' ? ours.experimentalPattern : undefined);
    const unslash = (x?: string) => x?.replace(/\\\//g, '/');
    diff('pattern', unslash(crd.pattern), unslash(pattern && (ours.patternText ?? pattern.source)));
    diff('minLength', crd.minLength, ours.minLength);
    diff('maxLength', crd.maxLength, ours.maxLength);
  } else if (ours.type === 'integer') {
    diff('enum', crd.enum, ours.enum);
    diff('minimum', crd.minimum, ours.minimum);
    diff('maximum', crd.maximum, ours.maximum);
  } else if (ours.type === 'array') {
    diff('minItems', crd.minItems, ours.minItems);
    diff('maxItems', crd.maxItems, ours.maxItems);
    diff('listType', crd['x-kubernetes-list-type'] ?? 'atomic', ours.listType);
    diff('mapKeys', crd['x-kubernetes-list-map-keys'], ours.mapKeys);
    compare(crd.items, ours.items, `${at}[]`, channel, out);
  } else if (ours.type === 'map') {
    diff('maxProperties', crd.maxProperties, ours.maxProperties);
    compare(crd.additionalProperties, ours.values, `${at}{}`, channel, out);
  } else if (ours.type === 'object') {
    diff('required', [...(crd.required ?? [])].sort(), [...(ours.required ?? [])].sort());
    const mine = Object.entries(ours.properties).filter(([, s]) => channel === 'experimental' || !s.experimental).map(([k]) => k).sort();
    diff('properties', Object.keys(crd.properties ?? {}).sort(), mine);
    for (const k of mine) if (crd.properties?.[k]) compare(crd.properties[k], ours.properties[k], `${at}.${k}`, channel, out);
  }
}

const crds = loadCrds();

describe('patterns rewritten for JavaScript accept the same strings as the upstream pattern', () => {
  // upstream `^[!-~]+([\t ]?[!-~]+)*$` (experimental header values) versus our unambiguous form
  const upstream = /^[!-~]+([\t ]?[!-~]+)*$/;
  const ours = /^[!-~]+([\t ][!-~]+)*$/;
  const samples = ['a', 'a b', 'a\tb', 'a  b', 'a \tb', ' a', 'a ', '', 'ab cd\tef', 'a\nb', 'é', 'a\u007f', '!~', 'a b c d e f', '\t', 'x y  z'];
  test.each(samples)('%j', (v) => expect(ours.test(v)).toBe(upstream.test(v)));
});

describe('hand-written schemas agree with the v1.6.1 CRDs', () => {
  test('every CRD kind of the group is described', () => {
    expect([...new Set(crds.map((c) => c.kind))].sort()).toEqual(Object.keys(GATEWAY_KINDS).sort());
  });

  for (const c of crds) {
    test(`${c.channel} ${c.kind} ${c.version} (served: ${c.served})`, () => {
      const info = GATEWAY_KINDS[c.kind].versions[c.version];
      expect(info).toBeDefined();
      expect(info[c.channel]).toBe(c.served);
      const out: string[] = [];
      compare(c.schema.properties.spec, info.schema.properties.spec, '.spec', c.channel, out);
      diff2(c.schema.required, info.schema.required, out);
      expect(out).toEqual([]);
    });
  }
});

function diff2(a: unknown, b: unknown, out: string[]) {
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`top required: CRD ${JSON.stringify(a)} ours ${JSON.stringify(b)}`);
}
