/**
 * Kubernetes Ingress (with ingress-nginx annotations) → Gateway API, following
 * ingress2gateway's ingress-nginx provider where it defines a behaviour:
 *
 * - Rules are grouped by (namespace, class, host); each group becomes one
 *   HTTPRoute `<first Ingress>-<host>`; one Gateway per (namespace, class),
 *   named after the class, with a `<host>-http` listener on 80 and, when an
 *   Ingress of the group has TLS, a `<host>-https` listener on 443 with every
 *   TLS Secret of the group.
 * - Paths with the same (pathType, path) become one rule whose backendRefs
 *   list every Ingress backend for it: that is where main and canary meet.
 *   Prefix → PathPrefix, Exact → Exact, ImplementationSpecific → PathPrefix;
 *   `use-regex` → RegularExpression `(?i)<path>.*` for every path of the host.
 * - Canary: `canary-weight` W → canary W, main total−W (total 100 unless
 *   `canary-weight-total`); `canary-by-header` H → an extra rule with header
 *   H = value (or `always`) to the canary, and without a value a rule H =
 *   `never` to the main backend; without a weight the canary leaves the
 *   original rule. By-cookie and by-header-pattern are not converted (warning).
 * - TLS hosts get a `<route>-http` HTTPRoute on port 80 redirecting to https
 *   with 308 (ingress-nginx's code), unless `ssl-redirect` is false; the main
 *   route then binds to the `<host>-https` listener.
 * - `defaultBackend` → HTTPRoute `<ingress>-default-backend` without hostnames.
 * - `permanent-redirect` / `temporal-redirect` → a RequestRedirect rule.
 * - cert-manager issuer annotations move to the Gateway (gateway-shim reads them there).
 * - Other `nginx.ingress.kubernetes.io/*` annotations: a warning each.
 *
 * Internal: not part of the jsii API.
 */
import {
  ConvertResult, GATEWAY_V1, GatewayBuilder, isObj, KubeManifest, nonEmpty, Notices, objectName, resolveServicePort, slug,
} from './common';
import { ObjectIndex } from '../validation/context';
import { FieldPath } from '../validation/field-path';
import { LoadedObject } from '../validation/manifests';
import { parseGoBool } from '../validation/route-annotations';

export interface IngressToGatewayOptions {
  /** GatewayClass (and Gateway name) for Ingresses without a class. @default 'nginx' */
  readonly gatewayClass?: string;
}

const NGINX = 'nginx.ingress.kubernetes.io/';
const CERT_MANAGER_KEYS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer', 'cert-manager.io/issuer-kind', 'cert-manager.io/issuer-group'];
/** nginx annotations this converter carries over (others get a warning). */
const CONVERTED = new Set([
  'canary', 'canary-weight', 'canary-weight-total', 'canary-by-header', 'canary-by-header-value',
  'ssl-redirect', 'force-ssl-redirect', 'use-regex', 'permanent-redirect', 'permanent-redirect-code', 'temporal-redirect', 'temporal-redirect-code',
]);
const ANNOTATIONS = FieldPath.root('metadata').child('annotations');
const SPEC = FieldPath.root('spec');

interface Backend { name: string; port: number; canary: boolean }
interface PathEntry {
  pathType: string;
  path: string;
  main: Backend[];
  canary: Array<Backend & { ingress: LoadedObject; weight?: number; total: number; header?: string; headerValue?: string }>;
  redirect?: { code: number; url: URL };
}
interface Group {
  namespace: string;
  className: string;
  host: string;
  routeName: string;
  paths: Map<string, PathEntry>;
  tlsSecrets: string[];
  tls: boolean;
  sslRedirect: boolean;
  regex: boolean;
}

function goBool(v: unknown): boolean | undefined {
  return typeof v === 'string' ? parseGoBool(v) : undefined;
}

