/** A JSON-ready copy of `value`: bigints become decimal strings, like the rest of the API. */
export function serialize(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}
