import * as fs from 'fs';
import * as path from 'path';
import { GatewayApiChannel } from '../../../src/validation/context';
import { GATEWAY_CEL_MESSAGES, ROUTE_CEL_MESSAGES, SCHEMA_RULES } from '../../../src/validation/gateway';
import { LoadedObject, loadText } from '../../../src/validation/manifests';
import { validateLoaded } from '../../../src/validation/validate';

/**
 * Counter-examples for the CEL rules of the v1.6.1 CRDs
 * (test/fixtures/gateway/cel-counter): each document breaks one rule and is
 * otherwise valid, and says which (annotations test.cdk8s-routing/*). Each must
 * yield an error with that rule id, at that field, quoting the upstream
 * message, and no error of any other rule except those it declares as
 * unavoidable (`also`).
 */

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'gateway', 'cel-counter');
const CEL_RULES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'gateway-api', 'cel-rules.json');
const A = 'test.cdk8s-routing/';

interface Counter { file: string; obj: LoadedObject; expect: string; field: string; cel: string; channel: GatewayApiChannel; also: string[] }

function counters(): Counter[] {
  const out: Counter[] = [];
  for (const f of fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.yaml')).sort()) {
    const r = loadText(fs.readFileSync(path.join(FIXTURES, f), 'utf8'), f);
    if (r.findings.length > 0) throw new Error(`${f} does not load: ${JSON.stringify(r.findings)}`);
    for (const obj of r.objects) {
      const a = obj.object.metadata.annotations;
      out.push({
        file: f,
        obj,
        expect: a[`${A}expect`],
        field: a[`${A}field`],
        cel: a[`${A}cel`],
        channel: a[`${A}channel`] === 'experimental' ? GatewayApiChannel.EXPERIMENTAL : GatewayApiChannel.STANDARD,
        also: a[`${A}also`] ? String(a[`${A}also`]).split(',').map((x: string) => x.trim()) : [],
      });
    }
  }
  return out;
}

const all = counters();

describe('CEL counter-examples', () => {
  test('documents have unique kind/name and complete annotations', () => {
    const ids = all.map((c) => `${c.obj.kind}/${c.obj.name}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of all) expect([c.expect, c.field, c.cel].every((x) => typeof x === 'string' && x !== '')).toBe(true);
  });

  for (const c of all) {
    test(`fails: ${c.file} ${c.obj.kind}/${c.obj.name} breaks ${c.expect}`, () => {
      const report = validateLoaded([c.obj], { gatewayApiChannel: c.channel });
      const hit = report.errors.filter((e) => e.rule === c.expect);
      expect(hit.map((e) => e.field)).toContain(c.field);
      const atField = hit.find((e) => e.field === c.field)!;
      expect(atField.message).toContain(c.cel);
      // Nothing else is broken, except what the document declares as unavoidable.
      const others = [...new Set(report.errors.map((e) => e.rule))].filter((r) => r !== c.expect).sort();
      expect(others).toEqual([...c.also].sort());
      // The quoted message is ours verbatim for this rule id.
      const ours = { ...ROUTE_CEL_MESSAGES, ...GATEWAY_CEL_MESSAGES } as Record<string, string>;
      expect(ours[c.expect]).toBe(c.cel);
    });
  }

  test('the same documents without the broken part are not needed: each rule id used exists', () => {
    const ours = { ...ROUTE_CEL_MESSAGES, ...GATEWAY_CEL_MESSAGES } as Record<string, string>;
    for (const c of all) expect(Object.keys(ours)).toContain(c.expect);
  });
});

describe('coverage of the upstream CEL rules', () => {
  const data = JSON.parse(fs.readFileSync(CEL_RULES, 'utf8'));
  const TRANSITION = (rule: string) => /\boldSelf\b/.test(rule);
  const STATUS = (p: string) => p.startsWith('.status');
  const GROUP_KINDS = new Set(['GatewayClass', 'Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy']);

  function messages(channel: string): Set<string> {
    const out = new Set<string>();
    for (const crd of data.crds) {
      if (crd.channel !== channel || !GROUP_KINDS.has(crd.kind)) continue;
      for (const r of crd.rules) if (!TRANSITION(r.rule) && !STATUS(r.path)) out.add(r.message);
    }
    return out;
  }
  const covered = new Set(all.map((c) => c.cel));

  test('every distinct standard-channel CEL message (minus transition and status rules) has a counter-example', () => {
    const missing = [...messages('standard')].filter((m) => !covered.has(m));
    expect(missing).toEqual([]);
  });

  test('every distinct experimental-only CEL message of the kinds we validate has a counter-example', () => {
    const std = messages('standard');
    const missing = [...messages('experimental')].filter((m) => !std.has(m) && !covered.has(m));
    expect(missing).toEqual([]);
  });

  test('the skipped rules are exactly the transition and status rules', () => {
    const skipped = new Set<string>();
    for (const crd of data.crds) {
      if (!GROUP_KINDS.has(crd.kind)) continue;
      for (const r of crd.rules) if (TRANSITION(r.rule) || STATUS(r.path)) skipped.add(`${crd.kind} ${r.path}: ${r.message}`);
    }
    expect([...skipped].sort()).toEqual([
      'Gateway .status.addresses[]: Hostname value must only contain valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)',
      'GatewayClass .spec.controllerName: Value is immutable',
    ]);
  });
});

describe('docs/gateway-validation.md', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'gateway-validation.md'), 'utf8');
  test('lists every CEL rule id with its upstream message and every schema rule id', () => {
    const ours = { ...ROUTE_CEL_MESSAGES, ...GATEWAY_CEL_MESSAGES } as Record<string, string>;
    for (const [id, message] of Object.entries(ours)) expect(doc).toContain(`| \`${id}\` | \`${message.replace(/\|/g, '\\|')}\` |`);
    for (const id of Object.values(SCHEMA_RULES)) expect(doc).toContain(`\`${id.replace('gateway.schema.', '')}\``);
  });
});
