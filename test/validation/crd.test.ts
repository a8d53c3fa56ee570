import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { CustomResourceDefinitions } from '../../src/validation/crd/definitions';
import { Finding } from '../../src/validation/finding';
import { fromObjects, loadText } from '../../src/validation/manifests';
import { validateLoaded, ValidationReport } from '../../src/validation/validate';

/** A small CRD that uses every keyword the engine implements. */
function widgetCrd(extra: { schema?: any; rules?: any[]; served?: boolean; status?: boolean } = {}): any {
  const spec = {
    'type': 'object',
    'required': ['name'],
    'x-kubernetes-validations': extra.rules ?? [],
    'properties': {
      'name': { type: 'string', minLength: 1, maxLength: 10, pattern: '^[a-z]+$' },
      'mode': { type: 'string', enum: ['Fast', 'Slow'], default: 'Fast' },
      'replicas': { type: 'integer', format: 'int32', minimum: 1, maximum: 5, exclusiveMaximum: true },
      'ratio': { type: 'number', minimum: 0, exclusiveMinimum: true, multipleOf: 0.5 },
      'port': { 'x-kubernetes-int-or-string': true },
      'note': { type: 'string', nullable: true },
      'when': { type: 'string', format: 'date-time' },
      'address': { type: 'string', format: 'ipv4' },
      'tags': { 'type': 'array', 'items': { type: 'string' }, 'maxItems': 3, 'minItems': 1, 'x-kubernetes-list-type': 'set' },
      'ports': {
        'type': 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name', 'protocol'],
        'items': {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, protocol: { type: 'string', default: 'TCP' }, number: { type: 'integer' } },
        },
      },
      'labels': { type: 'object', additionalProperties: { type: 'string', maxLength: 5 }, maxProperties: 2 },
      'free': { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
      'namespace': { type: 'string' },
      'dash-name': { type: 'string' },
      'nested': {
        type: 'object',
        properties: { inner: { type: 'object', default: {}, properties: { level: { type: 'integer', default: 3 } } } },
      },
      ...(extra.schema ?? {}),
    },
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [{
        name: 'v1',
        served: extra.served ?? true,
        storage: true,
        ...(extra.status ? { subresources: { status: {} } } : {}),
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec,
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      }],
    },
  };
}

function widget(spec: any, more: any = {}): any {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec, ...more };
}

function run(obj: any, crd: any = widgetCrd()): ValidationReport {
  return validateLoaded(fromObjects([obj]), { crds: CustomResourceDefinitions.fromObjects([crd]) });
}

const brief = (fs_: Finding[]) => fs_.map((f) => [f.type, f.field, f.rule]);

