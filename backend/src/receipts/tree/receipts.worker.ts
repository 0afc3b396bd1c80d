/**
 * Worker thread entry: hashes receipts and builds trees off the event loop. Messages are
 * `{ id, op: "prepare" | "build", args }`; answers `{ id, result }` or `{ id, error }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildTree } from "./build-tree.js";
import { prepareReceipts } from "./prepare-receipts.js";
import type { HasherRequest, HasherResponse } from "./receipt-hasher.js";

const nodeId = (workerData as { nodeId: Uint8Array }).nodeId;

parentPort!.on("message", (request: HasherRequest) => {
  let response: HasherResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    if (request.op === "prepare") {
      response = { id: request.id, result: prepareReceipts(nodeId, request.items) };
    } else {
      const built = buildTree(request.leaves);
      transfer.push(built.nodes.buffer as ArrayBuffer);
      response = { id: request.id, result: built };
    }
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response, transfer);
});
