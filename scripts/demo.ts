/**
 * `npm run demo`: synthesizes the example apps (OpenShift Routes, Ingresses,
 * a Gateway API app and a portable Exposure promoted in canary stages) into
 * dist/, validates them, renders dist/haproxy/, and — when haproxy is installed
 * — runs it on loopback with built-in echo backends, sends real requests (plain
 * HTTP, edge TLS, passthrough TLS, reencrypt, redirects, header routing, canary
 * splits) and prints what each reached; then runs two canary stages of the
 * Exposure and prints the observed split of each, and the `explain` output.
 * Stops everything it started and exits 0.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildExposureApp, EXPOSURE_APP_HOST } from '../examples/exposure-app';
import { buildGatewayApp, GATEWAY_APP_HOST } from '../examples/gateway-app';
import { buildIngressApp } from '../examples/ingress-app';
import { buildRouteApp } from '../examples/route-app';
import { startEchoBackends } from '../src/cli/echo-backends';
import { formatText } from '../src/cli/format';
import { DevCertificateAuthority } from '../src/common/dev-certificates';
import { checkConfig, startHaproxy, writeFilesAtomically } from '../src/haproxy';
import { buildRoutingModel } from '../src/model/build';
import { explainMermaid } from '../src/model/explain';
import { formatTable, routingTable } from '../src/model/table';
import { freePort, localRequest, LocalResponse } from '../src/private/http-client';
import { renderLoaded } from '../src/render';
import { loadPaths, LoadedObject } from '../src/validation/manifests';
import { Finding } from '../src/validation/finding';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const EXAMPLES = path.join(DIST, 'examples');
const rel = (p: string) => path.relative(ROOT, p);

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

function printTable(rows: string[][]): void {
  const head = ['REQUEST', 'URL', 'STATUS', 'REACHED', 'WHY'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  console.log([line(head), ...rows.map(line)].map((l) => `   ${l}`).join('\n'));
}

function indent(text: string): string {
  return text.split('\n').map((l) => (l ? `   ${l}` : l)).join('\n');
}

/** Sends `n` requests and returns "ns/svc 80.5%, ns/svc2 19.5%". */
async function split(n: number, req: () => Promise<LocalResponse>): Promise<string> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = await req();
    const who = r.status === 200 ? reached(r).split(' ')[0] : `HTTP ${r.status}`;
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  return [...counts].sort().map(([k, v]) => `${k} ${(100 * v / n).toFixed(1)}%`).join(', ');
}

function synth(name: string, build: (app: App) => void): string {
  const outdir = path.join(EXAMPLES, name);
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir });
  build(app);
  app.synth();
  for (const f of fs.readdirSync(outdir).sort()) console.log(`   ${rel(path.join(outdir, f))}`);
  return outdir;
}

function printFindings(report: { errors: Finding[]; warnings: Finding[]; objects?: number }): void {
  process.stdout.write(indent(formatText(report as any, false).replace(new RegExp(ROOT + '/', 'g'), '')));
}

