import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';

/** The shared reference data (read-only), relative to the repository root. */
export const SHARED = path.resolve(__dirname, '..', '..', '..', 'shared');
export const EXAMPLES = path.join(SHARED, 'gateway-api', 'examples', 'standard');

/** Kinds the Gateway API constructs produce. */
export const GATEWAY_KINDS = ['GatewayClass', 'Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy'];

/** The objects of Gateway API kinds in an upstream example file. */
export function exampleObjects(file: string): any[] {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  return YAML.parseAllDocuments(text).map((d) => d.toJSON()).filter((o: any) => o && GATEWAY_KINDS.includes(o.kind));
}

/** A chart without a namespace (upstream examples mostly leave it out) in a fresh app. */
export function exampleChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'example') };
}

/** A chart in namespace `demo`. */
export function demoChart(app: App = Testing.app(), namespace = 'demo', id = 'test'): Chart {
  return new Chart(app, id, { namespace });
}

/**
 * Synthesizes the whole app the way `cdk8s synth` does, including every
 * construct's `node.addValidation` check (Testing.synth skips them), and
 * returns the objects.
 */
export function synthValidated(app: App): any[] {
  return YAML.parseAllDocuments(app.synthYaml()).map((d) => d.toJSON()).filter((o: any) => o);
}

/** The synthesized objects of Gateway API kinds. */
export function gatewayObjects(app: App): any[] {
  return synthValidated(app).filter((o) => GATEWAY_KINDS.includes(o.kind));
}

/** The objects of one kind in a chart (validation not run). */
export function manifestsOf(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

/** The one object of a kind in a chart. */
export function only(chart: Chart, kind: string): any {
  const list = manifestsOf(chart, kind);
  expect(list).toHaveLength(1);
  return list[0];
}

/** The message of the error thrown by `fn` (fails the test when nothing is thrown). */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error to be thrown');
}

// ---------------------------------------------------------------------------
// Normalisation: the API server applies OpenAPI defaults before storing an
// object, so a field the example leaves to its default and the same field
// written explicitly mean the same object. `normalise` applies the v1.6.1
// standard-channel defaults to both sides so the comparison ignores exactly
// that difference and nothing else. Defaults applied (from the CRDs):
//   parentRefs[].group/kind            gateway.networking.k8s.io / Gateway
//   backendRefs[] (and mirror)         group "" / kind Service; backendRefs weight 1
//   certificateRefs[], clientCertificateRef   group "" / kind Secret
//   listeners[].tls.mode               Terminate
//   listeners[].allowedRoutes          { namespaces: { from: Same } }, kinds[].group gateway.networking.k8s.io
//   addresses[].type                   IPAddress
//   HTTPRoute rules / rules[].matches  [{ path: { type: PathPrefix, value: / } }]
//   matches[].path.type / value        PathPrefix / "/"
//   headers[] / queryParams[] type     Exact; GRPC method type Exact
//   requestRedirect.statusCode         302; cors.maxAge 5; mirror fraction.denominator 100
//   ListenerSet parentRef group/kind   gateway.networking.k8s.io / Gateway
// ---------------------------------------------------------------------------

function withDefaults(obj: any, defaults: Record<string, unknown>): any {
  return { ...defaults, ...obj };
}

function normBackend(b: any, weight: boolean): any {
  const out = withDefaults(b, weight ? { group: '', kind: 'Service', weight: 1 } : { group: '', kind: 'Service' });
  if (out.filters) out.filters = out.filters.map(normFilter);
  return out;
}

function normFilter(f: any): any {
  const out = { ...f };
  if (out.requestRedirect) out.requestRedirect = withDefaults(out.requestRedirect, { statusCode: 302 });
  if (out.cors) out.cors = withDefaults(out.cors, { maxAge: 5 });
  if (out.requestMirror) {
    out.requestMirror = { ...out.requestMirror, backendRef: normBackend(out.requestMirror.backendRef, false) };
    if (out.requestMirror.fraction) out.requestMirror.fraction = withDefaults(out.requestMirror.fraction, { denominator: 100 });
  }
  return out;
}

function normHttpMatch(m: any): any {
  const out = { ...m };
  out.path = withDefaults(out.path ?? {}, { type: 'PathPrefix', value: '/' });
  if (out.headers) out.headers = out.headers.map((h: any) => withDefaults(h, { type: 'Exact' }));
  if (out.queryParams) out.queryParams = out.queryParams.map((q: any) => withDefaults(q, { type: 'Exact' }));
  return out;
}

function normGrpcMatch(m: any): any {
  const out = { ...m };
  if (out.method) out.method = withDefaults(out.method, { type: 'Exact' });
  if (out.headers) out.headers = out.headers.map((h: any) => withDefaults(h, { type: 'Exact' }));
  return out;
}

function normListener(l: any): any {
  const out = { ...l };
  if (out.tls) {
    out.tls = withDefaults(out.tls, { mode: 'Terminate' });
    if (out.tls.certificateRefs) out.tls.certificateRefs = out.tls.certificateRefs.map((c: any) => withDefaults(c, { group: '', kind: 'Secret' }));
  }
  out.allowedRoutes = withDefaults(out.allowedRoutes ?? {}, { namespaces: { from: 'Same' } });
  if (out.allowedRoutes.kinds) out.allowedRoutes.kinds = out.allowedRoutes.kinds.map((k: any) => withDefaults(k, { group: 'gateway.networking.k8s.io' }));
  return out;
}

/** Applies the API server's defaults (see above) to a Gateway API object. */
export function normalise(obj: any): any {
  const o = JSON.parse(JSON.stringify(obj));
  const spec = o.spec ?? {};
  if (spec.parentRefs) spec.parentRefs = spec.parentRefs.map((p: any) => withDefaults(p, { group: 'gateway.networking.k8s.io', kind: 'Gateway' }));
  if (o.kind === 'ListenerSet' && spec.parentRef) spec.parentRef = withDefaults(spec.parentRef, { group: 'gateway.networking.k8s.io', kind: 'Gateway' });
  if (spec.listeners) spec.listeners = spec.listeners.map(normListener);
  if (spec.addresses) spec.addresses = spec.addresses.map((a: any) => withDefaults(a, { type: 'IPAddress' }));
  if (spec.tls?.backend?.clientCertificateRef) spec.tls.backend.clientCertificateRef = withDefaults(spec.tls.backend.clientCertificateRef, { group: '', kind: 'Secret' });
  if (o.kind === 'HTTPRoute') {
    spec.rules = (spec.rules ?? [{}]).map((r: any) => {
      const out = { ...r, matches: (r.matches ?? [{}]).map(normHttpMatch) };
      if (out.filters) out.filters = out.filters.map(normFilter);
      if (out.backendRefs) out.backendRefs = out.backendRefs.map((b: any) => normBackend(b, true));
      return out;
    });
  } else if (spec.rules) {
    spec.rules = spec.rules.map((r: any) => {
      const out = { ...r };
      if (out.matches) out.matches = out.matches.map(o.kind === 'GRPCRoute' ? normGrpcMatch : normHttpMatch);
      if (out.filters) out.filters = out.filters.map(normFilter);
      if (out.backendRefs) out.backendRefs = out.backendRefs.map((b: any) => normBackend(b, true));
      return out;
    });
  }
  return o;
}

/** Sorted by kind, namespace and name, normalised. */
export function comparable(objects: any[]): any[] {
  const key = (o: any) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  return objects.map(normalise).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
