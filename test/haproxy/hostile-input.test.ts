/*
 * Hostile values (line breaks, quotes, blanks, '#', backslash, '%[', '${', braces, very long, non-ASCII, NUL) in every
 * user field of Ingresses (with ingress-nginx annotations), Gateway API routes and OpenShift Routes, fed as manifests to
 * the CLI. For each: either a finding names the field and `haproxy` refuses (exit 1, nothing written), or the files pass
 * `haproxy -c` and the value did not become configuration (same lines and directives as with a benign value, one entry
 * per map line, no control character in any file). Never a stack trace or "internal error".
 * Complements gateway-injection.test.ts (quoting of accepted Gateway values) and escape.test.ts (the escape functions).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, CliIo } from '../../src/cli/main';
import { checkConfig } from '../../src/haproxy';

jest.setTimeout(600_000);

function io(): CliIo & { out: string; err: string } {
  const r = { out: '', err: '', stdout: (s: string) => { r.out += s; }, stderr: (s: string) => { r.err += s; }, stdin: () => '', isTty: false };
  return r;
}

/** Each carries a would-be directive where it can: `http-request deny` must never become a line of its own. */
const HOSTILE: Record<string, string> = {
  'LF': 'a\n  http-request deny\n#',
  'CR': 'a\r  http-request deny',
  'single quote': "a' if TRUE http-request deny '",
  'double quote': 'a" http-request deny "',
  'space': 'a http-request deny',
  '#': 'a#b',
  'backslash': 'a\\ b\\\\',
  '%[': 'a%[env(HOME)]',
  '${': 'a${HOME}',
  'braces': 'a}b{',
  'very long': 'a'.repeat(5000),
  'non-ASCII': 'aé☃b',
  'NUL': 'a\u0000b',
};

const ING = 'networking.k8s.io/v1';
const N = 'nginx.ingress.kubernetes.io/';
function ingress(name: string, ann: Record<string, string>, host = 'a.example.com', p = '/', pathType = 'Prefix'): any {
  return {
    apiVersion: ING,
    kind: 'Ingress',
    metadata: { name, namespace: 'x', annotations: ann },
    spec: { ingressClassName: 'nginx', rules: [{ host, http: { paths: [{ path: p, pathType, backend: { service: { name: 's', port: { number: 80 } } } }] } }] },
  };
}
const ann = (a: string) => `metadata.annotations[${N}${a}]`;
const canary = (extra: Record<string, string>) => [ingress('i', {}), ingress('c', { [`${N}canary`]: 'true', ...extra })];

const G = 'gateway.networking.k8s.io/v1';
const GW = { apiVersion: G, kind: 'Gateway', metadata: { name: 'gw', namespace: 'x' }, spec: { gatewayClassName: 'c', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } };
function httpRoute(rule: any, hostnames = ['a.example.com']): any {
  return { apiVersion: G, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'x' }, spec: { parentRefs: [{ name: 'gw' }], hostnames, rules: [{ backendRefs: [{ name: 's', port: 80 }], ...rule }] } };
}
const hr = (rule: any, hostnames?: string[]) => [GW, httpRoute(rule, hostnames)];
const filter = (f: any, extra: any = {}) => hr({ filters: [f], ...extra });
const PREFIX = { matches: [{ path: { type: 'PathPrefix', value: '/p' } }] };

const RT = 'route.openshift.io/v1';
function route(spec: any, annotations: Record<string, string> = {}): any[] {
  return [{ apiVersion: RT, kind: 'Route', metadata: { name: 'r', namespace: 'x', annotations }, spec: { host: 'a.example.com', to: { kind: 'Service', name: 's' }, ...spec } }];
}
const hdr = (list: 'request' | 'response', name: string, value: string) => route({ httpHeaders: { actions: { [list]: [{ name, action: { type: 'Set', set: { value } } }] } } });

