"use client";

import { useCallback, useState } from "react";
import type { Abi, Hash, TransactionReceipt } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import { type DecodedError, decodeError } from "@/lib/decodeError";

/** Where a transaction (or a sequence of them) stands. */
export type TxState =
  | { status: "idle" }
  | { status: "pending"; label: string; hash?: Hash }
  | { status: "confirmed"; label: string; hash: Hash; receipt: TransactionReceipt }
  | { status: "failed"; label: string; hash?: Hash; error: DecodedError };

/** A contract write: what `writeContract` takes. */
export type TxRequest = {
  address: `0x${string}`;
  abi: Abi | readonly unknown[];
  functionName: string;
  args?: readonly unknown[];
};

/**
 * Every write goes through here (as scaffold-eth's `useTransactor`): simulate first (a revert is
 * decoded before the wallet is asked), send, wait for the receipt, and expose pending / confirmed /
 * failed with the decoded custom error. `send` returns the receipt, or `null` when it failed.
 */
export function useTransactor() {
  const wagmiConfig = useConfig();
  const [state, setState] = useState<TxState>({ status: "idle" });

  const send = useCallback(
    async (label: string, request: TxRequest): Promise<TransactionReceipt | null> => {
      setState({ status: "pending", label });
      let hash: Hash | undefined;
      try {
        const { request: prepared } = await simulateContract(wagmiConfig, request as never);
        hash = await writeContract(wagmiConfig, prepared as never);
        setState({ status: "pending", label, hash });
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
        if (receipt.status !== "success") {
          setState({ status: "failed", label, hash, error: { message: "The transaction reverted." } });
          return null;
        }
        setState({ status: "confirmed", label, hash, receipt });
        return receipt;
      } catch (error) {
        setState({ status: "failed", label, hash, error: decodeError(error) });
        return null;
      }
    },
    [wagmiConfig],
  );

  /** Marks a failure found before sending (e.g. a signature refused). */
  const fail = useCallback((label: string, error: unknown) => {
    setState({ status: "failed", label, error: decodeError(error) });
  }, []);

  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, send, fail, reset, busy: state.status === "pending" };
}
