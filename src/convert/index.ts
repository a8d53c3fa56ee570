/**
 * `cdk8s-routing convert`: manifests of one family → another.
 *
 * Internal: not part of the jsii API.
 */
import { ConvertNotice, ConvertResult, sortObjects } from './common';
import { convertGatewayToIngresses } from './gateway-to-ingress';
import { convertGatewayToRoutes } from './gateway-to-route';
import { convertIngressesToGateway } from './ingress-to-gateway';
import { convertRoutesToGateway } from './route-to-gateway';
import { fromObjects, LoadedObject } from '../validation/manifests';
import { validateLoaded } from '../validation/validate';

export { ConvertNotice, ConvertResult, KubeManifest } from './common';

export type ConvertTarget = 'gateway' | 'route' | 'ingress';

export interface ConvertOptions {
  readonly to: ConvertTarget;
  /** GatewayClass (and name) of generated Gateways. @default 'openshift-default' for Routes, the Ingress class (else 'nginx') for Ingresses */
  readonly gatewayClass?: string;
  /** Suffix for Routes without host. @default 'apps.local' */
  readonly routerDomain?: string;
  /** `ingressClassName` of Ingresses converted from Gateway API. @default 'nginx' */
  readonly ingressClass?: string;
}

/**
 * `to: 'gateway'` converts every Route and Ingress; `to: 'route'` and `to: 'ingress'` convert Gateway API
 * routes (with the Gateways, Secrets, Services and policies of the input). Other objects are not part of the output.
 */
export function convertManifests(objects: LoadedObject[], options: ConvertOptions): ConvertResult {
  return leaveOutInvalid(convertUnchecked(objects, options), options);
}

/**
 * A value the source family accepts can be invalid in the target (a blank in an Ingress path, a quote in a header
 * name): the converted objects are validated, and one with errors is left out with a notice per error.
 */
function leaveOutInvalid(result: ConvertResult, options: ConvertOptions): ConvertResult {
  const report = validateLoaded(fromObjects(result.objects), { routerDomain: options.routerDomain });
  if (report.errors.length === 0) return result;
  const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ''}/${name}`;
  const invalid = new Set(report.errors.map((f) => key(f.kind ?? '', f.namespace, f.name ?? '')));
  const notices: ConvertNotice[] = report.errors.map((f) => ({
    severity: 'error',
    kind: f.kind ?? '',
    namespace: f.namespace,
    name: f.name ?? '',
    field: f.field,
    message: `the converted ${f.kind} would be invalid (${f.message}); it is left out`,
  }));
  return {
    objects: result.objects.filter((o) => !invalid.has(key(o.kind, o.metadata.namespace, o.metadata.name))),
    notices: [...result.notices, ...notices],
  };
}

function convertUnchecked(objects: LoadedObject[], options: ConvertOptions): ConvertResult {
  if (options.to === 'route' || options.to === 'ingress') {
    const r = options.to === 'route' ? convertGatewayToRoutes(objects) : convertGatewayToIngresses(objects, { ingressClass: options.ingressClass });
    const skipped = objects.filter((o) => (o.kind === 'Route' && options.to === 'ingress') || (o.kind === 'Ingress' && options.to === 'route'));
    const notices = [...r.notices, ...skipped.map((o): ConvertNotice => ({
      severity: 'error',
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      field: 'spec',
      file: o.source.file,
      line: o.source.line,
      message: `${o.kind} to ${options.to === 'route' ? 'Route' : 'Ingress'} is not converted directly: convert to Gateway API first (--to gateway), then from there`,
    }))];
    return { objects: sortObjects(r.objects), notices };
  }
  const routes = convertRoutesToGateway(objects, { gatewayClass: options.gatewayClass, routerDomain: options.routerDomain });
  const ingresses = convertIngressesToGateway(objects, { gatewayClass: options.gatewayClass });
  const seen = new Set<string>();
  const objectsOut = [];
  const notices: ConvertNotice[] = [...routes.notices, ...ingresses.notices];
  for (const o of [...routes.objects, ...ingresses.objects]) {
    const key = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(key)) {
      // A Gateway shared by Routes and Ingresses of one class and namespace: merge listeners.
      if (o.kind === 'Gateway') {
        const existing = objectsOut.find((x) => `${x.kind}/${x.metadata.namespace ?? ''}/${x.metadata.name}` === key)!;
        for (const l of o.spec.listeners) if (!existing.spec.listeners.some((x: any) => x.name === l.name)) existing.spec.listeners.push(l);
        existing.spec.listeners.sort((a: any, b: any) => a.port - b.port || a.name.localeCompare(b.name));
        continue;
      }
      notices.push({ severity: 'error', kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, field: 'metadata.name', message: `two converted objects are named ${key}; the second is left out` });
      continue;
    }
    seen.add(key);
    objectsOut.push(o);
  }
  return { objects: sortObjects(objectsOut), notices };
}
