import { checkRegex } from '../../src/haproxy/conditions';
import { ConfigInjectionError } from '../../src/haproxy/escape';
import { corsLines, prefixRewriteLines, rewriteLines } from '../../src/haproxy/filters';
import { HostMatchKind, HttpRule } from '../../src/model/types';

/** Applies a rendered `replace-path '<regex>' '<replacement>'` line the way HAProxy does (whole-path regex, \1 backreference). */
function applyReplacePath(line: string, path: string): string {
  const m = /^http-request replace-path '(.*)' '(.*)'$/.exec(line);
  if (!m) throw new Error(`not a replace-path line: ${line}`);
  const re = new RegExp(m[1]);
  if (!re.test(path)) return path;
  return path.replace(re, m[2].replace(/\\1/g, '$1').replace(/%%/g, '%'));
}

describe('ReplacePrefixMatch (the Gateway API table)', () => {
  test.each([
    ['/foo/bar', '/foo', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo', '/xyz/', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz/', '/xyz/bar'],
    ['/foo', '/foo', '/xyz', '/xyz'],
    ['/foo/', '/foo', '/xyz', '/xyz/'],
    ['/foo/bar', '/foo', '', '/bar'],
    ['/foo/', '/foo', '', '/'],
    ['/foo', '/foo', '', '/'],
    ['/foo/', '/foo', '/', '/'],
    ['/foo', '/foo', '/', '/'],
    ['/anything', '/', '/api', '/api/anything'],
    ['/a.b/c', '/a.b', '/x', '/x/c'],
  ])('%s with prefix %s and replacement %j → %s', (path, prefix, replacement, expected) => {
    const lines = prefixRewriteLines({ type: 'Prefix', value: prefix }, replacement);
    expect(lines).toHaveLength(1);
    expect(applyReplacePath(lines[0], path)).toBe(expected);
  });

  test('a literal % in the replacement is written %% (replace-path takes log-format text)', () => {
    expect(prefixRewriteLines({ type: 'Prefix', value: '/a' }, '/50%off')[0]).toContain("'/50%%off\\1'");
  });

  test('fails for a replacement that could break the line, and for a non-prefix match', () => {
    for (const bad of ["/a'b", '/a b', '/a\\1', 'relative', '/a\nb']) {
      expect(() => prefixRewriteLines({ type: 'Prefix', value: '/a' }, bad)).toThrow(ConfigInjectionError);
    }
    expect(() => prefixRewriteLines({ type: 'Exact', value: '/a' }, '/b')).toThrow(/needs a PathPrefix match/);
  });
});

describe('URLRewrite lines', () => {
  const rule = (rewrite: HttpRule['rewrite']): HttpRule => ({
    host: 'a.test',
    hostMatch: HostMatchKind.EXACT,
    path: { type: 'Prefix', value: '/p' },
    action: { type: 'forward', backend: 'b' },
    rewrite,
    order: { created: '', key: 'k', index: 0 },
    source: { apiVersion: 'v1', kind: 'HTTPRoute', name: 'r', field: 'spec' },
  });

  test('hostname and full path', () => {
    expect(rewriteLines(rule({ hostname: 'New.Example.com', path: { type: 'ReplaceFullPath', value: '/x' } }))).toStrictEqual([
      'http-request set-header Host new.example.com',
      "http-request set-path '/x'",
    ]);
  });

  test('fails for a hostname that is not a DNS name', () => {
    expect(() => rewriteLines(rule({ hostname: 'a b' }))).toThrow(/not a DNS name/);
  });
});

describe('CORS lines', () => {
  const base = { allowMethods: ['GET'], allowHeaders: [], exposeHeaders: [], allowCredentials: false, maxAge: 5 };

  test('exact origins are quoted patterns; wildcard hosts become anchored regexes', () => {
    const lines = corsLines({ ...base, allowOrigins: ['https://a.example.com', 'https://*.b.example.com:8443'] });
    expect(lines[0]).toBe("http-request set-var(txn.cors_origin) req.fhdr(origin) if { req.fhdr(origin) -m str -i 'https://a.example.com' }");
    expect(lines[1]).toBe("http-request set-var(txn.cors_origin) req.fhdr(origin) if { req.fhdr(origin) -m reg -i '^https://[^/:]+\\.b\\.example\\.com:8443$' }");
  });

  test('* without credentials answers Access-Control-Allow-Origin: *', () => {
    const lines = corsLines({ ...base, allowOrigins: ['*'] });
    expect(lines).toContain("http-response set-header Access-Control-Allow-Origin '*' if { var(txn.cors_origin) -m found }");
  });

  test('fails for origins and header lists that could inject configuration', () => {
    expect(() => corsLines({ ...base, allowOrigins: ["https://a.com' }"] })).toThrow(ConfigInjectionError);
    expect(() => corsLines({ ...base, allowOrigins: ['https://a.com'], allowHeaders: ['x-a b'] })).toThrow(/not an HTTP token/);
    expect(() => corsLines({ ...base, allowOrigins: ['https://a.com'], maxAge: -1 })).toThrow(/maxAge/);
  });
});

describe('checkRegex', () => {
  test('accepts PCRE and RE2 style expressions', () => {
    for (const ok of ['^/v[0-9]+/items$', '(?i)/api(/|$)(.*)', '/a\\(b\\)', '[)(]x', '[]a]', '(a)\\1', '(?P<n>x)', '.*']) {
      expect(() => checkRegex(ok, 'r')).not.toThrow();
    }
  });

  test('fails for unbalanced groups, brackets, dangling backslash and missing backreferences', () => {
    expect(() => checkRegex('/a(b', 'path regular expression')).toThrow(/path regular expression has an unmatched '\('/);
    expect(() => checkRegex('/a)b', 'r')).toThrow(/unmatched '\)'/);
    expect(() => checkRegex('/a[b', 'r')).toThrow(/unterminated '\['/);
    expect(() => checkRegex('/a\\', 'r')).toThrow(/lone backslash/);
    expect(() => checkRegex('/a\\1', 'r')).toThrow(/group 1, which does not exist/);
  });
});
