/**
 * One measured step of `npm run bench`, run in its own process so its peak
 * memory (maxRSS) is its own. Prints one JSON line: { task, n, ms, maxRssMB, ... }.
 *   synth N DIR     cdk8s-routing Route constructs → YAML in DIR (runs the construct validations)
 *   kplus N DIR     yardstick: cdk8s-plus-28 Ingress + Service pairs → YAML in DIR
 *   validate N DIR  YAML on disk → findings
 *   render N DIR OUT  YAML on disk → validate → model → haproxy files in OUT (env BENCH_BACKEND=HOST:PORT for endpoints)
 *   gwsynth N DIR   Gateway API: a Gateway and N HTTPRoute constructs → YAML in DIR (every 3rd with a path, every 4th
 *                   a weighted split, every 5th a header-matched rule)
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DevCertificateAuthority } from '../src/common/dev-certificates';
import { writeFilesAtomically } from '../src/haproxy';
import { EndpointSpec } from '../src/model/endpoints';
import { renderLoaded } from '../src/render';
import { Gateway, GatewayBackend, GatewayParent, GatewayProtocol, HeaderMatch, HttpRoute, HttpRouteMatch } from '../src/gateway';
import { Route, RouteBackend, RouteCertificate, RouteTls } from '../src/route';
import { loadPaths } from '../src/validation/manifests';
import { validateLoaded } from '../src/validation/validate';

export const SERVICES = 50;

/** Route i: host h<i>.bench.example.com; every 3rd has a path /p<i%7>; every 10th (i % 10 = 9) is edge TLS. */
export function benchHost(i: number): { host: string; path?: string } {
  return { host: `h${i}.bench.example.com`, path: i % 3 === 0 ? `/p${i % 7}` : undefined };
}

async function synth(n: number, dir: string): Promise<Record<string, unknown>> {
  const ca = await DevCertificateAuthority.load(process.env.BENCH_CA_DIR);
  const cert = await ca.issue(['*.bench.example.com']);
  const t0 = process.hrtime.bigint();
  fs.rmSync(dir, { recursive: true, force: true });
  const app = new App({ outdir: dir });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let j = 0; j < SERVICES; j++) {
    new kplus.Service(chart, `svc${j}`, { metadata: { name: `svc${j}` }, ports: [{ port: 8080, targetPort: 8080 }], selector: kplus.Pods.select(chart, `sel${j}`, { labels: { app: `svc${j}` } }) });
  }
  const pem = RouteCertificate.fromPem({ certificate: cert.certificatePem, key: cert.keyPem });
  for (let i = 0; i < n; i++) {
    const { host, path: p } = benchHost(i);
    new Route(chart, `r${i}`, {
      metadata: { name: `r${i}` },
      host,
      path: p,
      to: RouteBackend.fromServiceName(`svc${i % SERVICES}`, { targetPort: 8080 }),
      tls: i % 10 === 9 ? RouteTls.edge({ certificate: pem }) : undefined,
    });
  }
  app.synth();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

/** HTTPRoute i: host g<i>.bench.example.com; a path /p<i%7> on every 3rd; `x-canary: yes` selects another Service on every 5th. */
export function benchGatewayHost(i: number): { host: string; path?: string; header: boolean } {
  return { host: `g${i}.bench.example.com`, path: i % 3 === 0 ? `/p${i % 7}` : undefined, header: i % 5 === 0 };
}

