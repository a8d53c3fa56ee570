// Plain JSON shapes of route.openshift.io/v1 Route, as written to the manifest. Not part of the public API.

export interface KubeRouteTargetReference {
  readonly kind: 'Service';
  readonly name: string;
  readonly weight?: number;
}

export interface KubeRouteTls {
  readonly termination: string;
  readonly certificate?: string;
  readonly key?: string;
  readonly caCertificate?: string;
  readonly destinationCACertificate?: string;
  readonly insecureEdgeTerminationPolicy?: string;
  readonly externalCertificate?: { readonly name: string };
}

export interface KubeRouteHttpHeader {
  readonly name: string;
  readonly action: { readonly type: 'Set' | 'Delete'; readonly set?: { readonly value: string } };
}
