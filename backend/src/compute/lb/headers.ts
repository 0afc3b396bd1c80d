/** The request header a client sets to give a deadline: milliseconds from now, or an absolute Unix time in ms. */
export const DEADLINE_HEADER = "x-dcx-deadline-ms";

/** Hop-by-hop headers (RFC 9110 §7.6.1, plus the legacy ones): they concern one connection, never forwarded. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** A request id the client may choose: printable token characters, at most 128. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:/+=@-]{1,128}$/;

const enum Kind {
  Pass,
  Drop,
  Connection,
  ForwardedFor,
  Replaced,
  RequestId,
  Host,
  ContentLength,
  Deadline,
}

function classify(lower: string): Kind {
  if (lower === "connection") return Kind.Connection;
  if (HOP_BY_HOP.has(lower)) return lower === "transfer-encoding" ? Kind.ContentLength : Kind.Drop;
  switch (lower) {
    case "x-forwarded-for":
      return Kind.ForwardedFor;
    case "x-forwarded-proto":
    case "x-forwarded-host":
      return Kind.Replaced;
    case "x-request-id":
      return Kind.RequestId;
    case "host":
      return Kind.Host;
    case "content-length":
      return Kind.ContentLength;
    case DEADLINE_HEADER:
      return Kind.Deadline;
    default:
      return Kind.Pass;
  }
}

/** Raw header names as clients spell them → their kind; bounded so odd clients cannot grow it. */
const kinds = new Map<string, Kind>();
function kindOf(name: string): Kind {
  const known = kinds.get(name);
  if (known !== undefined) return known;
  const kind = classify(name.toLowerCase());
  if (kinds.size < 512) kinds.set(name, kind);
  return kind;
}

/** What {@link forwardRequestHeaders} reads from a request besides the headers it forwards. */
export type ForwardedRequest = {
  /** Flat `[name, value, ...]` list for undici. */
  headers: string[];
  hasBody: boolean;
  requestId: string;
  /** The deadline header's raw value, if any. */
  deadlineHeader: string | undefined;
};

let idPrefix = "";
let idCounter = 0;
/** A new request id: a random per-process prefix and a counter (unique, and cheaper than a UUID). */
export function newRequestId(): string {
  if (idPrefix === "" || idCounter >= 0xffffffff) {
    idPrefix = Math.floor(Math.random() * 0x10000000000)
      .toString(16)
      .padStart(10, "0");
    idCounter = 0;
  }
  return `${idPrefix}-${(idCounter++).toString(16)}`;
}

/**
 * Builds the headers sent upstream from the client's raw headers in one pass: drops hop-by-hop
 * headers and those the `Connection` header lists, appends the client to `X-Forwarded-For`, sets
 * `X-Forwarded-Proto`/`-Host`, keeps a sane client `X-Request-Id` or makes one. Fills `out`.
 */
export function forwardRequestHeaders(raw: readonly string[], clientIp: string, out: ForwardedRequest): void {
  const headers: string[] = [];
  let forwardedFor = "";
  let host = "";
  let requestId = "";
  let connection = "";
  let hasBody = false;
  let deadline: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    switch (kindOf(name)) {
      case Kind.Pass:
        headers.push(name, value);
        break;
      case Kind.Connection:
        connection = connection === "" ? value : `${connection},${value}`;
        break;
      case Kind.ForwardedFor:
        forwardedFor = forwardedFor === "" ? value : `${forwardedFor}, ${value}`;
        break;
      case Kind.RequestId:
        if (requestId === "" && SANE_REQUEST_ID.test(value)) requestId = value;
        break;
      case Kind.Host:
        host = value;
        headers.push(name, value);
        break;
      case Kind.ContentLength:
        // transfer-encoding is dropped (undici frames the body itself); either means a body follows
        if (name.length === 14) {
          if (value !== "0") hasBody = true;
          headers.push(name, value);
        } else hasBody = true;
        break;
      case Kind.Deadline:
        deadline = value;
        headers.push(name, value);
        break;
      default:
        break;
    }
  }
  if (connection !== "") dropListed(headers, connection);
  if (requestId === "") requestId = newRequestId();
  headers.push(
    "x-forwarded-for",
    forwardedFor === "" ? clientIp : `${forwardedFor}, ${clientIp}`,
    "x-forwarded-proto",
    "http",
    "x-request-id",
    requestId,
  );
  if (host !== "") headers.push("x-forwarded-host", host);
  out.headers = headers;
  out.hasBody = hasBody;
  out.requestId = requestId;
  out.deadlineHeader = deadline;
}

/** Removes from a flat list the headers named by a `Connection` value (`close` and `keep-alive` name none). */
function dropListed(headers: string[], connection: string): void {
  const listed = connection
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== "" && t !== "close" && t !== "keep-alive");
  if (listed.length === 0) return;
  let w = 0;
  for (let r = 0; r < headers.length; r += 2) {
    if (listed.includes(headers[r]!.toLowerCase())) continue;
    headers[w++] = headers[r]!;
    headers[w++] = headers[r + 1]!;
  }
  headers.length = w;
}

/** Raw response header names as upstreams spell them → hop-by-hop (1), `connection` (2) or forwarded (0); bounded. */
const responseKinds = new Map<string, number>();
function responseKindOf(name: string): number {
  const known = responseKinds.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const kind = lower === "connection" ? 2 : HOP_BY_HOP.has(lower) || lower === "x-request-id" ? 1 : 0;
  if (responseKinds.size < 512) responseKinds.set(name, kind);
  return kind;
}

/**
 * The upstream's raw response headers (undici's `[name, value, ...]` buffers) as the flat list
 * `writeHead` takes, minus hop-by-hop ones (and those its `Connection` lists), plus the request
 * id. Flat and raw: no header object is built on either side, and repeated headers (`set-cookie`)
 * stay as they came.
 */
export function forwardResponseHeaders(raw: readonly (Buffer | string)[], requestId: string): string[] {
  const out: string[] = [];
  let connection = "";
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString();
    switch (responseKindOf(name)) {
      case 0:
        out.push(name, raw[i + 1]!.toString());
        break;
      case 2:
        connection = connection === "" ? raw[i + 1]!.toString() : `${connection},${raw[i + 1]!.toString()}`;
        break;
      default:
        break;
    }
  }
  if (connection !== "") dropListed(out, connection);
  out.push("x-request-id", requestId);
  return out;
}
