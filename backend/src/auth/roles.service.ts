import { Inject, Injectable, ServiceUnavailableException } from "@nestjs/common";
import { eq } from "drizzle-orm";
import type { Address, Hex } from "viem";
import { ChainService } from "../chain/chain.service.js";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { bookings } from "../database/schema.js";
import type { Role } from "./session.js";

/**
 * Derives a wallet's roles from the chain on each call (never cached in the session token, so a
 * registration or a role grant shows on the next request):
 * - `provider`: `ResourceMarketplace.isProvider(address)`
 * - `consumer`: has at least one booking in the index
 * - `governance`: `DCXToken.getVotes(address) > 0` (delegated voting power)
 * - `reporter`: holds `SLAEnforcement.REPORTER_ROLE`
 */
@Injectable()
export class RolesService {
  private reporterRole?: Promise<Hex>;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChainService) private readonly chain: ChainService,
  ) {}

  async rolesOf(address: Address): Promise<Role[]> {
    const client = this.chain.client;
    let onChain: [boolean, bigint, boolean];
    try {
      this.reporterRole ??= client.readContract({
        ...this.chain.contract("SLAEnforcement"),
        functionName: "REPORTER_ROLE",
      });
      onChain = await Promise.all([
        client.readContract({
          ...this.chain.contract("ResourceMarketplace"),
          functionName: "isProvider",
          args: [address],
        }),
        client.readContract({ ...this.chain.contract("DCXToken"), functionName: "getVotes", args: [address] }),
        this.reporterRole.then((role) =>
          client.readContract({
            ...this.chain.contract("SLAEnforcement"),
            functionName: "hasRole",
            args: [role, address],
          }),
        ),
      ]);
    } catch (error) {
      this.reporterRole = undefined;
      throw new ServiceUnavailableException(
        `Cannot read roles from the chain: ${(error as Error).message.split("\n")[0]}`,
      );
    }
    const [isProvider, votes, isReporter] = onChain;
    const [booking] = await this.database.db
      .select({ id: bookings.id })
      .from(bookings)
      .where(eq(bookings.consumer, address.toLowerCase()))
      .limit(1);
    const roles: Role[] = [];
    if (isProvider) roles.push("provider");
    if (booking) roles.push("consumer");
    if (votes > 0n) roles.push("governance");
    if (isReporter) roles.push("reporter");
    return roles;
  }
}
