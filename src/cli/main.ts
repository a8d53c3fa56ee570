import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { stringify } from 'yaml';
import { DevCertificateAuthority } from '../common/dev-certificates';
import { checkConfig, ConfigInjectionError, startHaproxy, TranslateError, writeFilesAtomically } from '../haproxy';
import { startEchoBackends } from './echo-backends';
import { formatGithub, formatJson, formatText, ProgressLine, useColour } from './format';
import { InputWatcher, watchInputs } from './watch';
import { convertManifests } from '../convert';
import { buildRoutingModel, DEFAULT_ROUTER_DOMAIN } from '../model/build';
import { EndpointsError, EndpointSpec, parseEndpointFlag, parseEndpointsFile } from '../model/endpoints';
import { explainMermaid } from '../model/explain';
import { formatTable, routingTable } from '../model/table';
import { renderLoaded, RenderInputs } from '../render';
import { GatewayApiChannel } from '../validation/context';
import { CustomResourceDefinitions } from '../validation/crd/definitions';
import { Finding } from '../validation/finding';
import { InputError, loadPaths, LoadedObject } from '../validation/manifests';
import { validateLoaded, ValidationReport } from '../validation/validate';

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stdin: () => string;
  readonly isTty: boolean;
  /** Whether standard error is a terminal (progress indicator). @default false */
  readonly stderrIsTty?: boolean;
  /** Environment (NO_COLOR). @default process.env */
  readonly env?: { [key: string]: string | undefined };
  /** Resolves when the user asks to stop (Ctrl-C); `up` waits for it. */
  readonly untilStopped?: () => Promise<void>;
  /** Called by `up --watch` after each change: whether the new configuration is serving. */
  readonly onReload?: (ok: boolean) => void;
  /** Called by `up` once HAProxy is serving (tests use it to send requests). */
  readonly onServing?: (info: { dir: string; httpPort: number; httpsPort: number }) => void;
}

class UsageError extends Error {}

function writeFileAtomically(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, content, { mode: 0o644 });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new InputError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function defaultIo(): CliIo {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: () => fs.readFileSync(0, 'utf8'),
    isTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    env: process.env,
    untilStopped: () => new Promise<void>((resolve) => {
      const done = () => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    }),
  };
}

function port(v: string): number {
  if (!/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > 65535) throw new UsageError(`port ${JSON.stringify(v)} is not a number in 1-65535`);
  return Number(v);
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

function parsePortMap(values: string[]): { [p: string]: number } {
  const out: { [p: string]: number } = {};
  for (const v of values) {
    for (const pair of v.split(',').filter((x) => x !== '')) {
      const m = /^([0-9]+)=([0-9]+)$/.exec(pair);
      if (!m) throw new UsageError(`--port-map ${JSON.stringify(pair)}: expected P=Q (listener port = local port)`);
      out[String(port(m[1]))] = port(m[2]);
    }
  }
  return out;
}

function load(paths: string[], io: CliIo, progress?: ProgressLine): { objects: LoadedObject[]; findings: Finding[] } {
  if (paths.length === 0) throw new UsageError('no input: give files, directories, or - for standard input');
  return loadPaths(paths, io.stdin, progress ? (file, i, total, bytes) => progress.reading(file, i, total, bytes) : undefined);
}

interface RenderFlags {
  out?: string;
  endpoints?: string[];
  endpoint?: string[];
  httpPort?: string;
  httpsPort?: string;
  bind?: string;
  portMap?: string[];
  routerDomain?: string;
  gatewayClass?: string[];
  gatewayChannel?: string;
}

function renderInputs(flags: RenderFlags): RenderInputs & { endpoints: EndpointSpec[] } {
  const endpoints: EndpointSpec[] = [];
  for (const file of flags.endpoints ?? []) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    endpoints.push(...parseEndpointsFile(text, file));
  }
  for (const f of flags.endpoint ?? []) endpoints.push(parseEndpointFlag(f));
  const bind = flags.bind ?? '127.0.0.1';
  if (!/^[0-9a-fA-F.:]+$/.test(bind) && bind !== 'localhost' && bind !== '*') throw new UsageError(`--bind ${JSON.stringify(bind)} is not an address`);
  const routerDomain = flags.routerDomain ?? DEFAULT_ROUTER_DOMAIN;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(routerDomain)) {
    throw new UsageError(`--router-domain ${JSON.stringify(routerDomain)} is not a lower-case DNS name`);
  }
  return {
    endpoints,
    gatewayApiChannel: flags.gatewayChannel === 'experimental' ? GatewayApiChannel.EXPERIMENTAL : GatewayApiChannel.STANDARD,
    httpPort: flags.httpPort !== undefined ? port(flags.httpPort) : 8080,
    httpsPort: flags.httpsPort !== undefined ? port(flags.httpsPort) : 8443,
    bind,
    portMap: parsePortMap(flags.portMap ?? []),
    routerDomain,
    gatewayClasses: flags.gatewayClass,
  };
}