function gatewaySynth(n: number, dir: string): Record<string, unknown> {
  const t0 = process.hrtime.bigint();
  fs.rmSync(dir, { recursive: true, force: true });
  const app = new App({ outdir: dir });
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let j = 0; j < SERVICES; j++) {
    new kplus.Service(chart, `svc${j}`, { metadata: { name: `svc${j}` }, ports: [{ port: 8080, targetPort: 8080 }], selector: kplus.Pods.select(chart, `sel${j}`, { labels: { app: `svc${j}` } }) });
  }
  const gateway = new Gateway(chart, 'gw', { metadata: { name: 'gw' }, gatewayClassName: 'bench', listeners: [{ name: 'http', port: 80, protocol: GatewayProtocol.HTTP }] });
  const parent = GatewayParent.fromGateway(gateway);
  const svc = (k: number, weight?: number) => GatewayBackend.fromName(`svc${k % SERVICES}`, { port: 8080, weight });
  for (let i = 0; i < n; i++) {
    const { host, path: p, header } = benchGatewayHost(i);
    const route = new HttpRoute(chart, `r${i}`, { metadata: { name: `r${i}` }, parents: [parent], hostnames: [host] });
    const match = p ? HttpRouteMatch.pathPrefix(p) : HttpRouteMatch.pathPrefix('/');
    if (header) {
      route.addRule({ matches: [p ? HttpRouteMatch.pathPrefix(p, { headers: [HeaderMatch.exact('x-canary', 'yes')] }) : HttpRouteMatch.anyPath({ headers: [HeaderMatch.exact('x-canary', 'yes')] })], backends: [svc(i + 1)] });
    }
    route.addRule({ matches: [match], backends: i % 4 === 0 ? [svc(i, 90), svc(i + 2, 10)] : [svc(i)] });
  }
  app.synth();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function kplusYardstick(n: number, dir: string): Record<string, unknown> {
  const t0 = process.hrtime.bigint();
  fs.rmSync(dir, { recursive: true, force: true });
  const app = new App({ outdir: dir });
  const chart = new Chart(app, 'kplus', { namespace: 'bench' });
  for (let i = 0; i < n; i++) {
    const svc = new kplus.Service(chart, `s${i}`, { ports: [{ port: 8080 }], selector: kplus.Pods.select(chart, `p${i}`, { labels: { app: `a${i}` } }) });
    new kplus.Ingress(chart, `i${i}`, { rules: [{ host: `h${i}.bench.example.com`, backend: kplus.IngressBackend.fromService(svc) }] });
  }
  app.synth();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function validate(dir: string): Record<string, unknown> {
  const t0 = process.hrtime.bigint();
  const { objects, findings } = loadPaths([dir]);
  const report = validateLoaded(objects, {}, findings);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, objects: report.objects, errors: report.errors.length, warnings: report.warnings.length };
}

async function render(dir: string, out: string): Promise<Record<string, unknown>> {
  const backend = process.env.BENCH_BACKEND ?? '127.0.0.1:9';
  const [host, port] = [backend.slice(0, backend.lastIndexOf(':')), Number(backend.slice(backend.lastIndexOf(':') + 1))];
  const endpoints: EndpointSpec[] = [];
  for (let j = 0; j < SERVICES; j++) endpoints.push({ namespace: 'bench', name: `svc${j}`, addresses: [{ host, port }] });
  const t0 = process.hrtime.bigint();
  const { objects, findings } = loadPaths([dir]);
  const outcome = await renderLoaded(objects, {
    endpoints, devCaDir: process.env.BENCH_CA_DIR,
    httpPort: Number(process.env.BENCH_HTTP_PORT ?? 8080), httpsPort: Number(process.env.BENCH_HTTPS_PORT ?? 8443),
    // Gateway listeners (port 80) are served where Routes would be.
    portMap: { 80: Number(process.env.BENCH_HTTP_PORT ?? 8080), 443: Number(process.env.BENCH_HTTPS_PORT ?? 8443) },
  }, findings);
  if (outcome.report.errors.length > 0) throw new Error(`bench input does not validate: ${outcome.report.errors[0].message}`);
  writeFilesAtomically(out, outcome.files);
  const cfg = fs.readFileSync(path.join(out, 'haproxy.cfg'), 'utf8');
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, files: outcome.files.size, cfgLines: cfg.split('\n').length };
}

async function run(): Promise<void> {
  const [task, nText, dir, out] = process.argv.slice(2);
  const n = Number(nText);
  let r: Record<string, unknown>;
  switch (task) {
    case 'synth': r = await synth(n, dir); break;
    case 'kplus': r = kplusYardstick(n, dir); break;
    case 'validate': r = validate(dir); break;
    case 'render': r = await render(dir, out); break;
    case 'gwsynth': r = gatewaySynth(n, dir); break;
    default: throw new Error(`unknown task ${task}`);
  }
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ task, n, ...r, maxRssMB }) + '\n');
}

if (require.main === module) {
  run().catch((e) => {
    process.stderr.write(`bench worker failed: ${(e as Error).stack}\n`);
    process.exit(1);
  });
}
