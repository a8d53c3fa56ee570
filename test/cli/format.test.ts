import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatGithub, formatText, groupByFile, ProgressLine, useColour } from '../../src/cli/format';
import { main, CliIo } from '../../src/cli/main';
import { Finding, FindingType, Severity } from '../../src/validation/finding';
import { ValidationReport } from '../../src/validation/validate';

function finding(over: Partial<Finding>): Finding {
  return {
    severity: Severity.ERROR,
    type: FindingType.INVALID,
    field: 'spec.host',
    message: 'bad',
    rule: 'route.host',
    file: 'a.yaml',
    line: 3,
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    namespace: 'ns',
    name: 'r',
    ...over,
  };
}

const REPORT: ValidationReport = {
  objects: 3,
  errors: [finding({ file: 'b.yaml', line: 9 }), finding({ file: 'a.yaml', line: 7 }), finding({ file: 'a.yaml', line: 2 })],
  warnings: [finding({ severity: Severity.WARNING, file: 'a.yaml', line: 1, rule: 'route.w' }), finding({ severity: Severity.WARNING, file: undefined, line: undefined, constructPath: 'app/r' })],
};

describe('text output', () => {
  test('every error before any warning (CONTRACT), each grouped by file in reading order, then by line', () => {
    expect(groupByFile(REPORT).map((g) => [g.file, g.findings.map((f) => `${f.severity}:${f.line}`)])).toEqual([
      ['b.yaml', ['error:9']],
      ['a.yaml', ['error:2', 'error:7']],
      ['a.yaml', ['warning:1']],
      [undefined, ['warning:undefined']],
    ]);
    // a warning in the first file still comes after an error in a later file
    const r: ValidationReport = {
      objects: 2,
      errors: [finding({ file: 'a.yaml', line: 5 }), finding({ file: 'b.yaml', line: 3 })],
      warnings: [finding({ severity: Severity.WARNING, file: 'a.yaml', line: 1 })],
    };
    expect(formatText(r, false).split('\n').slice(0, 3)).toEqual([
      'a.yaml:5: Route ns/r: spec.host: bad (error, route.host)',
      'b.yaml:3: Route ns/r: spec.host: bad (error, route.host)',
      'a.yaml:1: Route ns/r: spec.host: bad (warning, route.host)',
    ]);
  });

  test('keeps one contracted FILE:LINE: KIND NS/NAME: FIELD: MESSAGE line per finding without colour', () => {
    const out = formatText(REPORT, false).trimEnd().split('\n');
    expect(out).toEqual([
      'b.yaml:9: Route ns/r: spec.host: bad (error, route.host)',
      'a.yaml:2: Route ns/r: spec.host: bad (error, route.host)',
      'a.yaml:7: Route ns/r: spec.host: bad (error, route.host)',
      'a.yaml:1: Route ns/r: spec.host: bad (warning, route.w)',
      'app/r: Route ns/r: spec.host: bad (warning, route.host)',
      '3 objects checked: 3 errors, 2 warnings',
    ]);
    expect(formatText(REPORT, false)).not.toMatch(/\u001b/);
  });

  test('colours errors and warnings and adds file headers on a terminal', () => {
    const out = formatText(REPORT, true);
    expect(out).toContain('\u001b[31mb.yaml:9: Route ns/r: spec.host: bad (error, route.host)\u001b[0m');
    expect(out).toContain('\u001b[33ma.yaml:1: Route ns/r');
    expect(out).toContain('\u001b[1ma.yaml\u001b[0m');
  });

  test('colours only on a terminal with NO_COLOR unset or empty', () => {
    expect(useColour(true, {})).toBe(true);
    expect(useColour(true, { NO_COLOR: '' })).toBe(true);
    expect(useColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(false, {})).toBe(false);
  });
});

