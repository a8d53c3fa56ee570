import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FieldPath } from '../../src/validation/field-path';
import { InputError, loadPaths, loadText } from '../../src/validation/manifests';

const TWO_DOCS = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: demo
---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: shop
  namespace: demo
spec:
  host: shop.example.com
  tls:
    termination: edge
`;

describe('loadText', () => {
  test('reads every document of a multi-document file with its first line', () => {
    const r = loadText(TWO_DOCS, 'app.yaml');
    expect(r.findings).toStrictEqual([]);
    expect(r.objects.map((o) => [o.kind, o.name, o.source.file, o.source.line])).toStrictEqual([
      ['Service', 'web', 'app.yaml', 1],
      ['Route', 'shop', 'app.yaml', 7],
    ]);
  });

  test('tells the line of a field, or of its nearest parent when the field is absent', () => {
    const route = loadText(TWO_DOCS, 'app.yaml').objects[1];
    expect(route.lineOf(FieldPath.parse('spec.tls.termination'))).toBe(15);
    expect(route.lineOf(FieldPath.parse('spec.host'))).toBe(13);
    expect(route.lineOf(FieldPath.parse('spec.tls.insecureEdgeTerminationPolicy'))).toBe(14);
    expect(route.lineOf(FieldPath.parse('spec.to.name'))).toBe(12);
  });

  test('unpacks kind: List and keeps each item line', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: a }
  - apiVersion: v1
    kind: Service
    metadata: { name: b }
`;
    const r = loadText(text, 'list.yaml');
    expect(r.objects.map((o) => [o.name, o.source.line])).toStrictEqual([['a', 4], ['b', 7]]);
  });

  test('reads JSON with lines', () => {
    const r = loadText('{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "x"}\n}\n', 'a.json');
    expect(r.objects[0].name).toBe('x');
    expect(r.objects[0].lineOf(FieldPath.parse('metadata.name'))).toBe(4);
  });

  test('fails with a finding at the line of YAML that does not parse', () => {
    const r = loadText('apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n', 'bad.yaml');
    expect(r.objects).toHaveLength(0);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ file: 'bad.yaml', rule: 'yaml.parse', severity: 'error' });
    expect(r.findings[0].line).toBeGreaterThanOrEqual(4);
  });

  test('fails on a document that is not an object', () => {
    const r = loadText('- a\n- b\n', 'seq.yaml');
    expect(r.findings.map((f) => [f.rule, f.line])).toStrictEqual([['yaml.parse', 1]]);
  });

  test('skips empty documents', () => {
    expect(loadText('---\n---\n', 'e.yaml').objects).toHaveLength(0);
  });
});

describe('loadPaths', () => {
  test('reads directories recursively in sorted order, only yaml/yml/json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: b}\n');
    fs.writeFileSync(path.join(dir, 'sub', 'a.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not yaml: [');
    const r = loadPaths([dir]);
    expect(r.objects.map((o) => o.name)).toStrictEqual(['b', 'a']);
    expect(r.findings).toStrictEqual([]);
    fs.rmSync(dir, { recursive: true });
  });

  test('reads standard input for -', () => {
    const r = loadPaths(['-'], () => 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n');
    expect(r.objects[0].source.file).toBe('-');
  });

  test('fails with an InputError for a path that does not exist', () => {
    expect(() => loadPaths(['/nonexistent/x.yaml'])).toThrow(InputError);
    expect(() => loadPaths(['/nonexistent/x.yaml'])).toThrow(/cannot read \/nonexistent\/x.yaml: ENOENT/);
  });
});

describe('empty documents', () => {
  test('skips a trailing --- and comment-only documents', () => {
    const r = loadText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# only a comment\n---\n', 'x.yaml');
    expect(r.findings).toEqual([]);
    expect(r.objects.map((o) => o.name)).toEqual(['a']);
  });
});

describe('JSON input', () => {
  const json = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } },
      { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'b' }, spec: { host: 'x', to: { name: 'a' } } },
    ],
  }, null, 2);

  test('reads kubectl -o json output and finds lines of fields and items on demand', () => {
    const r = loadText(json, 'dump.json');
    expect(r.findings).toEqual([]);
    expect(r.objects.map((o) => o.name)).toEqual(['a', 'b']);
    const lines = json.split('\n');
    const lineOfText = (s: string, after = 0) => lines.findIndex((l, i) => i >= after && l.includes(s)) + 1;
    expect(r.objects[1].source.line).toBe(lines.lastIndexOf('    {') + 1);
    expect(r.objects[1].lineOf(FieldPath.parse('spec.to.name'))).toBe(lineOfText('"name": "a"', lineOfText('"to"')));
    expect(r.objects[0].lineOf(FieldPath.parse('metadata.name'))).toBe(lineOfText('"name": "a"'));
  });

  test('fails on JSON that does not parse, with its line (through the YAML parser)', () => {
    const r = loadText('{\n  "apiVersion": "v1",\n  "items": [1, 2\n}\n', 'bad.json');
    expect(r.objects).toEqual([]);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings[0].rule).toBe('yaml.parse');
  });
});
