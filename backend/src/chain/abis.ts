import { abis } from "@dcx/sdk";

/** The deployed D-CloudX contracts the backend reads and indexes. */
export const CONTRACT_NAMES = [
  "DCXToken",
  "DCXTimelock",
  "DCXGovernor",
  "EscrowManager",
  "ResourceMarketplace",
  "SLAEnforcement",
  "ReceiptRegistry",
] as const;

export type ContractName = (typeof CONTRACT_NAMES)[number];

/** Their ABIs, generated from the compiled artifacts by `scripts/generateAbis.ts` (never copied by hand). */
export const ABIS = {
  DCXToken: abis.DCXToken,
  DCXTimelock: abis.DCXTimelock,
  DCXGovernor: abis.DCXGovernor,
  EscrowManager: abis.EscrowManager,
  ResourceMarketplace: abis.ResourceMarketplace,
  SLAEnforcement: abis.SLAEnforcement,
  ReceiptRegistry: abis.ReceiptRegistry,
} as const;

export type AbiOf<N extends ContractName> = (typeof ABIS)[N];
