"use client";

import { slaEnforcementAbi } from "@dcx/sdk";
import { useQuery } from "@tanstack/react-query";
import { contractAddress } from "@/lib/contracts";
import { publicClient } from "@/lib/publicClient";

/**
 * `SLAEnforcement.INITIAL_REPUTATION`, the reputation every provider has before any SLA report about
 * it is applied, read from the chain (no wallet needed) so an auditor reads the contract's value, not
 * the app's idea of it. A constant: read once.
 */
export function useInitialReputation() {
  const address = contractAddress("SLAEnforcement");
  return useQuery({
    queryKey: ["chain", "SLAEnforcement", "INITIAL_REPUTATION", address ?? null],
    queryFn: async () =>
      Number(
        await publicClient().readContract({
          address: address!,
          abi: slaEnforcementAbi,
          functionName: "INITIAL_REPUTATION",
        }),
      ),
    enabled: Boolean(address),
    staleTime: Infinity,
  });
}
