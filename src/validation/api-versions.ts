/**
 * The API versions this tool knows for the groups it models. An object of a
 * known group whose version is not listed (`route.openshift.io/v2`,
 * `networking.k8s.io/v2`, `gateway.networking.k8s.io/v9`) is reported with a
 * warning (`api.version.unknown`) and not checked by the built-in rules,
 * which were written for the listed versions. Kinds of other groups pass
 * silently. A CRD given with `--crds` that serves the version wins: then the
 * version is known.
 */

/** Versions per kind, for the kinds whose versions are known. */
const KIND_VERSIONS: Record<string, Record<string, string[]>> = {
  'route.openshift.io': { Route: ['v1'] },
  'networking.k8s.io': {
    // v1beta1 was removed in Kubernetes 1.22: known, and left to the Ingress rules to reject
    Ingress: ['v1', 'v1beta1'],
    IngressClass: ['v1', 'v1beta1'],
    NetworkPolicy: ['v1'],
  },
  'gateway.networking.k8s.io': {
    GatewayClass: ['v1', 'v1beta1'],
    Gateway: ['v1', 'v1beta1'],
    HTTPRoute: ['v1', 'v1beta1'],
    GRPCRoute: ['v1'],
    ReferenceGrant: ['v1', 'v1beta1'],
    BackendTLSPolicy: ['v1', 'v1alpha3'],
    ListenerSet: ['v1'],
    TLSRoute: ['v1', 'v1alpha2', 'v1alpha3'],
    TCPRoute: ['v1', 'v1alpha2'],
    UDPRoute: ['v1', 'v1alpha2'],
  },
  'gateway.networking.x-k8s.io': {
    XBackend: ['v1alpha1'],
    XBackendTrafficPolicy: ['v1alpha1'],
    XMesh: ['v1alpha1'],
    XListenerSet: ['v1alpha1'],
  },
};

/** Versions that exist for some kind of the group (for kinds of a known group not listed above). */
const GROUP_VERSIONS: Record<string, string[]> = {
  'route.openshift.io': ['v1'],
  'networking.k8s.io': ['v1', 'v1beta1', 'v1alpha1'],
  'gateway.networking.k8s.io': ['v1', 'v1beta1', 'v1alpha2', 'v1alpha3'],
  'gateway.networking.x-k8s.io': ['v1alpha1'],
};

/** Why a version is no longer served, where that is the likely reason it is unknown. */
const REMOVED: Record<string, string> = {
  'extensions/v1beta1/Ingress': 'extensions/v1beta1 Ingress is no longer served since Kubernetes 1.22; use networking.k8s.io/v1',
};

/**
 * When the apiVersion is an unknown version of a group this tool knows,
 * the versions it knows for the kind (sorted); otherwise undefined.
 */
export function unknownVersion(apiVersion: string, kind: string): { known: string[]; note?: string } | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const note = REMOVED[`${apiVersion}/${kind}`];
  if (note) return { known: (KIND_VERSIONS[group]?.[kind] ?? []).map((v) => `${group}/${v}`), note };
  const byKind = KIND_VERSIONS[group];
  if (!byKind) return undefined;
  const known = byKind[kind] ?? GROUP_VERSIONS[group];
  if (known.includes(version)) return undefined;
  return { known: [...known].sort().map((v) => `${group}/${v}`) };
}
