import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { FieldPath } from '../../src/validation/field-path';
import { LoadedObject } from '../../src/validation/manifests';
import { fastRead, lineOfPath } from '../../src/validation/yaml-fast';

/**
 * The fast reader must give exactly what the full parser gives, or step
 * aside (undefined) so the full parser reads the text and reports its errors.
 */
function full(text: string): { values: unknown[]; errors: number } {
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, lineCounter: new LineCounter() });
  const list = Array.isArray(docs) ? docs : [docs as any];
  const errors = list.reduce((n, d) => n + d.errors.length, 0);
  const values = list.map((d) => (d.errors.length === 0 ? d.toJS({ maxAliasCount: 1000 }) : undefined)).filter((v) => v !== null && v !== undefined);
  return { values, errors };
}

function agrees(text: string): 'fast' | 'full' {
  const fast = fastRead(text);
  const ref = full(text);
  if (!fast) return 'full';
  expect(ref.errors).toBe(0);
  expect(fast.documents.map((d) => d.value)).toEqual(ref.values);
  return 'fast';
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = [
  ...yamlFiles(path.join(ROOT, 'test', 'fixtures')),
  ...yamlFiles(path.join(ROOT, 'examples')),
  ...yamlFiles(path.join(ROOT, '..', 'shared')),
];

describe('fast YAML reader', () => {
  test('has a corpus', () => expect(CORPUS.length).toBeGreaterThan(50));

  test.each(CORPUS.map((f) => [path.relative(path.join(ROOT, '..'), f), f]))('agrees with the full parser on %s', (_name, file) => {
    agrees(fs.readFileSync(file, 'utf8'));
  });

  test.each([
    ['scalars of the core schema', 'a: ~\nb: null\nc: Null\nd: true\ne: False\nf: 0o17\ng: -12\nh: 0x1F\ni: .inf\nj: -.Inf\nk: 1.5e3\nl: .5\nm: 1.\nn: "1"\no: \'x\'\'y\'\np: yes\nq: 0777\nr: +5\ns: 12:30\nt: 2001-12-14\nu: "a\\tb\\u00e9"\nv:\n'],
    ['block scalars', 'a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: |+\n  keep\n\nd: x\n'],
    ['multi-line plain and quoted scalars', 'a: one\n  two\nb: "x\n  y"\n'],
    ['flow collections', 'a: {b: 1, "c": [1, 2, {d: e}], e: []}\nf: []\ng: {}\n'],
    ['lists of maps and nested lists', 'a:\n- b: 1\n  c: 2\n- - x\n  - y\n-\n- ""\n'],
    ['numeric and boolean keys', '80: http\ntrue: yes\n1.0: one\n'],
    ['comments everywhere', '# head\na: 1 # tail\n# mid\nb:\n  # inner\n  - 1 # item\n'],
    ['several documents and empty ones', '---\na: 1\n---\n---\n# c\n---\nb: 2\n...\n'],
    ['a continuation line that looks like a list item', 'a:\n  - 1\n   - 2\n'],
    ['a List', 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: A}\n- apiVersion: v1\n  kind: B\n'],
  ])('reads %s exactly like the full parser', (_name, text) => {
    expect(agrees(text)).toBe('fast');
  });

  test.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['explicit keys', '? a\n: 1\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['a nested compact mapping', 'a: b: c\n'],
    ['a compact sequence after a key', 'a: - b\n'],
    ['an unclosed flow sequence', 'a: [1, 2\n'],
    ['a multi-line flow mapping', 'a: {b: 1,\n  c: 2}\n'],
    ['a key without a value indicator', 'a: 1\nb\n'],
    ['a bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['an unterminated quote', 'a: "x\n'],
    ['a multi-line key', 'a\n b: 1\n'],
    ['a mapping on the document start line', '--- a: 1\n'],
    ['a less indented list item', 'a:\n  - 1\n - 2\n'],
    ['a comment without space', 'a: 1#x\nb: "x"#y\n'],
    ['a tab after the colon', 'a:\t1\n'],
  ])('steps aside for %s (the full parser reads or rejects it)', (_name, text) => {
    expect(agrees(text)).toBe('full');
  });

  test('finds the line of a field, a list item and the nearest existing parent', () => {
    const text = 'apiVersion: v1\nkind: X\nspec:\n  rules:\n  - host: a\n    paths:\n    - /x\n  - host: b\n';
    const read = fastRead(text)!;
    const line = (p: string) => lineOfPath(read.documents[0].token, FieldPath.parse(p).keys(), read.lines, 1);
    expect(line('spec.rules[1].host')).toBe(8);
    expect(line('spec.rules[0].paths[0]')).toBe(7);
    expect(line('spec.rules[0].missing')).toBe(5);
    expect(line('spec.absent')).toBe(3);
  });

  test('gives the same lines as the full parser for every field of the corpus', () => {
    let compared = 0;
    for (const file of CORPUS.slice(0, 80)) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = fastRead(text);
      if (!fast) continue;
      const lines = new LineCounter();
      const docs = parseAllDocuments(text, { uniqueKeys: false, lineCounter: lines });
      const nonEmpty = (Array.isArray(docs) ? docs : [docs as any]).filter((d) => d.contents && d.toJS() !== null);
      fast.documents.forEach((d, i) => {
        const full_ = new LoadedObject(d.value as any, { file, line: d.line }, nonEmpty[i].contents as any, lines);
        for (const p of leafPaths(d.value)) {
          expect([file, p.toString(), lineOfPath(d.token, p.keys(), fast.lines, d.line)]).toEqual([file, p.toString(), full_.lineOf(p)]);
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

function leafPaths(v: unknown, p?: FieldPath): FieldPath[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, p!.index(i)));
  if (v !== null && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) => leafPaths(x, p ? (/^[A-Za-z0-9_-]+$/.test(k) ? p.child(k) : p.key(k)) : FieldPath.root(k)));
  }
  return p ? [p] : [];
}