/** [case, field a finding must name, manifests for a value `v` (benign: '')]. */
type Case = [string, string, (v: string) => any[]];
const CASES: Case[] = [
  ['Ingress host', 'spec.rules[0].host', (v) => [ingress('i', {}, `a${v}.example.com`)]],
  ['Ingress Prefix path', 'spec.rules[0].http.paths[0].path', (v) => [ingress('i', {}, 'a.example.com', `/p${v}`)]],
  ['Ingress ImplementationSpecific path', 'spec.rules[0].http.paths[0].path', (v) => [ingress('i', {}, 'a.example.com', `/p${v}`, 'ImplementationSpecific')]],
  ['Ingress use-regex path', 'spec.rules[0].http.paths[0].path',
    (v) => [ingress('i', { [`${N}use-regex`]: 'true' }, 'a.example.com', `/p${v}`, 'ImplementationSpecific')]],
  ['Ingress rewrite-target', ann('rewrite-target'),
    (v) => [ingress('i', { [`${N}use-regex`]: 'true', [`${N}rewrite-target`]: `/x${v}` }, 'a.example.com', '/p(.*)', 'ImplementationSpecific')]],
  ['Ingress cors-allow-origin', ann('cors-allow-origin'), (v) => [ingress('i', { [`${N}enable-cors`]: 'true', [`${N}cors-allow-origin`]: `https://a${v}.com` })]],
  ['Ingress cors-allow-methods', ann('cors-allow-methods'), (v) => [ingress('i', { [`${N}enable-cors`]: 'true', [`${N}cors-allow-methods`]: `GET, PUT${v}` })]],
  ['Ingress cors-allow-headers', ann('cors-allow-headers'), (v) => [ingress('i', { [`${N}enable-cors`]: 'true', [`${N}cors-allow-headers`]: `X-A, X${v}` })]],
  ['Ingress cors-expose-headers', ann('cors-expose-headers'), (v) => [ingress('i', { [`${N}enable-cors`]: 'true', [`${N}cors-expose-headers`]: `X-A, X${v}` })]],
  ['Ingress cors-max-age', ann('cors-max-age'), (v) => [ingress('i', { [`${N}enable-cors`]: 'true', [`${N}cors-max-age`]: `1${v}` })]],
  ['Ingress session-cookie-name', ann('session-cookie-name'), (v) => [ingress('i', { [`${N}affinity`]: 'cookie', [`${N}session-cookie-name`]: `c${v}` })]],
  ['Ingress session-cookie-path', ann('session-cookie-path'), (v) => [ingress('i', { [`${N}affinity`]: 'cookie', [`${N}session-cookie-path`]: `/c${v}` })]],
  ['Ingress session-cookie-max-age', ann('session-cookie-max-age'), (v) => [ingress('i', { [`${N}affinity`]: 'cookie', [`${N}session-cookie-max-age`]: `1${v}` })]],
  ['Ingress canary-by-header', ann('canary-by-header'), (v) => canary({ [`${N}canary-by-header`]: `X${v}` })],
  ['Ingress canary-by-header-value', ann('canary-by-header-value'), (v) => canary({ [`${N}canary-by-header`]: 'X-C', [`${N}canary-by-header-value`]: `v${v}` })],
  ['Ingress canary-by-header-pattern', ann('canary-by-header-pattern'),
    (v) => canary({ [`${N}canary-by-header`]: 'X-C', [`${N}canary-by-header-pattern`]: `v${v}` })],
  ['Ingress canary-by-cookie', ann('canary-by-cookie'), (v) => canary({ [`${N}canary-by-cookie`]: `c${v}` })],
  ['Ingress canary-weight', ann('canary-weight'), (v) => canary({ [`${N}canary-weight`]: `5${v}` })],
  ['Ingress allowlist-source-range', ann('allowlist-source-range'), (v) => [ingress('i', { [`${N}allowlist-source-range`]: `10.0.0.0/8, 10.1.1.1${v}` })]],
  ['Ingress denylist-source-range', ann('denylist-source-range'), (v) => [ingress('i', { [`${N}denylist-source-range`]: `10.0.0.0/8, 10.1.1.1${v}` })]],
  ['Ingress permanent-redirect', ann('permanent-redirect'), (v) => [ingress('i', { [`${N}permanent-redirect`]: `https://b.example.com/x${v}` })]],
  ['Ingress temporal-redirect', ann('temporal-redirect'), (v) => [ingress('i', { [`${N}temporal-redirect`]: `https://b.example.com/x${v}` })]],
  ['Ingress app-root', ann('app-root'), (v) => [ingress('i', { [`${N}app-root`]: `/x${v}` })]],
  ['Ingress proxy-body-size', ann('proxy-body-size'), (v) => [ingress('i', { [`${N}proxy-body-size`]: `8m${v}` })]],
  ['Ingress proxy-read-timeout', ann('proxy-read-timeout'), (v) => [ingress('i', { [`${N}proxy-read-timeout`]: `60${v}` })]],
  ['Ingress proxy-connect-timeout', ann('proxy-connect-timeout'), (v) => [ingress('i', { [`${N}proxy-connect-timeout`]: `60${v}` })]],
  ['Ingress upstream-hash-by', ann('upstream-hash-by'), (v) => [ingress('i', { [`${N}upstream-hash-by`]: `$request_uri${v}` })]],
  ['Ingress TLS secretName', 'spec.tls[0].secretName', (v) => {
    const i = ingress('i', {});
    i.spec.tls = [{ hosts: ['a.example.com'], secretName: `s${v}` }];
    return [i];
  }],
  ['Ingress Service name', 'spec.rules[0].http.paths[0].backend.service.name', (v) => {
    const i = ingress('i', {});
    i.spec.rules[0].http.paths[0].backend.service.name = `s${v}`;
    return [i];
  }],

  ['HTTPRoute hostname', 'spec.hostnames[0]', (v) => hr({}, [`a${v}.example.com`])],
  ['Gateway listener hostname', 'spec.listeners[0].hostname', (v) => [{ ...GW, spec: { ...GW.spec, listeners: [{ ...GW.spec.listeners[0], hostname: `a${v}.example.com` }] } }, httpRoute({}, [])]],
  ['HTTPRoute PathPrefix', 'spec.rules[0].matches[0].path', (v) => hr({ matches: [{ path: { type: 'PathPrefix', value: `/p${v}` } }] })],
  ['HTTPRoute Exact path', 'spec.rules[0].matches[0].path', (v) => hr({ matches: [{ path: { type: 'Exact', value: `/p${v}` } }] })],
  ['HTTPRoute RegularExpression path', 'spec.rules[0].matches[0]', (v) => hr({ matches: [{ path: { type: 'RegularExpression', value: `/p${v}` } }] })],
  ['HTTPRoute header name', 'spec.rules[0].matches[0].headers[0].name', (v) => hr({ matches: [{ headers: [{ name: `X${v}`, value: 'v' }] }] })],
  ['HTTPRoute header value', 'spec.rules[0].matches[0].headers[0]', (v) => hr({ matches: [{ headers: [{ name: 'X-A', value: `v${v}` }] }] })],
  ['HTTPRoute header regex', 'spec.rules[0].matches[0]', (v) => hr({ matches: [{ headers: [{ name: 'X-A', type: 'RegularExpression', value: `v${v}` }] }] })],
  ['HTTPRoute query name', 'spec.rules[0].matches[0].queryParams[0].name', (v) => hr({ matches: [{ queryParams: [{ name: `q${v}`, value: 'v' }] }] })],
  ['HTTPRoute query value', 'spec.rules[0].matches[0].queryParams[0]', (v) => hr({ matches: [{ queryParams: [{ name: 'q', value: `v${v}` }] }] })],
  ['HTTPRoute query regex', 'spec.rules[0].matches[0]', (v) => hr({ matches: [{ queryParams: [{ name: 'q', type: 'RegularExpression', value: `v${v}` }] }] })],
  ['RequestHeaderModifier set name', 'spec.rules[0].filters[0].requestHeaderModifier.set[0].name',
    (v) => filter({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: `X${v}`, value: 'v' }] } })],
  ['RequestHeaderModifier set value', 'spec.rules[0].filters[0].requestHeaderModifier.set[0].value',
    (v) => filter({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-A', value: `v${v}` }] } })],
  ['RequestHeaderModifier remove', 'spec.rules[0].filters[0].requestHeaderModifier.remove[0]',
    (v) => filter({ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: [`X${v}`] } })],
  ['ResponseHeaderModifier add name', 'spec.rules[0].filters[0].responseHeaderModifier.add[0].name',
    (v) => filter({ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: `X${v}`, value: 'v' }] } })],
  ['ResponseHeaderModifier add value', 'spec.rules[0].filters[0].responseHeaderModifier.add[0].value',
    (v) => filter({ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'X-A', value: `v${v}` }] } })],
  ['RequestRedirect hostname', 'spec.rules[0].filters[0].requestRedirect.hostname',
    (v) => filter({ type: 'RequestRedirect', requestRedirect: { hostname: `b${v}.example.com` } }, { backendRefs: undefined })],
  ['RequestRedirect ReplaceFullPath', 'spec.rules[0]',
    (v) => filter({ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: `/x${v}` } } }, { backendRefs: undefined })],
  ['RequestRedirect ReplacePrefixMatch', 'spec.rules[0]',
    (v) => filter({ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: `/x${v}` } } }, { ...PREFIX, backendRefs: undefined })],
  ['URLRewrite hostname', 'spec.rules[0].filters[0].urlRewrite.hostname', (v) => filter({ type: 'URLRewrite', urlRewrite: { hostname: `b${v}.example.com` } })],
  ['URLRewrite ReplaceFullPath', 'spec.rules[0]', (v) => filter({ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: `/x${v}` } } })],
  ['URLRewrite ReplacePrefixMatch', 'spec.rules[0]',
    (v) => filter({ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: `/x${v}` } } }, PREFIX)],
  ['CORS allowOrigins', 'spec.rules[0].filters[0].cors.allowOrigins[0]', (v) => filter({ type: 'CORS', cors: { allowOrigins: [`https://a${v}.com`] } })],
  ['CORS allowMethods', 'spec.rules[0].filters[0].cors.allowMethods[0]', (v) => filter({ type: 'CORS', cors: { allowOrigins: ['https://a.com'], allowMethods: [`GET${v}`] } })],
  ['CORS allowHeaders', 'spec.rules[0].filters[0].cors.allowHeaders[0]', (v) => filter({ type: 'CORS', cors: { allowOrigins: ['https://a.com'], allowHeaders: [`X${v}`] } })],
  ['CORS exposeHeaders', 'spec.rules[0].filters[0].cors.exposeHeaders[0]', (v) => filter({ type: 'CORS', cors: { allowOrigins: ['https://a.com'], exposeHeaders: [`X${v}`] } })],
  ['HTTPRoute backendRef name', 'spec.rules[0].backendRefs[0].name', (v) => hr({ backendRefs: [{ name: `s${v}`, port: 80 }] })],
  ['Gateway certificate Secret name', 'spec.listeners[0].tls.certificateRefs[0]', (v) => [{
    ...GW,
    spec: { gatewayClassName: 'c', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls: { certificateRefs: [{ name: `s${v}` }] } }] },
  }, httpRoute({})]],

  ['Route host', 'spec.host', (v) => route({ host: `a${v}.example.com` })],
  ['Route path', 'spec.path', (v) => route({ path: `/p${v}` })],
  ['Route Service name', 'spec.to.name', (v) => route({ to: { kind: 'Service', name: `s${v}` } })],
  ['Route request header value', 'spec.httpHeaders.actions.request[0].action.set.value', (v) => hdr('request', 'X-A', `v${v}`)],
  ['Route response header value', 'spec.httpHeaders.actions.response[0].action.set.value', (v) => hdr('response', 'X-A', `v${v}`)],
  ['Route cookie_name', 'metadata.annotations[router.openshift.io/cookie_name]', (v) => route({}, { 'router.openshift.io/cookie_name': `c${v}` })],
  ['Route ip_allowlist', 'metadata.annotations[haproxy.router.openshift.io/ip_allowlist]',
    (v) => route({}, { 'haproxy.router.openshift.io/ip_allowlist': `10.0.0.1 1${v}` })],
  ['Route timeout', 'metadata.annotations[haproxy.router.openshift.io/timeout]', (v) => route({}, { 'haproxy.router.openshift.io/timeout': `5s${v}` })],
  ['Route rewrite-target', 'metadata.annotations[haproxy.router.openshift.io/rewrite-target]',
    (v) => route({ path: '/p' }, { 'haproxy.router.openshift.io/rewrite-target': `/x${v}` })],
  ['Route hsts_header', 'metadata.annotations[haproxy.router.openshift.io/hsts_header]',
    (v) => route({ tls: { termination: 'edge' } }, { 'haproxy.router.openshift.io/hsts_header': `max-age=1${v}` })],
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  process.env.CDK8S_ROUTING_DEV_CA_DIR = path.join(dir, 'ca');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function writeInput(objects: any[]): string {
  // JSON is YAML: control characters arrive as \n, \r, \u0000 escapes
  const file = path.join(dir, `in-${++seq}.yaml`);
  fs.writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
  return file;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = io();
  const code = await main(args, r);
  expect([0, 1]).toContain(code);
  expect(`${r.out}${r.err}`).not.toMatch(/internal error|^\s+at /m);
  return { code, out: r.out, err: r.err };
}

