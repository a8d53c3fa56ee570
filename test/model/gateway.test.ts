/*
 * Gateway API manifests → routing model (golden) → haproxy.cfg and maps (golden).
 * Regenerate with UPDATE_GOLDEN=1 and review the diff.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkConfig, translate, writeFilesAtomically } from '../../src/haproxy';
import { buildRoutingModel } from '../../src/model/build';
import { routingTable } from '../../src/model/table';
import { HostMatchKind } from '../../src/model/types';
import { fromObjects, loadPaths } from '../../src/validation/manifests';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const INPUT = path.join(FIXTURES, 'gateway', 'conformance.yaml');
const MODEL_GOLDEN = path.join(FIXTURES, 'model', 'gateway.model.json');
const HAPROXY_GOLDEN = path.join(FIXTURES, 'haproxy', 'gateway-golden');
const INFRA = 'gateway-conformance-infra';
const pem = {
  certificatePem: fs.readFileSync(path.join(FIXTURES, 'haproxy', 'tls', 'test.crt'), 'utf8'),
  keyPem: fs.readFileSync(path.join(FIXTURES, 'haproxy', 'tls', 'test.key'), 'utf8'),
};

function build(gatewayClasses = ['local']) {
  const { objects } = loadPaths([INPUT]);
  const ep = (ns: string, name: string, port: number) => ({ namespace: ns, name, addresses: [{ host: '127.0.0.1', port }] });
  return buildRoutingModel(objects, {
    gatewayClasses,
    endpoints: [
      ep(INFRA, 'infra-backend-v1', 9001), ep(INFRA, 'infra-backend-v2', 9002), ep(INFRA, 'infra-backend-v3', 9003),
      ep(INFRA, 'tls-backend', 9004), ep(INFRA, 'grpc-backend', 9007), ep('gateway-conformance-web-backend', 'web-backend', 9005),
      ep('gateway-conformance-app-backend', 'app-backend-v1', 9006),
    ],
  });
}

function stable(value: unknown): string {
  return JSON.stringify(value, (k, v) => (k === 'file' && typeof v === 'string' ? path.relative(FIXTURES, v) : v), 2) + '\n';
}

test('manifests → model matches the golden file', () => {
  const text = stable(build().model);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(MODEL_GOLDEN, text);
  expect(text).toBe(fs.readFileSync(MODEL_GOLDEN, 'utf8'));
});

test('model → haproxy.cfg and maps match the golden files and pass haproxy -c', () => {
  const model = build().model;
  const devCertificates = new Map(model.entrypoints.flatMap((e) => e.certificates).filter((c) => !c.certificatePem).map((c) => [c.id, pem]));
  const portMap = new Map([[80, 18080], [443, 18443], [9000, 19000], [8082, 18082]]);
  const files = translate(model, { portMap, defaultCertificate: pem, devCertificates, socketTag: 'gw-golden' });
  const compared = [...files].filter(([name]) => !name.startsWith('certs/'));
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.rmSync(HAPROXY_GOLDEN, { recursive: true, force: true });
    fs.mkdirSync(HAPROXY_GOLDEN, { recursive: true });
    for (const [name, f] of compared) fs.writeFileSync(path.join(HAPROXY_GOLDEN, name), f.content);
  }
  expect(compared.map(([n]) => n)).toStrictEqual(fs.readdirSync(HAPROXY_GOLDEN).sort());
  for (const [name, f] of compared) {
    expect(`${name}:\n${f.content}`).toBe(`${name}:\n${fs.readFileSync(path.join(HAPROXY_GOLDEN, name), 'utf8')}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-routing-gw-golden-'));
  try {
    writeFilesAtomically(dir, files);
    expect(checkConfig(dir).output).toBe('Configuration file is valid');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the model is deterministic', () => {
  expect(stable(build().model)).toBe(stable(build().model));
});

test('rules get route ∩ listener hostnames, one rule per hostname and match, sorted by precedence', () => {
  const http = build().model.entrypoints.find((e) => e.id === `gw:${INFRA}:same-namespace:80`)!;
  const across = http.httpRules.filter((r) => r.host === 'across.example.com');
  expect(across.map((r) => `${r.path.value} ${r.headers?.length ?? 0} ${r.order.key}`)).toStrictEqual([
    // same path length: the older route, then rule order inside a route
    `/v1 0 ${INFRA}/matching-part1`,
    `/v2 0 ${INFRA}/matching-part2`,
    `/v1 0 ${INFRA}/matching-part2`,
    `/ 1 ${INFRA}/matching-part2`,
    `/ 0 ${INFRA}/matching-part1`,
  ]);
  const listener3 = http.httpRules.filter((r) => r.order.key === `${INFRA}/backend-v3`);
  expect(listener3.map((r) => [r.host, r.hostMatch])).toStrictEqual([
    ['*.bar.com', HostMatchKind.WILDCARD_SUFFIX],
    ['*.foo.com', HostMatchKind.WILDCARD_SUFFIX],
  ]);
  expect(http.noMatchStatus).toBe(404);
});

test('weights keep their ratio; an invalid ref keeps its share as a 500 server', () => {
  const { model } = build();
  const weighted = model.backends.find((b) => b.id === `gw:${INFRA}:weighted-backends:0`)!;
  expect(weighted.servers.map((s) => [s.service, s.weight])).toStrictEqual([
    [`${INFRA}/infra-backend-v1`, 256], [`${INFRA}/infra-backend-v2`, 109], [`${INFRA}/infra-backend-v3`, 0],
  ]);
  const half = model.backends.find((b) => b.id === `gw:${INFRA}:partially-invalid:0`)!;
  expect(half.servers.map((s) => [s.service, s.weight, s.status])).toStrictEqual([
    [`${INFRA}/infra-backend-v1`, 256, undefined], [`${INFRA}/does-not-exist`, 256, 500],
  ]);
});

test('--gateway-class: Gateways of other classes are not served', () => {
  expect(build().model.entrypoints.map((e) => e.id)).not.toContain(`gw:${INFRA}:other-class:8083`);
  expect(build([]).model.entrypoints.map((e) => e.id)).toContain(`gw:${INFRA}:other-class:8083`);
});

test('the routing table shows an invalid backendRef share as its status', () => {
  const { model } = build();
  const rows = routingTable(model).filter((r) => r.host === 'half.example.com');
  expect(rows.map((r) => `${r.match} → ${r.to}`)).toContain(
    `prefix / → ${INFRA}/infra-backend-v1 50%, 500 (invalid ${INFRA}/does-not-exist) 50%`,
  );
  expect(rows.map((r) => `${r.match} → ${r.to}`)).toContain('prefix /no-backends → 500');
});

test('fails to serve a backendRef of another kind locally: 500 and a build warning (not a validation warning)', () => {
  const objs = fromObjects([
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'a' }, spec: { gatewayClassName: 'x', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'a' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ group: 'acme.io', kind: 'CustomBackend', name: 'c', port: 1 }] }] },
    },
  ]);
  const { model, findings } = buildRoutingModel(objs, {});
  expect(model.entrypoints[0].httpRules.map((r) => r.action)).toStrictEqual([{ type: 'status', code: 500 }]);
  expect(findings.map((f) => [f.name, f.field, f.rule])).toStrictEqual([['r', 'spec.rules[0].backendRefs[0].kind', 'gateway.backendref.invalid-kind']]);
});

test('ListenerSet listeners are served on their parent Gateway when it allows them', () => {
  const G = 'gateway.networking.k8s.io/v1';
  const objects = (from: string) => fromObjects([
    { apiVersion: G, kind: 'Gateway', metadata: { name: 'gw', namespace: 'infra' }, spec: { gatewayClassName: 'x', allowedListeners: { namespaces: { from } }, listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'main.test' }] } },
    { apiVersion: G, kind: 'ListenerSet', metadata: { name: 'team', namespace: 'infra' }, spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'team', port: 80, protocol: 'HTTP', hostname: 'team.test' }] } },
    { apiVersion: G, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'infra' }, spec: { parentRefs: [{ kind: 'ListenerSet', name: 'team' }], rules: [{ backendRefs: [{ name: 's', port: 80 }] }] } },
  ]);
  const hosts = (from: string) => buildRoutingModel(objects(from), {}).model.entrypoints.flatMap((e) => e.httpRules.filter((r) => r.action.type === 'forward').map((r) => `${e.id} ${r.host}`));
  expect(hosts('Same')).toStrictEqual(['gw:infra:gw:80 team.test']);
  expect(hosts('None')).toStrictEqual([]);
});

test('a TCP listener serves the oldest TCPRoute; the others are reported', () => {
  const G = 'gateway.networking.k8s.io/v1';
  const tcp = (name: string, created: string) => ({
    apiVersion: G,
    kind: 'TCPRoute',
    metadata: { name, namespace: 'a', creationTimestamp: created },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name, port: 5432 }] }] },
  });
  const { model, findings } = buildRoutingModel(fromObjects([
    { apiVersion: G, kind: 'Gateway', metadata: { name: 'gw', namespace: 'a' }, spec: { gatewayClassName: 'x', listeners: [{ name: 'db', port: 5432, protocol: 'TCP' }] } },
    tcp('newer', '2026-02-01T00:00:00Z'),
    tcp('older', '2026-01-01T00:00:00Z'),
  ]), {});
  expect(model.entrypoints[0].tcpBackend).toBe('gw_tcp:a:older');
  expect(findings.map((f) => [f.name, f.rule])).toStrictEqual([['newer', 'gateway.tcp.listener-taken']]);
});

test('BackendTLSPolicy with wellKnownCACertificates: System verifies against the system trust store', () => {
  const G = 'gateway.networking.k8s.io/v1';
  const model = buildRoutingModel(fromObjects([
    { apiVersion: G, kind: 'Gateway', metadata: { name: 'gw', namespace: 'a' }, spec: { gatewayClassName: 'x', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
    { apiVersion: G, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'a' }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'api', port: 443 }] }] } },
    { apiVersion: G, kind: 'BackendTLSPolicy', metadata: { name: 'p', namespace: 'a' }, spec: { targetRefs: [{ group: '', kind: 'Service', name: 'api' }], validation: { wellKnownCACertificates: 'System', hostname: 'api.example.com' } } },
  ]), { endpoints: [{ namespace: 'a', name: 'api', addresses: [{ host: '127.0.0.1', port: 9443 }] }] }).model;
  expect(model.backends[0].upstreamTls).toStrictEqual({ caPem: undefined, systemCa: true, verifyHost: 'api.example.com', sni: 'api.example.com' });
  const cfg = translate(model, { defaultCertificate: pem, portMap: new Map([[80, 18099]]) }).get('haproxy.cfg')!.content;
  expect(cfg).toContain('ssl verify required ca-file @system-ca verifyhost api.example.com sni str(api.example.com)');
});
