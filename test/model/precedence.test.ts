import { compareCreated, sortRules } from '../../src/model/precedence';
import { HostMatchKind, HttpRule } from '../../src/model/types';

function r(name: string, extra: Partial<HttpRule> = {}): HttpRule {
  return {
    host: 'a.example.com',
    hostMatch: HostMatchKind.EXACT,
    path: { type: 'Prefix', value: '/' },
    action: { type: 'status', code: 200 },
    order: { created: '', key: 'ns/route', index: 0 },
    source: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', namespace: 'ns', name, field: 'spec' },
    ...extra,
  };
}
const names = (rules: HttpRule[]): string[] => sortRules(rules).map((x) => x.source.name);

describe('Gateway API precedence (model/precedence.ts)', () => {
  test('1. hostname: exact before wildcard before none; longer wildcard before shorter', () => {
    expect(names([
      r('any', { host: '', hostMatch: HostMatchKind.ANY }),
      r('short-wild', { host: '*.com', hostMatch: HostMatchKind.WILDCARD_SUFFIX }),
      r('wild', { host: '*.example.com', hostMatch: HostMatchKind.WILDCARD_SUFFIX }),
      r('exact'),
    ])).toStrictEqual(['exact', 'wild', 'short-wild', 'any']);
  });

  test('2-3. Exact path before PathPrefix; longer prefix first; regular expressions after prefixes', () => {
    expect(names([
      r('regex', { path: { type: 'RegularExpression', value: '/a/b/c/.*' } }),
      r('root'),
      r('prefix-long', { path: { type: 'Prefix', value: '/a/b' } }),
      r('prefix', { path: { type: 'Prefix', value: '/a' } }),
      r('exact', { path: { type: 'Exact', value: '/a' } }),
    ])).toStrictEqual(['exact', 'prefix-long', 'prefix', 'root', 'regex']);
  });

  test('4-6. method, then more headers, then more query parameters', () => {
    expect(names([
      r('plain'),
      r('query', { queryParams: [{ name: 'q', type: 'Exact', value: '1' }] }),
      r('two-headers', { headers: [{ name: 'a', type: 'Exact', value: '1' }, { name: 'b', type: 'Exact', value: '1' }] }),
      r('header', { headers: [{ name: 'a', type: 'Exact', value: '1' }], queryParams: [{ name: 'q', type: 'Exact', value: '1' }, { name: 'r', type: 'Exact', value: '1' }] }),
      r('method', { method: 'GET' }),
    ])).toStrictEqual(['method', 'two-headers', 'header', 'query', 'plain']);
  });

  test('7-9. oldest route, then namespace/name, then rule order', () => {
    expect(names([
      r('unknown-time', { order: { created: '', key: 'a/a', index: 0 } }),
      r('newer', { order: { created: '2026-02-01T00:00:00Z', key: 'a/a', index: 0 } }),
      r('older', { order: { created: '2026-01-01T00:00:00Z', key: 'z/z', index: 0 } }),
      r('b-second-rule', { order: { created: '2026-02-01T00:00:00Z', key: 'b/b', index: 1 } }),
      r('b-first-rule', { order: { created: '2026-02-01T00:00:00Z', key: 'b/b', index: 0 } }),
    ])).toStrictEqual(['older', 'newer', 'b-first-rule', 'b-second-rule', 'unknown-time']);
  });

  test('creation times compare as instants, not as text', () => {
    expect(compareCreated('2026-01-01T01:00:00+01:00', '2026-01-01T00:30:00Z')).toBeLessThan(0);
  });
});