describe('CRD schema', () => {
  test('accepts a valid custom resource', () => {
    const r = run(widget({
      'name': 'abc',
      'replicas': 4,
      'ratio': 1.5,
      'port': 'http',
      'note': null,
      'when': '2024-01-02T03:04:05Z',
      'address': '10.0.0.1',
      'tags': ['a', 'b'],
      'ports': [{ name: 'a' }, { name: 'a', protocol: 'UDP' }],
      'labels': { a: 'x' },
      'free': { anything: { goes: 1 } },
      'namespace': 'x',
      'dash-name': 'y',
    }));
    expect(brief(r.errors)).toEqual([]);
    expect(brief(r.warnings)).toEqual([]);
  });

  test('fails on a missing required field and a wrong type, with Kubernetes field paths', () => {
    const r = run(widget({ replicas: 'three' }));
    expect(brief(r.errors)).toEqual([
      ['Required', 'spec.name', 'crd.schema.required'],
      ['Invalid', 'spec.replicas', 'crd.schema.type'],
    ]);
  });

  test('fails on string bounds, pattern and enum', () => {
    const r = run(widget({ name: 'ABCDEFGHIJKL', mode: 'Medium' }));
    expect(brief(r.errors)).toEqual([
      ['TooLong', 'spec.name', 'crd.schema.maxLength'],
      ['Invalid', 'spec.name', 'crd.schema.pattern'],
      ['NotSupported', 'spec.mode', 'crd.schema.enum'],
    ]);
    expect(r.errors[2].message).toBe('Unsupported value: "Medium": supported values: "Fast", "Slow"');
  });

  test('fails on numeric bounds, exclusive bounds, multipleOf and int32 range', () => {
    expect(brief(run(widget({ name: 'a', replicas: 5 })).errors)).toEqual([['Invalid', 'spec.replicas', 'crd.schema.maximum']]);
    expect(brief(run(widget({ name: 'a', replicas: 0 })).errors)).toEqual([['Invalid', 'spec.replicas', 'crd.schema.minimum']]);
    expect(brief(run(widget({ name: 'a', ratio: 0 })).errors)).toEqual([['Invalid', 'spec.ratio', 'crd.schema.minimum']]);
    expect(brief(run(widget({ name: 'a', ratio: 0.7 })).errors)).toEqual([['Invalid', 'spec.ratio', 'crd.schema.multipleOf']]);
    expect(brief(run(widget({ name: 'a', replicas: 2 ** 31 })).errors)).toEqual([
      ['Invalid', 'spec.replicas', 'crd.schema.format'],
      ['Invalid', 'spec.replicas', 'crd.schema.maximum'],
    ]);
  });

  test('fails on int-or-string with another type, and on formats', () => {
    const r = run(widget({ name: 'a', port: true, when: 'yesterday', address: '1.2.3' }));
    expect(brief(r.errors)).toEqual([
      ['Invalid', 'spec.port', 'crd.schema.type'],
      ['Invalid', 'spec.when', 'crd.schema.format'],
      ['Invalid', 'spec.address', 'crd.schema.format'],
    ]);
  });

  test('accepts null only where nullable, and drops it elsewhere (as the API server prunes it)', () => {
    expect(brief(run(widget({ name: 'a', note: null, replicas: null })).errors)).toEqual([]);
    const r = run(widget({ name: 'a', tags: [null] }));
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.tags[0]', 'crd.schema.type']]);
  });

  test('fails on list bounds and on duplicates in set and map lists', () => {
    const r = run(widget({ name: 'a', tags: ['a', 'b', 'a', 'c'], ports: [{ name: 'x' }, { name: 'x', protocol: 'TCP' }] }));
    expect(brief(r.errors)).toEqual([
      ['TooMany', 'spec.tags', 'crd.schema.maxItems'],
      ['Duplicate', 'spec.tags[2]', 'crd.schema.x-kubernetes-list-type'],
      ['Duplicate', 'spec.ports[1]', 'crd.schema.x-kubernetes-list-type'],
    ]);
    expect(brief(run(widget({ name: 'a', tags: [] })).errors)).toEqual([['Invalid', 'spec.tags', 'crd.schema.minItems']]);
  });

  test('fails on map values and map size, naming the key', () => {
    const r = run(widget({ name: 'a', labels: { a: 'toolong', b: 'x', c: 'y' } }));
    expect(brief(r.errors)).toEqual([
      ['TooMany', 'spec.labels', 'crd.schema.maxProperties'],
      ['TooLong', 'spec.labels[a]', 'crd.schema.maxLength'],
    ]);
  });

  test('fails on unknown fields, but not under x-kubernetes-preserve-unknown-fields or in metadata', () => {
    const r = run(widget({ name: 'a', bogus: 1, free: { x: 1 }, nested: { inner: { other: 2 } } }, { metadata: { name: 'w', labels: { a: 'b' } } }));
    expect(brief(r.errors)).toEqual([
      ['Forbidden', 'spec.bogus', 'crd.schema.unknown-field'],
      ['Forbidden', 'spec.nested.inner.other', 'crd.schema.unknown-field'],
    ]);
  });

  test('skips status when the version has a status subresource', () => {
    expect(brief(run(widget({ name: 'a' }, { status: { ready: 'yes' } }), widgetCrd({ status: true })).errors)).toEqual([]);
    expect(brief(run(widget({ name: 'a' }, { status: { ready: 'yes' } })).errors)).toEqual([['Invalid', 'status.ready', 'crd.schema.type']]);
  });

  test('fails with allOf, anyOf, oneOf and not', () => {
    const crd = widgetCrd({
      schema: {
        combo: {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'string' } },
          anyOf: [{ required: ['a'] }, { required: ['b'] }],
          oneOf: [{ required: ['a'] }, { required: ['b'] }],
          not: { properties: { a: { enum: ['forbidden'] } }, required: ['a'] },
          allOf: [{ properties: { b: { maxLength: 2 } } }],
        },
      },
    });
    expect(brief(run(widget({ name: 'a', combo: { a: 'x' } }), crd).errors)).toEqual([]);
    expect(brief(run(widget({ name: 'a', combo: {} }), crd).errors)).toEqual([
      ['Invalid', 'spec.combo', 'crd.schema.anyOf'],
      ['Invalid', 'spec.combo', 'crd.schema.oneOf'],
    ]);
    expect(brief(run(widget({ name: 'a', combo: { a: 'x', b: 'yyy' } }), crd).errors)).toEqual([
      ['TooLong', 'spec.combo.b', 'crd.schema.maxLength'],
      ['Invalid', 'spec.combo', 'crd.schema.oneOf'],
    ]);
    expect(brief(run(widget({ name: 'a', combo: { a: 'forbidden' } }), crd).errors)).toEqual([['Invalid', 'spec.combo', 'crd.schema.not']]);
  });

  test('fails without a name, or with a name that is not a DNS subdomain', () => {
    expect(brief(run(widget({ name: 'a' }, { metadata: { namespace: 'ns' } })).errors)).toEqual([['Required', 'metadata.name', 'crd.metadata.name']]);
    expect(brief(run(widget({ name: 'a' }, { metadata: { generateName: 'w-' } })).errors)).toEqual([]);
    expect(brief(run(widget({ name: 'a' }, { metadata: { name: 'Not_Valid' } })).errors)).toEqual([['Invalid', 'metadata.name', 'crd.metadata.name']]);
  });

  test('fails on a version the CRD does not serve', () => {
    const r = run({ ...widget({ name: 'a' }), apiVersion: 'example.com/v2' });
    expect(brief(r.errors)).toEqual([['NotSupported', 'apiVersion', 'crd.version.not-served']]);
  });

  test('does not touch kinds no CRD defines', () => {
    const r = run({ apiVersion: 'other.example.com/v1', kind: 'Widget', metadata: { name: 'x' }, spec: { bogus: 1 } });
    expect(r.errors).toEqual([]);
  });

  test('names the line of the field in the file', () => {
    const text = stringify(widget({ name: 'a', replicas: 9 }));
    const { objects } = loadText(text, 'w.yaml');
    const r = validateLoaded(objects, { crds: CustomResourceDefinitions.fromObjects([widgetCrd()]) });
    const line = text.split('\n').findIndex((l) => l.includes('replicas: 9')) + 1;
    expect(r.errors.map((e) => [e.file, e.line, e.field])).toEqual([['w.yaml', line, 'spec.replicas']]);
  });
});