describe('github output', () => {
  test('writes ::error/::warning commands with escaped properties and data', () => {
    const report: ValidationReport = {
      objects: 1,
      errors: [finding({ file: 'dir,x/a:b%.yaml', line: 4, rule: 'route.host', message: 'line one\r\nline two 100%' })],
      warnings: [finding({ severity: Severity.WARNING, rule: 'route.a,b:c' })],
    };
    const lines = formatGithub(report).trimEnd().split('\n');
    expect(lines[0]).toBe('::error file=dir%2Cx/a%3Ab%25.yaml,line=4,title=route.host::Route ns/r: spec.host: line one%0D%0Aline two 100%25');
    expect(lines[1]).toBe('::warning file=a.yaml,line=3,title=route.a%2Cb%3Ac::Route ns/r: spec.host: bad');
    expect(lines[2]).toBe('1 object checked: 1 error, 1 warning');
  });
});

describe('progress line', () => {
  test('is rewritten in place on a terminal and cleared at the end', () => {
    let out = '';
    const p = new ProgressLine((s) => { out += s; }, true);
    p.update('validating', 4000, 10000, 'objects');
    p.update('validating', 10000, 10000, 'objects');
    p.clear();
    expect(out).toBe('\r\u001b[Kvalidating 4,000/10,000 objects\r\u001b[Kvalidating 10,000/10,000 objects\r\u001b[K');
  });

  test('says which input is being read: many files, or one large file', () => {
    let out = '';
    const p = new ProgressLine((s) => { out += s; }, true);
    p.reading('a.yaml', 0, 3, 100);
    expect(out).toBe('');
    p.reading('big.yaml', 0, 1, 3_300_000);
    p.reading('f60.yaml', 59, 120, 100);
    p.clear();
    expect(out).toBe('\r\u001b[Kreading big.yaml (3.3 MB)\r\u001b[Kreading 60/120 files\r\u001b[K');
    let none = '';
    new ProgressLine((s) => { none += s; }, false).reading('big.yaml', 0, 1, 3_300_000);
    expect(none).toBe('');
  });

  test('writes nothing when the stream is not a terminal or the run is small', () => {
    let out = '';
    const notTty = new ProgressLine((s) => { out += s; }, false);
    notTty.update('validating', 4000, 10000, 'objects');
    notTty.clear();
    const small = new ProgressLine((s) => { out += s; }, true);
    small.update('validating', 10, 20, 'objects');
    small.clear();
    expect(out).toBe('');
  });
});

function io(over: Partial<CliIo> = {}): CliIo & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    stdout: (s: string) => { r.out += s; },
    stderr: (s: string) => { r.err += s; },
    stdin: () => '',
    isTty: false,
    env: {},
    ...over,
  };
  return r;
}

describe('cdk8s-routing validate (output behaviour)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-format-'));
    const routes: string[] = [];
    for (let i = 0; i < 1200; i++) {
      routes.push(`apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r${i}, namespace: ns}\nspec:\n  host: h${i}.example.com\n  to: {kind: Service, name: s}\n`);
    }
    fs.writeFileSync(path.join(dir, 'many.yaml'), `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns}\nspec: {ports: [{port: 80}]}\n---\n${routes.join('---\n')}`);
    fs.writeFileSync(path.join(dir, 'versions.yaml'), [
      'apiVersion: route.openshift.io/v2\nkind: Route\nmetadata: {name: a}\nspec: {bogus: 1}\n',
      'apiVersion: networking.k8s.io/v2\nkind: Ingress\nmetadata: {name: b}\n',
      'apiVersion: gateway.networking.k8s.io/v9\nkind: HTTPRoute\nmetadata: {name: c}\n',
      'apiVersion: example.com/v7\nkind: Widget\nmetadata: {name: d}\n',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: e}\n',
      'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: f}\n',
    ].join('---\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('shows a progress line on stderr only when stderr is a terminal, and clears it', async () => {
    const tty = io({ stderrIsTty: true });
    expect(await main(['validate', path.join(dir, 'many.yaml')], tty)).toBe(0);
    expect(tty.err).toContain('validating 1,201/1,201 objects');
    expect(tty.err.endsWith('\r\u001b[K')).toBe(true);
    expect(tty.out).toBe('1201 objects checked: 0 errors, 0 warnings\n');
    const pipe = io({ stderrIsTty: false });
    expect(await main(['validate', path.join(dir, 'many.yaml')], pipe)).toBe(0);
    expect(pipe.err).toBe('');
  });

  test('colours on a terminal unless NO_COLOR is set', async () => {
    const coloured = io({ isTty: true });
    await main(['validate', path.join(dir, 'versions.yaml')], coloured);
    expect(coloured.out).toMatch(/\u001b\[33m/);
    const plain = io({ isTty: true, env: { NO_COLOR: '1' } });
    await main(['validate', path.join(dir, 'versions.yaml')], plain);
    expect(plain.out).not.toMatch(/\u001b/);
  });

  test('fails with a warning for unknown versions of known groups; unknown kinds pass silently', async () => {
    const o = io();
    expect(await main(['validate', '--format', 'json', path.join(dir, 'versions.yaml')], o)).toBe(0);
    const report = JSON.parse(o.out);
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w: any) => [w.apiVersion, w.field, w.rule])).toEqual([
      ['route.openshift.io/v2', 'apiVersion', 'api.version.unknown'],
      ['networking.k8s.io/v2', 'apiVersion', 'api.version.unknown'],
      ['gateway.networking.k8s.io/v9', 'apiVersion', 'api.version.unknown'],
      ['extensions/v1beta1', 'apiVersion', 'api.version.unknown'],
    ]);
    expect(report.warnings[3].message).toContain('no longer served since Kubernetes 1.22; use networking.k8s.io/v1');
    expect(report.warnings[0].message).toContain('known: route.openshift.io/v1');
    const strict = io();
    expect(await main(['validate', '--strict', path.join(dir, 'versions.yaml')], strict)).toBe(1);
  });
});

