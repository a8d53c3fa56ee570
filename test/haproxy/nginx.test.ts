import { ConfigInjectionError } from '../../src/haproxy/escape';
import { nginxBackendLines } from '../../src/haproxy/nginx';

describe('ingress-nginx policies → HAProxy lines', () => {
  test('every policy, in order, with nginx status codes', () => {
    const out = nginxBackendLines('be', {
      connectTimeoutMs: 5000,
      allowlist: ['10.0.0.0/8', '127.0.0.1'],
      denylist: ['10.1.0.0/16'],
      limits: { rps: 2, rpm: 30, connections: 4, burstMultiplier: 5 },
      maxBodyBytes: 1024,
      cors: { allowOrigins: ['https://a.example.com', 'https://*.b.example.com'], allowMethods: 'GET, POST', allowHeaders: 'X-A', allowCredentials: true, maxAgeSeconds: 60 },
      rewrite: { pattern: '(?i)^/api(/|$)(.*)', target: '/\\2' },
    });
    expect(out.lines).toStrictEqual([
      'timeout connect 5000ms',
      'acl nginx_allow src 10.0.0.0/8 127.0.0.1',
      'http-request deny deny_status 403 if !nginx_allow',
      'acl nginx_deny src 10.1.0.0/16',
      'http-request deny deny_status 403 if nginx_deny',
      'stick-table type ip size 100k expire 60s store conn_cur,http_req_rate(1s)',
      'http-request track-sc0 src',
      'http-request deny deny_status 503 if { sc_conn_cur(0) gt 4 }',
      'http-request deny deny_status 503 if { sc_http_req_rate(0) gt 10 }',
      'http-request track-sc1 src table be_rpm',
      'http-request deny deny_status 503 if { sc_http_req_rate(1) gt 150 }',
      'http-request deny deny_status 413 if { req.hdr_val(content-length) gt 1024 }',
      "acl nginx_cors_origin req.hdr(origin) -m reg -i '^(https://a\\.example\\.com|https://[^/]+\\.b\\.example\\.com)$'",
      "http-request return status 204 hdr Access-Control-Allow-Origin '%[req.hdr(origin)]' hdr Access-Control-Allow-Credentials true " +
        "hdr Access-Control-Allow-Methods 'GET, POST' hdr Access-Control-Allow-Headers 'X-A' hdr Access-Control-Max-Age 60 if METH_OPTIONS nginx_cors_origin",
      'http-request set-var(txn.nginx_cors) req.hdr(origin) if nginx_cors_origin',
      "http-response set-header Access-Control-Allow-Origin '%[var(txn.nginx_cors)]' if { var(txn.nginx_cors) -m found }",
      'http-response set-header Access-Control-Allow-Credentials true if { var(txn.nginx_cors) -m found }',
      "http-response set-header Access-Control-Allow-Methods 'GET, POST' if { var(txn.nginx_cors) -m found }",
      "http-response set-header Access-Control-Allow-Headers 'X-A' if { var(txn.nginx_cors) -m found }",
      "http-request replace-path '(?i)^/api(/|$)(.*)' '/\\2'",
    ]);
    expect(out.backends.map((b) => b.name)).toStrictEqual(['be_rpm']);
  });

  test('an empty allowlist (unparsable annotation) denies everything; long lists go to a file', () => {
    expect(nginxBackendLines('be', { allowlist: [] }).lines).toStrictEqual(['http-request deny deny_status 403 if TRUE']);
    const many = Array.from({ length: 70 }, (_, i) => `10.0.${i}.0/24`);
    const out = nginxBackendLines('be', { allowlist: many });
    expect(out.lines[0]).toBe('acl nginx_allow src -f allowlists/be.allow.txt');
    expect(out.files[0].content.split('\n')).toHaveLength(71);
  });

  test('fails: user strings that could become configuration are refused', () => {
    expect(() => nginxBackendLines('be', { allowlist: ['10.0.0.0/8 #x'] })).toThrow(ConfigInjectionError);
    expect(() => nginxBackendLines('be', { rewrite: { pattern: '^/a', target: "/x' y" } })).toThrow(/rewrite target/);
    expect(() => nginxBackendLines('be', { rewrite: { pattern: '^/a\nbackend evil', target: '/' } })).toThrow(ConfigInjectionError);
    expect(() => nginxBackendLines('be', { rewrite: { pattern: '(', target: '/' } })).toThrow(/not a valid regular expression/);
    expect(() => nginxBackendLines('be', {
      cors: { allowOrigins: ['https://a.com\nx'], allowMethods: 'GET', allowHeaders: 'X', allowCredentials: false, maxAgeSeconds: 1 },
    })).toThrow(/CORS origin is not valid/);
    expect(() => nginxBackendLines('be', {
      cors: { allowOrigins: ['*'], allowMethods: "GET'\n", allowHeaders: 'X', allowCredentials: false, maxAgeSeconds: 1 },
    })).toThrow(ConfigInjectionError);
  });
});
