/**
 * ingress-nginx behaviour of a backend (model `BackendPolicies.nginx`) as
 * HAProxy lines, with nginx's status codes: 403 outside the allowlist or
 * inside the denylist, 413 over the
 * body size, 503 over a rate limit, `rewrite-target` as a whole-path rewrite
 * with capture groups, CORS preflight answers and response headers.
 *
 * Every value was validated when the annotations were parsed; it is checked
 * again (escape.ts) so nothing unvalidated reaches haproxy.cfg.
 *
 * Internal: not part of the jsii API.
 */
import { Backend } from './config';
import { ConfigInjectionError, cidr, integer, literalHeaderValue, show, singleQuote, timerMs } from './escape';
import { NginxPolicies } from '../model/types';

const INLINE_LIST_MAX = 61;

/** Output of the nginx policies of one backend. */
export interface NginxLines {
  /** Lines for the backend, in order (before the shared HTTP lines). */
  readonly lines: string[];
  /** Files the lines name (long source lists). */
  readonly files: Array<{ name: string; content: string }>;
  /** Extra backends holding stick tables. */
  readonly backends: Backend[];
}

/** A regular expression as one quoted word; a bad pattern fails here rather than in `haproxy -c`. */
function regex(value: string, what: string): string {
  try {
    new RegExp(value.replace(/^\(\?i\)/, ''));
  } catch (e) {
    throw new ConfigInjectionError(`${what} is not a valid regular expression: ${show(value)}`);
  }
  return singleQuote(value, what);
}

function sourceAcl(name: string, backend: string, list: string[], suffix: string, files: NginxLines['files']): string {
  const entries = list.map(cidr);
  if (entries.length <= INLINE_LIST_MAX) return `acl ${name} src ${entries.join(' ')}`;
  const file = `allowlists/${backend}.${suffix}.txt`;
  files.push({ name: file, content: entries.map((e) => `${e}\n`).join('') });
  return `acl ${name} src -f ${file}`;
}

/** Regex (case-insensitive) matching the allowed CORS origins; `*.` matches one or more labels. */
function originRegex(origins: string[]): string {
  const alternatives = origins.map((o) => {
    if (!/^(https?:\/\/)?(\*\.)?[A-Za-z0-9.-]*(:[0-9]+)?$/.test(o)) {
      throw new ConfigInjectionError(`CORS origin is not valid: ${show(o)}`);
    }
    const escaped = o.replace(/[.]/g, '\\.').replace('*\\.', '[^/]+\\.');
    return o.includes('://') ? escaped : `https?://${escaped}`;
  });
  return `^(${alternatives.join('|')})$`;
}