describe('CRD defaults', () => {
  const rule = (r: string, message = 'm') => widgetCrd({ rules: [{ rule: r, message }] });

  test('are applied before the rules run (also inside defaulted objects)', () => {
    expect(brief(run(widget({ name: 'a' }), rule("self.mode == 'Fast' && self.nested.inner.level == 3 || !has(self.nested)")).errors)).toEqual([]);
    expect(brief(run(widget({ name: 'a', nested: {} }), rule('self.nested.inner.level == 3')).errors)).toEqual([]);
    expect(brief(run(widget({ name: 'a', ports: [{ name: 'p' }] }), rule("self.ports[0].protocol == 'TCP'")).errors)).toEqual([]);
  });

  test('fails when a defaulted value breaks a rule', () => {
    const r = run(widget({ name: 'a' }), rule("self.mode == 'Slow'", 'mode must be Slow'));
    expect(brief(r.errors)).toEqual([['Invalid', 'spec', 'crd.cel']]);
    expect(r.errors[0].message).toBe('Invalid value: "object": mode must be Slow');
  });
});

describe('CRD CEL rules', () => {
  function check(ruleText: string, spec: any, extra: any = {}): ValidationReport {
    return run(widget({ name: 'a', ...spec }), widgetCrd({ rules: [{ rule: ruleText, message: 'the rule failed', ...extra }] }));
  }
  const passes = (ruleText: string, spec: any = {}) => {
    const r = check(ruleText, spec);
    expect([...brief(r.errors), ...brief(r.warnings)]).toEqual([]);
  };
  const failsWith = (ruleText: string, spec: any = {}) => {
    const r = check(ruleText, spec);
    expect([...brief(r.errors), ...brief(r.warnings)]).toEqual([['Invalid', 'spec', 'crd.cel']]);
  };

  test.each([
    ["self.name.lowerAscii() == 'a' && 'A'.upperAscii() == 'A'"],
    ["'a,b'.split(',') == ['a', 'b'] && ['a', 'b'].join('-') == 'a-b'"],
    ["'abc'.replace('b', 'x') == 'axc' && 'abcb'.indexOf('b') == 1 && 'abcb'.lastIndexOf('b') == 3"],
    ["'abc'.substring(1) == 'bc' && ' a '.trim() == 'a' && 'abc'.charAt(1) == 'b'"],
    ['[1, 2, 3].isSorted() && [1, 2, 3].sum() == 6 && [3, 1].min() == 1 && [3, 1].max() == 3 && [1, 2].indexOf(2) == 1'],
    ["self.name.matches('^[a-z]+$') && 'abc123'.find('[0-9]+') == '123' && 'a1b2'.findAll('[0-9]') == ['1', '2']"],
    ["isIP('10.0.0.1') && !isIP('10.0.0') && ip('::1').family() == 6 && ip('127.0.0.1').isLoopback()"],
    ["isCIDR('10.0.0.0/8') && cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP('11.0.0.1') && cidr('10.0.0.0/8').prefixLength() == 8"],
    ["isURL('https://example.com:8443/x?q=1') && url('https://example.com:8443/x').getHost() == 'example.com:8443' && url('https://example.com/x').getScheme() == 'https' && !isURL('example.com')"],
    ["isQuantity('1Gi') && quantity('1Gi').isGreaterThan(quantity('1000Mi')) && quantity('500m').compareTo(quantity('1')) == -1"],
    ["duration('1h') > duration('59m') && duration('1s') == duration('1000ms')"],
    ['[1, 2, 3].exists_one(x, x == 2) && [1, 2].all(x, x > 0) && [1, 2].exists(x, x == 2) && [1, 2].filter(x, x > 1) == [2]'],
    ['self.__namespace__ == "n" && self.dash__dash__name == "d"', { 'namespace': 'n', 'dash-name': 'd' }],
    ['self.replicas + 1 == 3 && self.replicas * 2 == 4', { replicas: 2 }],
    ["self.labels.all(k, k.size() == 1) && 'a' in self.labels", { labels: { a: 'x' } }],
    ["format.dns1123Label().validate('abc') == null && format.dns1123Label().validate('A_B') != null"],
    ['!has(self.note) && has(self.mode)'],
    // RE2 specifics: Unicode classes (run on RE2 itself), POSIX classes and leading flags (translated)
    ["'Ünïcode'.matches('^\\\\pL+$') && !'a1'.matches('^\\\\pL+$')"],
    ["'ok%%[x]'.matches('^(?:%%|[^%[:cntrl:]])+$') && !'bad\\u0001'.matches('^(?:%%|[^%[:cntrl:]])+$')"],
    ["'ABC'.matches('^(?i)abc$') && !'ABC'.matches('^abc$')"],
    // linear time: this pattern backtracks exponentially as a JavaScript RegExp
    [`!'${'a'.repeat(40)}\\u0001'.matches('^[!-~]+([\\t ]?[!-~]+)*$')`],
  ])('evaluates %s', (ruleText: string, spec: any = {}) => passes(ruleText, spec));

  test('fails with the rule message on a violation', () => {
    failsWith('self.name.size() > 3');
    failsWith('[1, 2, 2].exists_one(x, x == 2)');
    failsWith('[3, 1].isSorted()');
  });

  test('fails with messageExpression, reason and fieldPath when given', () => {
    const r = check('self.name.size() > 3', {}, { messageExpression: "'name ' + self.name + ' is too short'", reason: 'FieldValueForbidden', fieldPath: '.name' });
    expect(brief(r.errors)).toEqual([['Forbidden', 'spec.name', 'crd.cel']]);
    expect(r.errors[0].message).toBe('Forbidden: name a is too short');
    const req = check('has(self.note)', {}, { reason: 'FieldValueRequired', fieldPath: '.note' });
    expect(brief(req.errors)).toEqual([['Required', 'spec.note', 'crd.cel']]);
    const map = check("self.labels['a'] == 'y'", { labels: { a: 'x' } }, { fieldPath: ".labels['a']" });
    expect(brief(map.errors)).toEqual([['Invalid', 'spec.labels[a]', 'crd.cel']]);
  });

  test('runs rules on list items and map values with their own paths', () => {
    const crd = widgetCrd({
      schema: {
        items: { type: 'array', items: { 'type': 'string', 'x-kubernetes-validations': [{ rule: "self != 'bad'", message: 'no bad items' }] } },
      },
    });
    const r = run(widget({ name: 'a', items: ['ok', 'bad'] }), crd);
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.items[1]', 'crd.cel']]);
    expect(r.errors[0].message).toBe('Invalid value: "string": no bad items');
  });

  test('skips transition rules (oldSelf) on create', () => passes('self == oldSelf'));

  test('warns (never crashes) on a rule that does not compile or cannot be evaluated', () => {
    const bad = check('self.name ==', {});
    expect(brief(bad.errors)).toEqual([]);
    expect(brief(bad.warnings)).toEqual([['Invalid', 'spec', 'crd.cel.compile']]);
    expect(bad.warnings[0].message).toContain('self.name ==');
    const eval_ = check("self.name + 1 == 'a1'", {});
    expect(brief(eval_.errors)).toEqual([]);
    expect(brief(eval_.warnings)).toEqual([['Invalid', 'spec', 'crd.cel.eval']]);
  });

  test('fails (as the API server does) when a rule reads an absent field', () => {
    const r = check('self.ratio > 0.0', {});
    expect(brief(r.errors)).toEqual([['Invalid', 'spec', 'crd.cel']]);
    expect(r.errors[0].message).toBe('Invalid value: "object": the rule failed (the rule could not be evaluated: no such key: ratio)');
  });

  test('does not run rules when a field has the wrong type, and says so', () => {
    const r = check('self.name.size() > 3', { replicas: 'x' });
    expect(brief(r.errors)).toEqual([['Invalid', 'spec.replicas', 'crd.schema.type']]);
    expect(brief(r.warnings)).toEqual([['Invalid', '', 'crd.cel.skipped']]);
  });
});

