import { Inject, Injectable, ServiceUnavailableException } from "@nestjs/common";
import { zeroAddress, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainService } from "../../chain/chain.service.js";
import { type BackendConfig, schedulerKeys } from "../../config/config.js";
import { CONFIG } from "../../config/constants.js";
import type { ReceiptSchedulerDto } from "./dto/receipt-scheduler.dto.js";

/**
 * This node's scheduler keys and whom each anchors for. Read from the chain's latest block rather than
 * the index: right after a provider's `authorizeScheduler` is mined, its console asks again and must
 * see the change even if the indexer is a block behind.
 */
@Injectable()
export class ReceiptSchedulersService {
  /** Addresses only: the keys never leave the config. */
  private readonly addresses: Address[];

  constructor(
    @Inject(CONFIG) config: BackendConfig,
    @Inject(ChainService) private readonly chain: ChainService,
  ) {
    this.addresses = schedulerKeys(config).map((key) => privateKeyToAccount(key).address);
  }

  async list(): Promise<ReceiptSchedulerDto[]> {
    if (this.addresses.length === 0) return [];
    const registry = this.chain.contract("ReceiptRegistry");
    let providers: Address[];
    try {
      providers = await Promise.all(
        this.addresses.map((scheduler) =>
          this.chain.client.readContract({ ...registry, functionName: "providerOf", args: [scheduler] }),
        ),
      );
    } catch (error) {
      // The chain is the answer here: without it, say so (503) rather than fail as a server error.
      throw new ServiceUnavailableException(
        `Cannot read scheduler authorizations from the chain: ${(error as Error).message.split("\n")[0]}`,
      );
    }
    return this.addresses.map((scheduler, i) => {
      const provider = providers[i]!.toLowerCase();
      return { address: scheduler.toLowerCase(), provider: provider === zeroAddress ? null : provider };
    });
  }
}
