import { createPublicClient, http, type PublicClient } from "viem";
import { appChain } from "./chain";
import { config } from "./config";

let client: PublicClient | undefined;

/** A read-only client of the configured chain: auditors verify against it without a wallet. */
export function publicClient(): PublicClient {
  client ??= createPublicClient({ chain: appChain, transport: http(config.rpcUrl) });
  return client;
}
