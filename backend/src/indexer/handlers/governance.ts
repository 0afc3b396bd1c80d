import { eq, sql } from "drizzle-orm";
import { proposals } from "../../database/schema.js";
import { defineHandlers } from "../types.js";

const n = (v: bigint | number) => Number(v);

/** Vote tallies by `support`: 0 against, 1 for, 2 abstain (GovernorCountingSimple). */
const TALLY = ["againstVotes", "forVotes", "abstainVotes"] as const;

export const governorHandlers = defineHandlers("DCXGovernor", {
  ProposalCreated: async ({ tx }, e) => {
    await tx
      .insert(proposals)
      .values({
        id: e.args.proposalId.toString(),
        proposer: e.args.proposer.toLowerCase(),
        description: e.args.description,
        targets: e.args.targets.map((t) => t.toLowerCase()),
        calldatas: [...e.args.calldatas],
        voteStart: n(e.args.voteStart),
        voteEnd: n(e.args.voteEnd),
        status: "pending",
        createdBlock: n(e.blockNumber),
        updatedBlock: n(e.blockNumber),
      })
      .onConflictDoNothing();
  },
  VoteCast: async ({ tx }, e) => {
    const field = TALLY[e.args.support];
    if (!field) return;
    await tx
      .update(proposals)
      .set({ [field]: sql`${proposals[field]} + ${e.args.weight.toString()}`, updatedBlock: n(e.blockNumber) })
      .where(eq(proposals.id, e.args.proposalId.toString()));
  },
  ProposalQueued: async ({ tx }, e) => {
    await tx
      .update(proposals)
      .set({ status: "queued", eta: n(e.args.etaSeconds), updatedBlock: n(e.blockNumber) })
      .where(eq(proposals.id, e.args.proposalId.toString()));
  },
  ProposalExecuted: async ({ tx }, e) => {
    await tx
      .update(proposals)
      .set({ status: "executed", updatedBlock: n(e.blockNumber) })
      .where(eq(proposals.id, e.args.proposalId.toString()));
  },
  ProposalCanceled: async ({ tx }, e) => {
    await tx
      .update(proposals)
      .set({ status: "canceled", updatedBlock: n(e.blockNumber) })
      .where(eq(proposals.id, e.args.proposalId.toString()));
  },
});