describe('loading CRDs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'list.yaml'), stringify({ apiVersion: 'v1', kind: 'List', items: [widgetCrd()] }));
    fs.writeFileSync(path.join(dir, 'other.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads directories, kind: List (kubectl get crd -o yaml) and ignores other objects', () => {
    const crds = CustomResourceDefinitions.fromPaths([dir]);
    expect(crds.servedKinds).toEqual(['example.com/v1/Widget']);
  });

  test('fails on an unreadable path and on YAML that does not parse', () => {
    expect(() => CustomResourceDefinitions.fromPaths([path.join(dir, 'missing')])).toThrow(/cannot read .*missing/);
    fs.writeFileSync(path.join(dir, 'broken.yml'), 'kind: [\n');
    try {
      expect(() => CustomResourceDefinitions.fromPaths([dir])).toThrow(/cannot read CRDs from .*broken.yml:\d+: YAML does not parse/);
    } finally {
      fs.rmSync(path.join(dir, 'broken.yml'));
    }
  });

  test('reads the upstream Gateway API CRDs', () => {
    const crds = CustomResourceDefinitions.fromPaths([path.resolve(__dirname, '../..', '..', 'shared', 'gateway-api', 'crds', 'standard')]);
    expect(crds.servedKinds).toContain('gateway.networking.k8s.io/v1/HTTPRoute');
  });
});

