/**
 * `npm run demo`: synthesizes the example apps into dist/, validates them,
 * renders dist/haproxy/, and — when haproxy is installed — runs it on loopback
 * with built-in echo backends, sends real requests (plain HTTP, edge TLS,
 * passthrough TLS, reencrypt, a canary split) and prints what each reached.
 * Stops everything it started and exits 0.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildRouteApp } from '../examples/route-app';
import { startEchoBackends } from '../src/cli/echo-backends';
import { formatText } from '../src/cli/format';
import { DevCertificateAuthority } from '../src/common/dev-certificates';
import { checkConfig, startHaproxy, writeFilesAtomically } from '../src/haproxy';
import { buildRoutingModel } from '../src/model/build';
import { formatTable, routingTable } from '../src/model/table';
import { freePort, localRequest, LocalResponse } from '../src/private/http-client';
import { renderLoaded } from '../src/render';
import { loadPaths } from '../src/validation/manifests';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

function haproxyAvailable(): boolean {
  try {
    execFileSync(process.env.HAPROXY_BIN ?? 'haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function reached(r: LocalResponse): string {
  try {
    const body = JSON.parse(r.body);
    return `${body.namespace}/${body.service} (pod ${body.pod}${body.tls ? ', TLS at the pod' : ''})`;
  } catch {
    return r.headers.location ? `Location: ${r.headers.location}` : r.body.trim().split('\n')[0].slice(0, 60);
  }
}

async function main(): Promise<void> {
  const ca = await DevCertificateAuthority.load();
  console.log('== 1. synthesize examples/route-app.ts into dist/examples/route/');
  const shopCert = await ca.issue(['shop.apps.local']);
  const outdir = path.join(DIST, 'examples', 'route');
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir });
  buildRouteApp(app, {
    edgeCertificate: { certificate: shopCert.certificatePem, key: shopCert.keyPem },
    destinationCaCertificate: ca.caPem,
  });
  app.synth();
  for (const f of fs.readdirSync(outdir).sort()) console.log(`   ${path.relative(ROOT, path.join(outdir, f))}`);

  console.log('\n== 2. validate (cdk8s-routing validate dist/examples)');
  const { objects, findings } = loadPaths([path.join(DIST, 'examples')]);
  const model0 = buildRoutingModel(objects).model;
  const echoes = await startEchoBackends(model0, ca, []);
  const httpPort = await freePort();
  const httpsPort = await freePort();
  let stop: (() => Promise<void>) | undefined;
  try {
    const outcome = await renderLoaded(objects, { httpPort, httpsPort, endpoints: echoes.endpoints, devCaDir: ca.dir }, findings);
    process.stdout.write(formatText(outcome.report, false).replace(new RegExp(ROOT + '/', 'g'), ''));
    if (outcome.report.errors.length > 0) throw new Error('the examples do not validate');

    const outDir = path.join(DIST, 'haproxy');
    writeFilesAtomically(outDir, outcome.files);
    console.log(`\n== 3. render (cdk8s-routing haproxy dist/examples --out dist/haproxy): ${outcome.files.size} files`);
    console.log(`   ${[...outcome.files.keys()].sort().join(' ')}`);
    console.log('\n   routing table:');
    process.stdout.write(formatTable(routingTable(outcome.model!), (_e, p) => (p === 80 ? httpPort : p === 443 ? httpsPort : undefined))
      .split('\n').map((l) => (l ? `   ${l}` : l)).join('\n'));

    if (!haproxyAvailable()) {
      console.log('\nhaproxy is not installed, so no requests were sent. Install it with: sudo apt-get install haproxy');
      return;
    }
    const check = checkConfig(outDir);
    if (!check.ok) throw new Error(`haproxy -c refused the configuration:\n${check.output}`);
    console.log('\n== 4. haproxy -c: configuration is valid; starting HAProxy on 127.0.0.1 with echo backends:');
    for (const e of echoes.started) console.log(`   ${e.service.padEnd(22)} ${e.mode.padEnd(8)} 127.0.0.1:${e.port}`);
    const haproxy = await startHaproxy(outDir);
    stop = () => haproxy.stop();

    console.log(`\n== 5. real requests (HTTP on :${httpPort}, HTTPS on :${httpsPort}, trusting dist/haproxy/dev-ca.pem)\n`);
    const rows: string[][] = [];
    const send = async (label: string, scheme: 'http' | 'https', host: string, p: string, note: string) => {
      const r = await localRequest({ scheme, port: scheme === 'http' ? httpPort : httpsPort, host, path: p, ca: ca.caPem });
      rows.push([label, `${scheme}://${host}${p}`, String(r.status), reached(r), note]);
      return r;
    };
    await send('plain, path /', 'http', 'www.apps.local', '/', 'path-based route');
    await send('plain, path /static', 'http', 'www.apps.local', '/static/logo.png', 'longest path wins');
    await send('edge, port 80', 'http', 'shop.apps.local', '/cart?id=7', 'insecureEdgeTerminationPolicy: Redirect');
    await send('edge TLS', 'https', 'shop.apps.local', '/cart', 'terminated by HAProxy (SNI)');
    await send('passthrough TLS', 'https', 'secure.apps.local', '/', 'TLS ends at the pod');
    await send('reencrypt TLS', 'https', 'api.apps.local', '/v1/items', 'verify required (destination CA)');
    await send('unknown host', 'http', 'nothing.apps.local', '/', 'no route: 503 like the router');

    const counts = new Map<string, number>();
    const N = 200;
    for (let i = 0; i < N; i++) {
      const r = await localRequest({ scheme: 'http', port: httpPort, host: 'canary.apps.local', path: '/' });
      const who = r.status === 200 ? reached(r).split(' ')[0] : `HTTP ${r.status}`;
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    const split = [...counts].sort().map(([k, v]) => `${k} ${(100 * v / N).toFixed(1)}%`).join(', ');
    rows.push([`weighted ${N}x`, 'http://canary.apps.local/', '200', split, 'spec weights 90/10']);

    const head = ['REQUEST', 'URL', 'STATUS', 'REACHED', 'WHY'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
    console.log([line(head), ...rows.map(line)].join('\n'));
  } finally {
    if (stop) await stop();
    await echoes.close();
  }
  console.log('\nStopped HAProxy and the echo backends. Try it yourself: npx cdk8s-routing up dist/examples --echo');
}

main().then(() => process.exit(0), (e) => {
  console.error(`demo failed: ${(e as Error).message}`);
  process.exit(1);
});
