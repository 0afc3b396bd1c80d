"use client";

import { dcxTokenAbi } from "@dcx/sdk";
import type { Address } from "viem";
import { useReadContracts } from "wagmi";
import { contractAddress } from "@/lib/contracts";

/** An account's DCX balance and its allowance to `spender` (the escrow or the marketplace), kept fresh. */
export function useTokenState(owner: Address | undefined, spender: Address | undefined) {
  const token = contractAddress("DCXToken");
  const query = useReadContracts({
    contracts:
      owner && spender && token
        ? [
            { address: token, abi: dcxTokenAbi, functionName: "balanceOf", args: [owner] },
            { address: token, abi: dcxTokenAbi, functionName: "allowance", args: [owner, spender] },
          ]
        : [],
    query: { enabled: Boolean(owner && spender && token), refetchInterval: 10_000 },
  });
  const [balance, allowance] = query.data ?? [];
  return {
    token,
    balance: balance?.status === "success" ? (balance.result as bigint) : undefined,
    allowance: allowance?.status === "success" ? (allowance.result as bigint) : undefined,
    refetch: query.refetch,
  };
}
