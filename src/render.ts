import { DevCertificateAuthority } from './common/dev-certificates';
import { translate } from './haproxy/translate';
import { buildRoutingModel, DEFAULT_ROUTER_DOMAIN } from './model/build';
import { EndpointSpec } from './model/endpoints';
import { RoutingModel } from './model/types';
import { GatewayApiChannel } from './validation/context';
import { Finding } from './validation/finding';
import { fromObjects, LoadedObject } from './validation/manifests';
import { validateLoaded, ValidationReport } from './validation/validate';

/** Options of `renderHaproxy` and the `haproxy`/`up` commands (CONTRACT.md). */
export interface RenderOptions {
  /**
   * Port for OpenShift Routes and Ingresses over HTTP.
   * @default 8080
   */
  readonly httpPort?: number;
  /**
   * Port for OpenShift Routes and Ingresses over HTTPS.
   * @default 8443
   */
  readonly httpsPort?: number;
  /**
   * Address to bind.
   * @default '127.0.0.1'
   */
  readonly bind?: string;
  /**
   * Gateway listener port → local port.
   * @default - 80 → 8080, 443 → 8443, other ports as they are
   */
  readonly portMap?: { [port: string]: number };
  /**
   * Suffix of generated Route hosts (`NAME-NAMESPACE.DOMAIN`).
   * @default 'apps.local'
   */
  readonly routerDomain?: string;
  /**
   * Only Gateways of these GatewayClasses are served.
   * @default - every Gateway
   */
  readonly gatewayClasses?: string[];
  /**
   * The Gateway API CRD channel installed in the cluster (which fields and versions validation accepts).
   * @default GatewayApiChannel.STANDARD
   */
  readonly gatewayApiChannel?: GatewayApiChannel;
  /**
   * Directory of the development CA used for certificates the input does not provide.
   * @default - $CDK8S_ROUTING_DEV_CA_DIR, else ~/.cache/cdk8s-routing/dev-ca
   */
  readonly devCaDir?: string;
}

/** Internal render inputs (endpoints are parsed by the CLI). */
export interface RenderInputs extends RenderOptions {
  readonly endpoints?: EndpointSpec[];
  readonly socketTag?: string;
}

/** What a render produced. */
export interface RenderOutcome {
  readonly report: ValidationReport;
  /** Relative file name → content and mode. Empty when validation found errors. */
  readonly files: Map<string, { content: string; mode: number }>;
  readonly model?: RoutingModel;
  /** Model-build warnings (also included in report.warnings). */
  readonly buildFindings: Finding[];
  readonly devCaPem?: string;
}

/** Raised by renderHaproxy when validation finds errors. */
export class RenderRefusedError extends Error {
  constructor(public readonly report: ValidationReport) {
    super(`validation found ${report.errors.length} error(s); nothing rendered`);
  }
}

function dedupeFindings(a: Finding[], b: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.file}|${f.line}|${f.kind}|${f.namespace}|${f.name}|${f.field}|${f.rule}`;
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((f) => !seen.has(key(f)))];
}

/** Validate → model → HAProxy files. Refuses (empty files) when validation has errors. */
export async function renderLoaded(
  objects: LoadedObject[], inputs: RenderInputs = {}, parseFindings: Finding[] = [], validated?: ValidationReport,
): Promise<RenderOutcome> {
  // `validated`: a report the caller already has for these same objects (so `up` does not validate twice)
  const validation = validated ?? validateLoaded(objects, {
    routerDomain: inputs.routerDomain, gatewayApiChannel: inputs.gatewayApiChannel,
  }, parseFindings);
  if (validation.errors.length > 0) {
    return { report: validation, files: new Map(), buildFindings: [] };
  }
  const built = buildRoutingModel(objects, {
    routerDomain: inputs.routerDomain ?? DEFAULT_ROUTER_DOMAIN, endpoints: inputs.endpoints, gatewayClasses: inputs.gatewayClasses,
  });
  const report: ValidationReport = { ...validation, warnings: dedupeFindings(validation.warnings, built.findings) };

  const ca = await DevCertificateAuthority.load(inputs.devCaDir);
  const devCertificates = new Map<string, { certificatePem: string; keyPem: string; caPem?: string }>();
  for (const ep of built.model.entrypoints) {
    for (const c of ep.certificates) {
      if (c.certificatePem && c.keyPem) continue;
      devCertificates.set(c.id, await ca.issue(c.hosts));
    }
  }
  const routerDomain = inputs.routerDomain ?? DEFAULT_ROUTER_DOMAIN;
  const defaultCertificate = await ca.issue([`*.${routerDomain}`, 'localhost']);
  // Reencrypt without a destination CA: the router trusts the service-serving CA; locally that is the development CA.
  const model: RoutingModel = {
    ...built.model,
    backends: built.model.backends.map((b) => (b.upstreamTls && !b.upstreamTls.caPem && !b.upstreamTls.systemCa && b.upstreamTls.verifyHost
      ? { ...b, upstreamTls: { ...b.upstreamTls, caPem: ca.caPem } } : b)),
  };
  const httpPort = inputs.httpPort ?? 8080;
  const httpsPort = inputs.httpsPort ?? 8443;
  // Gateway listener ports (CONTRACT: default 80=8080,443=8443, independent of --http-port/--https-port).
  const portMap = new Map<number, number>([[80, 8080], [443, 8443]]);
  for (const [k, v] of Object.entries(inputs.portMap ?? {})) portMap.set(Number(k), v);
  const files = translate(model, {
    httpPort, httpsPort, bind: inputs.bind ?? '127.0.0.1', portMap, defaultCertificate, devCertificates, socketTag: inputs.socketTag,
  });
  files.set('dev-ca.pem', { content: ca.caPem, mode: 0o644 });
  return { report, files, model, buildFindings: built.findings, devCaPem: ca.caPem };
}

/**
 * Renders `haproxy.cfg` plus the map, certificate and list files it names, from
 * Kubernetes objects (plain JSON). Resolves to file name → content. Rejects with
 * `RenderRefusedError` when validation finds errors.
 */
export async function renderHaproxy(objects: any[], options: RenderOptions = {}): Promise<{ [file: string]: string }> {
  const loaded = objects.length > 0 && objects[0] instanceof LoadedObject ? (objects as LoadedObject[]) : fromObjects(objects);
  const outcome = await renderLoaded(loaded, options);
  if (outcome.report.errors.length > 0) throw new RenderRefusedError(outcome.report);
  const out: { [file: string]: string } = {};
  for (const name of [...outcome.files.keys()].sort()) out[name] = outcome.files.get(name)!.content;
  return out;
}