describe('cdk8s-routing validate --crds', () => {
  const SHARED = path.resolve(__dirname, '../..', '..', 'shared');
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-crds-'));
    fs.writeFileSync(path.join(dir, 'route.yaml'), `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: demo}
spec:
  parentRefs: [{name: gw}]
  rules:
  - matches:
    - path: {type: PathPrefix, value: "no-slash"}
    timeouts: {request: 1s, backendRequest: 2s}
`);
    fs.writeFileSync(path.join(dir, 'widget-crd.yaml'), `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: self.min <= self.max
              message: min must not be greater than max
            properties:
              min: {type: integer}
              max: {type: integer, maximum: 10}
`);
    fs.writeFileSync(path.join(dir, 'widget.yaml'), `apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: demo}
spec:
  min: 5
  max: 3
`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fails with exit 1 and the CRD rule message on its field for a custom resource', async () => {
    const o = io();
    expect(await main(['validate', '--crds', path.join(dir, 'widget-crd.yaml'), path.join(dir, 'widget.yaml')], o)).toBe(1);
    expect(o.out).toContain(`${path.join(dir, 'widget.yaml')}:4: Widget demo/w: spec: Invalid value: "object": min must not be greater than max (error, crd.cel)`);
    const without = io();
    expect(await main(['validate', path.join(dir, 'widget.yaml')], without)).toBe(0);
  });

  test('fails with exit 1 on a Gateway API object with the upstream CRDs (repeatable flag); findings shared with the built-in rules are reported once', async () => {
    const o = io();
    const crdDir = path.join(SHARED, 'gateway-api', 'crds', 'standard');
    const code = await main(['validate', '--format', 'json', '--crds', path.join(crdDir, 'gateway.networking.k8s.io_httproutes.yaml'), '--crds', path.join(crdDir, 'gateway.networking.k8s.io_gateways.yaml'), path.join(dir, 'route.yaml')], o);
    expect(code).toBe(1);
    const report = JSON.parse(o.out);
    const fields = report.errors.map((e: any) => `${e.field}:${e.type}:${e.line}`);
    expect(fields).toEqual(expect.arrayContaining(['spec.rules[0].matches[0].path:Invalid:8', 'spec.rules[0].timeouts:Invalid:9']));
    expect(new Set(fields).size).toBe(fields.length);
  });

  test('fails with exit 2 on an unreadable --crds path', async () => {
    const o = io();
    expect(await main(['validate', '--crds', path.join(dir, 'missing'), path.join(dir, 'route.yaml')], o)).toBe(2);
    expect(o.err).toMatch(/cannot read .*missing/);
  });
});