function intValue(v: unknown): number | undefined {
  return typeof v === 'string' && /^-?[0-9]+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

export function convertIngressesToGateway(objects: LoadedObject[], options: IngressToGatewayOptions = {}): ConvertResult {
  const index = new ObjectIndex(objects);
  const notices = new Notices();
  const gateways = new GatewayBuilder();
  const groups = new Map<string, Group>();
  const out: KubeManifest[] = [];
  const ingresses = objects.filter((o) => o.kind === 'Ingress' && o.group === 'networking.k8s.io');
  // Main Ingresses first so groups are named after them and canaries find their main path.
  const annotationsOf = (o: LoadedObject): Record<string, string> => (isObj(o.object.metadata?.annotations) ? o.object.metadata.annotations : {});
  const isCanary = (o: LoadedObject) => goBool(annotationsOf(o)[`${NGINX}canary`]) === true;
  const ordered = [...ingresses.filter((o) => !isCanary(o)), ...ingresses.filter(isCanary)];

  for (const ing of ordered) {
    const spec = isObj(ing.object.spec) ? ing.object.spec : {};
    const ns = ing.namespace ?? 'default';
    const ann = annotationsOf(ing);
    const canary = isCanary(ing);
    const className: string = nonEmpty(spec.ingressClassName) ? spec.ingressClassName
      : nonEmpty(ann['kubernetes.io/ingress.class']) ? ann['kubernetes.io/ingress.class'] : options.gatewayClass ?? 'nginx';

    for (const key of Object.keys(ann).sort()) {
      if (!key.startsWith(NGINX) || CONVERTED.has(key.slice(NGINX.length))) continue;
      const selector = key === `${NGINX}canary-by-cookie` || key === `${NGINX}canary-by-header-pattern`;
      notices.warn(ing, ANNOTATIONS.child(key), selector
        ? `${key} is not converted (HTTPRoute matches have no cookie or pattern-on-header-with-fallback equivalent): the requests it selects follow the weights instead`
        : `${key} is not converted: Gateway API has no equivalent field (implementations may offer a policy for it)`);
    }

    const tlsEntries: any[] = Array.isArray(spec.tls) ? spec.tls.filter(isObj) : [];
    const tlsHostsOf = (host: string) => tlsEntries.filter((t) => !Array.isArray(t.hosts) || t.hosts.length === 0 || t.hosts.includes(host));
    const sslRedirect = goBool(ann[`${NGINX}ssl-redirect`]) !== false;
    const useRegex = goBool(ann[`${NGINX}use-regex`]) === true;

    const backendOf = (b: any, field: FieldPath): Backend | undefined => {
      if (!isObj(b)) return undefined;
      if (isObj(b.resource)) {
        notices.error(ing, field.child('resource'), 'resource backends are not converted (Gateway API backendRefs name Services or implementation-specific kinds)');
        return undefined;
      }
      const svc = b.service;
      if (!isObj(svc) || !nonEmpty(svc.name)) return undefined;
      const wanted = isObj(svc.port) ? (svc.port.number ?? svc.port.name) : undefined;
      const p = resolveServicePort(index, ns, svc.name, wanted);
      if ('problem' in p) {
        notices.error(ing, field.child('service', 'port'), `backend ${svc.name} left out: ${p.problem}`);
        return undefined;
      }
      return { name: svc.name, port: p.port, canary };
    };

    const redirect = redirectOf(ing, ann, notices);
    const rules: any[] = Array.isArray(spec.rules) ? spec.rules : [];
    rules.forEach((rule: any, ri: number) => {
      if (!isObj(rule)) return;
      const host: string = nonEmpty(rule.host) ? rule.host.toLowerCase() : '';
      const gkey = `${ns}\u0000${className}\u0000${host}`;
      let group = groups.get(gkey);
      if (!group) {
        if (canary) {
          notices.error(ing, SPEC.child('rules').index(ri), `canary for host ${JSON.stringify(host || '*')} has no main Ingress in class ${className}; not converted`);
          return;
        }
        group = {
          namespace: ns,
          className,
          host,
          routeName: objectName(ing.name, slug(host)),
          paths: new Map(),
          tlsSecrets: [],
          tls: false,
          sslRedirect: true,
          regex: false,
        };
        groups.set(gkey, group);
      }
      if (!canary) {
        const tlsFor = tlsHostsOf(host);
        if (tlsFor.length > 0 && host !== '') {
          group.tls = true;
          for (const t of tlsFor) if (nonEmpty(t.secretName) && !group.tlsSecrets.includes(t.secretName)) group.tlsSecrets.push(t.secretName);
          if (!sslRedirect) group.sslRedirect = false;
        }
        if (useRegex) group.regex = true;
      }
      const paths: any[] = Array.isArray(rule.http?.paths) ? rule.http.paths : [];
      paths.forEach((p: any, pi: number) => {
        if (!isObj(p)) return;
        const field = SPEC.child('rules').index(ri).child('http', 'paths').index(pi);
        const pathType = typeof p.pathType === 'string' ? p.pathType : 'ImplementationSpecific';
        const path = nonEmpty(p.path) ? p.path : '/';
        const key = `${pathType}\u0000${path}`;
        let entry = group!.paths.get(key);
        const be = backendOf(p.backend, field.child('backend'));
        if (!entry) {
          if (canary) {
            notices.error(ing, field, `canary path ${JSON.stringify(path)} (${pathType}) has no main Ingress path on host ${JSON.stringify(host || '*')}; ingress-nginx drops it, and so does the conversion`);
            return;
          }
          entry = { pathType, path, main: [], canary: [] };
          group!.paths.set(key, entry);
        }
        if (redirect && !canary) entry.redirect = redirect;
        if (!be) return;
        if (!canary) {
          entry.main.push(be);
          return;
        }
        const weight = intValue(ann[`${NGINX}canary-weight`]);
        let total = intValue(ann[`${NGINX}canary-weight-total`]) ?? 100;
        if (total <= 0) {
          notices.warn(ing, ANNOTATIONS.child(`${NGINX}canary-weight-total`), `${ann[`${NGINX}canary-weight-total`]} is not a positive integer; 100 is used`);
          total = 100;
        }
        let w = weight;
        if (w !== undefined && w < 0) {
          notices.warn(ing, ANNOTATIONS.child(`${NGINX}canary-weight`), 'a negative weight is treated as 0');
          w = 0;
        }
        if (w !== undefined && w > total) {
          notices.warn(ing, ANNOTATIONS.child(`${NGINX}canary-weight`), `weight ${w} is larger than the total ${total}; capped at ${total}`);
          w = total;
        }
        const header = nonEmpty(ann[`${NGINX}canary-by-header`]) ? ann[`${NGINX}canary-by-header`] : undefined;
        const headerValue = nonEmpty(ann[`${NGINX}canary-by-header-value`]) ? ann[`${NGINX}canary-by-header-value`] : undefined;
        if (entry.canary.length > 0) {
          notices.error(ing, field, `path ${JSON.stringify(path)} on ${JSON.stringify(host || '*')} already has a canary (${entry.canary[0].ingress.name}); ingress-nginx allows one`);
          return;
        }
        entry.canary.push({ ...be, ingress: ing, weight: w, total, header, headerValue });
      });
    });

    if (isObj(spec.defaultBackend)) {
      if (canary) {
        notices.warn(ing, SPEC.child('defaultBackend'), 'a canary defaultBackend only affects ingress-nginx\'s default server; not converted');
      } else {
        const be = backendOf(spec.defaultBackend, SPEC.child('defaultBackend'));
        if (be) {
          const section = gateways.listener(ns, className, className, { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } });
          out.push({
            apiVersion: GATEWAY_V1,
            kind: 'HTTPRoute',
            metadata: { name: objectName(ing.name, 'default-backend'), namespace: ns },
            spec: { parentRefs: [{ name: className, sectionName: section }], rules: [{ backendRefs: [{ name: be.name, port: be.port }] }] },
          });
        }
      }
    }
  }

  for (const g of [...groups.values()]) {
    const hostSlug = g.host === '' ? '' : slug(g.host);
    const httpName = hostSlug ? `${hostSlug}-http` : 'http';
    const listenerBase: any = g.host ? { hostname: g.host } : {};
    gateways.listener(g.namespace, g.className, g.className, { name: httpName, port: 80, protocol: 'HTTP', ...listenerBase, allowedRoutes: { namespaces: { from: 'Same' } } });
    let httpsName: string | undefined;
    if (g.tls) {
      httpsName = `${hostSlug}-https`;
      gateways.listener(g.namespace, g.className, g.className, {
        name: httpsName,
        port: 443,
        protocol: 'HTTPS',
        ...listenerBase,
        tls: { mode: 'Terminate', certificateRefs: g.tlsSecrets.map((name) => ({ group: '', kind: 'Secret', name })) },
        allowedRoutes: { namespaces: { from: 'Same' } },
      });
    }
    const rules: any[] = [];
    const extra: any[] = [];
    for (const e of g.paths.values()) {
      const match: any = { path: pathMatch(e, g.regex) };
      if (e.redirect) {
        rules.push({ matches: [match], filters: [redirectFilter(e.redirect)] });
        continue;
      }
      const c = e.canary[0];
      const refs: any[] = e.main.map((b) => ({ name: b.name, port: b.port }));
      if (c) {
        if (c.weight !== undefined) {
          for (const r of refs) r.weight = c.total - c.weight;
          refs.push({ name: c.name, port: c.port, weight: c.weight });
        } else if (!c.header) {
          // Neither weight nor header: every request goes to the main backend.
          for (const r of refs) r.weight = c.total;
          refs.push({ name: c.name, port: c.port, weight: 0 });
        }
        if (c.header) {
          extra.push({ matches: [{ ...match, headers: [{ name: c.header, value: c.headerValue ?? 'always' }] }], backendRefs: [{ name: c.name, port: c.port }] });
          if (!c.headerValue && e.main.length > 0) {
            extra.push({ matches: [{ ...match, headers: [{ name: c.header, value: 'never' }] }], backendRefs: e.main.map((b) => ({ name: b.name, port: b.port })) });
          }
        }
      }
      rules.push({ matches: [match], backendRefs: refs });
    }
    const all = [...rules, ...extra];
    if (all.length === 0) continue;
    const hostnames = g.host ? [g.host] : undefined;
    const routeSpec = (parentRefs: any[], r: any[]): any => (hostnames ? { parentRefs, hostnames, rules: r } : { parentRefs, rules: r });
    if (g.tls && g.sslRedirect) {
      out.push({
        apiVersion: GATEWAY_V1,
        kind: 'HTTPRoute',
        metadata: { name: objectName(g.routeName, 'http'), namespace: g.namespace },
        spec: routeSpec([{ name: g.className, sectionName: httpName }], all.map((r) => ({
          matches: r.matches,
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }],
        }))),
      });
      out.push({
        apiVersion: GATEWAY_V1,
        kind: 'HTTPRoute',
        metadata: { name: g.routeName, namespace: g.namespace },
        spec: routeSpec([{ name: g.className, sectionName: httpsName }], all),
      });
    } else {
      const parents = [{ name: g.className, sectionName: httpName }];
      if (httpsName) parents.push({ name: g.className, sectionName: httpsName });
      out.push({ apiVersion: GATEWAY_V1, kind: 'HTTPRoute', metadata: { name: g.routeName, namespace: g.namespace }, spec: routeSpec(parents, all) });
    }
  }

  // cert-manager issuer annotations: now that every Gateway exists.
  for (const ing of ordered) {
    if (isCanary(ing)) continue;
    const ann = annotationsOf(ing);
    const spec = isObj(ing.object.spec) ? ing.object.spec : {};
    const className: string = nonEmpty(spec.ingressClassName) ? spec.ingressClassName
      : nonEmpty(ann['kubernetes.io/ingress.class']) ? ann['kubernetes.io/ingress.class'] : options.gatewayClass ?? 'nginx';
    for (const k of CERT_MANAGER_KEYS) {
      if (!nonEmpty(ann[k])) continue;
      const clash = gateways.annotate(ing.namespace ?? 'default', className, k, ann[k]);
      if (clash !== undefined) notices.warn(ing, ANNOTATIONS.child(k), `Gateway ${ing.namespace ?? 'default'}/${className} already has ${k}: ${clash} from another Ingress; kept that one`);
    }
  }
  return { objects: [...gateways.manifests(), ...out], notices: notices.list };
}

