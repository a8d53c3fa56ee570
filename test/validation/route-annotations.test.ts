import { Issues } from '../../src/validation/finding';
import {
  HAPROXY_MAX_TIMEOUT_MS, isAllowlistEntry, isValidHsts, parseGoBool, parseGoInt, parseRouteAnnotations, parseRouterTimeout,
  RouteRouterSettings, sanitizeRewriteTarget,
} from '../../src/validation/route-annotations';

const P = 'haproxy.router.openshift.io/';

type Parsed = { s: RouteRouterSettings; w: Array<[string, string]> };
function parse(annotations: Record<string, string>, termination?: string, insecurePolicy?: string): Parsed {
  const issues = new Issues();
  const s = parseRouteAnnotations(annotations, termination, issues, undefined, insecurePolicy);
  return { s, w: issues.list.map((i) => [i.field.toString(), i.rule]) };
}
const field = (key: string) => `metadata.annotations[${key}]`;

test('no annotations: defaults only, no warnings', () => {
  expect(parse({})).toEqual({ s: { disableCookies: false }, w: [] });
  expect(parseRouteAnnotations(undefined, undefined)).toEqual({ disableCookies: false });
});

test('annotations unrelated to the router are left alone', () => {
  expect(parse({ 'example.com/owner': 'me', 'openshift.io/host.generated': 'true' }).w).toEqual([]);
});

describe('balance', () => {
  test.each(['roundrobin', 'leastconn', 'source', 'random'])('accepts %s', (v) => {
    expect(parse({ [`${P}balance`]: v })).toEqual({ s: { disableCookies: false, balance: v }, w: [] });
  });
  test('fails: unknown algorithm or wrong case is ignored and reported', () => {
    for (const v of ['RoundRobin', 'first', ' random']) {
      const r = parse({ [`${P}balance`]: v });
      expect(r.s.balance).toBeUndefined();
      expect(r.w).toEqual([[field(`${P}balance`), 'route.annotation.balance']]);
    }
  });
});

describe('cookies', () => {
  test('disable_cookies uses Go ParseBool', () => {
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parse({ [`${P}disable_cookies`]: v }).s.disableCookies).toBe(true);
    for (const v of ['0', 'f', 'false']) expect(parse({ [`${P}disable_cookies`]: v }).s.disableCookies).toBe(false);
  });
  test('fails: disable_cookies "yes" is ignored (cookies stay on)', () => {
    const r = parse({ [`${P}disable_cookies`]: 'yes' });
    expect(r.s.disableCookies).toBe(false);
    expect(r.w).toEqual([[field(`${P}disable_cookies`), 'route.annotation.disable-cookies']]);
  });
  test('cookie_name under router.openshift.io/', () => {
    expect(parse({ 'router.openshift.io/cookie_name': 'my_cookie-1' }).s.cookieName).toBe('my_cookie-1');
    const bad = parse({ 'router.openshift.io/cookie_name': 'my.cookie' });
    expect(bad.s.cookieName).toBeUndefined();
    expect(bad.w).toEqual([[field('router.openshift.io/cookie_name'), 'route.annotation.cookie-name']]);
  });
  test('fails: cookie_name under the haproxy prefix is not read (and says where it belongs)', () => {
    const issues = new Issues();
    const s = parseRouteAnnotations({ [`${P}cookie_name`]: 'x' }, undefined, issues);
    expect(s.cookieName).toBeUndefined();
    expect(issues.list.map((i) => i.rule)).toEqual(['route.annotation.unknown']);
    expect(issues.list[0].message).toContain('router.openshift.io/cookie_name');
  });
  test('cookie-same-site applies to edge/reencrypt without Allow, case-sensitive', () => {
    expect(parse({ 'router.openshift.io/cookie-same-site': 'Strict' }, 'edge').s.cookieSameSite).toBe('Strict');
    expect(parse({ 'router.openshift.io/cookie-same-site': 'Lax' }, 'reencrypt', 'Redirect').s.cookieSameSite).toBe('Lax');
    expect(parse({ 'router.openshift.io/cookie-same-site': 'lax' }, 'edge').w).toEqual([[field('router.openshift.io/cookie-same-site'), 'route.annotation.cookie-same-site']]);
  });
  test('fails: cookie-same-site on plain routes, on Allow and on passthrough is ignored', () => {
    for (const [term, pol] of [[undefined, undefined], ['edge', 'Allow'], ['passthrough', undefined]]) {
      const r = parse({ 'router.openshift.io/cookie-same-site': 'Strict' }, term, pol);
      expect(r.s.cookieSameSite).toBeUndefined();
      expect(r.w).toEqual([[field('router.openshift.io/cookie-same-site'), 'route.annotation.cookie-same-site']]);
    }
  });
});

