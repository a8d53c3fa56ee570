import * as fs from 'fs';
import * as path from 'path';
import { buildRoutingModel } from '../../src/model/build';
import { HostMatchKind } from '../../src/model/types';
import { loadPaths } from '../../src/validation/manifests';

/**
 * Golden test at the manifests → model boundary. Regenerate with UPDATE_GOLDEN=1 and review the diff.
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'model');
const INPUT = path.join(FIXTURES, 'routes.yaml');
const GOLDEN = path.join(FIXTURES, 'routes.model.json');

function build() {
  const { objects } = loadPaths([INPUT]);
  return buildRoutingModel(objects, {
    routerDomain: 'apps.local',
    endpoints: [
      { namespace: 'shop', name: 'web', port: 'http', addresses: [{ host: '127.0.0.1', port: 9001 }, { host: '127.0.0.1', port: 9002 }] },
      { namespace: 'shop', name: 'web-canary', addresses: [{ host: '127.0.0.1', port: 9003 }] },
      { namespace: 'shop', name: 'pay', addresses: [{ host: '127.0.0.1', port: 9004 }] },
      { namespace: 'shop', name: 'tenants', addresses: [{ host: '127.0.0.1', port: 9005 }] },
    ],
  });
}

function stable(value: unknown): string {
  // sources carry absolute file paths: make them relative to the fixtures folder
  return JSON.stringify(value, (k, v) => (k === 'file' && typeof v === 'string' ? path.relative(FIXTURES, v) : v), 2) + '\n';
}

test('manifests → model matches the golden file', () => {
  const { model } = build();
  const text = stable(model);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, text);
  expect(text).toBe(fs.readFileSync(GOLDEN, 'utf8'));
});

test('the model is deterministic', () => {
  expect(stable(build().model)).toBe(stable(build().model));
});

test('an older route owns the host: the other namespace is not rendered and is reported', () => {
  const { model, findings } = build();
  const backends = model.backends.map((b) => b.id);
  expect(backends).not.toContain('be_http:intruder:web');
  expect(findings.map((f) => [f.namespace, f.name, f.rule, f.field])).toStrictEqual([
    ['intruder', 'web', 'route.host.already-claimed', 'spec.host'],
  ]);
  expect(findings[0].message).toMatch(/HostAlreadyClaimed/);
});

test('port 80 follows the insecure policy: redirect, allow (reencrypt), none → 503', () => {
  const http = build().model.entrypoints.find((e) => e.id === 'routes-http')!;
  const byKey = new Map(http.httpRules.map((r) => [`${r.host}${r.path.value}`, r.action]));
  expect(byKey.get('web.apps.example.com/')).toStrictEqual({ type: 'redirect-https', code: 302 });
  expect(byKey.get('web.apps.example.com/api')).toStrictEqual({ type: 'forward', backend: 'be_secure:shop:api' });
  expect(byKey.get('pay.apps.example.com/')).toStrictEqual({ type: 'redirect-https', code: 302 });
  expect(byKey.get('docs-shop.apps.local/')).toStrictEqual({ type: 'status', code: 503 });
  // more specific path first
  expect(http.httpRules.findIndex((r) => r.path.value === '/api')).toBeLessThan(http.httpRules.findIndex((r) => r.host === 'web.apps.example.com' && r.path.value === '/'));
});

test('wildcard routes match one label, passthrough goes by SNI, generated hosts use the router domain', () => {
  const { model } = build();
  const https = model.entrypoints.find((e) => e.id === 'routes-https')!;
  expect(https.passthrough.map((p) => [p.host, p.backend])).toStrictEqual([['pay.apps.example.com', 'be_tcp:shop:pay']]);
  const http = model.entrypoints.find((e) => e.id === 'routes-http')!;
  const wild = http.httpRules.find((r) => r.host === '*.tenants.example.com')!;
  expect(wild.hostMatch).toBe(HostMatchKind.WILDCARD_ONE_LABEL);
  expect(https.httpRules.map((r) => r.host)).toContain('docs-shop.apps.local');
});

test('weights follow the router: 90/10 over 2 and 1 endpoints, a single zero-weight service gets weight 0', () => {
  const { model } = build();
  const web = model.backends.find((b) => b.id === 'be_edge_http:shop:web')!;
  expect(web.servers.map((s) => [s.service, s.port, s.weight])).toStrictEqual([
    ['shop/web', 9001, 256], ['shop/web', 9002, 256], ['shop/web-canary', 9003, 56],
  ]);
  expect(web.activeServices).toBe(2);
  expect(web.policies).toMatchObject({
    balance: 'leastconn',
    timeoutServerMs: 45000,
    allowlist: ['10.0.0.0/8', '192.168.1.1'],
    hsts: 'max-age=31536000;includeSubDomains',
    cookie: { name: 'shopper', secure: true, sameSite: 'None' },
  });
  const tenants = model.backends.find((b) => b.id === 'be_http:shop:any')!;
  expect(tenants.servers.map((s) => s.weight)).toStrictEqual([0]);
  const api = model.backends.find((b) => b.id === 'be_secure:shop:api')!;
  expect(api.servers).toStrictEqual([]); // no endpoints: 503, as on a cluster
  expect(api.upstreamTls).toStrictEqual({ verifyHost: 'api.shop.svc', sni: 'api.shop.svc' });
});
