import type { Address } from "viem";
import { ContractNotDeployedError, type ContractNotDeployedErrorType } from "../errors/contract.js";
import { abis } from "../generated/abis.js";
import { deployedContracts } from "../generated/deployedContracts.js";
import type { ContractAbi, ContractName, DeployedChainId, DeployedContracts } from "./types.js";

export type GetDeployedContractParameters<name extends ContractName = ContractName> = {
  /** The chain id; chains with a generated deployment autocomplete, any number is accepted. */
  chainId: DeployedChainId | (number & {});
  contractName: name;
};
export type GetDeployedContractReturnType<name extends ContractName = ContractName> = {
  address: Address;
  abi: ContractAbi<name>;
  /** The block before the deployment: index the contract's events from here. */
  startBlock: bigint;
};
export type GetDeployedContractErrorType = ContractNotDeployedErrorType;

/**
 * Looks up a D-CloudX contract's address, ABI and start block on a chain, from the generated
 * `deployedContracts` (written by `scripts/deploy.ts`) and `abis` (compiled artifacts).
 *
 * @param parameters - {@link GetDeployedContractParameters}
 * @returns {@link GetDeployedContractReturnType}, the ABI typed `as const`.
 * @throws {ContractNotDeployedError} When the chain has no deployment of the contract.
 *
 * @example
 * const { address, abi, startBlock } = getDeployedContract({ chainId: 31337, contractName: 'ReceiptRegistry' })
 */
export function getDeployedContract<name extends ContractName>({
  chainId,
  contractName,
}: GetDeployedContractParameters<name>): GetDeployedContractReturnType<name> {
  const deployed = (deployedContracts as DeployedContracts)[chainId]?.[contractName];
  if (deployed === undefined) {
    throw new ContractNotDeployedError({
      contractName,
      chainId,
      knownChainIds: Object.keys(deployedContracts).map(Number),
    });
  }
  return { address: deployed.address, abi: abis[contractName], startBlock: deployed.startBlock };
}
