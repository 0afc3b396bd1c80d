import { type Address, type Client, getContract, type GetContractReturnType } from "viem";
import type { ContractNotDeployedErrorType } from "../errors/contract.js";
import { abis } from "../generated/abis.js";
import { resolveContractAddress } from "./resolveContractAddress.js";
import type { ContractAbi, ContractName, DeployedChainId } from "./types.js";

/** A viem client, or a `{ public, wallet }` pair, as viem's `getContract` takes. */
export type DcxClient =
  Client | { public?: Client | undefined; wallet: Client } | { public: Client; wallet?: Client | undefined };

export type GetDcxContractParameters<name extends ContractName, client extends DcxClient> = {
  /** A viem public client, wallet client, or `{ public, wallet }` pair. */
  client: client;
  contractName: name;
  /** Where the contract is; defaults to the generated deployment on the client's chain. */
  address?: Address | undefined;
  /** Picks the deployment; defaults to the client's chain, else asks the node (`eth_chainId`). */
  chainId?: DeployedChainId | (number & {}) | undefined;
};
export type GetDcxContractReturnType<name extends ContractName, client extends DcxClient> = GetContractReturnType<
  ContractAbi<name>,
  client
>;
export type GetDcxContractErrorType = ContractNotDeployedErrorType;

/**
 * A typed viem contract instance of a D-CloudX contract, found by name (never by a hand-copied
 * address): `read`, `write`, `simulate`, `estimateGas`, `watchEvent`, `getEvents` are all typed
 * from the generated ABI, and a misspelt contract name does not compile.
 *
 * @param parameters - {@link GetDcxContractParameters}
 * @returns viem's `GetContractReturnType` for the contract's ABI.
 * @throws {ContractNotDeployedError} When no address is given and the chain has no deployment of it.
 *
 * @example
 * const registry = await getDcxContract({ client: publicClient, contractName: 'ReceiptRegistry' })
 * const root = await registry.read.batchRoot([1n])
 */
export async function getDcxContract<name extends ContractName, const client extends DcxClient>(
  parameters: GetDcxContractParameters<name, client>,
): Promise<GetDcxContractReturnType<name, client>> {
  const { client, contractName, chainId } = parameters;
  const base: Client | undefined = "request" in client ? (client as Client) : (client.public ?? client.wallet);
  const address = await resolveContractAddress(base, { contractName, address: parameters.address, chainId });
  return getContract({ address, abi: abis[contractName], client }) as unknown as GetDcxContractReturnType<name, client>;
}
