// A stand-in ReceiptRegistry behind a viem custom transport, for unit tests without a node.
// The real contract is exercised by test/receipts/ReceiptRegistry.sdk.test.ts at the repository root.
import {
  type Address,
  createPublicClient,
  custom,
  decodeFunctionData,
  encodeErrorResult,
  encodeFunctionResult,
  type Hex,
  numberToHex,
  type PublicClient,
  zeroAddress,
} from "viem";
import { hardhat } from "../chains/hardhat.js";
import { receiptRegistryAbi } from "../generated/abis.js";
import { fromReceiptFields } from "../receipts/fromReceiptFields.js";
import { hashReceipt } from "../receipts/hashReceipt.js";
import { processProof } from "../receipts/processProof.js";

export const fakeRegistryAddress: Address = "0x00000000000000000000000000000000000dc0de";

export type FakeBatch = {
  root: Hex;
  anchorer?: Address;
  count?: number;
  firstTimestamp?: number;
  lastTimestamp?: number;
};

/** A public client whose node knows one ReceiptRegistry at {@link fakeRegistryAddress} with the given batches (ids from 1). */
export function fakeRegistryClient(
  batches: FakeBatch[],
  { chainId = hardhat.id }: { chainId?: number } = {},
): { client: PublicClient; calls: string[] } {
  const calls: string[] = [];
  const transport = custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      if (method === "eth_chainId") return numberToHex(chainId);
      if (method !== "eth_call") throw new Error(`fake node: unsupported ${method}`);
      const [{ to, data }] = params as [{ to: Address; data: Hex }];
      if (to.toLowerCase() !== fakeRegistryAddress) return "0x";
      const call = decodeFunctionData({ abi: receiptRegistryAbi, data });
      calls.push(call.functionName);
      const id = Number(call.args?.[0] ?? 0n);
      const batch = batches[id - 1];
      const revert = () => {
        const error = Object.assign(new Error("execution reverted"), {
          code: 3,
          data: encodeErrorResult({
            abi: receiptRegistryAbi,
            errorName: "ReceiptRegistryUnknownBatch",
            args: [BigInt(id)],
          }),
        });
        throw error;
      };
      switch (call.functionName) {
        case "getBatch":
          if (batch === undefined) return revert();
          return encodeFunctionResult({
            abi: receiptRegistryAbi,
            functionName: "getBatch",
            result: {
              root: batch.root,
              anchorer: batch.anchorer ?? zeroAddress,
              count: batch.count ?? 1,
              firstTimestamp: batch.firstTimestamp ?? 0,
              lastTimestamp: batch.lastTimestamp ?? 0,
            },
          });
        case "verifyReceipt": {
          if (batch === undefined) return revert();
          const [, leaf, proof] = call.args;
          const valid = processProof({ leaf, proof }) === batch.root;
          return encodeFunctionResult({ abi: receiptRegistryAbi, functionName: "verifyReceipt", result: valid });
        }
        case "verifyReceiptFields": {
          if (batch === undefined) return revert();
          const [, fields, proof] = call.args;
          const leaf = hashReceipt(fromReceiptFields(fields));
          const valid = processProof({ leaf, proof }) === batch.root;
          return encodeFunctionResult({ abi: receiptRegistryAbi, functionName: "verifyReceiptFields", result: valid });
        }
        default:
          throw new Error(`fake node: unsupported ${call.functionName}`);
      }
    },
  });
  return { client: createPublicClient({ chain: { ...hardhat, id: chainId }, transport }), calls };
}
