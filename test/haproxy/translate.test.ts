/*
 * Routing model → haproxy.cfg and the files it names: golden files, `haproxy -c`,
 * determinism, refusals and injection attempts through the model.
 */
import * as fs from 'fs';
import * as path from 'path';
import { backend, entrypoint, rule, sni, source, tempDir } from './util';
import { RenderOptions, RenderedFiles, TranslateError, checkConfig, translate, writeFilesAtomically } from '../../src/haproxy';
import { HostMatchKind, RoutingModel } from '../../src/model/types';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'haproxy');
const cert = fs.readFileSync(path.join(FIXTURES, 'tls', 'test.crt'), 'utf8');
const key = fs.readFileSync(path.join(FIXTURES, 'tls', 'test.key'), 'utf8');
const pem = { certificatePem: cert, keyPem: key };

const options: RenderOptions = {
  httpPort: 18080,
  httpsPort: 18443,
  portMap: new Map([[80, 18080], [443, 18443], [5432, 15432]]),
  defaultCertificate: pem,
  devCertificates: new Map([['shop:web', pem]]),
  socketTag: 'golden',
};

const many = Array.from({ length: 70 }, (_, i) => `10.0.${i}.0/24`);

function goldenModel(): RoutingModel {
  return {
    entrypoints: [
      entrypoint('routes-http', 80, 'HTTP', [
        rule('shop.golden.test', '/api/v1', 'be_http:shop:api'),
        rule('shop.golden.test', '/static/', 'be_http:shop:static'),
        rule('shop.golden.test', { type: 'Exact', value: '/healthz' }, { type: 'status', code: 200 }),
        rule('shop.golden.test', '/', 'be_edge_http:shop:web'),
        rule('*.golden.test', '/', 'be_http:shop:api'),
        rule('secure.golden.test', '', { type: 'redirect-https', code: 302 }),
        rule('moved.golden.test', '/', { type: 'redirect', code: 301, scheme: 'https', hostname: 'new.golden.test', port: 443 }),
        rule('odd.golden.test', '/a b', 'weird name/with spaces'),
        { ...rule('', '/.well-known/', 'be_http:shop:static'), hostMatch: HostMatchKind.ANY },
      ]),
      entrypoint('routes-https', 443, 'HTTPS', [
        rule('shop.golden.test', '/', 'be_edge_http:shop:web'),
        rule('secure.golden.test', '/', 'be_secure:shop:secure'),
      ], {
        passthrough: [sni('db.golden.test', 'be_tcp:shop:db'), sni('*.tls.golden.test', 'be_tcp:shop:db')],
        certificates: [{ id: 'shop:web', hosts: ['shop.golden.test', '*.golden.test'], source: source('web', 'spec.tls') }],
      }),
      entrypoint('gw:shop:tls:9443', 9443, 'TLS', [], { passthrough: [sni('db.golden.test', 'be_tcp:shop:db')] }),
      entrypoint('gw:shop:pg:5432', 5432, 'TCP', [], { tcpBackend: 'be_tcp:shop:db' }),
    ],
    backends: [
      backend('be_http:shop:api', [{ port: 9001, weight: 256, service: 'api' }, { port: 9002, weight: 64, service: 'api-canary' }], {
        forwardedHeaders: 'if-none',
        rateLimit: { concurrentTcp: 10, rateTcp: 20, rateHttp: 30 },
        allowlist: many,
        timeoutServerMs: 2_000,
        timeoutTunnelMs: 99_999_999_999,
        healthCheckIntervalMs: 1_500,
        maxConnPerServer: 50,
        rewrite: { path: '/api/v1', target: '/' },
      }),
      backend('be_http:shop:static', [{ port: 9003 }], { balance: 'leastconn', forwardedHeaders: 'never', allowlist: ['192.168.0.0/16', '::1'] }),
      backend('be_edge_http:shop:web', [{ port: 9004 }], {
        cookie: { name: 'web', secure: true, sameSite: 'Strict' },
        hsts: 'max-age=31536000; includeSubDomains; preload',
        forwardedHeaders: 'replace',
        requestHeaders: [{ type: 'set', name: 'X-Quote', value: "it's 100%" }, { type: 'delete', name: 'X-Debug' }],
        responseHeaders: [{ type: 'set', name: 'X-Id', value: '%[res.hdr(x-id),lower]', dynamic: true }],
      }),
      backend('be_secure:shop:secure', [{ port: 9005, address: 'fd00::5' }], {}, { upstreamTls: { caPem: cert, verifyHost: 'golden.test' } }),
      backend('be_tcp:shop:db', [{ port: 9006 }, { port: 9007 }], { timeoutServerMs: 60_000 }, { mode: 'tcp', activeServices: 1 }),
      backend('weird name/with spaces', []),
    ],
  };
}

