/*
 * End to end for conditional matches (method, headers, query parameters,
 * cookies, regex paths) and suffix wildcard hosts: a hand-built model in
 * precedence order → translate → haproxy -c → a real HAProxy → real requests.
 */
import * as fs from 'fs';
import { backend, entrypoint, freePort, get, rule, tempDir } from './util';
import { DevCertificateAuthority } from '../../src/common/dev-certificates';
import { RunningEcho, RunningHaproxy, checkConfig, startEcho, startHaproxy, translate, writeFilesAtomically } from '../../src/haproxy';
import { sortRules } from '../../src/model/precedence';
import { HostMatchKind, HttpRule, RoutingModel } from '../../src/model/types';

jest.setTimeout(60_000);

const echoes: RunningEcho[] = [];
let haproxy: RunningHaproxy | undefined;
let dir: string;
let caDir: string;
let port: number;

const suffix = (host: string, p: string, be: string, extra: Partial<HttpRule> = {}): HttpRule =>
  ({ ...rule(host, p, be, extra), hostMatch: HostMatchKind.WILDCARD_SUFFIX });
const anyHost = (p: string, be: string, extra: Partial<HttpRule> = {}): HttpRule =>
  ({ ...rule('', p, be, extra), hostMatch: HostMatchKind.ANY });

beforeAll(async () => {
  dir = tempDir('cond');
  caDir = tempDir('cond-ca');
  port = await freePort();
  const names = ['plain', 'hdr', 'hdr2', 'query', 'method', 'cookie', 'regex', 'deep', 'exacthdr', 'wild', 'wildhdr', 'wild2', 'any', 'anyhdr'];
  const ports = new Map<string, number>();
  for (const n of names) {
    const e = await startEcho({ name: n, namespace: 'test', mode: 'http' });
    echoes.push(e);
    ports.set(n, e.port);
  }
  const be = (n: string): string => `be:${n}`;
  const rules: HttpRule[] = [
    rule('c.example.com', '/', be('plain')),
    rule('c.example.com', '/', be('hdr'), { headers: [{ name: 'X-Canary', type: 'Exact', value: 'always' }] }),
    rule('c.example.com', '/', be('hdr2'), {
      headers: [{ name: 'X-Canary', type: 'Exact', value: 'always' }, { name: 'X-Version', type: 'RegularExpression', value: '^v[0-9]+$' }],
    }),
    rule('c.example.com', '/q', be('query'), { queryParams: [{ name: 'animal', type: 'Exact', value: 'whale' }] }),
    rule('c.example.com', '/m', be('method'), { method: 'POST' }),
    rule('c.example.com', '/cookie', be('cookie'), { cookies: [{ name: 'canary', type: 'Exact', value: 'always' }] }),
    rule('c.example.com', { type: 'RegularExpression', value: '/v[0-9]+/items' }, be('regex')),
    rule('r.example.com', { type: 'RegularExpression', value: '/v[0-9]+/items' }, be('regex')),
    // Conditional only, at a deeper prefix: falls back to the shorter prefix keys.
    rule('c.example.com', '/deep/er', be('deep'), { headers: [{ name: 'x-deep', type: 'Exact', value: 'yes' }] }),
    rule('c.example.com', { type: 'Exact', value: '/exact' }, be('exacthdr'), { headers: [{ name: 'x-exact', type: 'Exact', value: '1' }] }),
    // Host with only a conditional rule: falls back to the wildcard host, then to any host.
    rule('only.w.example.com', '/', be('hdr'), { headers: [{ name: 'x-only', type: 'Exact', value: '1' }] }),
    suffix('*.w.example.com', '/', be('wild')),
    suffix('*.w.example.com', '/h', be('wildhdr'), { headers: [{ name: 'x-wild', type: 'Exact', value: '1' }] }),
    suffix('*.example.com', '/', be('wild2')),
    anyHost('/', be('any')),
    anyHost('/', be('anyhdr'), { headers: [{ name: 'x-any', type: 'Exact', value: '1' }] }),
  ];
  const model: RoutingModel = {
    entrypoints: [entrypoint('gw:test:conditions:80', 80, 'HTTP', sortRules(rules), { noMatchStatus: 404 })],
    backends: names.map((n) => backend(be(n), [{ port: ports.get(n)!, service: n }])),
  };
  const ca = await DevCertificateAuthority.load(caDir);
  const files = translate(model, { httpPort: port, defaultCertificate: await ca.issue(['default.local']), portMap: new Map([[80, port]]) });
  writeFilesAtomically(dir, files);
  const check = checkConfig(dir);
  expect(check.output).toBe('Configuration file is valid');
  haproxy = await startHaproxy(dir);
});

