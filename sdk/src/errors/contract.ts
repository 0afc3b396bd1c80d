import { BaseError } from "./base.js";

export type ContractNotDeployedErrorType = ContractNotDeployedError & { name: "ContractNotDeployedError" };

/** `deployments/<chainId>.json` (hence the generated `deployedContracts`) has no address for this contract. */
export class ContractNotDeployedError extends BaseError {
  override name = "ContractNotDeployedError" as const;

  constructor({
    contractName,
    chainId,
    knownChainIds,
  }: {
    contractName: string;
    chainId: number;
    knownChainIds: readonly number[];
  }) {
    super(`${contractName} is not deployed on chain ${chainId}.`, {
      metaMessages: [
        `Chains with deployments: ${knownChainIds.length ? knownChainIds.join(", ") : "none"}.`,
        "Deploy (npm run deploy -- --network <name>) to regenerate the sdk's deployedContracts, or pass an address.",
      ],
    });
  }
}
