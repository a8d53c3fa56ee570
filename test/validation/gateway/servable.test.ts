import { fromObjects } from '../../../src/validation/manifests';
import { validateLoaded } from '../../../src/validation/validate';

function route(filters: any[], backendFilters?: any[]) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'r', namespace: 'ns' },
    spec: {
      parentRefs: [{ name: 'gw' }],
      rules: [{ filters, backendRefs: backendFilters ? [{ name: 'svc', port: 80, filters: backendFilters }] : undefined }],
    },
  };
}

const warnings = (o: any) => validateLoaded(fromObjects([o])).warnings.filter((w) => w.rule.startsWith('gateway.filter.')).map((w) => [w.field, w.rule]);

describe('values the schema accepts but no proxy can send: warnings on the exact field', () => {
  test('a header value with a line break, and a remove name that is not a token', () => {
    expect(warnings(route([{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x', value: 'a\nb' }], remove: ['bad name'] } }]))).toEqual([
      ['spec.rules[0].filters[0].requestHeaderModifier.set[0].value', 'gateway.filter.header-value-unservable'],
      ['spec.rules[0].filters[0].requestHeaderModifier.remove[0]', 'gateway.filter.header-name-unservable'],
    ]);
  });

  test('a redirect path with a blank and a backendRef-level rewrite path with a quote', () => {
    expect(warnings(route([{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/a b' } } }]))).toEqual([
      ['spec.rules[0].filters[0].requestRedirect.path.replaceFullPath', 'gateway.filter.path-unservable'],
    ]);
    expect(warnings(route([], [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: "/x'y" } } }]))).toEqual([
      ['spec.rules[0].backendRefs[0].filters[0].urlRewrite.path.replacePrefixMatch', 'gateway.filter.path-unservable'],
    ]);
  });

  test('ordinary values give no warning', () => {
    expect(warnings(route([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod, "quoted" value' }], remove: ['x-debug'] } },
      { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2/api' } } },
    ]))).toEqual([]);
  });
});