function pathMatch(e: PathEntry, regex: boolean): any {
  if (regex) return { type: 'RegularExpression', value: `(?i)${e.path}.*` };
  if (e.pathType === 'Exact') return { type: 'Exact', value: e.path };
  return { type: 'PathPrefix', value: e.path };
}

function redirectOf(ing: LoadedObject, ann: Record<string, string>, notices: Notices): { code: number; url: URL } | undefined {
  for (const [key, codeKey, def, allowed] of [
    ['temporal-redirect', 'temporal-redirect-code', 302, [301, 302, 303, 307]],
    ['permanent-redirect', 'permanent-redirect-code', 301, [301, 302, 303, 307, 308]],
  ] as const) {
    const v = ann[`${NGINX}${key}`];
    if (!nonEmpty(v)) continue;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      notices.warn(ing, ANNOTATIONS.child(`${NGINX}${key}`), `${JSON.stringify(v)} is not an absolute URL; not converted`);
      continue;
    }
    const c = intValue(ann[`${NGINX}${codeKey}`]);
    const code = c !== undefined && (allowed as readonly number[]).includes(c) ? c : def;
    return { code, url };
  }
  return undefined;
}

function redirectFilter(r: { code: number; url: URL }): any {
  const scheme = r.url.protocol.replace(/:$/, '');
  const rr: any = { scheme, hostname: r.url.hostname, statusCode: r.code };
  if (r.url.port) rr.port = Number(r.url.port);
  rr.path = { type: 'ReplaceFullPath', replaceFullPath: r.url.pathname || '/' };
  return { type: 'RequestRedirect', requestRedirect: rr };
}
