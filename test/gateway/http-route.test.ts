import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { demoChart, only, synthValidated, thrown } from './helpers';
import {
  GatewayBackend, GatewayParent, HeaderMatch, HttpMethod, HttpPathModifier, HttpRoute, HttpRouteFilter, HttpRouteMatch,
  HttpRouteProps, HttpRouteRule, QueryParamMatch, RedirectScheme, RedirectStatusCode,
} from '../../src/gateway';

const web = GatewayBackend.fromName('web', { port: 8080 });

function routeFor(props: HttpRouteProps): any {
  const chart = demoChart();
  new HttpRoute(chart, 'r', props);
  return only(chart, 'HTTPRoute');
}

function ruleFor(rule: HttpRouteRule): any {
  return routeFor({ rules: [rule] }).spec.rules[0];
}

describe('HttpRoute object', () => {
  test('one child "Resource"; parents, hostnames and rules from props and add methods', () => {
    const chart = demoChart();
    const r = new HttpRoute(chart, 'r', { metadata: { name: 'shop' }, parents: [GatewayParent.fromName('edge', { sectionName: 'http' })], hostnames: ['shop.example.com'] });
    r.addParent(GatewayParent.fromName('edge', { sectionName: 'https', port: 443 }));
    r.addHostname('*.shop.example.com');
    r.addRule({ backends: [web] });
    expect(r.node.children.map((c) => c.node.id)).toStrictEqual(['Resource']);
    expect(r.kind).toBe('HTTPRoute');
    expect(r.hostnames).toStrictEqual(['shop.example.com', '*.shop.example.com']);
    expect(only(chart, 'HTTPRoute')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop', namespace: 'demo' },
      spec: {
        parentRefs: [{ name: 'edge', sectionName: 'http' }, { name: 'edge', sectionName: 'https', port: 443 }],
        hostnames: ['shop.example.com', '*.shop.example.com'],
        rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }],
      },
    });
  });

  test('a route without rules writes no rules (the API server adds its default)', () => {
    expect(routeFor({}).spec).toStrictEqual({});
  });
});

describe('HttpRouteMatch', () => {
  test('pathPrefix, exact, regex and anyPath with headers, query parameters and method', () => {
    const rule = ruleFor({
      matches: [
        HttpRouteMatch.pathPrefix('/shop'),
        HttpRouteMatch.exact('/login', { method: HttpMethod.POST }),
        HttpRouteMatch.regex('^/api/v[0-9]+/'),
        HttpRouteMatch.anyPath({ headers: [HeaderMatch.exact('x-env', 'canary'), HeaderMatch.regex('user-agent', '.*Mobile.*')], queryParams: [QueryParamMatch.exact('v', '2'), QueryParamMatch.regex('id', '^[0-9]+$')] }),
      ],
      backends: [web],
    });
    expect(rule.matches).toStrictEqual([
      { path: { type: 'PathPrefix', value: '/shop' } },
      { path: { type: 'Exact', value: '/login' }, method: 'POST' },
      { path: { type: 'RegularExpression', value: '^/api/v[0-9]+/' } },
      {
        headers: [{ type: 'Exact', name: 'x-env', value: 'canary' }, { type: 'RegularExpression', name: 'user-agent', value: '.*Mobile.*' }],
        queryParams: [{ type: 'Exact', name: 'v', value: '2' }, { type: 'RegularExpression', name: 'id', value: '^[0-9]+$' }],
      },
    ]);
  });

  test('fails: paths the API server rejects', () => {
    expect(thrown(() => HttpRouteMatch.pathPrefix('shop'))).toMatch(/invalid path "shop": must start with '\/'/);
    expect(thrown(() => HttpRouteMatch.exact('/a//b'))).toMatch(/must not contain "\/\/"/);
    expect(thrown(() => HttpRouteMatch.exact('/a/..'))).toMatch(/must not end with '\/..' or '\/.'/);
    expect(thrown(() => HttpRouteMatch.exact('/a b'))).toMatch(/may only contain letters, digits/);
    expect(thrown(() => HttpRouteMatch.exact('/a%2Fb'))).toMatch(/must not contain "%2F"/);
    expect(thrown(() => HttpRouteMatch.pathPrefix('/' + 'a'.repeat(1024)))).toMatch(/at most 1024 characters/);
  });

  test('fails: invalid regular expression', () => {
    expect(thrown(() => HttpRouteMatch.regex('/(a'))).toMatch(/invalid regular expression "\/\(a"/);
  });

  test('fails: bad header names and values, duplicates, unknown method', () => {
    expect(thrown(() => HeaderMatch.exact('x env', 'a'))).toMatch(/invalid name "x env": must be an HTTP token/);
    expect(thrown(() => HeaderMatch.exact('x-env', 'a\nb'))).toMatch(/must not contain CR, LF or NUL/);
    expect(thrown(() => HeaderMatch.exact('x-env', ''))).toMatch(/value must be 1-4096 characters, got 0/);
    expect(thrown(() => QueryParamMatch.exact('q', 'x'.repeat(1025)))).toMatch(/value must be 1-1024 characters, got 1025/);
    expect(thrown(() => HttpRouteMatch.anyPath({ headers: [HeaderMatch.exact('X-Env', 'a'), HeaderMatch.exact('x-env', 'b')] }))).toMatch(/header "x-env" is matched twice/);
    expect(thrown(() => HttpRouteMatch.anyPath({ queryParams: [QueryParamMatch.exact('q', 'a'), QueryParamMatch.exact('q', 'b')] }))).toMatch(/query parameter "q" is matched twice/);
    expect(thrown(() => HttpRouteMatch.anyPath({ method: 'FETCH' as HttpMethod }))).toMatch(/method: unsupported value "FETCH": supported values: GET, HEAD/);
    const many = Array.from({ length: 17 }, (_, i) => HeaderMatch.exact(`h${i}`, 'x'));
    expect(thrown(() => HttpRouteMatch.anyPath({ headers: many }))).toMatch(/at most 16 header matches are allowed, got 17/);
  });
});

