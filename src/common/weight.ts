/** Bounds of a Route backend weight (route.openshift.io/v1). */
export const ROUTE_WEIGHT_MIN = 0;
export const ROUTE_WEIGHT_MAX = 256;
/** What the API server stores when a Route backend has no weight. */
export const ROUTE_WEIGHT_DEFAULT = 100;

/** Throws (naming `what`, the value and the range) unless `value` is an integer in 0..256. */
export function checkRouteWeight(value: number, what: string): number {
  if (!Number.isInteger(value) || value < ROUTE_WEIGHT_MIN || value > ROUTE_WEIGHT_MAX) {
    throw new Error(`${what}: weight must be an integer between ${ROUTE_WEIGHT_MIN} and ${ROUTE_WEIGHT_MAX}, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is an integer in min..max. */
export function checkInteger(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${what}: must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
}
