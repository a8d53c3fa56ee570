import { Duration } from 'cdk8s';

/** Time units understood by HAProxy and the OpenShift router, largest first, in microseconds. */
const UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400_000_000],
  ['h', 3_600_000_000],
  ['m', 60_000_000],
  ['s', 1_000_000],
  ['ms', 1_000],
  ['us', 1],
];

/** The largest timer HAProxy accepts (and the router clips to), in milliseconds. */
export const MAX_TIMER_MILLIS = 2_147_483_647;

/**
 * Renders a duration as a router/HAProxy time value (`30s`, `1500ms`, `2m`):
 * the largest unit that represents it exactly. Throws (naming `what`) for zero,
 * negative, sub-microsecond and too large durations.
 */
export function renderTimer(duration: Duration, what: string): string {
  const millis = duration.toMilliseconds({ integral: false });
  if (!Number.isFinite(millis) || millis <= 0) {
    throw new Error(`${what}: must be a positive duration, got ${millis}ms (the router ignores 0 and negative values)`);
  }
  if (millis > MAX_TIMER_MILLIS) {
    throw new Error(`${what}: ${millis}ms is too large: at most ${MAX_TIMER_MILLIS}ms (about 24.8 days); the router would clip it`);
  }
  const exact = millis * 1000;
  const micros = Math.round(exact);
  if (micros === 0 || Math.abs(micros - exact) > 1e-6 * Math.max(1, exact)) {
    throw new Error(`${what}: ${millis}ms is not a whole number of microseconds (the smallest unit the router accepts is 1us)`);
  }
  for (const [suffix, size] of UNITS) {
    if (micros % size === 0) return `${micros / size}${suffix}`;
  }
  /* istanbul ignore next: 'us' always divides */
  return `${micros}us`;
}

/** Whole seconds of a duration (zero allowed); throws naming `what` when not whole or negative. */
export function wholeSeconds(duration: Duration, what: string): number {
  const millis = duration.toMilliseconds({ integral: false });
  if (!Number.isFinite(millis) || millis < 0 || millis % 1000 !== 0) {
    throw new Error(`${what}: must be a whole, non-negative number of seconds, got ${millis}ms`);
  }
  return millis / 1000;
}
