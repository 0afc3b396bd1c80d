import { Worker } from "node:worker_threads";
import type { Hex } from "viem";
import { buildTree, type BuildTreeReturnType } from "./build-tree.js";
import { prepareReceipts, type PrepareReceiptsReturnType, type QueuedDecision } from "./prepare-receipts.js";

/** @internal Messages to the worker. */
export type HasherRequest =
  { id: number; op: "prepare"; items: QueuedDecision[] } | { id: number; op: "build"; leaves: Hex[] };
/** @internal Messages from the worker. */
export type HasherResponse = { id: number; result?: unknown; error?: string };

/**
 * The receipts' hashing: {@link prepareReceipts} and {@link buildTree}, in a worker thread (the
 * default: the event loop stays free for the request path) or inline on the calling thread.
 */
export class ReceiptHasher {
  private readonly worker?: Worker;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 0;

  /**
   * @param nodeId - 24 random bytes: the prefix of every decision id this node makes.
   * @param options.worker - Run in a worker thread (default) or inline.
   */
  constructor(
    private readonly nodeId: Uint8Array,
    options: { worker?: boolean } = {},
  ) {
    if (options.worker === false) return;
    this.worker = new Worker(new URL("./receipts.worker.js", import.meta.url), { workerData: { nodeId } });
    this.worker.unref();
    this.worker.on("message", (message: HasherResponse) => {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result);
    });
    this.worker.on("error", (error) => this.failAll(error));
    this.worker.on("exit", (code) => this.failAll(new Error(`receipts worker exited with code ${code}`)));
  }

  /** Turns decisions into receipts with their leaves. */
  prepare(items: QueuedDecision[]): Promise<PrepareReceiptsReturnType> {
    if (!this.worker) return Promise.resolve(prepareReceipts(this.nodeId, items));
    return this.call({ op: "prepare", items }) as Promise<PrepareReceiptsReturnType>;
  }

  /** Builds the tree of `leaves`. */
  build(leaves: Hex[]): Promise<BuildTreeReturnType> {
    if (!this.worker) return Promise.resolve(buildTree(leaves));
    return this.call({ op: "build", leaves }) as Promise<BuildTreeReturnType>;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  private call(request: { op: "prepare"; items: QueuedDecision[] } | { op: "build"; leaves: Hex[] }): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ id, ...request });
    });
  }

  private failAll(error: Error): void {
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
  }
}