afterAll(async () => {
  if (haproxy) await haproxy.stop();
  await Promise.all(echoes.map((e) => e.close()));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(caDir, { recursive: true, force: true });
});

async function served(host: string, p = '/', headers: Record<string, string> = {}, method = 'GET'): Promise<string> {
  const r = await get({ port, host, path: p, headers, method });
  return r.status === 200 ? r.json.service : `status ${r.status}`;
}

describe('conditional matches through a real HAProxy', () => {
  test('header matches: more matches win, names are case-insensitive, values exact or regex', async () => {
    expect(await served('c.example.com', '/')).toBe('plain');
    expect(await served('c.example.com', '/', { 'x-canary': 'always' })).toBe('hdr');
    expect(await served('c.example.com', '/', { 'X-CANARY': 'always', 'x-version': 'v12' })).toBe('hdr2');
    expect(await served('c.example.com', '/', { 'x-canary': 'always', 'x-version': 'w12' })).toBe('hdr');
    expect(await served('c.example.com', '/', { 'x-canary': 'Always' })).toBe('plain');
  });

  test('query parameter, method and cookie matches fall back to the shorter prefix when they do not hold', async () => {
    expect(await served('c.example.com', '/q?animal=whale')).toBe('query');
    expect(await served('c.example.com', '/q/x?color=red&animal=whale')).toBe('query');
    expect(await served('c.example.com', '/q?animal=dolphin')).toBe('plain');
    expect(await served('c.example.com', '/m', {}, 'POST')).toBe('method');
    expect(await served('c.example.com', '/m', {}, 'GET')).toBe('plain');
    expect(await served('c.example.com', '/cookie', { cookie: 'a=b; canary=always' })).toBe('cookie');
    expect(await served('c.example.com', '/cookie', { cookie: 'canary=never' })).toBe('plain');
  });

  test('a regular expression path matches the whole path and ranks below prefixes of its host', async () => {
    expect(await served('c.example.com', '/v1/items')).toBe('plain'); // the host's `/` prefix ranks higher
    expect(await served('r.example.com', '/v12/items')).toBe('regex');
    expect(await served('r.example.com', '/v12/items?x=1')).toBe('regex');
    expect(await served('r.example.com', '/v12/items/more')).toBe('wild2');
    expect(await served('r.example.com', '/x/v12/items')).toBe('wild2');
  });

  test('deeper conditional rules and exact paths fall back along the chain', async () => {
    expect(await served('c.example.com', '/deep/er/x', { 'x-deep': 'yes' })).toBe('deep');
    expect(await served('c.example.com', '/deep/er/x', { 'x-canary': 'always' })).toBe('hdr');
    expect(await served('c.example.com', '/deep/er')).toBe('plain');
    expect(await served('c.example.com', '/exact', { 'x-exact': '1' })).toBe('exacthdr');
    expect(await served('c.example.com', '/exact', { 'x-canary': 'always' })).toBe('hdr');
  });

  test('a host whose only rule does not hold falls back to the wildcard host', async () => {
    expect(await served('only.w.example.com', '/', { 'x-only': '1' })).toBe('hdr');
    expect(await served('only.w.example.com', '/')).toBe('wild');
  });

  test('suffix wildcards match one or more labels, the most specific domain first, never the bare domain', async () => {
    expect(await served('a.w.example.com')).toBe('wild');
    expect(await served('a.b.c.w.example.com')).toBe('wild');
    expect(await served('a.w.example.com', '/h', { 'x-wild': '1' })).toBe('wildhdr');
    expect(await served('a.w.example.com', '/h')).toBe('wild');
    expect(await served('w.example.com')).toBe('wild2');
    expect(await served('x.example.com')).toBe('wild2');
    expect(await served('example.com')).toBe('any');
    expect(await served('other.test', '/', { 'x-any': '1' })).toBe('anyhdr');
  });
});

describe('conditional matches in the configuration', () => {
  test('rules without conditions stay map entries; conditional rules are guarded by their group', () => {
    const cfg = fs.readFileSync(`${dir}/haproxy.cfg`, 'utf8');
    expect(cfg).not.toContain('map_reg');
    const condLines = cfg.split('\n').filter((l) => l.includes('-m str ~g'));
    // one line per conditional rule plus one fallback line per group
    expect(condLines.every((l) => /\{ var\(txn\.be\) -m str ~g[0-9]+ \}/.test(l))).toBe(true);
  });
});
