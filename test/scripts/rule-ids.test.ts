import * as fs from 'fs';
import * as path from 'path';
import { BEGIN, END, extractRuleIds, undocumented } from '../../scripts/rule-ids';

/**
 * docs/validate.md documents every rule id used in src/. When this fails, run
 * `npx ts-node scripts/rule-ids.ts --write` and describe new families or
 * computed ids (`*`) in the prose of docs/validate.md.
 */
const DOC = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'validate.md'), 'utf8');

describe('rule ids', () => {
  const ids = extractRuleIds();

  test('are found in the source, including computed ones, and API groups are not taken for ids', () => {
    const names = ids.map((r) => r.id);
    expect(names).toEqual(expect.arrayContaining(['route.tls.insecure-policy', 'route.path.passthrough', 'crd.cel', 'crd.schema.maxLength', 'api.version.unknown', 'yaml.parse', 'route.tls.*']));
    expect(names).not.toContain('route.openshift.io');
    expect(names).not.toContain('gateway.networking.k8s.io');
    expect(ids.find((r) => r.id === 'route.tls.insecure-policy')!.severity).toBe('error');
    expect(ids.find((r) => r.id === 'route.host.already-claimed')!.severity).toBe('warning');
  });

  test('fails when an id used in src/ is not documented', () => {
    expect(undocumented([{ id: 'route.brand-new-check', pattern: false, severity: 'error', files: [] }], DOC)).toEqual(['route.brand-new-check']);
    expect(undocumented([{ id: 'route.tls.*', pattern: true, severity: 'warning', files: [] }], 'only `route.tls.key-mismatch` here')).toEqual([]);
    expect(undocumented([{ id: 'route.tls.*', pattern: true, severity: 'warning', files: [] }], 'nothing here')).toEqual(['route.tls.*']);
  });

  test('every rule id used in src/ is documented in docs/validate.md', () => {
    expect(DOC).toContain(BEGIN);
    expect(DOC).toContain(END);
    expect(undocumented(ids, DOC)).toEqual([]);
  });
});
