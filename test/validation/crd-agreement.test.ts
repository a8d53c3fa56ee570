import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { GatewayApiChannel } from '../../src/validation/context';
import { CustomResourceDefinitions } from '../../src/validation/crd/definitions';
import { Finding, Issues, Severity } from '../../src/validation/finding';
import { expandPaths, fromObjects, LoadedObject, loadPaths } from '../../src/validation/manifests';
import { validateLoaded } from '../../src/validation/validate';

/**
 * The built-in rules and the CRD engine (the upstream CRDs read from
 * ../shared) must reach the same verdict (rejected or not) on every upstream
 * example and test case. Only the verdict is compared: messages and fields
 * differ by design (the built-in rules say more).
 */
const SHARED = path.resolve(__dirname, '../..', '..', 'shared');
const GATEWAY = path.join(SHARED, 'gateway-api');
const ROUTE = path.join(SHARED, 'openshift-route');

function crdErrors(crds: CustomResourceDefinitions, obj: LoadedObject): string[] {
  const issues = new Issues();
  crds._validate(obj, issues);
  return issues.list.filter((i) => i.severity === Severity.ERROR).map((i) => `${i.field.toString()} [${i.rule}] ${i.message}`);
}

function builtInErrorsByObject(objects: LoadedObject[], channel: string): Map<string, string[]> {
  const report = validateLoaded(objects, { gatewayApiChannel: channel === 'experimental' ? GatewayApiChannel.EXPERIMENTAL : GatewayApiChannel.STANDARD });
  const out = new Map<string, string[]>();
  for (const f of report.errors) {
    const key = objectKey(f);
    out.set(key, [...(out.get(key) ?? []), `${f.field} [${f.rule}] ${f.message}`]);
  }
  return out;
}

function objectKey(o: { kind?: string; namespace?: string; name?: string; apiVersion?: string }): string {
  return `${o.apiVersion}/${o.kind} ${o.namespace ?? ''}/${o.name ?? ''}`;
}

interface Disagreement { readonly name: string; readonly builtIn: string[]; readonly crd: string[] }

function describeDisagreements(list: Disagreement[]): string {
  return list.map((d) => `${d.name}\n  built-in: ${d.builtIn.join('; ') || 'accepted'}\n  CRD:      ${d.crd.join('; ') || 'accepted'}`).join('\n');
}

