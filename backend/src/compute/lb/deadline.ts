/** Values at or above this are absolute Unix times in ms; below, milliseconds from the request's arrival. */
const ABSOLUTE_FROM = 1e12;

/**
 * The deadline a request carries (`x-dcx-deadline-ms`), on the `performance.now()` clock: a number of
 * milliseconds from now, or an absolute Unix time in ms. `undefined` when the value is not a
 * non-negative number.
 */
export function parseDeadline(value: string, now: number): number | undefined {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) return undefined;
  return n < ABSOLUTE_FROM ? now + n : now + (n - Date.now());
}
