import {
  ConfigInjectionError, cidr, dynamicHeaderValue, headerName, hostKey, literalHeaderValue, mapKey, safeName, serverAddress,
  singleQuote, timerMs,
} from '../../src/haproxy/escape';

describe('escape', () => {
  test('keeps names made of [A-Za-z0-9_.:-] and hashes everything else into such a name', () => {
    expect(safeName('be_edge_http:shop:web-1')).toBe('be_edge_http:shop:web-1');
    const hashed = safeName('be x\n#evil');
    expect(hashed).toMatch(/^[A-Za-z0-9_.:-]+$/);
    expect(hashed).toMatch(/^be_x__evil-h[0-9a-f]{8}$/);
    expect(safeName('a b')).not.toBe(safeName('a_b'));
    expect(safeName('a b')).toBe(safeName('a b'));
  });

  test('single-quotes values, turning a quote into quote-backslash-quote-quote', () => {
    expect(singleQuote("it's", 'x')).toBe("'it'\\''s'");
    expect(singleQuote('a b # c $HOME "d"', 'x')).toBe("'a b # c $HOME \"d\"'");
  });

  test('fails on CR, LF and NUL in quoted values', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\0b', 'a\x1bb']) {
      expect(() => singleQuote(bad, 'header value')).toThrow(ConfigInjectionError);
      expect(() => literalHeaderValue(bad)).toThrow(/control character/);
    }
  });

  test('doubles % in literal header values so they never start a sample expression', () => {
    expect(literalHeaderValue('100% %[src]')).toBe("'100%% %%[src]'");
  });

  test('accepts allow-listed dynamic header values and fails on anything else', () => {
    expect(dynamicHeaderValue('%[req.hdr(host),lower]')).toBe("'%[req.hdr(host),lower]'");
    expect(dynamicHeaderValue('v=%{+Q}[res.hdr(x-id),base64]')).toBe("'v=%{+Q}[res.hdr(x-id),base64]'");
    expect(() => dynamicHeaderValue('%[src]')).toThrow(/allow-list/);
    // a quote is data (written '\'' like the router's SanitizeHeaderValue), not the end of the word
    expect(dynamicHeaderValue("%[req.hdr(a)]' if TRUE")).toBe("'%[req.hdr(a)]'\\'' if TRUE'");
    expect(() => dynamicHeaderValue('50%')).toThrow(ConfigInjectionError);
  });

  test('fails on header names that are not HTTP tokens', () => {
    expect(headerName('X-Request-Id')).toBe("'X-Request-Id'");
    expect(() => headerName('X A')).toThrow(ConfigInjectionError);
    expect(() => headerName("x'y")).not.toThrow();
    expect(() => headerName('x\ny')).toThrow(ConfigInjectionError);
    expect(() => headerName('')).toThrow(ConfigInjectionError);
  });

  test('map keys never contain a blank or a line break', () => {
    expect(mapKey('a.example.com/a b\tc')).toBe('a.example.com/a%20b%09c');
    expect(() => mapKey('a.example.com/a\nb.example.com/ x')).toThrow(ConfigInjectionError);
    expect(() => mapKey('#comment')).toThrow(ConfigInjectionError);
    expect(mapKey('h/#frag')).toBe('h/#frag');
  });

  test('hosts are lower-case DNS names, optionally with a leading *.', () => {
    expect(hostKey('Shop.Example.COM.')).toBe('shop.example.com');
    expect(hostKey('*.apps.example.com')).toBe('*.apps.example.com');
    for (const bad of ['a b', 'a.example.com/x', 'a*.b', 'a\n', "a'b", 'a.*.b', '']) {
      expect(() => hostKey(bad)).toThrow(ConfigInjectionError);
    }
  });

  test('addresses, CIDRs and timers', () => {
    expect(serverAddress('10.0.0.1', 80)).toBe('10.0.0.1:80');
    expect(serverAddress('fd00::1', 8443)).toBe('[fd00::1]:8443');
    expect(() => serverAddress('1.2.3.4 check', 80)).toThrow(ConfigInjectionError);
    expect(() => serverAddress('1.2.3.4', 0)).toThrow(ConfigInjectionError);
    expect(cidr('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(() => cidr('10.0.0.0/8 1.2.3.4')).toThrow(ConfigInjectionError);
    expect(timerMs(30_000, 't')).toBe('30000ms');
    expect(timerMs(99_999_999_999, 't')).toBe('2147483647ms');
    expect(() => timerMs(0, 't')).toThrow(ConfigInjectionError);
  });
});