describe('timeouts', () => {
  test('units and milliseconds', () => {
    expect(parseRouterTimeout('500')).toEqual({ text: '500', ms: 500, clipped: false });
    expect(parseRouterTimeout('30s')).toEqual({ text: '30s', ms: 30000, clipped: false });
    expect(parseRouterTimeout('2m')!.ms).toBe(120000);
    expect(parseRouterTimeout('1h')!.ms).toBe(3600000);
    expect(parseRouterTimeout('1d')!.ms).toBe(86400000);
    expect(parseRouterTimeout('1500us')!.ms).toBe(1.5);
    expect(parseRouterTimeout('24d')!.clipped).toBe(false);
  });
  test('fails: invalid timeouts are ignored', () => {
    for (const v of ['0', '0s', '-5s', '5 s', '5S', '1.5s', 's', '', ' 5s']) expect(parseRouterTimeout(v)).toBeUndefined();
  });
  test('values above 2147483647ms are clipped, huge ones too', () => {
    for (const v of ['2147483648', '25d', '2147484s', '99999999999999999999999d']) {
      expect(parseRouterTimeout(v)).toEqual({ text: '2147483647ms', ms: HAPROXY_MAX_TIMEOUT_MS, clipped: true });
    }
    expect(parseRouterTimeout('2147483647')).toEqual({ text: '2147483647', ms: 2147483647, clipped: false });
  });
  test('timeout, timeout-tunnel and health check interval in the settings', () => {
    const r = parse({ [`${P}timeout`]: '30s', [`${P}timeout-tunnel`]: '1h', 'router.openshift.io/haproxy.health.check.interval': '5s' });
    expect(r.w).toEqual([]);
    expect(r.s).toMatchObject({ timeoutServerMs: 30000, timeoutTunnelMs: 3600000, healthCheckIntervalMs: 5000 });
    expect(r.s.timeoutServer!.text).toBe('30s');
  });
  test('fails: a clipped value is kept and reported', () => {
    const r = parse({ [`${P}timeout`]: '30d' });
    expect(r.s.timeoutServerMs).toBe(HAPROXY_MAX_TIMEOUT_MS);
    expect(r.s.timeoutServer!.text).toBe('2147483647ms');
    expect(r.w).toEqual([[field(`${P}timeout`), 'route.annotation.timeout']]);
  });
  test('fails: a zero health check interval is ignored', () => {
    const r = parse({ 'router.openshift.io/haproxy.health.check.interval': '0' });
    expect(r.s.healthCheckIntervalMs).toBeUndefined();
    expect(r.w).toEqual([[field('router.openshift.io/haproxy.health.check.interval'), 'route.annotation.health-check-interval']]);
  });
  test('fails: an invalid timeout-tunnel is ignored', () => {
    const r = parse({ [`${P}timeout-tunnel`]: '10x' });
    expect(r.s.timeoutTunnelMs).toBeUndefined();
    expect(r.w).toEqual([[field(`${P}timeout-tunnel`), 'route.annotation.timeout-tunnel']]);
  });
});

