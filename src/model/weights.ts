/**
 * Weight normalisation, in one place: family-native weights (Route 0–256,
 * Gateway API 0–1,000,000, Ingress canary 0–total) become HAProxy server
 * weights 0–256, spread over each service's endpoints the way the OpenShift
 * router does it (`getServiceUnits` / `calculateServiceWeights`).
 */

export interface WeightedService<T> {
  /** Family-native weight of the service (≥ 0). */
  readonly weight: number;
  /** Its endpoints. */
  readonly endpoints: T[];
}

export interface ServerWeight<T> {
  readonly endpoint: T;
  readonly serviceIndex: number;
  /** HAProxy weight 0–256. */
  readonly weight: number;
}

export interface WeightResult<T> {
  readonly servers: Array<ServerWeight<T>>;
  /** Services with weight > 0 and at least one endpoint. */
  readonly activeServices: number;
}

/** The largest HAProxy server weight (2.6 refuses more). */
export const MAX_SERVER_WEIGHT = 256;

/**
 * - exactly one active service → each of its endpoints gets weight 1, other services' endpoints 0;
 * - otherwise per-endpoint weight = service weight / endpoint count, scaled so the largest is 256,
 *   truncated, and a positive value below 1 becomes 1;
 * - no active service → every endpoint gets weight 0 (HTTP: 503 for new requests; a cookie-pinned client still gets through).
 */
export function scaleWeights<T>(services: Array<WeightedService<T>>): WeightResult<T> {
  const active = services.filter((s) => s.weight > 0 && s.endpoints.length > 0).length;
  const servers: Array<ServerWeight<T>> = [];
  if (active === 1) {
    services.forEach((s, i) => {
      const w = s.weight > 0 && s.endpoints.length > 0 ? 1 : 0;
      for (const e of s.endpoints) servers.push({ endpoint: e, serviceIndex: i, weight: w });
    });
    return { servers, activeServices: active };
  }
  const per = services.map((s) => (s.endpoints.length > 0 ? Math.fround(s.weight / s.endpoints.length) : 0));
  const max = Math.max(0, ...per);
  const scale = max > 0 ? MAX_SERVER_WEIGHT / max : 0;
  services.forEach((s, i) => {
    let w = Math.trunc(Math.fround(per[i] * scale));
    if (w < 1 && per[i] > 0) w = 1;
    if (w > MAX_SERVER_WEIGHT) w = MAX_SERVER_WEIGHT;
    for (const e of s.endpoints) servers.push({ endpoint: e, serviceIndex: i, weight: w });
  });
  return { servers, activeServices: active };
}