describe('HttpRouteFilter', () => {
  test('request and response header modifiers', () => {
    const rule = ruleFor({
      filters: [
        HttpRouteFilter.requestHeaderModifier({ set: { 'x-env': 'prod' }, add: { 'x-trace': '1' }, remove: ['x-debug'] }),
        HttpRouteFilter.responseHeaderModifier({ set: { 'X-Frame-Options': 'DENY' } }),
      ],
      backends: [web],
    });
    expect(rule.filters).toStrictEqual([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }], add: [{ name: 'x-trace', value: '1' }], remove: ['x-debug'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'X-Frame-Options', value: 'DENY' }] } },
    ]);
  });

  test('requestRedirect with every field; status codes map to numbers', () => {
    const rule = ruleFor({
      matches: [HttpRouteMatch.pathPrefix('/old')],
      filters: [HttpRouteFilter.requestRedirect({
        scheme: RedirectScheme.HTTPS,
        hostname: 'new.example.com',
        port: 8443,
        path: HttpPathModifier.replacePrefixMatch('/new'),
        statusCode: RedirectStatusCode.PERMANENT_REDIRECT,
      })],
    });
    expect(rule.filters).toStrictEqual([{
      type: 'RequestRedirect',
      requestRedirect: { scheme: 'https', hostname: 'new.example.com', port: 8443, path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' }, statusCode: 308 },
    }]);
    const codes = [RedirectStatusCode.MOVED_PERMANENTLY, RedirectStatusCode.FOUND, RedirectStatusCode.SEE_OTHER,
      RedirectStatusCode.TEMPORARY_REDIRECT]
      .map((statusCode) => ruleFor({ filters: [HttpRouteFilter.requestRedirect({ statusCode })] }).filters[0].requestRedirect.statusCode);
    expect(codes).toStrictEqual([301, 302, 303, 307]);
  });

  test('urlRewrite, requestMirror (percent and fraction), cors, extensionRef', () => {
    const rule = ruleFor({
      matches: [HttpRouteMatch.pathPrefix('/api')],
      filters: [
        HttpRouteFilter.urlRewrite({ hostname: 'api.internal', path: HttpPathModifier.replacePrefixMatch('/') }),
        HttpRouteFilter.requestMirror({ backend: GatewayBackend.fromName('shadow', { port: 80 }), percent: 10 }),
        HttpRouteFilter.requestMirror({ backend: GatewayBackend.fromName('audit', { port: 80 }), fraction: { numerator: 1, denominator: 1000 } }),
        HttpRouteFilter.cors({ allowOrigins: ['https://app.example.com'], allowAllMethods: true, allowHeaders: ['x-token'], maxAge: Duration.minutes(10) }),
        HttpRouteFilter.extensionRef({ group: 'example.com', kind: 'RateLimit', name: 'strict' }),
      ],
      backends: [web],
    });
    expect(rule.filters).toStrictEqual([
      { type: 'URLRewrite', urlRewrite: { hostname: 'api.internal', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 80 }, percent: 10 } },
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'audit', port: 80 }, fraction: { numerator: 1, denominator: 1000 } } },
      { type: 'CORS', cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['*'], allowHeaders: ['x-token'], maxAge: 600 } },
      { type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'RateLimit', name: 'strict' } },
    ]);
  });

  test('fails: header modifier problems', () => {
    expect(thrown(() => HttpRouteFilter.requestHeaderModifier({}))).toMatch(/give at least one of set, add, remove/);
    expect(thrown(() => HttpRouteFilter.requestHeaderModifier({ set: { 'X-A': '1' }, remove: ['x-a'] }))).toMatch(/header "x-a" appears in set and remove: one action per header name/);
    expect(thrown(() => HttpRouteFilter.responseHeaderModifier({ set: { 'bad name': '1' } }))).toMatch(/invalid name "bad name"/);
    expect(thrown(() => HttpRouteFilter.requestHeaderModifier({ add: { a: 'x\r\ny: z' } }))).toMatch(/must not contain CR, LF or NUL/);
  });

  test('fails: redirect problems', () => {
    expect(thrown(() => HttpRouteFilter.requestRedirect({}))).toMatch(/give at least one of scheme, hostname, port, path, statusCode/);
    expect(thrown(() => HttpRouteFilter.requestRedirect({ hostname: '*.example.com' }))).toMatch(/invalid hostname "\*.example.com": must be a precise/);
    expect(thrown(() => HttpRouteFilter.requestRedirect({ port: 0 }))).toMatch(/port: must be an integer between 1 and 65535, got 0/);
    expect(thrown(() => HttpRouteFilter.requestRedirect({ scheme: 'ftp' as RedirectScheme }))).toMatch(/scheme: unsupported value "ftp": supported values: http, https/);
    expect(thrown(() => HttpRouteFilter.requestRedirect({ statusCode: 304 as unknown as RedirectStatusCode }))).toMatch(/statusCode: unsupported value 304/);
  });

  test('fails: mirror and cors problems', () => {
    const b = GatewayBackend.fromName('shadow', { port: 80 });
    expect(thrown(() => HttpRouteFilter.requestMirror({ backend: b, percent: 10, fraction: { numerator: 1 } }))).toMatch(/give percent or fraction, not both/);
    expect(thrown(() => HttpRouteFilter.requestMirror({ backend: b, percent: 101 }))).toMatch(/percent: must be an integer between 0 and 100, got 101/);
    expect(thrown(() => HttpRouteFilter.requestMirror({ backend: b, fraction: { numerator: 5, denominator: 4 } }))).toMatch(/fraction.numerator: must be an integer between 0 and 4, got 5/);
    expect(thrown(() => HttpRouteFilter.requestMirror({ backend: GatewayBackend.fromName('s', { port: 80, weight: 2 }) }))).toMatch(/the mirror backend has no weight/);
    expect(thrown(() => HttpRouteFilter.cors({ allowOrigins: ['*', 'https://a.example'] }))).toMatch(/"\*" cannot be combined with other entries/);
    expect(thrown(() => HttpRouteFilter.cors({ allowOrigins: ['app.example.com'] }))).toMatch(/invalid origin "app.example.com"/);
    expect(thrown(() => HttpRouteFilter.cors({ allowMethods: [HttpMethod.GET], allowAllMethods: true }))).toMatch(/give allowMethods or allowAllMethods, not both/);
    expect(thrown(() => HttpRouteFilter.cors({ maxAge: Duration.millis(1500) }))).toMatch(/maxAge must be a whole number of seconds, at least 1, got 1500ms/);
    expect(thrown(() => HttpRouteFilter.extensionRef({ group: 'Bad Group', kind: 'K', name: 'n' }))).toMatch(/invalid group "Bad Group"/);
  });
});

