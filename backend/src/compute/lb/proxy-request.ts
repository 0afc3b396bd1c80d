import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import type { RouteContext } from "./algorithms/routing-algorithm.js";
import { type ForwardedRequest, forwardRequestHeaders, forwardResponseHeaders } from "./headers.js";
import type { Queued } from "./pending-queue.js";
import type { Upstream } from "./upstream.js";

/** What a {@link ProxyRequest} reports to its load balancer. */
export interface ProxyOwner {
  /** The attempt on `request.upstream` ended: the response was relayed in full (`error` undefined) or it failed. */
  attemptEnded(request: ProxyRequest, error: Error | undefined): void;
  /** The client closed its connection before the response was complete. */
  clientGone(request: ProxyRequest): void;
}

/**
 * One client request through the load balancer, across its attempts: it is the undici dispatch
 * handler of each attempt (relaying status, headers and body chunks to the client with
 * backpressure), the routing context the algorithms read, and the queue entry when it waits.
 * One object per request; its methods live on the prototype, so an attempt allocates nothing more.
 */
export class ProxyRequest implements Dispatcher.DispatchHandler, RouteContext, Queued, ForwardedRequest {
  headers: string[] = [];
  hasBody = false;
  requestId = "";
  deadlineHeader: string | undefined = undefined;
  /** Absolute deadline on the `performance.now()` clock, `Infinity` when none. */
  deadline = Number.POSITIVE_INFINITY;
  level = 0;
  seq = 0;
  queuedIndex = -1;
  queueTimer: NodeJS.Timeout | undefined = undefined;
  /** The upstream of the current attempt. */
  upstream: Upstream | undefined = undefined;
  /** Upstream of the last failed attempt (a retry goes elsewhere when it can). */
  exclude: Upstream | undefined = undefined;
  attemptStart = 0;
  retries = 0;
  /** The current attempt is a retry (counts against the retry budget). */
  retrying = false;
  status = 0;
  responseStarted = false;
  done = false;
  gone = false;
  private controller: Dispatcher.DispatchController | null = null;
  private resumeUpstream?: () => void;

  constructor(
    private readonly owner: ProxyOwner,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly arrivedAt: number,
    clientIp: string,
  ) {
    forwardRequestHeaders(req.rawHeaders, clientIp, this);
    res.on("close", this.onClose);
  }

  /** Idempotent methods may be retried (when they carry no body: it is streamed, not kept). */
  get retryable(): boolean {
    if (this.hasBody) return false;
    const m = this.req.method;
    return m === "GET" || m === "HEAD" || m === "OPTIONS" || m === "PUT" || m === "DELETE";
  }

  /** Aborts the current attempt (the client left, or the load balancer closes). */
  abort(reason: Error): void {
    this.controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.gone) controller.abort(new Error("client closed the connection"));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (this.gone) return;
    this.status = statusCode;
    this.responseStarted = true;
    // the raw list undici parsed `headers` from: relayed flat, no header object built on our side
    const raw = controller.rawHeaders;
    const out = forwardResponseHeaders(Array.isArray(raw) ? raw : flatten(headers), this.requestId);
    if (statusMessage) this.res.writeHead(statusCode, statusMessage, out);
    else this.res.writeHead(statusCode, out);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.gone) return;
    if (!this.res.write(chunk)) {
      controller.pause();
      this.resumeUpstream ??= () => this.controller?.resume();
      this.res.once("drain", this.resumeUpstream);
    }
  }

  onResponseEnd(): void {
    this.controller = null;
    if (!this.gone) this.res.end();
    this.owner.attemptEnded(this, undefined);
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.controller = null;
    this.owner.attemptEnded(this, error);
  }

  private readonly onClose = (): void => {
    if (this.done || this.res.writableFinished) return;
    this.gone = true;
    this.owner.clientGone(this);
  };
}

/** A header object as a flat `[name, value, ...]` list (undici gives the raw list; this is the fallback). */
function flatten(headers: IncomingHttpHeaders): string[] {
  const flat: string[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) for (const v of value) flat.push(name, v);
    else if (value !== undefined) flat.push(name, value);
  }
  return flat;
}
