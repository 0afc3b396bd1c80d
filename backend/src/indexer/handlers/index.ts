import type { ContractName } from "../../chain/abis.js";
import type { HandlerContext, IndexedEvent } from "../types.js";
import { escrowHandlers } from "./escrow.js";
import { governorHandlers } from "./governance.js";
import { marketplaceHandlers } from "./marketplace.js";
import { receiptHandlers } from "./receipts.js";
import { slaHandlers } from "./sla.js";

type AnyHandler = (ctx: HandlerContext, event: IndexedEvent) => Promise<void>;

/**
 * Projections, one handler per `Contract:Event`. Events of contracts or names not listed here
 * (token transfers, role changes, timelock operations) are kept in the raw event log only.
 */
export const HANDLERS: Partial<Record<ContractName, Record<string, AnyHandler | undefined>>> = {
  ResourceMarketplace: marketplaceHandlers as Record<string, AnyHandler>,
  EscrowManager: escrowHandlers as Record<string, AnyHandler>,
  SLAEnforcement: slaHandlers as Record<string, AnyHandler>,
  ReceiptRegistry: receiptHandlers as Record<string, AnyHandler>,
  DCXGovernor: governorHandlers as Record<string, AnyHandler>,
};