describe('rate limits', () => {
  const RL = `${P}rate-limit-connections`;
  test('enabled with all three limits', () => {
    const r = parse({ [RL]: 'true', [`${RL}.concurrent-tcp`]: '10', [`${RL}.rate-tcp`]: '+20', [`${RL}.rate-http`]: '100' });
    expect(r.w).toEqual([]);
    expect(r.s.rateLimit).toEqual({ concurrentTcp: 10, rateTcp: 20, rateHttp: 100 });
  });
  test('enabled without limits', () => {
    expect(parse({ [RL]: 'true' }).s.rateLimit).toEqual({});
  });
  test('fails: limits without the switch are ignored', () => {
    const r = parse({ [`${RL}.concurrent-tcp`]: '10' });
    expect(r.s.rateLimit).toBeUndefined();
    expect(r.w).toEqual([[field(`${RL}.concurrent-tcp`), 'route.annotation.rate-limit-concurrent-tcp']]);
  });
  test('fails: non-integer limits and a non-boolean switch are ignored', () => {
    expect(parse({ [RL]: 'on' }).w).toEqual([[field(RL), 'route.annotation.rate-limit-connections']]);
    const r = parse({ [RL]: 'true', [`${RL}.rate-tcp`]: '1.5' });
    expect(r.s.rateLimit).toEqual({});
    expect(r.w).toEqual([[field(`${RL}.rate-tcp`), 'route.annotation.rate-limit-rate-tcp']]);
  });
  test('fails: rate-http on passthrough is ignored', () => {
    const r = parse({ [RL]: 'true', [`${RL}.rate-http`]: '5' }, 'passthrough');
    expect(r.s.rateLimit).toEqual({});
    expect(r.w).toEqual([[field(`${RL}.rate-http`), 'route.annotation.rate-limit-rate-http']]);
  });
  test('negative limits pass Atoi: kept, with a warning that they reject everything', () => {
    const r = parse({ [RL]: 'true', [`${RL}.concurrent-tcp`]: '-1' });
    expect(r.s.rateLimit).toEqual({ concurrentTcp: -1 });
    expect(r.w).toEqual([[field(`${RL}.concurrent-tcp`), 'route.annotation.rate-limit-concurrent-tcp']]);
  });
});

describe('ip_allowlist', () => {
  const AL = `${P}ip_allowlist`;
  const WL = `${P}ip_whitelist`;
  test('IPs and CIDRs, v4 and v6, split on whitespace', () => {
    const r = parse({ [AL]: '10.0.0.1 192.168.0.0/16\t2001:db8::/32  ::1' });
    expect(r.w).toEqual([]);
    expect(r.s.allowlist).toEqual(['10.0.0.1', '192.168.0.0/16', '2001:db8::/32', '::1']);
  });
  test('fails: invalid tokens are dropped and reported', () => {
    const r = parse({ [AL]: '10.0.0.1 10.0.0.256 example.com 10.0.0.0/33 010.0.0.1' });
    expect(r.s.allowlist).toEqual(['10.0.0.1']);
    expect(r.w).toHaveLength(4);
    expect(r.w.every(([f, rule]) => f === field(AL) && rule === 'route.annotation.ip-allowlist')).toBe(true);
  });
  test('fails: leading or trailing whitespace rejects the whole value', () => {
    for (const v of [' 10.0.0.1', '10.0.0.1 ', '10.0.0.1\n']) {
      const r = parse({ [AL]: v });
      expect(r.s.allowlist).toBeUndefined();
      expect(r.w).toEqual([[field(AL), 'route.annotation.ip-allowlist']]);
    }
  });
  test('fails: no valid entry leaves the route open, reported', () => {
    const r = parse({ [AL]: 'nope' });
    expect(r.s.allowlist).toBeUndefined();
    expect(r.w.length).toBe(2);
  });
  test('deprecated ip_whitelist is read; ip_allowlist wins when both are set', () => {
    expect(parse({ [WL]: '10.0.0.0/8' })).toEqual({ s: { disableCookies: false, allowlist: ['10.0.0.0/8'] }, w: [] });
    const both = parse({ [WL]: '10.0.0.0/8', [AL]: '192.168.1.1' });
    expect(both.s.allowlist).toEqual(['192.168.1.1']);
    expect(both.w).toEqual([[field(WL), 'route.annotation.ip-whitelist']]);
  });
  test('more than 61 entries are kept (the renderer writes a file)', () => {
    const many = Array.from({ length: 70 }, (_, i) => `10.0.${i}.1`).join(' ');
    expect(parse({ [AL]: many }).s.allowlist).toHaveLength(70);
  });
  test('isAllowlistEntry', () => {
    expect(isAllowlistEntry('1.2.3.4/32')).toBe(true);
    expect(isAllowlistEntry('1.2.3.4/08')).toBe(true);
    expect(isAllowlistEntry('::ffff:1.2.3.4')).toBe(true);
    expect(isAllowlistEntry('fe80::1%eth0')).toBe(false);
    expect(isAllowlistEntry('1.2.3')).toBe(false);
    expect(isAllowlistEntry('::/129')).toBe(false);
  });
});