describe('HttpRoute rules', () => {
  test('name and timeouts (GEP-2257 durations)', () => {
    const rule = ruleFor({ name: 'api', backends: [web], timeouts: { request: Duration.seconds(90), backendRequest: Duration.millis(1500) } });
    expect(rule).toStrictEqual({ name: 'api', backendRefs: [{ name: 'web', port: 8080 }], timeouts: { request: '1m30s', backendRequest: '1s500ms' } });
    expect(ruleFor({ backends: [web], timeouts: { request: Duration.seconds(0), backendRequest: Duration.hours(2) } }).timeouts).toStrictEqual({ request: '0s', backendRequest: '2h' });
  });

  test('fails: timeouts.backendRequest longer than request', () => {
    expect(thrown(() => ruleFor({ backends: [web], timeouts: { request: Duration.seconds(1), backendRequest: Duration.seconds(2) } })))
      .toMatch(/rules\[0\]: timeouts.backendRequest \(2s\) must not be longer than timeouts.request \(1s\)/);
  });

  test('fails: a redirect together with backends', () => {
    expect(thrown(() => ruleFor({ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS })], backends: [web] })))
      .toMatch(/a rule with a RequestRedirect filter cannot have backends/);
  });

  test('fails: ReplacePrefixMatch without exactly one PathPrefix match (rule and backend level)', () => {
    const f = HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/v2') });
    expect(thrown(() => ruleFor({ matches: [HttpRouteMatch.exact('/v1')], filters: [f], backends: [web] }))).toMatch(/ReplacePrefixMatch needs exactly one match, a PathPrefix .* got Exact/);
    expect(thrown(() => ruleFor({ filters: [f], backends: [web] }))).toMatch(/got no matches/);
    const b = GatewayBackend.fromName('web', { port: 8080, filters: [f] });
    expect(thrown(() => ruleFor({ matches: [HttpRouteMatch.pathPrefix('/a'), HttpRouteMatch.pathPrefix('/b')], backends: [b] }))).toMatch(/backends\[0\] \(web\): ReplacePrefixMatch needs the rule to have exactly one match/);
  });

  test('fails: repeated filter types, redirect with rewrite', () => {
    const h = HttpRouteFilter.requestHeaderModifier({ set: { a: '1' } });
    expect(thrown(() => ruleFor({ filters: [h, h], backends: [web] }))).toMatch(/filter RequestHeaderModifier is given twice/);
    expect(thrown(() => ruleFor({ filters: [HttpRouteFilter.requestRedirect({ scheme: RedirectScheme.HTTPS }), HttpRouteFilter.urlRewrite({ hostname: 'a.example' })] })))
      .toMatch(/RequestRedirect and URLRewrite cannot be combined/);
  });

  test('fails: more than 16 rules, more than 16 backends, more than 128 matches, duplicate rule names', () => {
    const chart = demoChart();
    const r = new HttpRoute(chart, 'r');
    for (let i = 0; i < 16; i++) r.addRule({ backends: [web] });
    expect(thrown(() => r.addRule({ backends: [web] }))).toMatch(/rules\[16\]: at most 16 rules are allowed/);
    const backends = Array.from({ length: 17 }, (_, i) => GatewayBackend.fromName(`b${i}`, { port: 80 }));
    expect(thrown(() => ruleFor({ backends }))).toMatch(/at most 16 backends are allowed in a rule, got 17/);
    const r2 = new HttpRoute(chart, 'r2');
    const matches = (n: number) => Array.from({ length: n }, (_, i) => HttpRouteMatch.exact(`/p${i}`));
    r2.addRule({ matches: matches(64), backends: [web] });
    r2.addRule({ matches: matches(64), backends: [web] });
    expect(thrown(() => r2.addRule({ backends: [web] }))).toMatch(/the route would have 129 matches: at most 128/);
    expect(thrown(() => ruleFor({ matches: matches(65) }))).toMatch(/at most 64 matches are allowed in a rule, got 65/);
    const r3 = new HttpRoute(chart, 'r3', { rules: [{ name: 'a', backends: [web] }] });
    expect(thrown(() => r3.addRule({ name: 'a', backends: [web] }))).toMatch(/rule name "a" is already used/);
  });

  test('fails: bad hostnames and duplicate parents', () => {
    expect(thrown(() => routeFor({ hostnames: ['Shop.example.com'] }))).toMatch(/hostnames: invalid hostname "Shop.example.com"/);
    expect(thrown(() => routeFor({ hostnames: ['a.example.com', 'a.example.com'] }))).toMatch(/"a.example.com" is already listed/);
    expect(thrown(() => routeFor({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }))).toMatch(/at most 16 hostnames are allowed/);
    expect(thrown(() => routeFor({ parents: [GatewayParent.fromName('edge'), GatewayParent.fromName('edge', { sectionName: 'http' })] })))
      .toMatch(/Gateway "edge" is already a parent: when a parent is listed more than once, every entry must name a different sectionName/);
    expect(thrown(() => routeFor({ parents: [GatewayParent.fromName('edge', { sectionName: 'a' }), GatewayParent.fromName('edge', { sectionName: 'a' })] })))
      .toMatch(/sectionName "a" is already a parent/);
  });
});