function printFindings(report: ValidationReport, io: CliIo, toStderr: boolean): void {
  const text = formatText(report, false);
  if (toStderr) io.stderr(text);
  else io.stdout(text);
}

function addRenderOptions(cmd: Command): Command {
  return cmd
    .option('--endpoints <file>', 'YAML/JSON file saying where Services live (repeatable)', collect)
    .option('--endpoint <spec>', 'NS/NAME[:PORT]=HOST:PORT[,HOST:PORT...] (repeatable)', collect)
    .option('--http-port <n>', 'local port for Routes and Ingresses over HTTP', '8080')
    .option('--https-port <n>', 'local port for Routes and Ingresses over HTTPS', '8443')
    .option('--bind <addr>', 'address to bind', '127.0.0.1')
    .option('--port-map <P=Q,...>', 'serve Gateway listener port P on local port Q (repeatable)', collect)
    .option('--router-domain <domain>', 'suffix of generated Route hosts', DEFAULT_ROUTER_DOMAIN)
    .option('--gateway-class <name>', 'only Gateways of these classes (repeatable)', collect)
    .addOption(new Option('--gateway-channel <channel>', 'Gateway API CRD channel installed in the cluster')
      .choices(['standard', 'experimental']).default('standard'));
}

/** Runs the CLI; resolves to the exit status (0 ok, 1 findings, 2 usage or I/O). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let status = 0;
  const program = new Command();
  program
    .name('cdk8s-routing')
    .description('Validate OpenShift Routes, Ingresses and Gateway API objects, render them for HAProxy, and run them locally.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);

  program.command('validate')
    .description('check manifests as the API server and the routers would')
    .argument('[paths...]', 'files, directories (recursive: *.yaml, *.yml, *.json), or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .option('--strict', 'warnings fail too', false)
    .option('--crds <path>', 'CustomResourceDefinitions (file or directory) to validate custom resources against (repeatable)', collect)
    .addOption(new Option('--gateway-channel <channel>', 'Gateway API CRD channel installed in the cluster')
      .choices(['standard', 'experimental']).default('standard'))
    .action((paths: string[], opts: { format: string; strict: boolean; crds?: string[]; gatewayChannel: string }) => {
      const crds = opts.crds ? CustomResourceDefinitions.fromPaths(opts.crds) : undefined;
      const gatewayApiChannel = opts.gatewayChannel === 'experimental' ? GatewayApiChannel.EXPERIMENTAL : GatewayApiChannel.STANDARD;
      const progress = new ProgressLine(io.stderr, io.stderrIsTty ?? false);
      let report: ValidationReport;
      try {
        const { objects, findings } = load(paths, io, progress);
        report = validateLoaded(objects, { crds, gatewayApiChannel }, findings, {
          progress: (done, total) => progress.update('validating', done, total, 'objects'),
        });
      } finally {
        progress.clear();
      }
      if (opts.format === 'json') io.stdout(formatJson(report));
      else if (opts.format === 'github') io.stdout(formatGithub(report));
      else io.stdout(formatText(report, useColour(io.isTty, io.env ?? process.env)));
      status = report.errors.length > 0 || (opts.strict && report.warnings.length > 0) ? 1 : 0;
    });

  addRenderOptions(program.command('haproxy')
    .description('render haproxy.cfg plus its map, certificate and list files into DIR')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .requiredOption('--out <dir>', 'output directory (written atomically)'))
    .action(async (paths: string[], flags: RenderFlags) => {
      const inputs = renderInputs(flags);
      const { objects, findings } = load(paths, io);
      const report = validateLoaded(objects, { routerDomain: inputs.routerDomain, gatewayApiChannel: inputs.gatewayApiChannel }, findings);
      let outcome: Awaited<ReturnType<typeof renderLoaded>>;
      try {
        outcome = await renderLoaded(objects, inputs, findings, report);
      } catch (e) {
        // a value validation accepts but the renderer refuses: the warnings often name its field
        if (report.warnings.length > 0) printFindings(report, io, true);
        throw e;
      }
      if (outcome.report.errors.length > 0) {
        printFindings(outcome.report, io, true);
        io.stderr(`nothing written to ${flags.out}: fix the errors above\n`);
        status = 1;
        return;
      }
      if (outcome.report.warnings.length > 0) printFindings(outcome.report, io, true);
      writeFilesAtomically(flags.out!, outcome.files);
      io.stdout(`wrote ${outcome.files.size} files to ${flags.out}\n`);
    });

  addRenderOptions(program.command('up')
    .description('render, check with haproxy -c, and run HAProxy in the foreground until Ctrl-C')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .option('--out <dir>', 'output directory (default: a temporary directory, removed on exit)')
    .option('--echo', 'start built-in echo backends for Services without endpoints', false)
    .option('--watch', 're-render and reload HAProxy when the inputs change (a change that fails validation is reported; the running configuration stays)', false))
    .action(async (paths: string[], flags: RenderFlags & { echo: boolean; watch: boolean }) => {
      if (flags.watch && paths.includes('-')) throw new UsageError('--watch needs files or directories, not standard input');
      const inputs = renderInputs(flags);
      const { objects, findings } = load(paths, io);
      const pre = validateLoaded(objects, { routerDomain: inputs.routerDomain, gatewayApiChannel: inputs.gatewayApiChannel }, findings);
      if (pre.errors.length > 0) {
        printFindings(pre, io, true);
        status = 1;
        return;
      }
      const ca = await DevCertificateAuthority.load();
      let echoes: Awaited<ReturnType<typeof startEchoBackends>> | undefined;
      const moreEchoes: Array<Awaited<ReturnType<typeof startEchoBackends>>> = [];
      let watcher: InputWatcher | undefined;
      const tempDir = flags.out ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-routing-up-'));
      const dir = flags.out ?? path.join(tempDir!, 'haproxy');
      let haproxy: Awaited<ReturnType<typeof startHaproxy>> | undefined;
      try {
        if (flags.echo) {
          const model = buildRoutingModel(objects, {
            routerDomain: inputs.routerDomain, endpoints: inputs.endpoints, gatewayClasses: inputs.gatewayClasses,
          }).model;
          echoes = await startEchoBackends(model, ca, inputs.endpoints);
          inputs.endpoints.push(...echoes.endpoints);
        }
        let outcome: Awaited<ReturnType<typeof renderLoaded>>;
        try {
          outcome = await renderLoaded(objects, { ...inputs, devCaDir: ca.dir }, findings, pre);
        } catch (e) {
          // a value validation accepts but the renderer refuses: the warnings often name its field
          if (pre.warnings.length > 0) printFindings(pre, io, true);
          throw e;
        }
        if (outcome.report.errors.length > 0) {
          printFindings(outcome.report, io, true);
          status = 1;
          return;
        }
        if (outcome.report.warnings.length > 0) printFindings(outcome.report, io, true);
        writeFilesAtomically(dir, outcome.files);
        const check = checkConfig(dir);
        if (!check.ok) {
          io.stderr(`haproxy -c refused the configuration:\n${check.output}\n`);
          status = 1;
          return;
        }
        haproxy = await startHaproxy(dir);
        const httpPort = inputs.httpPort ?? 8080;
        const httpsPort = inputs.httpsPort ?? 8443;
        io.stdout(formatTable(routingTable(outcome.model!), (ep, p) => (ep.startsWith('gw:')
          ? inputs.portMap?.[String(p)] ?? (p === 80 ? 8080 : p === 443 ? 8443 : p)
          : p === 80 ? httpPort : p === 443 ? httpsPort : inputs.portMap?.[String(p)])));
        io.stdout(`\nHAProxy (pid ${haproxy.pid}) serving from ${dir}\n`);
        const gwEntrypoints = outcome.model!.entrypoints.filter((e) => e.portMapped);
        if (gwEntrypoints.length < outcome.model!.entrypoints.length) io.stdout(`  http://${inputs.bind}:${httpPort}   https://${inputs.bind}:${httpsPort}\n`);
        for (const e of gwEntrypoints) {
          // Gateway listener ports go through --port-map (default 80=8080, 443=8443).
          const local = inputs.portMap?.[String(e.port)] ?? (e.port === 80 ? 8080 : e.port === 443 ? 8443 : e.port);
          const scheme = e.protocol === 'HTTP' ? 'http' : e.protocol === 'HTTPS' ? 'https' : e.protocol.toLowerCase();
          io.stdout(`  ${e.id} (listener port ${e.port}): ${scheme}://${inputs.bind}:${local}\n`);
        }
        // The curl hint uses the Route/Ingress HTTPS port, or the first Gateway HTTPS listener when only Gateways are served.
        const gwHttps = gwEntrypoints.find((e) => e.protocol === 'HTTPS');
        const tlsPort = gwEntrypoints.length === outcome.model!.entrypoints.length && gwHttps
          ? inputs.portMap?.[String(gwHttps.port)] ?? (gwHttps.port === 443 ? 8443 : gwHttps.port) : httpsPort;
        if (outcome.model!.entrypoints.some((e) => e.protocol === 'HTTPS' || e.protocol === 'TLS')) {
          io.stdout(`  development CA: ${path.join(dir, 'dev-ca.pem')} (curl --cacert ... --resolve HOST:${tlsPort}:127.0.0.1 https://HOST:${tlsPort}/)\n`);
        }
        for (const e of echoes?.started ?? []) io.stdout(`  echo backend ${e.service} (${e.mode}) on 127.0.0.1:${e.port}\n`);
        if (flags.watch) {
          const running = haproxy;
          const rerender = async (): Promise<boolean> => {
            try {
              const next = load(paths, io);
              const options = { routerDomain: inputs.routerDomain, gatewayApiChannel: inputs.gatewayApiChannel };
              const report = validateLoaded(next.objects, options, next.findings);
              if (report.errors.length > 0) {
                printFindings(report, io, true);
                io.stderr('change not applied: fix the errors above; HAProxy keeps the running configuration\n');
                return false;
              }
              if (flags.echo) {
                const m = buildRoutingModel(next.objects, {
                  routerDomain: inputs.routerDomain, endpoints: inputs.endpoints, gatewayClasses: inputs.gatewayClasses,
                }).model;
                const added = await startEchoBackends(m, ca, inputs.endpoints);
                moreEchoes.push(added);
                inputs.endpoints.push(...added.endpoints);
                for (const e of added.started) io.stdout(`  echo backend ${e.service} (${e.mode}) on 127.0.0.1:${e.port}\n`);
              }
              const o = await renderLoaded(next.objects, { ...inputs, devCaDir: ca.dir }, next.findings, report);
              if (o.report.errors.length > 0) {
                printFindings(o.report, io, true);
                io.stderr('change not applied; HAProxy keeps the running configuration\n');
                return false;
              }
              if (o.report.warnings.length > 0) printFindings(o.report, io, true);
              const staging = `${dir}.next`;
              writeFilesAtomically(staging, o.files);
              const c = checkConfig(staging);
              fs.rmSync(staging, { recursive: true, force: true });
              if (!c.ok) {
                io.stderr(`change not applied: haproxy -c refused the new configuration; HAProxy keeps the running one:\n${c.output}\n`);
                return false;
              }
              writeFilesAtomically(dir, o.files);
              await running.reload();
              io.stdout(formatTable(routingTable(o.model!), (ep, p) => (ep.startsWith('gw:')
                ? inputs.portMap?.[String(p)] ?? (p === 80 ? 8080 : p === 443 ? 8443 : p)
                : p === 80 ? httpPort : p === 443 ? httpsPort : inputs.portMap?.[String(p)])));
              io.stdout(`reloaded HAProxy (pid ${running.pid}); open connections finish on the old process\n`);
              return true;
            } catch (e) {
              io.stderr(`change not applied: ${(e as Error).message}; HAProxy keeps the running configuration\n`);
              return false;
            }
          };
          watcher = watchInputs(paths, async () => {
            const ok = await rerender();
            io.onReload?.(ok);
          });
          io.stdout(`Watching ${paths.join(' ')} for changes.\n`);
        }
        io.stdout('Press Ctrl-C to stop.\n');
        io.onServing?.({ dir, httpPort, httpsPort });
        await (io.untilStopped ?? defaultIo().untilStopped!)();
      } finally {
        watcher?.close();
        if (haproxy) await haproxy.stop();
        if (echoes) await echoes.close();
        for (const e of moreEchoes) await e.close();
        if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
      }
    });

  program.command('dev-ca')
    .description('print the development CA certificate (PEM) that signs local certificates, so curl or a browser can trust it')
    .option('--out <file>', 'write the certificate to FILE instead of standard output')
    .action(async (flags: { out?: string }) => {
      const ca = await DevCertificateAuthority.load();
      if (flags.out) {
        writeFileAtomically(flags.out, ca.caPem);
        io.stderr(`wrote the development CA certificate to ${flags.out} (key stays in ${ca.dir})\n`);
      } else {
        io.stdout(ca.caPem);
      }
    });

  program.command('convert')
    .description('convert Routes and Ingresses (with ingress-nginx annotations) to Gateway API, or Gateway API routes to Routes or Ingresses')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .addOption(new Option('--to <family>', 'target family').choices(['gateway', 'route', 'ingress']).makeOptionMandatory())
    .option('--ingress-class <name>', 'ingressClassName of Ingresses made from Gateway API routes', 'nginx')
    .option('--gateway-class <name>', 'GatewayClass (and name) of the generated Gateways')
    .option('--router-domain <domain>', 'suffix of generated Route hosts', DEFAULT_ROUTER_DOMAIN)
    .option('--out <dir>', 'write one file per object (NAMESPACE/KIND-NAME.yaml) into DIR instead of standard output')
    .action((paths: string[], flags: { to: 'gateway' | 'route' | 'ingress'; gatewayClass?: string; ingressClass: string; routerDomain: string; out?: string }) => {
      for (const [flag, v] of [['--gateway-class', flags.gatewayClass], ['--ingress-class', flags.ingressClass]] as const) {
        if (v !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v)) throw new UsageError(`${flag} ${JSON.stringify(v)} is not a DNS-1123 subdomain`);
      }
      const { objects, findings } = load(paths, io);
      const report = validateLoaded(objects, { routerDomain: flags.routerDomain }, findings);
      if (report.errors.length > 0) {
        printFindings(report, io, true);
        io.stderr('nothing converted: fix the errors above\n');
        status = 1;
        return;
      }
      const result = convertManifests(objects, {
        to: flags.to, gatewayClass: flags.gatewayClass, routerDomain: flags.routerDomain, ingressClass: flags.ingressClass,
      });
      for (const n of result.notices) {
        const where = n.file ? `${n.file}${n.line ? `:${n.line}` : ''}: ` : '';
        io.stderr(`${where}${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}: ${n.field}: ${n.message} (${n.severity === 'error' ? 'not converted' : 'lossy'})\n`);
      }
      const docs = result.objects.map((o) => stringify(o, { lineWidth: 0 }));
      if (flags.out) {
        const files = new Map<string, { content: string; mode: number }>();
        result.objects.forEach((o, i) => files.set(`${o.metadata.namespace ?? '_cluster'}/${o.kind.toLowerCase()}-${o.metadata.name}.yaml`, { content: docs[i], mode: 0o644 }));
        writeFilesAtomically(flags.out, files);
        io.stderr(`wrote ${files.size} objects to ${flags.out}\n`);
      } else {
        io.stdout(docs.join('---\n'));
      }
      const errors = result.notices.filter((n) => n.severity === 'error').length;
      io.stderr(`${result.objects.length} objects, ${errors} not converted, ${result.notices.length - errors} lossy\n`);
      if (errors > 0) status = 1;
    });

  program.command('explain')
    .description('print where traffic goes: listener, host and match -> backends with their share (text or a Mermaid flowchart)')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'mermaid']).default('text'))
    .option('--endpoints <file>', 'YAML/JSON file saying where Services live (repeatable)', collect)
    .option('--endpoint <spec>', 'NS/NAME[:PORT]=HOST:PORT[,HOST:PORT...] (repeatable)', collect)
    .option('--router-domain <domain>', 'suffix of generated Route hosts', DEFAULT_ROUTER_DOMAIN)
    .action((paths: string[], flags: RenderFlags & { format: string }) => {
      const inputs = renderInputs(flags);
      const { objects, findings } = load(paths, io);
      const report = validateLoaded(objects, { routerDomain: inputs.routerDomain, gatewayApiChannel: inputs.gatewayApiChannel }, findings);
      if (report.errors.length > 0) {
        printFindings(report, io, true);
        io.stderr('cannot explain: fix the errors above\n');
        status = 1;
        return;
      }
      const { model } = buildRoutingModel(objects, { routerDomain: inputs.routerDomain, endpoints: inputs.endpoints });
      if (flags.format === 'mermaid') io.stdout(explainMermaid(model));
      else io.stdout(formatTable(routingTable(model)));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof TranslateError || e instanceof ConfigInjectionError) {
      // The input is valid but cannot be served locally as asked (e.g. two entrypoints on one local port).
      io.stderr(`cdk8s-routing: cannot render: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UsageError || e instanceof InputError || e instanceof EndpointsError) {
      io.stderr(`cdk8s-routing: ${e.message}\n`);
      return 2;
    }
    io.stderr(`cdk8s-routing: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}
