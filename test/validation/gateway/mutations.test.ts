import * as fs from 'fs';
import * as path from 'path';
import { GatewayApiChannel } from '../../../src/validation/context';
import { CustomResourceDefinitions } from '../../../src/validation/crd/definitions';
import { Issues, Severity } from '../../../src/validation/finding';
import { GATEWAY_KINDS } from '../../../src/validation/gateway';
import { fromObjects, loadText } from '../../../src/validation/manifests';
import { validateLoaded } from '../../../src/validation/validate';

/**
 * Agreement with the upstream CRDs beyond the examples: every upstream
 * example object is mutated field by field (removed, emptied, wrong type,
 * out of range, too long, bad characters), and the built-in rules must reach
 * the same verdict as the CRD engine running the real CRDs of the channel.
 * Deterministic: the mutations are a fixed list applied to every leaf.
 */

const GA = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'gateway-api');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

type Key = string | number;
/** Paths of every value under spec (objects, lists and leaves). */
function paths(v: unknown, at: Key[] = ['spec']): Key[][] {
  const out: Key[][] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function mutate(obj: any, at: Key[], how: (parent: any, key: Key) => void): any {
  const copy = structuredClone(obj);
  let parent = copy;
  for (const k of at.slice(0, -1)) parent = parent[k];
  how(parent, at[at.length - 1]);
  return copy;
}

const MUTATIONS: Array<[string, (parent: any, key: Key) => void]> = [
  ['remove', (p, k) => { if (Array.isArray(p)) p.splice(k as number, 1); else delete p[k]; }],
  ['empty string', (p, k) => { p[k] = ''; }],
  ['zero', (p, k) => { p[k] = 0; }],
  ['huge number', (p, k) => { p[k] = 70000; }],
  ['bad characters', (p, k) => { p[k] = 'Bad Value/..//#'; }],
  ['long string', (p, k) => { p[k] = 'a'.repeat(300); }],
  ['empty object', (p, k) => { p[k] = {}; }],
  ['empty list', (p, k) => { p[k] = []; }],
  ['boolean', (p, k) => { p[k] = true; }],
];

for (const channel of ['standard', 'experimental'] as const) {
  describe(`mutated upstream ${channel} examples: built-in verdict = CRD verdict`, () => {
    const crds = CustomResourceDefinitions.fromPaths([path.join(GA, 'crds', channel)]);
    const objects = files(path.join(GA, 'examples', channel))
      .flatMap((f) => loadText(fs.readFileSync(f, 'utf8'), f).objects)
      .filter((o) => o.group === 'gateway.networking.k8s.io' && GATEWAY_KINDS[o.kind]);

    test('every mutation gets the same verdict', () => {
      const disagreements: string[] = [];
      let checked = 0;
      let rejected = 0;
      for (const o of objects) {
        for (const at of paths(o.object.spec)) {
          for (const [name, how] of MUTATIONS) {
            const mutated = mutate(o.object, at, how);
            const [loaded] = fromObjects([mutated]);
            const builtIn = validateLoaded([loaded], { gatewayApiChannel: channel as GatewayApiChannel }).errors;
            const issues = new Issues();
            crds._validate(loaded, issues);
            // A CEL rule that reads an absent field fails with an evaluation error; the API server rejects then.
            const crd = issues.list.filter((i) => i.severity === Severity.ERROR || i.rule === 'crd.cel.eval');
            checked++;
            if (crd.length > 0) rejected++;
            if ((builtIn.length > 0) !== (crd.length > 0)) {
              disagreements.push(`${o.kind}/${o.name} ${at.join('.')} ${name}: built-in ${builtIn.map((e) => `${e.field} ${e.rule}`).join('; ') || 'accepted'}` +
                ` | CRD ${crd.map((i) => `${i.field} ${i.rule} ${i.message.slice(0, 100)}`).join('; ') || 'accepted'}`);
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(1000);
      // most mutations break something; both verdicts occur
      expect(rejected).toBeGreaterThan(checked / 2);
      expect(rejected).toBeLessThan(checked);
      expect(disagreements).toEqual([]);
    });
  });
}