describe('hsts_header', () => {
  const H = `${P}hsts_header`;
  test('valid forms', () => {
    for (const v of ['max-age=31536000', 'max-age=31536000;includeSubDomains;preload', 'includeSubDomains; max-age="0"', 'MAX-AGE = 10 ; PRELOAD']) {
      expect(isValidHsts(v)).toBe(true);
    }
    expect(parse({ [H]: 'max-age=1' }, 'edge')).toEqual({ s: { disableCookies: false, hsts: 'max-age=1' }, w: [] });
  });
  test('fails: unknown directives, trailing ";" or no max-age are ignored', () => {
    for (const v of ['max-age=1;', 'max-age=1; foo', 'includeSubDomains', 'max-age=-1', 'max-age=1 preload']) {
      expect(isValidHsts(v)).toBe(false);
      const r = parse({ [H]: v }, 'reencrypt');
      expect(r.s.hsts).toBeUndefined();
      expect(r.w).toEqual([[field(H), 'route.annotation.hsts-header']]);
    }
  });
  test('fails: HSTS on plain or passthrough routes is ignored', () => {
    for (const term of [undefined, 'passthrough']) {
      const r = parse({ [H]: 'max-age=1' }, term);
      expect(r.s.hsts).toBeUndefined();
      expect(r.w).toEqual([[field(H), 'route.annotation.hsts-header']]);
    }
  });
});

describe('set-forwarded-headers', () => {
  const F = `${P}set-forwarded-headers`;
  test.each(['append', 'replace', 'if-none', 'never'])('accepts %s', (v) => {
    expect(parse({ [F]: v }).s.forwardedHeaders).toBe(v);
  });
  test('fails: other values and passthrough are ignored', () => {
    expect(parse({ [F]: 'Append' }).w).toEqual([[field(F), 'route.annotation.set-forwarded-headers']]);
    expect(parse({ [F]: 'append' }, 'passthrough').s.forwardedHeaders).toBeUndefined();
  });
});

describe('rewrite-target', () => {
  const R = `${P}rewrite-target`;
  test('sanitised like the router', () => {
    expect(sanitizeRewriteTarget('/')).toBe('/\\1');
    expect(sanitizeRewriteTarget('/bar')).toBe('/bar\\1');
    expect(sanitizeRewriteTarget('/a#comment')).toBe('/a');
    expect(sanitizeRewriteTarget('/a\\#b')).toBe('/a#b\\1');
    expect(sanitizeRewriteTarget('/"q"')).toBe('/q\\1');
    expect(sanitizeRewriteTarget("/it's")).toBe('/its\\1');
    expect(sanitizeRewriteTarget("/it\\'s")).toBe("/it'\\''s\\1");
    expect(sanitizeRewriteTarget('/100%')).toBe('/100%%\\1');
    expect(sanitizeRewriteTarget('/100%%')).toBe('/100%%\\1');
    expect(sanitizeRewriteTarget('/a\\\\b')).toBe('/a\\b\\1');
    expect(sanitizeRewriteTarget('/a\\b')).toBe('/ab\\1');
  });
  test('in the settings', () => {
    expect(parse({ [R]: '/api' }).s.rewriteTarget).toBe('/api\\1');
  });
  test('fails: a target not starting with / is ignored', () => {
    const r = parse({ [R]: 'api' });
    expect(r.s.rewriteTarget).toBeUndefined();
    expect(r.w).toEqual([[field(R), 'route.annotation.rewrite-target']]);
  });
  test('fails: passthrough routes ignore rewrite-target', () => {
    expect(parse({ [R]: '/' }, 'passthrough').w).toEqual([[field(R), 'route.annotation.rewrite-target']]);
  });
});

describe('pod-concurrent-connections', () => {
  const K = `${P}pod-concurrent-connections`;
  test('an integer', () => {
    expect(parse({ [K]: '100' })).toEqual({ s: { disableCookies: false, podConcurrentConnections: 100 }, w: [] });
  });
  test('fails: not an integer', () => {
    const r = parse({ [K]: '10k' });
    expect(r.s.podConcurrentConnections).toBeUndefined();
    expect(r.w).toEqual([[field(K), 'route.annotation.pod-concurrent-connections']]);
  });
});

describe('unknown router annotations', () => {
  test('fails: a typo in the haproxy prefix is reported', () => {
    expect(parse({ [`${P}ip-whitelist`]: '1.2.3.4' }).w).toEqual([[field(`${P}ip-whitelist`), 'route.annotation.unknown']]);
  });
});

test('Go helpers', () => {
  expect(parseGoBool('True')).toBe(true);
  expect(parseGoBool('yes')).toBeUndefined();
  expect(parseGoInt('-42')).toBe(-42);
  expect(parseGoInt('4 2')).toBeUndefined();
  expect(parseGoInt('99999999999999999999')).toBeUndefined();
});
