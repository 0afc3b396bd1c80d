import type { Addressable, ContractTransactionResponse, Signer } from "ethers";
import { id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import type { DCXGovernor, DCXToken } from "../../types/ethers-contracts/index.js";

/**
 * Drives proposals through the real {DCXGovernor} and {DCXTimelock}: propose → vote → queue →
 * execute, mining blocks and moving time exactly as far as each step needs. Shaped after
 * OpenZeppelin's `test/helpers/governance.js` (`GovernorHelper`).
 *
 * @example
 * const proposal = new GovernorHelper(connection, governor).proposal(
 *   [{ target: escrow, data: escrow.interface.encodeFunctionData("setPlatformFee", [500]) }],
 *   "Raise the platform fee to 5%",
 * );
 * await proposal.pass({ proposer: holder, voters: [holder] }); // queued and ready
 * await proposal.execute();
 */

/** Mirrors `IGovernor.ProposalState`. */
export enum ProposalState {
  Pending,
  Active,
  Canceled,
  Defeated,
  Succeeded,
  Queued,
  Expired,
  Executed,
}

/** Mirrors `GovernorCountingSimple.VoteType`. */
export enum VoteType {
  Against,
  For,
  Abstain,
}

/** The bitmap `Governor` puts in `GovernorUnexpectedProposalState` for the states it expected. */
export function proposalStateBitmap(...states: ProposalState[]): string {
  const bits = states.reduce((acc, state) => acc | (1n << BigInt(state)), 0n);
  return "0x" + bits.toString(16).padStart(64, "0");
}

/** One call the timelock makes when the proposal executes. */
export interface ProposalAction {
  target: string | Addressable;
  data: string;
  value?: bigint;
}

/** Makes each holder delegate its votes to itself (ERC20Votes counts only delegated balances). */
export async function delegateVotes(token: DCXToken, holders: Signer[]): Promise<void> {
  for (const holder of holders) {
    await (await token.connect(holder).delegate(await holder.getAddress())).wait();
  }
}

export class GovernorHelper {
  constructor(
    readonly connection: NetworkConnection,
    readonly governor: DCXGovernor,
  ) {}

  /** Describes a proposal; nothing is sent until {Proposal.propose}. */
  proposal(actions: ProposalAction[], description: string): Proposal {
    return new Proposal(this, actions, description);
  }
}

export class Proposal {
  constructor(
    readonly helper: GovernorHelper,
    readonly actions: ProposalAction[],
    readonly description: string,
  ) {}

  get descriptionHash(): string {
    return id(this.description);
  }

  get values(): bigint[] {
    return this.actions.map((a) => a.value ?? 0n);
  }

  get calldatas(): string[] {
    return this.actions.map((a) => a.data);
  }

  async targets(): Promise<string[]> {
    return Promise.all(this.actions.map((a) => (typeof a.target === "string" ? a.target : a.target.getAddress())));
  }

  /** The proposal id, as the governor computes it. */
  async id(): Promise<bigint> {
    return this.helper.governor.getProposalId(await this.targets(), this.values, this.calldatas, this.descriptionHash);
  }

  async state(): Promise<ProposalState> {
    return Number(await this.helper.governor.state(await this.id())) as ProposalState;
  }

  async propose(proposer: Signer): Promise<ContractTransactionResponse> {
    return this.helper.governor
      .connect(proposer)
      .propose(await this.targets(), this.values, this.calldatas, this.description);
  }

  /** Mines past the snapshot: voting is open, for transactions and for `state()` calls alike. */
  async waitForSnapshot(): Promise<void> {
    await this.#mineTo(await this.helper.governor.proposalSnapshot(await this.id()));
  }

  async vote(voter: Signer, support: VoteType = VoteType.For, reason?: string): Promise<ContractTransactionResponse> {
    const governor = this.helper.governor.connect(voter);
    const proposalId = await this.id();
    return reason === undefined
      ? governor.castVote(proposalId, support)
      : governor.castVoteWithReason(proposalId, support, reason);
  }

  /** Mines past the voting deadline: the vote is closed, for transactions and `state()` calls alike. */
  async waitForDeadline(): Promise<void> {
    await this.#mineTo(await this.helper.governor.proposalDeadline(await this.id()));
  }

  async queue(caller?: Signer): Promise<ContractTransactionResponse> {
    const governor = caller ? this.helper.governor.connect(caller) : this.helper.governor;
    return governor.queue(await this.targets(), this.values, this.calldatas, this.descriptionHash);
  }

  /** Moves time to the timelock's eta, so the next transaction may execute. */
  async waitForEta(): Promise<void> {
    const eta = await this.helper.governor.proposalEta(await this.id());
    const { time } = this.helper.connection.networkHelpers;
    if (BigInt(await time.latest()) < eta) await time.increaseTo(eta);
  }

  async execute(caller?: Signer): Promise<ContractTransactionResponse> {
    const governor = caller ? this.helper.governor.connect(caller) : this.helper.governor;
    return governor.execute(await this.targets(), this.values, this.calldatas, this.descriptionHash);
  }

  async cancel(proposer: Signer): Promise<ContractTransactionResponse> {
    return this.helper.governor
      .connect(proposer)
      .cancel(await this.targets(), this.values, this.calldatas, this.descriptionHash);
  }

  /**
   * Proposes, lets every voter vote `support`, closes the vote and, when it passed, queues the
   * proposal and waits out the timelock delay. Call {execute} afterwards (so its transaction can be
   * asserted on), or use {passAndExecute}.
   * @returns The proposal's state after the vote (Queued when it passed).
   */
  async pass({
    proposer,
    voters,
    support = VoteType.For,
  }: {
    proposer: Signer;
    voters: Signer[];
    support?: VoteType;
  }): Promise<ProposalState> {
    await (await this.propose(proposer)).wait();
    await this.waitForSnapshot();
    for (const voter of voters) await (await this.vote(voter, support)).wait();
    await this.waitForDeadline();
    const state = await this.state();
    if (state !== ProposalState.Succeeded) return state;
    await (await this.queue()).wait();
    await this.waitForEta();
    return this.state();
  }

  /** {pass}, then executes; throws if the proposal did not pass. Returns the execution transaction. */
  async passAndExecute(options: { proposer: Signer; voters: Signer[] }): Promise<ContractTransactionResponse> {
    const state = await this.pass(options);
    if (state !== ProposalState.Queued) {
      throw new Error(`proposal "${this.description}" did not pass: ${ProposalState[state]}`);
    }
    return this.execute();
  }

  /** Mines until the latest block is past `block` (calls run at the latest block, transactions at the next). */
  async #mineTo(block: bigint): Promise<void> {
    const { networkHelpers } = this.helper.connection;
    const latest = BigInt(await networkHelpers.time.latestBlock());
    if (latest <= block) await networkHelpers.mine(block + 1n - latest);
  }
}

/**
 * A signer for `address` (a contract such as the timelock), funded for gas. Unit tests use it to
 * call governance-only functions directly; end-to-end paths go through {GovernorHelper}.
 */
export async function impersonate(connection: NetworkConnection, address: string | Addressable): Promise<Signer> {
  const account = typeof address === "string" ? address : await address.getAddress();
  await connection.networkHelpers.impersonateAccount(account);
  await connection.networkHelpers.setBalance(account, 10n ** 20n);
  return connection.ethers.getSigner(account);
}