interface Rendered {
  readonly code: number;
  readonly text: string;
  readonly cfg?: string;
  readonly maps?: string[];
}

function walk(root: string, rel = ''): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(root, path.join(rel, e.name)) : [path.join(rel, e.name)]));
}

async function render(objects: any[]): Promise<Rendered> {
  const out = path.join(dir, `out-${++seq}`);
  const r = await run(['haproxy', writeInput(objects), '--out', out]);
  const text = r.out + r.err;
  if (r.code !== 0) {
    expect(fs.existsSync(out)).toBe(false); // nothing half-written
    return { code: r.code, text };
  }
  const check = checkConfig(out);
  expect(check.output).toBe('Configuration file is valid');
  const files = walk(out);
  for (const f of files.filter((x) => !x.endsWith('.pem'))) {
    expect(fs.readFileSync(path.join(out, f), 'utf8')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  }
  const maps = files.filter((f) => f.endsWith('.map')).sort().map((f) => fs.readFileSync(path.join(out, f), 'utf8'));
  for (const m of maps) {
    // one key, one value (a '#' only starts a comment at the beginning of a line)
    for (const line of m.split('\n').filter((l) => l !== '')) expect(line).toMatch(/^[^\s#]\S* \S+$/);
  }
  return { code: 0, text, cfg: fs.readFileSync(path.join(out, 'haproxy.cfg'), 'utf8'), maps };
}

const directives = (cfg: string) => cfg.split('\n').map((l) => l.trim().split(/\s+/)[0]).sort();
const reEscape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `FILE:LINE: Kind ns/name: FIELD: ...` (or `FIELD[...]`). */
const namesField = (field: string) => new RegExp(`:\\d+: \\w+ x/\\w+: ${reEscape(field)}[:.\\[]`);
/**
 * The field, or a path in the same rule or path entry (down to `spec` for a Route), as the renderer names the rule it
 * refuses (e.g. `spec.rules[0].matches[0]` for a filter of rule 0).
 */
function namesFieldOrParent(field: string): RegExp {
  const parents: string[] = [];
  for (let i = 0; i < field.length; i++) if (field[i] === '.' || field[i] === '[') parents.push(field.slice(0, i));
  const alternatives = [field, ...parents.filter((p) => p !== 'spec' && p !== 'spec.rules' && !p.endsWith('.paths'))].map(reEscape);
  return new RegExp(`:\\d+: \\w+ x/\\w+: ((${alternatives.join('|')})[^:\\s]*|spec): `);
}

describe.each(CASES)('%s', (name, field, make) => {
  let benign: Rendered;
  beforeAll(async () => {
    benign = await render(make(''));
  });

  test('renders with a benign value', () => {
    expect(benign.code).toBe(0);
  });

  test.each(Object.entries(HOSTILE))('fails or stays data: %s', async (_label, value) => {
    const r = await render(make(value));
    if (r.code === 1) {
      // a finding names the field; a renderer refusal names the object and the field or the rule/path entry holding it
      expect(r.text).toMatch(r.text.includes('cannot render: ') ? namesFieldOrParent(field) : namesField(field));
      return;
    }
    // the would-be directive never became a line of its own
    expect(r.cfg).not.toMatch(/^\s*(http-request deny\s*(['"#\\]|$)|if TRUE)/m);
    const same = r.cfg!.split('\n').length === benign.cfg!.split('\n').length
      && JSON.stringify(directives(r.cfg!)) === JSON.stringify(directives(benign.cfg!))
      && JSON.stringify(r.maps!.map((m) => m.split('\n').length)) === JSON.stringify(benign.maps!.map((m) => m.split('\n').length));
    if (!same) {
      // the value was dropped: a warning names the field
      expect(r.text).toMatch(namesField(field));
    }
  });
});

describe('Routes: values the API server accepts are served or refused with the field named', () => {
  test('a single quote in a Route header value is data', async () => {
    // before: the renderer refused every Route header value with a quote ("cannot render"), though the API accepts it
    for (const list of ['request', 'response'] as const) {
      const r = await render(hdr(list, 'X-A', "it's' if TRUE"));
      expect(r.code).toBe(0);
      const verb = list === 'request' ? 'http-request' : 'http-response';
      expect(r.cfg).toContain(`${verb} set-header 'X-A' 'it'\\''s'\\'' if TRUE'`);
    }
  });

  test.each([['CR', 'a\rb'], ['NUL', 'a\u0000b'], ['LF', 'a\nb']])('fails: a rewrite-target with %s is ignored with a warning naming it', async (_l, v) => {
    const r = await render(route({ path: '/p' }, { 'haproxy.router.openshift.io/rewrite-target': `/x${v}` }));
    expect(r.code).toBe(0);
    expect(r.text).toMatch(namesField('metadata.annotations[haproxy.router.openshift.io/rewrite-target]'));
    expect(r.cfg).not.toContain('/x');
  });

  test.each([['CR', 'a\rb'], ['NUL', 'a\u0000b'], ['LF', 'a\nb']])('fails: a spec.path with %s: validate warns on spec.path, haproxy refuses', async (_l, v) => {
    const file = writeInput(route({ path: `/p${v}` }));
    const validated = await run(['validate', file, '--format', 'json']);
    expect(validated.code).toBe(0);
    expect(JSON.parse(validated.out).warnings.map((f: any) => [f.field, f.rule])).toStrictEqual([['spec.path', 'route.path.control-characters']]);
    const r = await render(route({ path: `/p${v}` }));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(namesField('spec.path'));
    expect(r.text).toContain('cannot render');
  });
});

test('fails: a NUL in a Gateway redirect path is refused as input, not an internal error', async () => {
  const r = await render(filter({ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/a\u0000b' } } }, { backendRefs: undefined }));
  expect(r.code).toBe(1);
  expect(r.text).toMatch(/cannot render: .*HTTPRoute x\/r: spec\.rules\[0\]: redirect path must be an absolute path without blanks, control characters/);
});

const MERMAID_LINE = /^(flowchart LR|  client\(\["client"\]\)|  \w+(\["[^"\n]*"\]|\[\("[^"\n]*"\)\]|\{\{"[^"\n]*"\}\})|  \w+ --> \w+|  \w+ -->\|"[^"\n]*"\| \w+)$/;

describe('explain --format mermaid and convert on hostile input that validates', () => {
  /** Every hostile case whose input validates without errors (the rest is refused before explain/convert). */
  const inputs: Array<[string, string, any[]]> = [];
  for (const [name, , make] of CASES) for (const [label, v] of Object.entries(HOSTILE)) inputs.push([name, label, make(v)]);

  test('explain: every label stays on its line and in its quotes (one statement per line)', async () => {
    let explained = 0;
    const bad: string[] = [];
    for (const [name, label, objects] of inputs) {
      const file = writeInput(objects);
      if ((await run(['validate', file])).code !== 0) continue;
      const r = await run(['explain', file, '--format', 'mermaid']);
      expect(r.code).toBe(0);
      for (const line of r.out.split('\n').filter((l) => l !== '')) {
        if (!MERMAID_LINE.test(line)) bad.push(`${name} / ${label}: not one mermaid statement: ${JSON.stringify(line)}`);
      }
      explained++;
    }
    expect(bad).toStrictEqual([]);
    expect(explained).toBeGreaterThan(300);
  });

  test('convert: a notice, or output that validates', async () => {
    let converted = 0;
    const bad: string[] = [];
    for (const [name, label, objects] of inputs) {
      const file = writeInput(objects);
      if ((await run(['validate', file])).code !== 0) continue;
      const targets = objects.some((o) => o.apiVersion === G) ? ['route', 'ingress'] : ['gateway'];
      for (const to of targets) {
        const r = await run(['convert', file, '--to', to]);
        if (r.out.trim() === '') {
          expect(r.err).toMatch(/not converted|lossy/);
          continue;
        }
        const out = path.join(dir, `converted-${++seq}.yaml`);
        fs.writeFileSync(out, r.out);
        const v = await run(['validate', out]);
        if (v.code !== 0) bad.push(`${name} / ${label} → ${to}: ${v.out.split('\n').filter((l) => /\(error/.test(l)).map((l) => l.replace(/^.*?: /, '')).join(' | ')}`);
        converted++;
      }
    }
    expect(bad).toStrictEqual([]);
    expect(converted).toBeGreaterThan(300);
  });
});

test('fails: convert leaves out an HTTPRoute whose path an Ingress accepts but Gateway API does not, with a notice naming the field', async () => {
  const r = await run(['convert', writeInput([ingress('i', {}, 'a.example.com', '/a b', 'ImplementationSpecific')]), '--to', 'gateway']);
  expect(r.code).toBe(1);
  expect(r.err).toContain('HTTPRoute x/i-a-example-com: spec.rules[0].matches[0].path: the converted HTTPRoute would be invalid');
  expect(r.err).toContain('it is left out (not converted)');
  expect(r.out).not.toContain('kind: HTTPRoute');
});

test('fails: explain prints control characters in a path escaped, one table row per rule', async () => {
  const file = writeInput(route({ path: '/p\n80\tnone\tevil.example.com\u001b[2J' }));
  const r = await run(['explain', file]);
  expect(r.code).toBe(0);
  expect(r.out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  expect(r.out.trimEnd().split('\n')).toHaveLength(2);
  expect(r.out).toContain('/p\\n80\\tnone\\tevil.example.com\\u001b[2J');
});