function readGolden(dir: string): RenderedFiles {
  const out: RenderedFiles = new Map();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(r);
      } else {
        out.set(r, { content: fs.readFileSync(path.join(dir, r), 'utf8'), mode: 0 });
      }
    }
  };
  walk('');
  return out;
}

describe('translate', () => {
  const goldenDir = path.join(FIXTURES, 'golden');
  const files = translate(goldenModel(), options);
  // Certificates are test keys; compare everything else with the golden files.
  const compared = new Map([...files].filter(([name]) => !name.startsWith('certs/')));

  test('renders the golden model exactly as the golden files', () => {
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.rmSync(goldenDir, { recursive: true, force: true });
      for (const [name, f] of compared) {
        fs.mkdirSync(path.dirname(path.join(goldenDir, name)), { recursive: true });
        fs.writeFileSync(path.join(goldenDir, name), f.content);
      }
    }
    const golden = readGolden(goldenDir);
    expect([...compared.keys()]).toStrictEqual([...golden.keys()].sort());
    for (const [name, f] of compared) {
      expect(`${name}:\n${f.content}`).toBe(`${name}:\n${golden.get(name)!.content}`);
    }
  });

  test('the rendered configuration passes haproxy -c', () => {
    const dir = tempDir('golden');
    try {
      writeFilesAtomically(path.join(dir, 'out'), files);
      const check = checkConfig(path.join(dir, 'out'));
      expect(check.output).toBe('Configuration file is valid');
      expect(check.ok).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('is deterministic: two renders give identical bytes and file order', () => {
    const again = translate(goldenModel(), options);
    expect([...again.keys()]).toStrictEqual([...files.keys()]);
    for (const [name, f] of files) {
      expect(again.get(name)).toStrictEqual(f);
    }
  });

  test('certificates and keys are written with mode 0600, key first', () => {
    expect(files.get('certs/default.pem')?.mode).toBe(0o600);
    expect(files.get('certs/shop:web.pem')?.mode).toBe(0o600);
    expect(files.get('cacerts/be_secure:shop:secure.pem')?.mode).toBe(0o600);
    expect(files.get('certs/shop:web.pem')?.content).toBe(`${key}${cert}`);
    expect(files.get('haproxy.cfg')?.mode).toBe(0o644);
  });

  test('writeFilesAtomically replaces the whole directory and applies modes', () => {
    const dir = tempDir('atomic');
    try {
      const out = path.join(dir, 'haproxy');
      writeFilesAtomically(out, new Map([['stale.map', { content: 'old\n', mode: 0o644 }]]));
      writeFilesAtomically(out, files);
      expect(fs.existsSync(path.join(out, 'stale.map'))).toBe(false);
      expect((fs.statSync(path.join(out, 'certs/default.pem')).mode % 0o1000)).toBe(0o600);
      expect(fs.readFileSync(path.join(out, 'haproxy.cfg'), 'utf8')).toBe(files.get('haproxy.cfg')!.content);
      expect(fs.readdirSync(dir)).toStrictEqual(['haproxy']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a path with blanks becomes a percent-encoded map key, never two words', () => {
    expect(files.get('routes-http.prefix.map')?.content).toContain('odd.golden.test/a%20b/ weird_name_with_spaces-h');
  });

  test('map dispatch stays flat at 10,000 routes: two map lines per route, no per-route ACLs', () => {
    const rules = Array.from({ length: 10_000 }, (_, i) => rule(`h${i}.golden.test`, i % 2 ? '/' : `/p${i}`, 'be_http:shop:static'));
    const big = translate({ entrypoints: [entrypoint('routes-http', 80, 'HTTP', rules)], backends: [backend('be_http:shop:static', [{ port: 1 }])] }, options);
    expect(big.get('routes-http.prefix.map')!.content.split('\n').length - 1).toBe(10_000);
    const cfg = big.get('haproxy.cfg')!.content;
    expect(cfg.split('\n').length).toBeLessThan(80);
    expect(cfg).not.toContain('map_reg');
  });
});

describe('translate refusals', () => {
  const base = (): RoutingModel => goldenModel();

  test('fails for a header name that could break out of its sample fetch, naming the rule source', () => {
    for (const name of ["x'y", 'x,y', 'x#y', 'x(y)']) {
      const m = base();
      m.entrypoints[0].httpRules.push(rule('x.golden.test', '/', 'be_http:shop:api', { headers: [{ name, type: 'Exact', value: 'y' }] }));
      expect(() => translate(m, options)).toThrow(TranslateError);
      expect(() => translate(m, options)).toThrow(/Route test\/x.golden.test: spec: header name .* cannot be matched/);
    }
  });

  test('fails for a header match value with a line break', () => {
    const m = base();
    m.entrypoints[0].httpRules.push(rule('x.golden.test', '/', 'be_http:shop:api', { headers: [{ name: 'x', type: 'Exact', value: 'a\nb' }] }));
    expect(() => translate(m, options)).toThrow(/control character/);
  });

  test('fails when one entrypoint mixes one-label and suffix wildcard hosts', () => {
    const m = base();
    m.entrypoints[0].httpRules.unshift({ ...rule('*.golden.test', '/', 'be_http:shop:api'), hostMatch: HostMatchKind.WILDCARD_SUFFIX });
    m.entrypoints[0].httpRules.unshift(rule('*.other.test', '/', 'be_http:shop:api'));
    expect(() => translate(m, options)).toThrow(/mixes one-label wildcard hosts/);
  });

  test('fails for a rule forwarding to a backend that is not in the model', () => {
    const m = base();
    m.entrypoints[0].httpRules.push(rule('x.golden.test', '/', 'be_http:shop:missing'));
    expect(() => translate(m, options)).toThrow(/be_http:shop:missing.*not in the model/);
  });

  test('fails on header values with a line break, naming the backend', () => {
    const m = base();
    const web = m.backends[2];
    m.backends[2] = { ...web, policies: { ...web.policies, requestHeaders: [{ type: 'set', name: 'X-A', value: 'a\nhttp-request deny' }] } };
    expect(() => translate(m, options)).toThrow(/be_edge_http:shop:web.*control character/);
  });

  test('fails on a host that would inject into a map file or crt-list', () => {
    for (const host of ['a.golden.test b.golden.test', 'a.golden.test\nevil', 'a.golden.test/x']) {
      const m = base();
      m.entrypoints[0].httpRules.push(rule(host, '/', 'be_http:shop:api'));
      expect(() => translate(m, options)).toThrow(/host is not a DNS name/);
    }
  });

  test('fails on a dynamic header value outside the allow-list', () => {
    const m = base();
    const web = m.backends[2];
    m.backends[2] = { ...web, policies: { ...web.policies, responseHeaders: [{ type: 'set', name: 'X-A', value: '%[env(HOME)]', dynamic: true }] } };
    expect(() => translate(m, options)).toThrow(/allow-list/);
  });

  test('fails when two entrypoints would listen on the same local port', () => {
    const m = base();
    m.entrypoints.push(entrypoint('gw:other:80', 80, 'HTTP', []));
    expect(() => translate(m, options)).toThrow(/both listen on local port 18080/);
  });

  test('fails for a certificate without PEM when no development certificate is given', () => {
    expect(() => translate(goldenModel(), { ...options, devCertificates: new Map() })).toThrow(/shop:web.*no development certificate/);
  });
});
