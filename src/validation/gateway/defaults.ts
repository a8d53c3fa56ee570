import { applyDefaults, Channel, deepCopy } from './schema';
import { GATEWAY_KINDS, GROUP } from './schemas';

/**
 * Returns a deep copy of a Gateway API object with the OpenAPI defaults of
 * its kind and version applied, as the API server stores it before CEL rules
 * run: missing HTTPRoute `rules[].matches` become `[{path: {type: PathPrefix,
 * value: "/"}}]`, parentRef `group`/`kind` become
 * `gateway.networking.k8s.io`/`Gateway`, backendRef `group: ""`,
 * `kind: Service`, `weight: 1`, listener `tls.mode: Terminate`,
 * `allowedRoutes.namespaces.from: Same`, header and query-param match
 * `type: Exact`, redirect `statusCode: 302`, and so on.
 *
 * Objects of other groups, unknown kinds and unknown versions are copied
 * unchanged. Values of the wrong type are left as they are (validation
 * reports them). Experimental-only fields are defaulted only for the
 * experimental channel.
 *
 * Internal: not part of the jsii API (the routing model reuses it).
 */
export function applyGatewayDefaults<T>(obj: T, channel: Channel = 'standard'): T {
  const copy = deepCopy(obj);
  const o = copy as any;
  if (o === null || typeof o !== 'object' || typeof o.apiVersion !== 'string') return copy;
  const [group, version] = o.apiVersion.split('/');
  if (group !== GROUP || version === undefined) return copy;
  const info = GATEWAY_KINDS[o.kind]?.versions[version];
  if (!info) return copy;
  const spec = info.schema.properties.spec;
  if (o.spec === undefined || o.spec === null) {
    // The API server requires spec; nothing to default.
    return copy;
  }
  applyDefaults(o.spec, spec, channel);
  return copy;
}
