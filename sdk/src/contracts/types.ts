import type { Address } from "viem";
import type { abis } from "../generated/abis.js";
import type { deployedContracts } from "../generated/deployedContracts.js";

/** Names of the D-CloudX contracts, from the generated ABIs. A misspelt name does not compile. */
export type ContractName = keyof typeof abis;

/** The `as const` ABI of a contract, for viem's type inference. */
export type ContractAbi<name extends ContractName> = (typeof abis)[name];

/** Where one contract is deployed on one chain. */
export type DeployedContract = {
  readonly address: Address;
  /** The block before the deployment: index the contract's events from here. */
  readonly startBlock: bigint;
};

/** The shape of the generated `deployedContracts`: chain id → contract name → deployment. */
export type DeployedContracts = {
  readonly [chainId: number]: { readonly [name in ContractName]?: DeployedContract };
};

/** Chain ids with a deployment in the generated `deployedContracts`. */
export type DeployedChainId = keyof typeof deployedContracts;
