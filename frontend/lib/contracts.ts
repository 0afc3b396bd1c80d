import { type ContractName, deployedContracts, type DeployedContracts } from "@dcx/sdk";
import type { Address } from "viem";
import { config } from "./config";

/**
 * The address of a D-CloudX contract on the configured chain, from the sdk's generated deployment
 * (read directly, so pages that only need an address do not pull every ABI into their bundle).
 * `undefined` when the chain has no deployment: the UI then explains instead of sending.
 */
export function contractAddress(contractName: ContractName): Address | undefined {
  return (deployedContracts as DeployedContracts)[config.chainId]?.[contractName]?.address;
}
