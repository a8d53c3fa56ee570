/**
 * Gateway API → Kubernetes Ingress (ingress-nginx), where an Ingress can say
 * the same thing.
 *
 * Each HTTPRoute becomes an Ingress of the given class with one rule per
 * hostname (route ∩ listener) and one path per match: PathPrefix → Prefix,
 * Exact → Exact. HTTPS listeners add `spec.tls` with their certificate
 * Secrets (ingress-nginx then redirects HTTP to HTTPS with 308, as an
 * HTTP-listener redirect route does). A rule whose backendRefs split traffic
 * between two Services becomes the main path plus a canary Ingress
 * `<route>-canary-<rule>` with `canary-weight` / `canary-weight-total`.
 * Rule timeouts become proxy read/send timeouts (whole seconds).
 * Not expressible: header/query/method matches, regex paths (they would switch
 * every path of the host to regex), header modifiers, redirects other than to
 * https, rewrites, more than two weighted backends, TLS/TCP/UDP/GRPC routes.
 *
 * Internal: not part of the jsii API.
 */
import { ConvertResult, isObj, KubeManifest, nonEmpty, Notices, objectName } from './common';
import { attachedListeners } from './gateway-to-route';
import { ObjectIndex } from '../validation/context';
import { FieldPath } from '../validation/field-path';
import { durationMs as gatewayDurationMs } from '../validation/gateway/cel';
import { GatewayIndex } from '../validation/gateway-attachment';
import { LoadedObject } from '../validation/manifests';

const SPEC = FieldPath.root('spec');
const NGINX = 'nginx.ingress.kubernetes.io/';

export interface GatewayToIngressOptions {
  /** `ingressClassName` of the generated Ingresses. @default 'nginx' */
  readonly ingressClass?: string;
}

/** Milliseconds of a Gateway API duration (`1h2m3s4ms`); the validator's parser. */
export const durationMs = gatewayDurationMs;