describe.each(['standard', 'experimental'])('Gateway API examples (%s channel, with its own CRDs)', (channel) => {
  const crds = CustomResourceDefinitions.fromPaths([path.join(GATEWAY, 'crds', channel)]);
  const files = expandPaths([path.join(GATEWAY, 'examples', channel)]);

  test('has examples and CRDs', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(crds.servedKinds).toContain('gateway.networking.k8s.io/v1/HTTPRoute');
  });

  test.each(files.map((f) => [path.relative(path.join(GATEWAY, 'examples'), f), f]))('agrees on %s', (_name, file) => {
    const { objects, findings } = loadPaths([file]);
    expect(findings).toEqual([]);
    const builtIn = builtInErrorsByObject(objects, channel);
    const disagreements: Disagreement[] = [];
    const rejectedByCrd: string[] = [];
    for (const obj of objects) {
      if (!crds._definesKind(obj.group, obj.kind)) continue;
      const b = builtIn.get(objectKey(obj)) ?? [];
      const c = crdErrors(crds, obj);
      if ((b.length > 0) !== (c.length > 0)) disagreements.push({ name: objectKey(obj), builtIn: b, crd: c });
      if (c.length > 0) rejectedByCrd.push(`${objectKey(obj)}: ${c.join('; ')}`);
    }
    expect(describeDisagreements(disagreements)).toBe('');
    // the upstream examples are valid: the CRD engine accepts them (this checks the engine itself)
    expect(rejectedByCrd).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Route suites

/**
 * Cases where the verdicts differ because the rejecting rule belongs to the
 * openshift-apiserver (library-go route validation), which runs besides the
 * CRD and which a CRD cannot express. The built-in rules implement both
 * layers; the CRD engine only the CRD. Keyed by case name; each entry says
 * which apiserver rule rejects the case.
 */
const APISERVER_ONLY: Record<string, string> = {
  // Empty today: every case of the selection in ../shared is rejected by a
  // CRD rule (schema, allOf/anyOf or CEL) as well. Add an entry here, with the
  // apiserver rule that rejects it, when a new case is only rejected by the
  // openshift-apiserver (e.g. a host label longer than 63 characters).
};

interface RouteCase { readonly name: string; readonly manifest: any; readonly expectValid: boolean }

/** The envtest harness creates objects in a test namespace with a generated name: supply the same. */
function asCreated(manifest: any): any {
  const metadata = { ...(manifest.metadata ?? {}) };
  if (!metadata.name && !metadata.generateName) metadata.generateName = 'test-';
  if (!metadata.namespace) metadata.namespace = 'test-ns';
  return { ...manifest, metadata };
}

function routeCases(): RouteCase[] {
  const out: RouteCase[] = [];
  for (const file of ['AAA_ungated.yaml', 'RouteExternalCertificate.yaml']) {
    const doc = parse(fs.readFileSync(path.join(ROUTE, 'tests', file), 'utf8'));
    for (const c of doc.tests.onCreate) out.push({ name: `${file}: ${c.name}`, manifest: parse(c.initial), expectValid: c.expectedError === undefined });
  }
  const script = parse(fs.readFileSync(path.join(ROUTE, 'tests', 'script-cases.yaml'), 'utf8'));
  for (const c of script.cases) out.push({ name: `script-cases.yaml: ${c.name}`, manifest: c.route, expectValid: c.expect === 'valid' });
  return out;
}

describe('OpenShift Route suites (built-in rules vs the Route CRD)', () => {
  const crds = CustomResourceDefinitions.fromPaths([path.join(ROUTE, 'crd')]);
  const cases = routeCases();

  test('has cases', () => expect(cases.length).toBeGreaterThan(20));

  test.each(cases.map((c) => [c.name, c] as const))('agrees on %s', (name, c) => {
    const [obj] = fromObjects([asCreated(c.manifest)]);
    const builtIn = validateLoaded([obj]).errors.map((f: Finding) => `${f.field} [${f.rule}] ${f.message}`);
    const crd = crdErrors(crds, obj);
    const agree = (builtIn.length > 0) === (crd.length > 0);
    if (APISERVER_ONLY[name] !== undefined) {
      // an expected disagreement: the CRD accepts what the apiserver rejects
      expect({ builtIn: builtIn.length > 0, crd: crd.length > 0 }).toEqual({ builtIn: true, crd: false });
      return;
    }
    if (!agree) throw new Error(describeDisagreements([{ name, builtIn, crd }]));
    // and both say what the upstream suite expects
    expect(crd.length > 0 ? 'rejected' : 'accepted').toBe(c.expectValid ? 'accepted' : 'rejected');
  });

  test('the allow-list names only existing cases', () => {
    const names = new Set(cases.map((c) => c.name));
    expect(Object.keys(APISERVER_ONLY).filter((n) => !names.has(n))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// CEL counter-examples (test/fixtures/gateway/cel-counter, written with the
// built-in Gateway validators): each document breaks one CEL rule. The CRD
// engine, with the CRDs of the document's channel, must reject each one with
// the annotated upstream message, at the annotated field, and the built-in
// rules must reject it too.

const COUNTERS = path.resolve(__dirname, '..', 'fixtures', 'gateway', 'cel-counter');
const ANNOTATION = 'test.cdk8s-routing/';

describe('Gateway API CEL counter-examples (CRD engine)', () => {
  const byChannel: Record<string, CustomResourceDefinitions> = {
    standard: CustomResourceDefinitions.fromPaths([path.join(GATEWAY, 'crds', 'standard')]),
    experimental: CustomResourceDefinitions.fromPaths([path.join(GATEWAY, 'crds', 'experimental')]),
  };
  const files = fs.existsSync(COUNTERS) ? expandPaths([COUNTERS]) : [];
  const docs: Array<[string, LoadedObject]> = [];
  for (const file of files) {
    const { objects } = loadPaths([file]);
    for (const obj of objects) docs.push([`${path.basename(file)} ${obj.kind}/${obj.name}`, obj]);
  }

  test('has counter-examples', () => expect(docs.length).toBeGreaterThan(100));

  test.each(docs)('fails: %s', (_name, obj) => {
    const a = obj.object.metadata.annotations ?? {};
    const channel = a[`${ANNOTATION}channel`] === 'experimental' ? 'experimental' : 'standard';
    const issues = new Issues();
    byChannel[channel]._validate(obj, issues);
    const errors = issues.list.filter((i) => i.severity === Severity.ERROR);
    const celMessage = String(a[`${ANNOTATION}cel`]);
    const hit = errors.find((i) => i.rule === 'crd.cel' && i.message.includes(celMessage));
    if (!hit) {
      throw new Error(`expected a crd.cel error "${celMessage}"; got:\n${errors.map((i) => `${i.field.toString()} [${i.rule}] ${i.message}`).join('\n') || '(no errors)'}`);
    }
    expect(hit.field.toString()).toBe(a[`${ANNOTATION}field`]);
    const builtIn = validateLoaded([obj], { gatewayApiChannel: channel === 'experimental' ? GatewayApiChannel.EXPERIMENTAL : GatewayApiChannel.STANDARD });
    expect(builtIn.errors.length).toBeGreaterThan(0);
  });
});
