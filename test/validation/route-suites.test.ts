import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Finding } from '../../src/validation/finding';
import { fromObjects } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';

/**
 * Runs the upstream Route validation suites (openshift/api envtest format and
 * the cases of test-route-validation.sh) against the offline validator.
 */
const SHARED = path.resolve(__dirname, '../..', '..', 'shared', 'openshift-route', 'tests');

interface EnvtestCase { name: string; initial: string; expected?: string; expectedError?: string }

function envtestCases(file: string): EnvtestCase[] {
  const doc = parse(fs.readFileSync(path.join(SHARED, file), 'utf8'));
  return doc.tests.onCreate as EnvtestCase[];
}

/**
 * The envtest harness creates every object in a test namespace with a
 * generated name; supply the same so metadata rules do not fire.
 */
function asCreated(manifest: any): any {
  const metadata = { ...(manifest.metadata ?? {}) };
  if (!metadata.name && !metadata.generateName) metadata.generateName = 'test-';
  if (!metadata.namespace) metadata.namespace = 'test-ns';
  return { ...manifest, metadata };
}

function validate(manifest: any) {
  return validateLoaded(fromObjects([asCreated(manifest)]));
}

/**
 * The field each expected upstream error is about: read from the message when
 * it names one (`<field>: Required value`), else the field of the rule the
 * message comes from.
 */
const FIELD_BY_MESSAGE: Array<[string, (c: EnvtestCase) => string]> = [
  ['header actions are not permitted when tls termination is passthrough', () => 'spec.httpHeaders'],
  ['proxy header may not be modified', () => 'spec.httpHeaders.actions.request[0].name'],
  ['set-cookie header may not be modified', () => 'spec.httpHeaders.actions.response[0].name'],
  ['Either the header value provided is not in correct format', (c) => {
    const m = parse(c.initial);
    const list = m.spec.httpHeaders.actions.request ? 'request' : 'response';
    return `spec.httpHeaders.actions.${list}[0].action.set.value`;
  }],
  ['set is required when type is Set', () => 'spec.httpHeaders.actions.response[0].action.set'],
  ['cannot have both spec.tls.certificate and spec.tls.externalCertificate', () => 'spec.tls'],
];

function expectedField(c: EnvtestCase): string {
  const named = /\[([a-zA-Z0-9.[\]]+): (Required value|Invalid value)/.exec(c.expectedError!);
  if (named) return named[1];
  const hit = FIELD_BY_MESSAGE.find(([m]) => c.expectedError!.includes(m));
  if (!hit) throw new Error(`no expected field known for: ${c.expectedError}`);
  return hit[1](c);
}

/** The part of the upstream message our finding must carry. */
function expectedText(c: EnvtestCase): string {
  const named = /\[[a-zA-Z0-9.[\]]+: (Required value)/.exec(c.expectedError!);
  if (named) return named[1];
  return c.expectedError!.replace(/^Invalid value: "object": /, '');
}

function describeFindings(fs_: Finding[]): string {
  return fs_.map((f) => `${f.field} [${f.rule}] ${f.message}`).join('\n');
}

describe.each(['AAA_ungated.yaml', 'RouteExternalCertificate.yaml'])('%s', (file) => {
  const cases = envtestCases(file);
  const valid = cases.filter((c) => c.expected !== undefined);
  const invalid = cases.filter((c) => c.expectedError !== undefined);

  test('has cases', () => {
    expect(valid.length + invalid.length).toBe(cases.length);
    expect(cases.length).toBeGreaterThan(0);
  });

  if (valid.length > 0) {
    test.each(valid.map((c) => [c.name, c] as const))('accepts: %s', (_name, c) => {
      const report = validate(parse(c.initial));
      expect(describeFindings(report.errors)).toBe('');
    });
  }

  if (invalid.length > 0) {
    test.each(invalid.map((c) => [c.name, c] as const))('fails: %s', (_name, c) => {
      const report = validate(parse(c.initial));
      expect(report.errors.length).toBeGreaterThan(0);
      const field = expectedField(c);
      const text = expectedText(c);
      const match = report.errors.find((e) => e.field === field && e.message.includes(text));
      if (!match) throw new Error(`expected an error on ${field} containing ${JSON.stringify(text)}; got:\n${describeFindings(report.errors)}`);
    });
  }
});

describe('script-cases.yaml', () => {
  const doc = parse(fs.readFileSync(path.join(SHARED, 'script-cases.yaml'), 'utf8'));
  const cases = doc.cases as Array<{ name: string; expect: 'valid' | 'invalid'; route: any }>;

  test.each(cases.filter((c) => c.expect === 'valid').map((c) => [c.name, c] as const))('accepts: %s', (_name, c) => {
    expect(describeFindings(validate(c.route).errors)).toBe('');
  });

  /** The rule and field each invalid case is refused for (the script checks pass/fail only). */
  const EXPECTED: Record<string, [string, string]> = {
    'passthrough with nonempty path': ['spec.path', 'route.path.passthrough'],
    'spec.wildcardPolicy: Subdomain requires a nonempty value for spec.host': ['spec.wildcardPolicy', 'route.wildcard.host-required'],
    'cannot have numeric 0 value for spec.port.targetPort': ['spec.port.targetPort', 'route.port.target-port'],
    'nonsense value for spec.to.kind': ['spec.to.kind', 'route.backend.kind'],
    'spec.to.weight cannot be negative': ['spec.to.weight', 'route.backend.weight'],
    'cannot have empty spec.alternateBackends[*].name': ['spec.alternateBackends[1].name', 'route.backend.name-required'],
    'cannot have both spec.tls.termination: passthrough and nonempty spec.tls.certificate': ['spec.tls.certificate', 'route.tls.passthrough-certificates'],
    'cannot have both spec.tls.termination: passthrough and nonempty spec.tls.caCertificate': ['spec.tls.caCertificate', 'route.tls.passthrough-certificates'],
    'cannot have both spec.tls.termination: edge and nonempty spec.tls.destinationCACertificate': ['spec.tls.destinationCACertificate', 'route.tls.edge-destination-ca'],
    'cannot have both spec.tls.termination: passthrough and spec.tls.insecureEdgeTerminationPolicy: Allow': ['spec.tls.insecureEdgeTerminationPolicy', 'route.tls.insecure-policy'],
  };

  test.each(cases.filter((c) => c.expect === 'invalid').map((c) => [c.name, c] as const))('fails: %s', (_name, c) => {
    const errors = validate(c.route).errors;
    expect(errors.length).toBeGreaterThan(0);
    const want = EXPECTED[c.name];
    if (want) expect(errors.map((e) => [e.field, e.rule])).toContainEqual(want);
  });
});
