import type { Address } from "viem";

/** What a verified session token says about its holder. */
export type Session = {
  /** The signed-in wallet (EIP-55 checksummed). */
  address: Address;
  /** The chain the session is bound to (the SIWE message's chain id). */
  chainId: number;
};

/** The JWT claims of a session token. */
export type SessionClaims = { sub: Address; chainId: number; iat?: number; exp?: number };

/** A role derived from on-chain state (and the index), never stored. */
export type Role = "provider" | "consumer" | "governance" | "reporter";

export const ROLES: readonly Role[] = ["provider", "consumer", "governance", "reporter"];
