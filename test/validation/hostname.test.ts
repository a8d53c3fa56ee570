import {
  badDns1123Labels, dns1123LabelErrors, dns1123SubdomainErrors, isDns1035Label, isDns1123Label, isDns1123Subdomain,
  isDns1123SubdomainWithLabels, isIP, isIPv4, isIPv6, isWildcardDns1123Subdomain, matchesRouteHostPattern, normaliseHost,
  parentDomain, wildcardDns1123SubdomainErrors,
} from '../../src/validation/hostname';

describe('DNS-1123 label', () => {
  test('valid labels', () => {
    for (const v of ['a', '0', 'my-name', '123-abc', 'a'.repeat(63)]) expect(isDns1123Label(v)).toBe(true);
  });
  test('fails: upper case, edges, length, empty, dots', () => {
    for (const v of ['A', '-a', 'a-', 'a'.repeat(64), '', 'a.b', 'a_b', '*']) expect(isDns1123Label(v)).toBe(false);
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
  test('RFC 1035 labels start with a letter', () => {
    expect(isDns1035Label('web')).toBe(true);
    expect(isDns1035Label('1web')).toBe(false);
  });
});

describe('DNS-1123 subdomain', () => {
  test('valid subdomains (labels not length-checked)', () => {
    for (const v of ['example.com', 'a', 'a-b.c-d.e', `${'a'.repeat(64)}.com`]) expect(isDns1123Subdomain(v)).toBe(true);
  });
  test('fails: upper case, empty labels, trailing dot, port, too long', () => {
    for (const v of ['Example.com', 'a..b', 'a.', '.a', 'a.com:80', 'a'.repeat(254), '*.a.com']) expect(isDns1123Subdomain(v)).toBe(false);
    expect(dns1123SubdomainErrors('a'.repeat(254))).toContain('must be no more than 253 characters');
  });
  test('with labels: the router check', () => {
    expect(isDns1123SubdomainWithLabels('shop.example.com')).toBe(true);
    expect(isDns1123SubdomainWithLabels(`${'a'.repeat(64)}.com`)).toBe(false);
    expect(badDns1123Labels('ok.-bad.x..y').map((l) => l.label)).toEqual(['-bad', '']);
  });
});

describe('wildcard subdomain', () => {
  test('*. followed by a subdomain', () => {
    expect(isWildcardDns1123Subdomain('*.example.com')).toBe(true);
    expect(isWildcardDns1123Subdomain('*')).toBe(false);
  });
  test('fails: * elsewhere than the whole first label', () => {
    for (const v of ['foo.*.bar.com', '*foo.com', 'example.com', '**.a.com']) expect(isWildcardDns1123Subdomain(v)).toBe(false);
    expect(wildcardDns1123SubdomainErrors('*foo.com')).toHaveLength(1);
  });
});

describe('Route CRD host pattern', () => {
  test('allows upper case, limits labels to 63', () => {
    expect(matchesRouteHostPattern('Shop.Example.com')).toBe(true);
    expect(matchesRouteHostPattern(`${'a'.repeat(63)}.com`)).toBe(true);
  });
  test('fails: long labels, edges, wildcards', () => {
    for (const v of [`${'a'.repeat(64)}.com`, '-a.com', 'a-.com', '*.a.com', 'a..b', 'a.']) expect(matchesRouteHostPattern(v)).toBe(false);
  });
});

test('parentDomain and normaliseHost', () => {
  expect(parentDomain('a.b.c')).toBe('b.c');
  expect(parentDomain('a')).toBe('');
  expect(normaliseHost('Shop.Example.com.:8080')).toBe('shop.example.com');
  expect(normaliseHost('[::1]:443')).toBe('[::1]');
});

test('IP addresses', () => {
  expect(isIPv4('10.0.0.1')).toBe(true);
  expect(isIPv4('010.0.0.1')).toBe(false);
  expect(isIPv4('256.0.0.1')).toBe(false);
  expect(isIPv6('2001:db8::1')).toBe(true);
  expect(isIPv6('fe80::1%eth0')).toBe(false);
  expect(isIP('example.com')).toBe(false);
});