/** The HAProxy lines of a backend's nginx policies. `name` is the backend name. */
export function nginxBackendLines(name: string, p: NginxPolicies): NginxLines {
  const lines: string[] = [];
  const files: NginxLines['files'] = [];
  const backends: Backend[] = [];
  if (p.connectTimeoutMs !== undefined) lines.push(`timeout connect ${timerMs(p.connectTimeoutMs, 'proxy-connect-timeout')}`);
  if (p.allowlist !== undefined) {
    if (p.allowlist.length === 0) {
      // 'if TRUE': an unconditional final action makes haproxy -c warn that the lines after it are NOOP
      lines.push('http-request deny deny_status 403 if TRUE');
    } else {
      lines.push(sourceAcl('nginx_allow', name, p.allowlist, 'allow', files));
      lines.push('http-request deny deny_status 403 if !nginx_allow');
    }
  }
  if (p.denylist !== undefined && p.denylist.length > 0) {
    lines.push(sourceAcl('nginx_deny', name, p.denylist, 'deny', files));
    lines.push('http-request deny deny_status 403 if nginx_deny');
  }
  if (p.limits) {
    const l = p.limits;
    const burst = integer(l.burstMultiplier, 'limit-burst-multiplier', 1, 1_000_000);
    const max = (n: number, what: string): string => integer(n * Number(burst), what, 1, 2147483647);
    const period = l.rps !== undefined ? '1s' : '60s';
    lines.push(`stick-table type ip size 100k expire 60s store conn_cur,http_req_rate(${period})`);
    lines.push('http-request track-sc0 src');
    if (l.connections !== undefined) {
      lines.push(`http-request deny deny_status 503 if { sc_conn_cur(0) gt ${integer(l.connections, 'limit-connections', 1, 2147483647)} }`);
    }
    if (l.rps !== undefined) lines.push(`http-request deny deny_status 503 if { sc_http_req_rate(0) gt ${max(l.rps, 'limit-rps')} }`);
    if (l.rpm !== undefined) {
      let sc = '0';
      if (l.rps !== undefined) {
        // A second period needs a second table.
        const table = `${name}_rpm`;
        backends.push({ name: table, mode: 'http', lines: ['stick-table type ip size 100k expire 60s store http_req_rate(60s)'], servers: [] });
        lines.push(`http-request track-sc1 src table ${table}`);
        sc = '1';
      }
      lines.push(`http-request deny deny_status 503 if { sc_http_req_rate(${sc}) gt ${max(l.rpm, 'limit-rpm')} }`);
    }
  }
  if (p.maxBodyBytes !== undefined && p.maxBodyBytes > 0) {
    lines.push(`http-request deny deny_status 413 if { req.hdr_val(content-length) gt ${integer(p.maxBodyBytes, 'proxy-body-size', 1, Number.MAX_SAFE_INTEGER)} }`);
  }
  if (p.cors) {
    const c = p.cors;
    const any = c.allowOrigins.includes('*');
    lines.push(any ? 'acl nginx_cors_origin req.hdr(origin) -m found' : `acl nginx_cors_origin req.hdr(origin) -m reg -i ${regex(originRegex(c.allowOrigins), 'CORS origins')}`);
    const origin = any ? literalHeaderValue('*') : "'%[req.hdr(origin)]'";
    const common = [
      `hdr Access-Control-Allow-Origin ${origin}`,
      ...(c.allowCredentials ? ['hdr Access-Control-Allow-Credentials true'] : []),
      `hdr Access-Control-Allow-Methods ${literalHeaderValue(c.allowMethods)}`,
      `hdr Access-Control-Allow-Headers ${literalHeaderValue(c.allowHeaders)}`,
    ];
    lines.push(`http-request return status 204 ${common.join(' ')} ` +
      `hdr Access-Control-Max-Age ${integer(c.maxAgeSeconds, 'cors-max-age', 0, 2147483647)} if METH_OPTIONS nginx_cors_origin`);
    lines.push('http-request set-var(txn.nginx_cors) req.hdr(origin) if nginx_cors_origin');
    const when = 'if { var(txn.nginx_cors) -m found }';
    lines.push(`http-response set-header Access-Control-Allow-Origin ${any ? literalHeaderValue('*') : "'%[var(txn.nginx_cors)]'"} ${when}`);
    if (c.allowCredentials) lines.push(`http-response set-header Access-Control-Allow-Credentials true ${when}`);
    lines.push(`http-response set-header Access-Control-Allow-Methods ${literalHeaderValue(c.allowMethods)} ${when}`);
    lines.push(`http-response set-header Access-Control-Allow-Headers ${literalHeaderValue(c.allowHeaders)} ${when}`);
    if (c.exposeHeaders) lines.push(`http-response set-header Access-Control-Expose-Headers ${literalHeaderValue(c.exposeHeaders)} ${when}`);
  }
  if (p.rewrite) {
    if (!/^[A-Za-z0-9\-._~/:\\]*$/.test(p.rewrite.target)) {
      throw new ConfigInjectionError(`rewrite target may only contain [A-Za-z0-9-._~/:] and \\N references: ${show(p.rewrite.target)}`);
    }
    lines.push(`http-request replace-path ${regex(p.rewrite.pattern, 'rewrite path')} ${singleQuote(p.rewrite.target, 'rewrite target')}`);
  }
  return { lines, files, backends };
}
