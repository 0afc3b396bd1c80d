import type { Address, Client } from "viem";
import { getChainId } from "viem/actions";
import type { ContractNotDeployedErrorType } from "../errors/contract.js";
import { getDeployedContract } from "./getDeployedContract.js";
import type { ContractName, DeployedChainId } from "./types.js";

export type ResolveContractAddressParameters = {
  contractName: ContractName;
  /** Used as is when given. */
  address?: Address | undefined;
  /** Defaults to the client's chain, else asks the node (`eth_chainId`). */
  chainId?: DeployedChainId | (number & {}) | undefined;
};
export type ResolveContractAddressReturnType = Address;
export type ResolveContractAddressErrorType = ContractNotDeployedErrorType;

/**
 * The address to call a D-CloudX contract at: the one given, else the generated deployment on the
 * chain the client is connected to.
 *
 * @param client - A viem client (its `chain`, or `eth_chainId`, picks the deployment).
 * @param parameters - {@link ResolveContractAddressParameters}
 * @returns The address.
 * @throws {ContractNotDeployedError} When no address is given and the chain has no deployment of the contract.
 *
 * @example
 * const address = await resolveContractAddress(publicClient, { contractName: 'ReceiptRegistry' })
 */
export async function resolveContractAddress(
  client: Client | undefined,
  { contractName, address, chainId }: ResolveContractAddressParameters,
): Promise<ResolveContractAddressReturnType> {
  if (address !== undefined) return address;
  if (chainId === undefined) {
    if (client === undefined) throw new TypeError("resolveContractAddress: pass a client, a chainId or an address.");
    chainId = client.chain?.id ?? (await getChainId(client));
  }
  return getDeployedContract({ chainId, contractName }).address;
}
