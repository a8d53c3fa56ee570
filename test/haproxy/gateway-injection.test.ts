/*
 * Hostile values in Gateway API manifests stay data: the rendered configuration
 * passes `haproxy -c` and nothing becomes a directive, comment or sample fetch.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkConfig, writeFilesAtomically } from '../../src/haproxy';
import { renderLoaded } from '../../src/render';
import { fromObjects } from '../../src/validation/manifests';

const G = 'gateway.networking.k8s.io/v1';
const HOSTILE = "a' }  http-request deny #x %[env(HOME)] \\1";
/** The same as a valid regular expression (an invalid one is HAProxy's to refuse: `haproxy -c` names it). */
const HOSTILE_RE = "a' }  http-request deny #x %[env(HOME)]";

test('header, query, regex and modifier values with quotes, # and %[ ] are quoted data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-inject-'));
  try {
    const objects = fromObjects([
      { apiVersion: G, kind: 'Gateway', metadata: { name: 'gw', namespace: 'x' }, spec: { gatewayClassName: 'c', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
      {
        apiVersion: G,
        kind: 'HTTPRoute',
        metadata: { name: 'r', namespace: 'x' },
        spec: {
          parentRefs: [{ name: 'gw' }],
          hostnames: ['a.example.com'],
          rules: [{
            matches: [
              { headers: [{ name: 'x-a', value: HOSTILE }, { name: 'x-b', type: 'RegularExpression', value: HOSTILE_RE }], queryParams: [{ name: 'q', value: HOSTILE }] },
              { path: { type: 'RegularExpression', value: `/re${HOSTILE_RE}` } },
            ],
            filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Set', value: HOSTILE }], add: [{ name: "X-Add'", value: HOSTILE }] } }],
            backendRefs: [{ name: 's', port: 80 }],
          }],
        },
      },
    ]);
    const outcome = await renderLoaded(objects, { portMap: { 80: 18999 }, devCaDir: path.join(dir, 'ca'), socketTag: 'inject' });
    expect(outcome.report.errors).toStrictEqual([]);
    writeFilesAtomically(path.join(dir, 'out'), outcome.files);
    expect(checkConfig(path.join(dir, 'out')).output).toBe('Configuration file is valid');
    const cfg = outcome.files.get('haproxy.cfg')!.content;
    // every occurrence is inside single quotes (the quote itself written as '\'')
    const quoted = "'a'\\'' }  http-request deny #x %[env(HOME)] \\1'";
    expect(cfg).toContain(`{ req.fhdr(x-a) -m str ${quoted} }`);
    expect(cfg).toContain(`{ urlp(q) -m str ${quoted} }`);
    expect(cfg).toContain("{ req.fhdr(x-b) -m reg 'a'\\'' }  http-request deny #x %[env(HOME)]' }");
    expect(cfg).toContain("http-request set-header 'X-Set' 'a'\\'' }  http-request deny #x %%[env(HOME)] \\1'");
    expect(cfg.split('\n').filter((l) => /^\s*http-request deny/.test(l))).toStrictEqual(['  http-request deny if { hdr_len(content-length) 0 }']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
