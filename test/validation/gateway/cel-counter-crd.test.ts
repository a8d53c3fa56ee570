import * as fs from 'fs';
import * as path from 'path';
import { CustomResourceDefinitions } from '../../../src/validation/crd/definitions';
import { Issues, Severity } from '../../../src/validation/finding';
import { loadText } from '../../../src/validation/manifests';

/**
 * The counter-examples checked against the real rules: the upstream CRDs of
 * the document's channel, evaluated by the CRD engine (schema, defaults, CEL).
 * Each document must be rejected with the upstream message it names, at the
 * field it names, and by no other CEL rule; schema errors only where the
 * document declares an unavoidable schema rule (`also: gateway.schema.*`).
 */

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'gateway-api', 'crds');
const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'gateway', 'cel-counter');
const A = 'test.cdk8s-routing/';
const crds = {
  standard: CustomResourceDefinitions.fromPaths([path.join(SHARED, 'standard')]),
  experimental: CustomResourceDefinitions.fromPaths([path.join(SHARED, 'experimental')]),
};

for (const f of fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.yaml')).sort()) {
  describe(`${f} against the upstream CRDs`, () => {
    for (const obj of loadText(fs.readFileSync(path.join(FIXTURES, f), 'utf8'), f).objects) {
      const a = obj.object.metadata.annotations;
      test(`fails: ${obj.kind}/${obj.name}: ${a[`${A}cel`]}`, () => {
        const channel = a[`${A}channel`] === 'experimental' ? 'experimental' : 'standard';
        const issues = new Issues();
        crds[channel]._validate(obj, issues);
        const errors = issues.list.filter((i) => i.severity === Severity.ERROR)
          .map((i) => ({ field: i.field.toString(), rule: i.rule, message: i.message }));
        // A rule whose expression reads an absent field (annotation cel-eval-error) fails by an evaluation
        // error; the API server rejects the object with "no such key ... evaluating rule: <message>".
        if (a[`${A}cel-eval-error`] === 'true') expect(errors.some((e) => /no such key|not found/.test(e.message))).toBe(true);
        const cel = errors.filter((e) => e.rule === 'crd.cel' || e.rule === 'crd.cel.eval');
        expect(cel.filter((e) => e.message.includes(a[`${A}cel`])).map((e) => e.field)).toContain(a[`${A}field`]);
        const also: string[] = a[`${A}also`] ? String(a[`${A}also`]).split(',') : [];
        const otherCel = cel.filter((e) => !e.message.includes(a[`${A}cel`]));
        const schema = errors.filter((e) => !e.rule.startsWith('crd.cel'));
        // another CEL rule may break only where the document says so (a built-in CEL rule id in `also`)
        expect(otherCel.length > 0).toBe(also.some((r) => !r.startsWith('gateway.schema.')));
        expect(schema.length > 0).toBe(also.some((r) => r.startsWith('gateway.schema.')));
      });
    }
  });
}
