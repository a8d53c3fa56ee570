import { Finding } from '../../src/validation/finding';
import { parseNginxAnnotations, parseNginxSize } from '../../src/validation/ingress-nginx';
import { fromObjects } from '../../src/validation/manifests';
import { validateLoaded, ValidationReport } from '../../src/validation/validate';

const P = 'nginx.ingress.kubernetes.io/';
const backend = (name = 'web', port: any = { number: 80 }) => ({ service: { name, port } });
function ingress(name: string, annotations: Record<string, string> = {}, spec?: any, namespace = 'prod'): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace, annotations },
    spec: spec ?? { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend() }] } }] },
  };
}
const nginx = (a: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(a).map(([k, v]) => [`${P}${k}`, v]));
const canarySpec = (svc = 'web-v2', host = 'shop.example.com', path = '/', pathType = 'Prefix') =>
  ({ rules: [{ host, http: { paths: [{ path, pathType, backend: backend(svc) }] } }] });
function run(...objects: any[]): ValidationReport {
  return validateLoaded(fromObjects(objects));
}
const brief = (fs: Finding[]) => fs.map((f) => [f.type, f.field, f.rule]);
const ann = (k: string) => `metadata.annotations[${P}${k}]`;

describe('ingress-nginx annotations (warnings)', () => {
  test('valid annotations of every kind have no findings', () => {
    const r = run(ingress('shop', nginx({
      'ssl-redirect': 'false',
      'force-ssl-redirect': 'True',
      'backend-protocol': 'https',
      'rewrite-target': '/$2',
      'use-regex': '1',
      'proxy-body-size': '8m',
      'allowlist-source-range': '10.0.0.0/8, 192.168.0.1',
      'affinity': 'cookie',
      'session-cookie-name': 'SID',
      'session-cookie-max-age': '3600',
      'session-cookie-samesite': 'lax',
      'limit-rps': '5',
      'limit-rpm': '100',
      'limit-connections': '3',
      'proxy-connect-timeout': '5',
      'proxy-read-timeout': '120',
      'enable-cors': 'true',
      'cors-allow-origin': 'https://a.example.com, https://*.b.example.com',
      'cors-allow-methods': 'GET, POST',
      'cors-max-age': '60',
    })));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('fails: values nginx ignores or rejects are warnings on the annotation, with the rule', () => {
    const r = run(ingress('shop', nginx({
      'ssl-redirect': 'yes',
      'backend-protocol': 'h3',
      'rewrite-target': '/a b',
      'proxy-body-size': '8MB',
      'allowlist-source-range': '10.0.0.0/33',
      'affinity': 'ip',
      'limit-rps': 'ten',
      'proxy-read-timeout': '1.5',
      'enable-cors': 'true',
      'cors-allow-origin': 'not an origin',
      'configuration-snippet': 'more_set_headers "X: y";',
      'auth-url': 'http://a\nb',
      'custom-http-errors': 'alias /etc/passwd',
    })));
    expect(r.errors).toEqual([]);
    expect(brief(r.warnings)).toStrictEqual([
      ['Forbidden', ann('configuration-snippet'), 'ingress.nginx.snippet'],
      ['Invalid', ann('auth-url'), 'ingress.nginx.annotation.newline'],
      ['Invalid', ann('custom-http-errors'), 'ingress.nginx.inspector'],
      ['Invalid', ann('ssl-redirect'), 'ingress.nginx.annotation.bool'],
      ['NotSupported', ann('backend-protocol'), 'ingress.nginx.backend-protocol'],
      ['Invalid', ann('rewrite-target'), 'ingress.nginx.rewrite-target'],
      ['Invalid', ann('proxy-body-size'), 'ingress.nginx.annotation.size'],
      ['Invalid', ann('allowlist-source-range'), 'ingress.nginx.source-range'],
      ['NotSupported', ann('affinity'), 'ingress.nginx.affinity'],
      ['Invalid', ann('limit-rps'), 'ingress.nginx.rate-limit'],
      ['Invalid', ann('proxy-read-timeout'), 'ingress.nginx.proxy-timeout'],
      ['Invalid', ann('cors-allow-origin'), 'ingress.nginx.cors'],
    ]);
    expect(r.warnings.find((w) => w.rule === 'ingress.nginx.rate-limit')!.message).toContain('ingress-nginx rejects the Ingress');
    expect(r.warnings.find((w) => w.rule === 'ingress.nginx.source-range')!.message).toContain('denies every request to this Ingress (403)');
  });

  test('fails: redirects must be absolute http(s) URLs with a redirect code; temporal wins over permanent', () => {
    const r = run(ingress('shop', nginx({ 'permanent-redirect': 'new.example.com', 'temporal-redirect-code': '299' })));
    expect(brief(r.warnings)).toStrictEqual([
      ['Invalid', ann('temporal-redirect-code'), 'ingress.nginx.redirect'],
      ['Invalid', ann('permanent-redirect'), 'ingress.nginx.redirect'],
    ]);
    const both = parseNginxAnnotations(nginx({ 'permanent-redirect': 'https://a.example.com/', 'temporal-redirect': 'https://b.example.com/' }));
    expect(both.redirect).toStrictEqual({ url: 'https://b.example.com/', code: 302, annotation: 'temporal-redirect' });
  });

  test('fails: other value formats (sizes, integers, on/off, HTTP version, next-upstream conditions)', () => {
    const ok = run(ingress('shop', nginx({
      'proxy-buffer-size': '8k', 'proxy-next-upstream-tries': '3', 'proxy-buffering': 'on', 'proxy-http-version': '1.1', 'proxy-next-upstream': 'error timeout http_502',
    })));
    expect(ok.warnings).toEqual([]);
    const r = run(ingress('shop', nginx({
      'proxy-buffer-size': '8 k', 'limit-rate': '-1', 'proxy-buffering': 'yes', 'proxy-http-version': '2', 'proxy-next-upstream': 'error http_418',
    })));
    expect(brief(r.warnings)).toStrictEqual([
      ['Invalid', ann('proxy-buffer-size'), 'ingress.nginx.annotation.size'],
      ['Invalid', ann('limit-rate'), 'ingress.nginx.annotation.integer'],
      ['NotSupported', ann('proxy-buffering'), 'ingress.nginx.annotation.enum'],
      ['NotSupported', ann('proxy-http-version'), 'ingress.nginx.annotation.enum'],
      ['Invalid', ann('proxy-next-upstream'), 'ingress.nginx.annotation.enum'],
    ]);
  });

  test('fails: session cookie settings without affinity, CORS settings without enable-cors', () => {
    const r = run(ingress('shop', nginx({ 'session-cookie-name': 'SID', 'cors-allow-origin': '*' })));
    expect(brief(r.warnings)).toStrictEqual([
      ['Invalid', ann('session-cookie-name'), 'ingress.nginx.session-cookie'],
      ['Invalid', ann('cors-allow-origin'), 'ingress.nginx.cors'],
    ]);
  });

  test('fails: strict-validate-path-type refuses regex characters in Exact/Prefix paths; bad regexes in regex mode', () => {
    const spec = {
      rules: [{
        host: 'a.example.com',
        http: {
          paths: [
            { path: '/api/(.*)', pathType: 'Prefix', backend: backend() },
            { path: '/x[', pathType: 'ImplementationSpecific', backend: backend() },
          ],
        },
      }],
    };
    const r = run(ingress('shop', nginx({ 'use-regex': 'true' }), spec));
    expect(brief(r.warnings)).toStrictEqual([
      ['Invalid', 'spec.rules[0].http.paths[0].path', 'ingress.nginx.path-type.strict'],
      ['Invalid', 'spec.rules[0].http.paths[1].path', 'ingress.nginx.path.regex'],
    ]);
  });

  test('parsing: defaults, sizes and the canary weight total', () => {
    expect(parseNginxSize('0')).toBe(0);
    expect(parseNginxSize('16k')).toBe(16384);
    expect(parseNginxSize('2G')).toBe(2 * 1024 ** 3);
    expect(parseNginxSize('1.5m')).toBeUndefined();
    const s = parseNginxAnnotations(nginx({ 'canary': 'true', 'canary-weight': '30', 'canary-weight-total': '50' }));
    expect(s.canary).toStrictEqual({ weight: 30, weightTotal: 100 });
    const t = parseNginxAnnotations(nginx({ 'canary': 'true', 'canary-weight': '300', 'canary-weight-total': '1000' }));
    expect(t.canary).toStrictEqual({ weight: 300, weightTotal: 1000 });
  });
});

describe('canary (warnings)', () => {
  test('a canary attached to its main location has no findings', () => {
    const r = run(ingress('shop'), ingress('shop-canary', nginx({ 'canary': 'true', 'canary-weight': '20', 'canary-by-header': 'X-Canary', 'affinity': 'cookie' }), canarySpec()));
    expect(r.warnings).toEqual([]);
  });

  test('fails: a canary with no main Ingress (other host, path or pathType)', () => {
    const r = run(
      ingress('shop'),
      ingress('c1', nginx({ 'canary': 'true', 'canary-weight': '10' }), canarySpec('v2', 'other.example.com')),
      ingress('c2', nginx({ 'canary': 'true', 'canary-weight': '10' }), canarySpec('v2', 'shop.example.com', '/', 'Exact')),
    );
    expect(brief(r.warnings)).toStrictEqual([
      ['NotFound', 'spec.rules[0].http.paths[0].path', 'ingress.nginx.canary.no-main'],
      ['NotFound', 'spec.rules[0].http.paths[0].path', 'ingress.nginx.canary.no-main'],
    ]);
    expect(r.warnings.map((w) => w.name)).toStrictEqual(['c1', 'c2']);
  });

  test('fails: a canary with the main Service, a second canary, two main Ingresses on one location', () => {
    const r = run(
      ingress('shop'),
      ingress('shop2'),
      ingress('c1', nginx({ 'canary': 'true', 'canary-weight': '10' }), canarySpec('web')),
      ingress('c2', nginx({ 'canary': 'true', 'canary-weight': '10' }), canarySpec('v3')),
    );
    expect(r.warnings.map((w) => [w.name, w.type, w.field, w.rule])).toStrictEqual([
      ['shop2', 'Duplicate', 'spec.rules[0].http.paths[0].path', 'ingress.nginx.location.duplicate'],
      ['c1', 'Invalid', 'spec.rules[0].http.paths[0].backend.service.name', 'ingress.nginx.canary.same-service'],
      ['c2', 'Duplicate', 'spec.rules[0].http.paths[0].path', 'ingress.nginx.canary.duplicate'],
    ]);
    expect(r.warnings[0].message).toContain('is already defined in ingress prod/shop');
  });

  test('fails: canary annotations without canary "true"; annotations nginx ignores on a canary; bad canary values', () => {
    const r = run(
      ingress('shop'),
      ingress('plain', nginx({ 'canary-weight': '10' }), canarySpec('v9', 'plain.example.com')),
      ingress('c', nginx({
        'canary': 'true',
        'canary-weight': '200',
        'canary-by-header': 'X Bad',
        'canary-by-header-value': 'yes',
        'canary-by-cookie': 'ok',
        'proxy-body-size': '1m',
        'session-cookie-name': 'SID',
        'affinity': 'cookie',
      }), canarySpec()),
    );
    expect(r.warnings.map((w) => [w.name, w.field, w.rule])).toStrictEqual([
      ['plain', ann('canary-weight'), 'ingress.nginx.canary.not-enabled'],
      ['c', ann('canary-weight'), 'ingress.nginx.canary.weight'],
      ['c', ann('canary-by-header'), 'ingress.nginx.canary.header'],
      ['c', ann('canary-by-header-value'), 'ingress.nginx.canary.header-value'],
      ['c', ann('proxy-body-size'), 'ingress.nginx.canary.ignored-annotation'],
    ]);
  });

  test('fails: header pattern without header, ignored with a value, invalid regex; weight total of 100 or less', () => {
    const r = run(
      ingress('shop'),
      ingress('c1', nginx({ 'canary': 'true', 'canary-by-header-pattern': '^a$' }), canarySpec('v2', 'shop.example.com', '/x')),
      ingress('c2', nginx({ 'canary': 'true', 'canary-by-header': 'X', 'canary-by-header-value': 'a', 'canary-by-header-pattern': '^a$' }), canarySpec('v2', 'shop.example.com', '/y')),
      ingress('c3', nginx({ 'canary': 'true', 'canary-by-header': 'X', 'canary-by-header-pattern': '(', 'canary-weight-total': '50' }), canarySpec('v2', 'shop.example.com', '/z')),
    );
    const canaryRules = r.warnings.filter((w) => w.rule !== 'ingress.nginx.canary.no-main').map((w) => [w.name, w.field, w.rule]);
    expect(canaryRules).toStrictEqual([
      ['c1', ann('canary-by-header-pattern'), 'ingress.nginx.canary.header-pattern'],
      ['c2', ann('canary-by-header-pattern'), 'ingress.nginx.canary.header-pattern'],
      ['c3', ann('canary-weight-total'), 'ingress.nginx.canary.weight-total'],
      ['c3', ann('canary-by-header-pattern'), 'ingress.nginx.canary.header-pattern'],
    ]);
  });
});

describe('references and cert-manager (warnings)', () => {
  const svc = (name: string, ports: any[] = [{ name: 'http', port: 80 }]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'prod' }, spec: { ports } });
  const secret = (name: string, type = 'kubernetes.io/tls') => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'prod' }, type });

  test('fails: missing Service, missing port, missing or wrong Secret, unknown IngressClass (only when the input has such objects)', () => {
    const spec = {
      ingressClassName: 'traefik',
      tls: [{ hosts: ['a.example.com'], secretName: 'missing' }, { hosts: ['b.example.com'], secretName: 'opaque' }],
      rules: [{
        host: 'a.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: backend('web', { name: 'https' }) },
            { path: '/x', pathType: 'Prefix', backend: backend('nope') },
            { path: '/y', pathType: 'Prefix', backend: backend('web', { number: 80 }) },
          ],
        },
      }],
    };
    const cls = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } };
    const r = run(ingress('shop', {}, spec), svc('web'), secret('opaque', 'Opaque'), cls);
    expect(brief(r.warnings)).toStrictEqual([
      ['NotFound', 'spec.rules[0].http.paths[0].backend.service.port', 'ingress.backend.port-not-found'],
      ['NotFound', 'spec.rules[0].http.paths[1].backend.service.name', 'ingress.backend.service-not-found'],
      ['NotFound', 'spec.tls[0].secretName', 'ingress.tls.secret-not-found'],
      ['Invalid', 'spec.tls[1].secretName', 'ingress.tls.secret-type'],
      ['NotFound', 'spec.ingressClassName', 'ingress.class.not-found'],
      // from the X.509 checks of referenced TLS Secrets (validation/tls-secrets.ts)
      ['Invalid', 'spec.tls[1].secretName', 'ingress.tls.certificate-missing'],
    ]);
    // Without Services, Secrets and classes in the input nothing can be known.
    expect(run(ingress('shop', {}, spec)).warnings).toEqual([]);
  });

  test('cert-manager: a cluster issuer with TLS entries is fine and the missing Secret is expected', () => {
    const spec = { tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }], rules: canarySpec('web', 'a.example.com').rules };
    expect(run(ingress('shop', { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, spec), secret('other')).warnings).toEqual([]);
  });

  test('fails: cert-manager conflicts and TLS entries it skips', () => {
    const spec = { tls: [{ secretName: 'a-tls' }, { hosts: ['b.example.com'] }, { hosts: ['c.example.com'], secretName: 'a-tls' }], rules: canarySpec().rules };
    const r = run(ingress('shop', { 'cert-manager.io/cluster-issuer': 'le', 'cert-manager.io/issuer': 'local' }, spec));
    expect(brief(r.warnings)).toStrictEqual([
      ['Conflict', 'metadata.annotations[cert-manager.io/issuer]', 'ingress.cert-manager.issuer-conflict'],
      ['Required', 'spec.tls[0].hosts', 'ingress.cert-manager.tls-skipped'],
      ['Required', 'spec.tls[1].secretName', 'ingress.cert-manager.tls-skipped'],
      ['Duplicate', 'spec.tls[2].secretName', 'ingress.cert-manager.duplicate-secret'],
    ]);
    const noTls = run(ingress('shop', { 'cert-manager.io/issuer-kind': 'ClusterIssuer', 'cert-manager.io/cluster-issuer': 'le' }));
    expect(brief(noTls.warnings)).toStrictEqual([
      ['Invalid', 'metadata.annotations[cert-manager.io/issuer-kind]', 'ingress.cert-manager.issuer-kind'],
      ['Required', 'spec.tls', 'ingress.cert-manager.no-tls'],
    ]);
  });
});