async function main(): Promise<void> {
  const ca = await DevCertificateAuthority.load();
  const N = 200;

  console.log('== 1. synthesize the example apps into dist/examples/');
  const shopCert = await ca.issue(['shop.apps.local']);
  const ingressCert = await ca.issue(['shop.ingress.local']);
  const gatewayCert = await ca.issue([GATEWAY_APP_HOST]);
  synth('route', (app) => buildRouteApp(app, {
    edgeCertificate: { certificate: shopCert.certificatePem, key: shopCert.keyPem },
    destinationCaCertificate: ca.caPem,
  }));
  synth('ingress', (app) => buildIngressApp(app, { shopCertificate: { certificate: ingressCert.certificatePem, key: ingressCert.keyPem } }));
  synth('gateway', (app) => buildGatewayApp(app, { certificatePem: gatewayCert.certificatePem, keyPem: gatewayCert.keyPem }));
  const exposureDir = synth('exposure', (app) => buildExposureApp(app, { stages: [10, 50, 100] }));

  console.log('\n== 2. validate (cdk8s-routing validate dist/examples/route dist/examples/ingress dist/examples/gateway)');
  const main1 = loadPaths(['route', 'ingress', 'gateway'].map((d) => path.join(EXAMPLES, d)));
  const model0 = buildRoutingModel(main1.objects).model;
  const echoes = await startEchoBackends(model0, ca, []);
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const gwHttp = await freePort();
  const gwHttps = await freePort();
  const stops: Array<() => Promise<void>> = [];
  try {
    const outcome = await renderLoaded(main1.objects, {
      httpPort, httpsPort, portMap: { 80: gwHttp, 443: gwHttps }, endpoints: echoes.endpoints, devCaDir: ca.dir,
    }, main1.findings);
    printFindings(outcome.report);
    if (outcome.report.errors.length > 0) throw new Error('the examples do not validate');

    const outDir = path.join(DIST, 'haproxy');
    writeFilesAtomically(outDir, outcome.files);
    console.log(`\n== 3. render (cdk8s-routing haproxy ... --port-map 80=${gwHttp},443=${gwHttps} --out dist/haproxy): ${outcome.files.size} files`);
    console.log(indent([...outcome.files.keys()].sort().join(' ')));
    console.log('\n   routing table (cdk8s-routing explain):');
    const ports = (id: string, p: number) => (id.startsWith('gw:') ? (p === 80 ? gwHttp : p === 443 ? gwHttps : p) : p === 80 ? httpPort : p === 443 ? httpsPort : undefined);
    process.stdout.write(indent(formatTable(routingTable(outcome.model!), ports)));

    if (!haproxyAvailable()) {
      console.log('\nhaproxy is not installed, so no requests were sent. Install it with: sudo apt-get install haproxy');
      return;
    }
    const check = checkConfig(outDir);
    if (!check.ok) throw new Error(`haproxy -c refused the configuration:\n${check.output}`);
    console.log('\n== 4. haproxy -c: configuration is valid; starting HAProxy on 127.0.0.1 with echo backends:');
    for (const e of echoes.started) console.log(`   ${e.service.padEnd(28)} ${e.mode.padEnd(8)} 127.0.0.1:${e.port}`);
    const haproxy = await startHaproxy(outDir);
    stops.push(() => haproxy.stop());

    console.log(`\n== 5. real requests (Routes and Ingresses on :${httpPort}/:${httpsPort}, the Gateway on :${gwHttp}/:${gwHttps}; TLS trusts the dev CA)\n`);
    const rows: string[][] = [];
    const send = async (label: string, scheme: 'http' | 'https', port: number, host: string, p: string, note: string, headers?: Record<string, string>) => {
      const r = await localRequest({ scheme, port, host, path: p, ca: ca.caPem, headers });
      const hdr = headers ? ` [${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join(', ')}]` : '';
      rows.push([label, `${scheme}://${host}${p}${hdr}`, String(r.status), reached(r), note]);
      return r;
    };
    // OpenShift Routes
    await send('Route plain /', 'http', httpPort, 'www.apps.local', '/', 'path-based route');
    await send('Route plain /static', 'http', httpPort, 'www.apps.local', '/static/logo.png', 'longest path wins');
    await send('Route edge, port 80', 'http', httpPort, 'shop.apps.local', '/cart?id=7', 'insecureEdgeTerminationPolicy: Redirect (302)');
    await send('Route edge TLS', 'https', httpsPort, 'shop.apps.local', '/cart', 'terminated by HAProxy (SNI)');
    await send('Route passthrough', 'https', httpsPort, 'secure.apps.local', '/', 'TLS ends at the pod');
    await send('Route reencrypt', 'https', httpsPort, 'api.apps.local', '/v1/items', 'verify required (destination CA)');
    const routeSplit = await split(N, () => localRequest({ scheme: 'http', port: httpPort, host: 'canary.apps.local', path: '/' }));
    rows.push([`Route weighted ${N}x`, 'http://canary.apps.local/', '200', routeSplit, 'spec weights 90/10']);
    // Ingresses
    await send('Ingress, port 80', 'http', httpPort, 'shop.ingress.local', '/api/items', 'TLS host: ssl-redirect (308)');
    await send('Ingress Prefix /api', 'https', httpsPort, 'shop.ingress.local', '/api/items', 'cert-manager Secret (local copy)');
    await send('Ingress Exact', 'https', httpsPort, 'shop.ingress.local', '/healthz', 'Exact beats Prefix');
    await send('Ingress Exact, deeper', 'https', httpsPort, 'shop.ingress.local', '/healthz/x', 'Exact does not match below');
    await send('Ingress canary header', 'http', httpPort, 'store.ingress.local', '/', 'canary-by-header: always', { 'X-Canary': 'always' });
    const ingressSplit = await split(N, () => localRequest({ scheme: 'http', port: httpPort, host: 'store.ingress.local', path: '/' }));
    rows.push([`Ingress canary ${N}x`, 'http://store.ingress.local/', '200', ingressSplit, 'canary-weight 20']);
    // Gateway API
    await send('Gateway HTTP listener', 'http', gwHttp, GATEWAY_APP_HOST, '/api/x', 'RequestRedirect to https (301)');
    await send('Gateway HTTPS', 'https', gwHttps, GATEWAY_APP_HOST, '/', 'HTTPS listener, default rule');
    await send('Gateway header match', 'https', gwHttps, GATEWAY_APP_HOST, '/', 'x-env: canary (most header matches)', { 'x-env': 'canary' });
    const gwSplit = await split(N, () => localRequest({ scheme: 'https', port: gwHttps, host: GATEWAY_APP_HOST, path: '/api/orders', ca: ca.caPem }));
    rows.push([`Gateway weighted ${N}x`, `https://${GATEWAY_APP_HOST}/api/orders`, '200', gwSplit, 'backendRefs weights 80/20']);
    await send('unknown host', 'http', httpPort, 'nothing.apps.local', '/', 'no route: 503 like the router');
    printTable(rows);

    console.log('\n== 6. progressive delivery: the same Exposure (Gateway API target) at two canary stages');
    const stageRows: string[][] = [];
    for (const stage of [10, 50]) {
      const files = [path.join(exposureDir, 'checkout-services.k8s.yaml'), path.join(exposureDir, `checkout-stage-${stage}.k8s.yaml`)];
      const loaded = loadPaths(files);
      const stageModel = buildRoutingModel(loaded.objects).model;
      const stageEchoes = await startEchoBackends(stageModel, ca, []);
      stops.push(() => stageEchoes.close());
      const sHttp = await freePort();
      const o = await renderLoaded(loaded.objects as LoadedObject[], { httpPort: sHttp, httpsPort: await freePort(), portMap: { 80: sHttp }, endpoints: stageEchoes.endpoints, devCaDir: ca.dir }, loaded.findings);
      if (o.report.errors.length > 0) {
        printFindings(o.report);
        throw new Error(`stage ${stage} does not validate`);
      }
      const dir = path.join(DIST, `haproxy-stage-${stage}`);
      writeFilesAtomically(dir, o.files);
      const c = checkConfig(dir);
      if (!c.ok) throw new Error(`haproxy -c refused stage ${stage}:\n${c.output}`);
      const h = await startHaproxy(dir);
      try {
        const s = await split(N, () => localRequest({ scheme: 'http', port: sHttp, host: EXPOSURE_APP_HOST, path: '/' }));
        stageRows.push([`stage ${stage}% ${N}x`, `http://${EXPOSURE_APP_HOST}/`, '200', s, `${rel(files[1])}`]);
        const r = await localRequest({ scheme: 'http', port: sHttp, host: EXPOSURE_APP_HOST, path: '/', headers: { 'x-checkout': 'next' } });
        stageRows.push([`stage ${stage}% header`, `http://${EXPOSURE_APP_HOST}/ [x-checkout: next]`, String(r.status), reached(r), 'the canary header always reaches the canary']);
      } finally {
        await h.stop();
      }
    }
    printTable(stageRows);

    console.log('\n== 7. cdk8s-routing explain --format mermaid dist/examples/gateway (paste into GitHub markdown as a ```mermaid block)\n');
    const gw = loadPaths([path.join(EXAMPLES, 'gateway')]);
    process.stdout.write(indent(explainMermaid(buildRoutingModel(gw.objects).model)));
  } finally {
    for (const s of stops.reverse()) await s();
    await echoes.close();
  }
  console.log('\nStopped HAProxy and the echo backends. Try it yourself: npx cdk8s-routing up dist/examples/route dist/examples/ingress --echo');
}

main().then(() => process.exit(0), (e) => {
  console.error(`demo failed: ${(e as Error).message}`);
  process.exit(1);
});
