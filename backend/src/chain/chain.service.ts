import { Inject, Injectable } from "@nestjs/common";
import { createPublicClient, http, webSocket, type Address, type PublicClient } from "viem";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { ABIS, type ContractName } from "./abis.js";
import { loadDeployment, type Deployment } from "./deployment.js";

/** The chain the backend indexes: a viem public client and the deployment's addresses. */
@Injectable()
export class ChainService {
  readonly client: PublicClient;
  private _deployment?: Deployment;

  constructor(@Inject(CONFIG) private readonly config: BackendConfig) {
    const transport = /^wss?:/.test(config.RPC_URL)
      ? webSocket(config.RPC_URL)
      : http(config.RPC_URL, { batch: { batchSize: 100, wait: 0 }, retryCount: 2, timeout: 20_000 });
    this.client = createPublicClient({ transport }) as PublicClient;
  }

  /** Connects: reads the chain id and loads the matching deployment. */
  async init(): Promise<Deployment> {
    const chainId = await this.client.getChainId();
    this._deployment = loadDeployment(chainId, this.config.DEPLOYMENT_FILE);
    return this._deployment;
  }

  get deployment(): Deployment {
    if (!this._deployment) throw new Error("ChainService.init() has not run");
    return this._deployment;
  }

  address(name: ContractName): Address {
    return this.deployment.contracts[name];
  }

  /** `{ address, abi }` for viem's contract actions. */
  contract<N extends ContractName>(name: N): { address: Address; abi: (typeof ABIS)[N] } {
    return { address: this.address(name), abi: ABIS[name] };
  }

  /** True when the RPC answers. */
  async ping(): Promise<boolean> {
    try {
      await this.client.getBlockNumber({ cacheTime: 0 });
      return true;
    } catch {
      return false;
    }
  }
}