describe('CRD and built-in rules together', () => {
  const routeCrd = () => CustomResourceDefinitions.fromPaths([path.resolve(__dirname, '../..', '..', 'shared', 'openshift-route', 'crd')]);

  test('both run for a Route; identical findings (same field and type) are reported once', () => {
    const route = {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'r', namespace: 'n' },
      spec: { to: { kind: 'Service', name: 's' }, port: { targetPort: 'http' }, bogus: 1 },
    };
    const builtIn = validateLoaded(fromObjects([route]));
    const both = validateLoaded(fromObjects([route]), { crds: routeCrd() });
    expect(brief(builtIn.errors)).toEqual([['Forbidden', 'spec.bogus', 'route.schema.unknown-field']]);
    expect(brief(both.errors)).toEqual([['Forbidden', 'spec.bogus', 'route.schema.unknown-field']]);
  });

  test('fails with findings of both when they differ', () => {
    const route = {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'r', namespace: 'n' },
      spec: { host: 'a.example.com', to: { kind: 'Service', name: 's' }, tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Allow' } },
    };
    const both = validateLoaded(fromObjects([route]), { crds: routeCrd() });
    expect(brief(both.errors)).toEqual([
      ['Invalid', 'spec.tls.insecureEdgeTerminationPolicy', 'route.tls.insecure-policy'],
      ['Invalid', 'spec.tls', 'crd.cel'],
    ]);
  });
});

