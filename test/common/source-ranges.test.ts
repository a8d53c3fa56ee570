import { checkSourceRanges, sourceRangeProblem } from '../../src/common/source-ranges';

describe('sourceRangeProblem', () => {
  test.each(['10.0.0.0/8', '192.168.1.10', '0.0.0.0/0', '192.168.1.1/24', '2001:db8::/32', '::1', '::ffff:1.2.3.4', 'fe80::1/128',
    // Go's net.ParseCIDR (the router) accepts leading zeros in the prefix length
    '10.0.0.0/08'])(
    '%p is valid', (entry) => {
      expect(sourceRangeProblem(entry)).toBeUndefined();
    });

  test.each([
    ['', 'empty entry'],
    ['10.0.0.0/33', 'prefix length must be an integer between 0 and 32'],
    ['2001:db8::/129', 'prefix length must be an integer between 0 and 128'],
    ['10.0.0.0/', 'prefix length must be an integer between 0 and 32'],
    ['010.0.0.1', 'not an IPv4 or IPv6 address'],
    ['10.1', 'not an IPv4 or IPv6 address'],
    ['0x7f.0.0.1', 'not an IPv4 or IPv6 address'],
    ['256.1.1.1', 'not an IPv4 or IPv6 address'],
    ['fe80::1%eth0', 'not an IPv4 or IPv6 address'],
    ['example.com', 'not an IPv4 or IPv6 address'],
    ['10.0.0.1 10.0.0.2', 'contains whitespace'],
  ])('fails for %p: %s', (entry, problem) => {
    expect(sourceRangeProblem(entry)).toBe(problem);
  });
});

describe('checkSourceRanges', () => {
  test('returns the entries unchanged', () => {
    expect(checkSourceRanges(['1.2.3.4', '::/0'], 'x')).toStrictEqual(['1.2.3.4', '::/0']);
  });

  test('fails naming the index, the entry and examples', () => {
    expect(() => checkSourceRanges(['1.2.3.4', 'nope'], 'allowed')).toThrow(
      'allowed[1]: invalid IP address or CIDR "nope": not an IPv4 or IPv6 address (e.g. "10.0.0.0/8", "192.168.1.10", "2001:db8::/32")',
    );
  });

  test('fails for an empty list', () => {
    expect(() => checkSourceRanges([], 'allowed')).toThrow('allowed: must list at least one IP address or CIDR');
  });
});
