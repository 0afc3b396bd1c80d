import { config } from "./config";

/** An HTTP error answered by the backend: status, message and (for auth) a machine-readable code. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
  /** The route does not exist (yet) or the id is unknown. */
  get notFound(): boolean {
    return this.status === 404;
  }
}

export type ApiRequestOptions = {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  /** Session token (Sign-In with Ethereum); sent as a bearer token. */
  token?: string | null;
  signal?: AbortSignal;
};

/** Reads the message of a Nest error body (`message` may be a string or a list of validation messages). */
function errorMessage(body: unknown, fallback: string): { message: string; code?: string } {
  if (body && typeof body === "object") {
    const b = body as { message?: unknown; code?: unknown; error?: unknown };
    const message = Array.isArray(b.message) ? b.message.join("; ") : typeof b.message === "string" ? b.message : null;
    return { message: message ?? fallback, code: typeof b.code === "string" ? b.code : undefined };
  }
  return { message: fallback };
}

/**
 * Calls the backend and parses its JSON answer. Non-2xx answers throw {@link ApiError}; a backend
 * that cannot be reached throws an {@link ApiError} with status 0.
 */
export async function apiFetch<T>(path: string, options: ApiRequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl}${path}`, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, `The D-CloudX API at ${config.apiUrl} cannot be reached.`);
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!response.ok) {
    const { message, code } = errorMessage(body, `${response.status} ${response.statusText}`);
    throw new ApiError(response.status, message, code);
  }
  return body as T;
}

/** Builds a query string from defined, non-empty values: `{ a: 1, b: "" }` → `?a=1`. */
export function toQuery(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}