describe('library entry point', () => {
  test('validateManifests takes crds in its options (as exported from the package)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../../src');
    const crds = lib.CustomResourceDefinitions.fromObjects([widgetCrd()]);
    const report = lib.validateManifests([widget({ name: 'a', replicas: 9 })], { crds });
    expect(brief(report.errors)).toEqual([['Invalid', 'spec.replicas', 'crd.schema.maximum']]);
    expect(brief(lib.validateManifests([widget({ name: 'a', replicas: 9 })]).errors)).toEqual([]);
  });
});

describe('unknown API versions and CRDs', () => {
  const v2RouteCrd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'routes.route.openshift.io' },
    spec: {
      group: 'route.openshift.io',
      names: { kind: 'Route', plural: 'routes' },
      scope: 'Namespaced',
      versions: [{ name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['target'], properties: { target: { type: 'string' } } } } } } }],
    },
  };
  const v2 = (spec: any) => ({ apiVersion: 'route.openshift.io/v2', kind: 'Route', metadata: { name: 'r', namespace: 'n' }, spec });

  test('a version a given CRD serves is known: the CRD checks it, with no unknown-version warning', () => {
    const r = validateLoaded(fromObjects([v2({})]), { crds: CustomResourceDefinitions.fromObjects([v2RouteCrd]) });
    expect(brief(r.errors)).toEqual([['Required', 'spec.target', 'crd.schema.required']]);
    expect(r.warnings.filter((w) => w.rule === 'api.version.unknown')).toEqual([]);
  });

  test('fails with a warning without the CRD (unknown version of a known group)', () => {
    const r = validateLoaded(fromObjects([v2({})]));
    expect(brief(r.errors)).toEqual([]);
    expect(brief(r.warnings)).toContainEqual(['NotSupported', 'apiVersion', 'api.version.unknown']);
  });
});