export function convertGatewayToIngresses(objects: LoadedObject[], options: GatewayToIngressOptions = {}): ConvertResult {
  const index = new ObjectIndex(objects);
  const gateways = new GatewayIndex(index);
  const notices = new Notices();
  const out: KubeManifest[] = [];
  const className = options.ingressClass ?? 'nginx';

  for (const r of index.ofKind('HTTPRoute')) {
    const ns = r.namespace ?? 'default';
    const listeners = attachedListeners(gateways, r, ['HTTP', 'HTTPS']);
    if (listeners.length === 0) {
      notices.error(r, SPEC.child('parentRefs'), 'no Gateway listener in the input serves this route');
      continue;
    }
    const routeHosts: string[] = Array.isArray(r.object.spec?.hostnames)
      ? r.object.spec.hostnames.filter(nonEmpty).map((h: string) => h.toLowerCase()) : [];
    const hosts = new Set<string>();
    const tls = new Map<string, Set<string>>(); // secret -> hosts
    for (const l of listeners) {
      for (const h of l.hostnames) {
        hosts.add(h);
        if (l.protocol === 'HTTPS' && h !== '') {
          for (const c of l.certificateRefs) {
            if ((c.namespace ?? l.gateway.namespace) !== ns) {
              notices.error(r, SPEC.child('parentRefs'), `certificate Secret ${c.namespace}/${c.name} is in another namespace; an Ingress can only use Secrets of its own namespace`);
              continue;
            }
            const set = tls.get(c.name) ?? new Set<string>();
            set.add(h);
            tls.set(c.name, set);
          }
        }
      }
    }
    // No hostnames on the route nor on a listener: every host, i.e. an Ingress rule without host.
    if (hosts.size === 0 && routeHosts.length === 0 && listeners.some((l) => !l.hostname)) hosts.add('');
    for (const h of hosts) {
      if (h.startsWith('*.')) notices.warn(r, SPEC.child('hostnames'), `${h} becomes an Ingress wildcard host, which matches exactly one label in front of ${h.slice(2)}; Gateway API matched one or more`);
    }

    const paths: any[] = [];
    const canaries: KubeManifest[] = [];
    const rules: any[] = Array.isArray(r.object.spec?.rules) ? r.object.spec.rules : [];
    const timeouts = new Set<string>();
    rules.forEach((rule: any, ri: number) => {
      if (!isObj(rule)) return;
      const rf = SPEC.child('rules').index(ri);
      const filters: any[] = Array.isArray(rule.filters) ? rule.filters : [];
      const onlyHttps = filters.length === 1 && filters[0]?.type === 'RequestRedirect' && filters[0].requestRedirect?.scheme === 'https'
        && Object.keys(filters[0].requestRedirect).every((k: string) => ['scheme', 'statusCode'].includes(k));
      if (onlyHttps) return; // ingress-nginx redirects TLS hosts to https by itself
      if (filters.length > 0) {
        notices.error(r, rf.child('filters'), `filters (${filters.map((f: any) => f?.type).join(', ')}) have no Ingress equivalent without snippets; this rule is not converted`);
        return;
      }
      const refs: any[] = (Array.isArray(rule.backendRefs) ? rule.backendRefs : []).filter(isObj);
      const services = refs.filter((b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '' && (b.namespace ?? ns) === ns);
      if (services.length !== refs.length) notices.error(r, rf.child('backendRefs'), 'backendRefs to other kinds or namespaces have no Ingress equivalent; left out');
      const weighted = services.filter((b) => (typeof b.weight === 'number' ? b.weight : 1) > 0);
      if (weighted.length === 0) {
        notices.error(r, rf.child('backendRefs'), 'no backend with traffic to convert');
        return;
      }
      if (weighted.length > 2) {
        notices.error(r, rf.child('backendRefs'), `${weighted.length} weighted backends: an Ingress splits between a main and one canary Service; this rule is not converted`);
        return;
      }
      const timeout = rule.timeouts?.backendRequest ?? rule.timeouts?.request;
      if (nonEmpty(timeout)) timeouts.add(timeout);
      const matches: any[] = Array.isArray(rule.matches) && rule.matches.length > 0 ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
      const rulePaths: any[] = [];
      matches.forEach((m: any, mi: number) => {
        const mf = rf.child('matches').index(mi);
        if ((Array.isArray(m?.headers) && m.headers.length > 0) || (Array.isArray(m?.queryParams) && m.queryParams.length > 0) || m?.method) {
          notices.error(r, mf, 'header, query parameter and method matches have no Ingress equivalent; this match is not converted');
          return;
        }
        const p = isObj(m?.path) ? m.path : { type: 'PathPrefix', value: '/' };
        if (p.type === 'RegularExpression') {
          notices.error(r, mf.child('path'), 'regular-expression paths would need use-regex, which changes every path of the host; not converted');
          return;
        }
        rulePaths.push({ path: p.value, pathType: p.type === 'Exact' ? 'Exact' : 'Prefix' });
      });
      const main = weighted[0];
      for (const p of rulePaths) paths.push({ ...p, backend: { service: { name: String(main.name), port: { number: main.port } } } });
      if (weighted.length === 2 && rulePaths.length > 0) {
        const c = weighted[1];
        const wMain = typeof main.weight === 'number' ? main.weight : 1;
        const wCanary = typeof c.weight === 'number' ? c.weight : 1;
        const total = wMain + wCanary;
        const annotations: Record<string, string> = { [`${NGINX}canary`]: 'true', [`${NGINX}canary-weight`]: String(wCanary) };
        if (total !== 100) annotations[`${NGINX}canary-weight-total`] = String(total);
        if (total < 100 && total !== 100) {
          // ingress-nginx honours totals above 100 only: scale to percent.
          const pct = Math.round((wCanary * 100) / total);
          annotations[`${NGINX}canary-weight`] = String(pct);
          delete annotations[`${NGINX}canary-weight-total`];
          if (pct * total !== wCanary * 100) notices.warn(r, rf.child('backendRefs'), `weights ${wMain}/${wCanary} become canary-weight ${pct} of 100`);
        }
        canaries.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: objectName(r.name, 'canary', String(ri)), namespace: ns, annotations },
          spec: {
            ingressClassName: className,
            rules: [...hosts].sort().map((h) => ({
              ...(h ? { host: h } : {}),
              http: { paths: rulePaths.map((p) => ({ ...p, backend: { service: { name: String(c.name), port: { number: c.port } } } })) },
            })),
          },
        });
      }
    });
    if (paths.length === 0) continue;
    const annotations: Record<string, string> = {};
    if (timeouts.size > 0) {
      const t = [...timeouts][0];
      const ms = durationMs(t);
      if (ms !== undefined && ms > 0) {
        const secs = String(Math.max(1, Math.ceil(ms / 1000)));
        annotations[`${NGINX}proxy-read-timeout`] = secs;
        annotations[`${NGINX}proxy-send-timeout`] = secs;
        if (timeouts.size > 1 || ms % 1000 !== 0) notices.warn(r, SPEC.child('rules'), `timeouts become one proxy-read/send-timeout of ${secs}s for the whole Ingress`);
      }
    }
    const spec: any = {
      ingressClassName: className,
      rules: [...hosts].sort().map((h) => ({ ...(h ? { host: h } : {}), http: { paths } })),
    };
    if (tls.size > 0) spec.tls = [...tls].sort(([a], [b]) => a.localeCompare(b)).map(([secretName, hs]) => ({ hosts: [...hs].sort(), secretName }));
    const ing: KubeManifest = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: r.name, namespace: ns }, spec };
    if (Object.keys(annotations).length > 0) ing.metadata.annotations = annotations;
    for (const c of canaries) if (tls.size > 0) c.spec.tls = spec.tls;
    out.push(ing, ...canaries);
  }
  for (const kind of ['GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']) {
    for (const r of index.ofKind(kind)) notices.error(r, SPEC, `${kind} has no Ingress equivalent`);
  }
  return { objects: out, notices: notices.list };
}
