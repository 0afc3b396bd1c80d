/**
 * Canonical JSON of a value, so that equal inputs always hash alike: object keys sorted by code
 * unit, no whitespace, bigints as decimal strings, `undefined` / functions / symbols dropped from
 * objects (and `null` in arrays), as `JSON.stringify` does. `toJSON` is honoured (dates become ISO
 * strings).
 *
 * @param value - Any JSON-serialisable value (bigints allowed).
 * @returns The canonical JSON text.
 * @throws {TypeError} On a cycle or a non-finite number (not representable in JSON).
 *
 * @example
 * canonicalJson({ b: 1n, a: [1, undefined] }) // '{"a":[1,null],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? "null";
}

function write(value: unknown, seen: Set<object>): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
      return JSON.stringify(value);
    case "bigint":
      return `"${value.toString()}"`;
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  const object = value as object & { toJSON?: () => unknown };
  if (typeof object.toJSON === "function") return write(object.toJSON(), seen);
  if (seen.has(object)) throw new TypeError("canonicalJson: the value contains a cycle");
  seen.add(object);
  let out: string;
  if (Array.isArray(object)) {
    out = `[${object.map((item) => write(item, seen) ?? "null").join(",")}]`;
  } else {
    const parts: string[] = [];
    for (const key of Object.keys(object).sort()) {
      const item = write((object as Record<string, unknown>)[key], seen);
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
    }
    out = `{${parts.join(",")}}`;
  }
  seen.delete(object);
  return out;
}