describe('GatewayBackend', () => {
  test('fromService: the only port of a kplus Service; weight; backend filters', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'shop' }, ports: [{ port: 8080 }] });
    const backend = GatewayBackend.fromService(svc, { weight: 3, filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'x-b': 'shop' } })] });
    expect(backend.port).toBe(8080);
    new HttpRoute(chart, 'r', { rules: [{ backends: [backend] }] });
    const routes = Testing.synth(chart).filter((o: any) => o.kind === 'HTTPRoute');
    expect(routes[0].spec.rules[0].backendRefs).toStrictEqual([{
      name: 'shop',
      port: 8080,
      weight: 3,
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-b', value: 'shop' }] } }],
    }]);
  });

  test('fromService: port read at synthesis when the Service gets its port later', () => {
    const app = Testing.app();
    const chart = demoChart(app);
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'shop' } });
    new HttpRoute(chart, 'r', { rules: [{ backends: [GatewayBackend.fromService(svc)] }] });
    svc.bind(9090);
    expect(synthValidated(app).find((o) => o.kind === 'HTTPRoute').spec.rules[0].backendRefs).toStrictEqual([{ name: 'shop', port: 9090 }]);
  });

  test('fromService with an explicit port among several', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'shop' }, ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] });
    new HttpRoute(chart, 'r', { rules: [{ backends: [GatewayBackend.fromService(svc, { port: 443 })] }] });
    expect(only(chart, 'HTTPRoute').spec.rules[0].backendRefs).toStrictEqual([{ name: 'shop', port: 443 }]);
  });

  test('fromReference: other kinds keep group and kind', () => {
    const rule = ruleFor({ backends: [GatewayBackend.fromReference({ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'shop', port: 80 })] });
    expect(rule.backendRefs).toStrictEqual([{ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'shop', port: 80 }]);
  });

  test('fails: fromService with several ports and no port', () => {
    const chart = demoChart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'shop' }, ports: [{ port: 80 }, { port: 443 }] });
    expect(thrown(() => GatewayBackend.fromService(svc))).toMatch(/GatewayBackend.fromService\("shop"\): the Service has 2 ports \(80, 443\): give port to choose one/);
  });

  test('fails: at synthesis, a port that is not a port of the Service, and a Service without ports', () => {
    const app = Testing.app();
    const chart = demoChart(app);
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'shop' }, ports: [{ port: 80, targetPort: 8080 }] });
    const bare = new kplus.Service(chart, 'bare', { metadata: { name: 'bare' } });
    new HttpRoute(chart, 'r', { rules: [{ backends: [GatewayBackend.fromService(svc, { port: 8080 }), GatewayBackend.fromService(bare)] }] });
    const message = thrown(() => app.synthYaml());
    expect(message).toMatch(/spec\.rules\[0\]\.backendRefs\[0\]: port 8080 is not a port of Service "shop" \(ports: 80\): the route refers to the Service port, not the target port \[gateway\.construct\.backend-port\]/);
    expect(message).toMatch(/spec\.rules\[0\]\.backendRefs\[1\]: Service "bare" has no ports: give the backend a port .*\[gateway\.construct\.backend-port\]/);
  });

  test('fails: weight and port bounds, names', () => {
    expect(thrown(() => GatewayBackend.fromName('web', { port: 80, weight: 1_000_001 }))).toMatch(/weight: must be an integer between 0 and 1000000, got 1000001/);
    expect(thrown(() => GatewayBackend.fromName('web', { port: 80, weight: 1.5 }))).toMatch(/weight: must be an integer between 0 and 1000000, got 1.5/);
    expect(thrown(() => GatewayBackend.fromName('web', { port: 65536 }))).toMatch(/port: must be an integer between 1 and 65535, got 65536/);
    expect(thrown(() => GatewayBackend.fromName('Web', { port: 80 }))).toMatch(/invalid name "Web"/);
    expect(thrown(() => GatewayBackend.fromName('web', {} as any))).toMatch(/port is required/);
    expect(thrown(() => GatewayBackend.fromReference({ group: '', kind: 'Service', name: 'web' }))).toMatch(/port is required for a Service backend/);
  });

  test('fails: the manifest validators run at synthesis (invalid metadata.name reaches the Gateway API validator)', () => {
    const app = Testing.app();
    new HttpRoute(demoChart(app), 'r', { metadata: { name: 'Bad_Name' }, rules: [{ backends: [web] }] });
    expect(thrown(() => app.synthYaml())).toMatch(/metadata\.name: .*Bad_Name/);
  });
});
