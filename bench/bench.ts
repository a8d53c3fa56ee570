/**
 * `npm run bench` (not part of `npm test`): synth + validate + render for 100,
 * 1,000 and 10,000 Routes (each step in its own process for peak memory),
 * cdk8s-plus-28 synthesizing as many Ingress+Service pairs as the yardstick,
 * `haproxy -c` on the 10,000-route config, and request throughput (wrk, varied
 * hosts) through the 10,000-route config against a one-route config in the same
 * run. Prints a table and writes bench/results.json.
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkConfig, startHaproxy } from '../src/haproxy';
import { freePort } from '../src/private/http-client';
import { benchGatewayHost, benchHost } from './worker';

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, 'bench', 'work');
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const WRK_SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 5);

function worker(args: string[], env: Record<string, string> = {}): any {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'worker.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), ...env }, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`worker ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

async function wrk(port: number, hostsFile: string, header = false): Promise<number> {
  const lua = path.join(path.dirname(hostsFile), 'hosts.lua');
  fs.writeFileSync(lua, `local hosts, paths = {}, {}
for line in io.lines("${hostsFile}") do
  local h, p = line:match("^(%S+) (%S+)$")
  hosts[#hosts + 1] = h
  paths[#paths + 1] = p
end
local i = 0
-- varied traffic: a different host for each request and a path that never repeats,
-- so no lookup result can be served from HAProxy's pattern cache
request = function()
  i = i + 1
  local k = ((i * 7919) % #hosts) + 1
  ${header ? 'if i % 10 == 0 then return wrk.format("GET", paths[k] .. "x" .. i, { ["Host"] = hosts[k], ["x-canary"] = "yes" }) end' : ''}
  return wrk.format("GET", paths[k] .. "x" .. i, { ["Host"] = hosts[k] })
end
`);
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', ['-t1', '-c20', `-d${WRK_SECONDS}s`, '-s', lua, `http://127.0.0.1:${port}/`]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', () => {
      const m = /Requests\/sec:\s+([0-9.]+)/.exec(out);
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
      if (!m) return reject(new Error(`wrk output not understood:\n${out}`));
      if (non2xx) process.stderr.write(`warning: ${non2xx[1]} non-2xx responses on port ${port}\n`);
      resolve(Number(m[1]));
    });
  });
}

async function main(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ca-'));
  const backendPort = await freePort();
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const env = { BENCH_CA_DIR: caDir, BENCH_BACKEND: `127.0.0.1:${backendPort}`, BENCH_HTTP_PORT: String(httpPort), BENCH_HTTPS_PORT: String(httpsPort) };
  const results: any = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, sizes: {} };
  const haproxyVersion = has('haproxy') ? execFileSync('haproxy', ['-v'], { encoding: 'utf8' }).split('\n')[0] : 'not installed';
  results.haproxy = haproxyVersion;

  for (const n of [1, ...SIZES]) {
    const dir = path.join(WORK, String(n));
    const synth = worker(['synth', String(n), path.join(dir, 'manifests')], env);
    const validate = worker(['validate', String(n), path.join(dir, 'manifests')], env);
    const render = worker(['render', String(n), path.join(dir, 'manifests'), path.join(dir, 'haproxy')], env);
    const kplus = n === 1 ? undefined : worker(['kplus', String(n), path.join(dir, 'kplus')], env);
    results.sizes[n] = { synth, validate, render, kplus };
    process.stderr.write(`  ${n} routes: synth ${synth.ms.toFixed(0)} ms, validate ${validate.ms.toFixed(0)} ms, render ${render.ms.toFixed(0)} ms${kplus ? `, kplus ${kplus.ms.toFixed(0)} ms` : ''}\n`);
  }

  const largest = Math.max(...SIZES);
  // Gateway API: the same steps for a Gateway with HTTPRoutes (weighted splits and header-matched rules included).
  results.gateway = {};
  for (const n of [1, largest]) {
    const dir = path.join(WORK, `gw-${n}`);
    const synth = worker(['gwsynth', String(n), path.join(dir, 'manifests')], env);
    const validate = worker(['validate', String(n), path.join(dir, 'manifests')], env);
    const render = worker(['render', String(n), path.join(dir, 'manifests'), path.join(dir, 'haproxy')], env);
    results.gateway[n] = { synth, validate, render };
    process.stderr.write(`  ${n} HTTPRoutes: synth ${synth.ms.toFixed(0)} ms, validate ${validate.ms.toFixed(0)} ms, render ${render.ms.toFixed(0)} ms\n`);
  }

  const bigDir = path.join(WORK, String(largest), 'haproxy');
  if (has('haproxy')) {
    const t0 = process.hrtime.bigint();
    const check = checkConfig(bigDir);
    results.haproxyCheck = { n: largest, ok: check.ok, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
    if (!check.ok) throw new Error(`haproxy -c failed on the ${largest}-route config:\n${check.output}`);
  }

  if (has('haproxy') && has('wrk')) {
    const fastDir = path.join(WORK, 'fast-backend');
    fs.mkdirSync(fastDir, { recursive: true });
    fs.writeFileSync(path.join(fastDir, 'haproxy.cfg'), `global
  maxconn 4000
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend fast
  bind 127.0.0.1:${backendPort}
  http-request return status 200 content-type text/plain string ok
`);
    const fast = await startHaproxy(fastDir);
    try {
      const throughput: any = {};
      for (const n of [1, largest]) {
        const hostsFile = path.join(WORK, String(n), 'hosts.txt');
        const lines: string[] = [];
        for (let i = 0; i < n; i++) {
          if (i % 10 === 9) continue; // edge routes answer 503 on port 80 (policy None)
          const h = benchHost(i);
          lines.push(`${h.host} ${h.path ? `${h.path}/` : '/'}`);
        }
        
        fs.writeFileSync(hostsFile, lines.join('\n') + '\n');
        const hp = await startHaproxy(path.join(WORK, String(n), 'haproxy'));
        try {
          throughput[n] = { requestsPerSecond: await wrk(httpPort, hostsFile), hosts: lines.length };
        } finally {
          await hp.stop();
        }
      }
      throughput.ratio = throughput[largest].requestsPerSecond / throughput[1].requestsPerSecond;

      // Dispatch only: the same configurations with every server line replaced by an immediate
      // `http-request return`, so no backend connections are made. This isolates the cost of finding
      // the route (host + path map lookups) from connection set-up to backends, which differs between
      // one backend (idle connections reused) and thousands of backends (one pool each).
      // The router's own pattern (a regex map on `base`) is measured on the same routes for contrast.
      const dispatch: any = {};
      for (const variant of ['one', 'maps', 'regex'] as const) {
        const n = variant === 'one' ? 1 : largest;
        const dir = path.join(WORK, String(n), 'haproxy');
        const cfgFile = `dispatch-${variant}.cfg`;
        let cfg = fs.readFileSync(path.join(dir, 'haproxy.cfg'), 'utf8')
          .replace(/^  server ept:.*$/gm, '  http-request return status 200 content-type text/plain string ok');
        if (variant === 'regex') {
          const lines = fs.readFileSync(path.join(dir, 'routes-http.prefix.map'), 'utf8').trim().split('\n');
          const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          const regex = lines.map((l) => {
            const [key, be] = l.split(' ');
            const slash = key.indexOf('/');
            const host = key.slice(0, slash);
            const p = key.slice(slash, -1); // drop the trailing '/' of the prefix key
            return `^${esc(host)}\\.?(:[0-9]+)?${esc(p)}(/.*)?$ ${be}`;
          });
          // the router sorts in reverse byte order so longer paths come first
          regex.sort().reverse();
          fs.writeFileSync(path.join(dir, 'routes-http.regex.map'), regex.join('\n') + '\n');
          cfg = cfg.replace(/http-request set-var\(txn\.be\) var\(txn\.pkey\),map_beg\(routes-http\.prefix\.map\)/,
            'http-request set-var(txn.be) base,map_reg(routes-http.regex.map)');
        }
        fs.writeFileSync(path.join(dir, cfgFile), cfg);
        const hostsFile = path.join(WORK, String(n), 'hosts.txt');
        const hp = await startHaproxy(dir, { configFile: cfgFile });
        try {
          dispatch[variant] = { routes: n, requestsPerSecond: await wrk(httpPort, hostsFile) };
        } finally {
          await hp.stop();
        }
      }
      // Gateway API dispatch only: 1 HTTPRoute vs `largest` HTTPRoutes (a fifth with a header-matched rule, so their
      // requests take the conditional path; every tenth request carries the header).
      for (const n of [1, largest]) {
        const dir = path.join(WORK, `gw-${n}`, 'haproxy');
        const cfg = fs.readFileSync(path.join(dir, 'haproxy.cfg'), 'utf8')
          .replace(/^  server ept:.*$/gm, '  http-request return status 200 content-type text/plain string ok');
        fs.writeFileSync(path.join(dir, 'dispatch.cfg'), cfg);
        const lines: string[] = [];
        for (let i = 0; i < n; i++) {
          const h = benchGatewayHost(i);
          lines.push(`${h.host} ${h.path ? `${h.path}/` : '/'}`);
        }
        const hostsFile = path.join(WORK, `gw-${n}`, 'hosts.txt');
        fs.writeFileSync(hostsFile, lines.join('\n') + '\n');
        const hp = await startHaproxy(dir, { configFile: 'dispatch.cfg' });
        try {
          dispatch[`gateway${n}`] = { routes: n, requestsPerSecond: await wrk(httpPort, hostsFile, true) };
        } finally {
          await hp.stop();
        }
      }
      dispatch.ratioGateway = dispatch[`gateway${largest}`].requestsPerSecond / dispatch.gateway1.requestsPerSecond;
      dispatch.ratioMapsToOne = dispatch.maps.requestsPerSecond / dispatch.one.requestsPerSecond;
      dispatch.ratioMapsToRegex = dispatch.maps.requestsPerSecond / dispatch.regex.requestsPerSecond;
      throughput.dispatchOnly = dispatch;
      results.throughput = throughput;
    } finally {
      await fast.stop();
    }
  } else {
    results.throughput = 'skipped: needs haproxy and wrk (apt-get install haproxy wrk)';
  }
  fs.rmSync(caDir, { recursive: true, force: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');

  const rows = [['routes', 'synth ms', 'synth MB', 'validate ms', 'validate MB', 'render ms', 'render MB', 'kplus ms', 'kplus MB', 'synth/kplus']];
  for (const n of SIZES) {
    const s = results.sizes[n];
    rows.push([String(n), s.synth.ms.toFixed(0), String(s.synth.maxRssMB), s.validate.ms.toFixed(0), String(s.validate.maxRssMB),
      s.render.ms.toFixed(0), String(s.render.maxRssMB), s.kplus.ms.toFixed(0), String(s.kplus.maxRssMB), (s.synth.ms / s.kplus.ms).toFixed(2)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(rows.map((r) => r.map((c, i) => c.padStart(widths[i])).join('  ')).join('\n'));
  for (const n of Object.keys(results.gateway)) {
    const g = results.gateway[n];
    console.log(`${n} HTTPRoutes: synth ${g.synth.ms.toFixed(0)} ms (${g.synth.maxRssMB} MB), validate ${g.validate.ms.toFixed(0)} ms, render ${g.render.ms.toFixed(0)} ms (${g.render.maxRssMB} MB)`);
  }
  if (results.haproxyCheck) console.log(`\nhaproxy -c on ${results.haproxyCheck.n} routes: ${results.haproxyCheck.ms.toFixed(0)} ms (${results.haproxyCheck.ok ? 'valid' : 'INVALID'})`);
  if (typeof results.throughput === 'object') {
    const t = results.throughput;
    console.log(`throughput (wrk -t1 -c20 ${WRK_SECONDS}s, varied hosts), real backends: 1 route ${t[1].requestsPerSecond.toFixed(0)} req/s, ${largest} routes ${t[largest].requestsPerSecond.toFixed(0)} req/s, ratio ${t.ratio.toFixed(2)}`);
    const d = t.dispatchOnly;
    console.log(`Gateway API dispatch only: 1 HTTPRoute ${d.gateway1.requestsPerSecond.toFixed(0)} req/s, ${largest} HTTPRoutes (a fifth header-matched) ${d[`gateway${largest}`].requestsPerSecond.toFixed(0)} req/s (ratio ${d.ratioGateway.toFixed(2)})`);
    console.log(`dispatch only (no backend connections): 1 route ${d.one.requestsPerSecond.toFixed(0)} req/s, ${largest} routes with maps ${d.maps.requestsPerSecond.toFixed(0)} req/s (ratio ${d.ratioMapsToOne.toFixed(2)}), ${largest} routes with the router's regex map ${d.regex.requestsPerSecond.toFixed(0)} req/s (maps are ${d.ratioMapsToRegex.toFixed(1)}x faster)`);
  } else {
    console.log(`throughput: ${results.throughput}`);
  }
  console.log('\nwrote bench/results.json');
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exit(1);
});
