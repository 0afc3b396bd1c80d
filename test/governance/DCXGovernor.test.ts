import { expect } from "chai";
import { toBeHex } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { registerProvider } from "../helpers/bookings.js";
import { deployDCloudX } from "../helpers/fixtures.js";
import {
  GovernorHelper,
  ProposalState,
  VoteType,
  delegateVotes,
  proposalStateBitmap,
  type Proposal,
} from "../helpers/governance.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const DCX = 10n ** 18n;
const SUPPLY = 1_000_000_000n * DCX;

/** Mirrors `TimelockController.OperationState`. */
enum OperationState {
  Unset,
  Waiting,
  Ready,
  Done,
}

const operationStateBitmap = (state: OperationState) => toBeHex(1n << BigInt(state), 32);

/**
 * The real deployment with the deployer's votes (99.5% of the supply) delegated to itself and the
 * consumer's (0.1%) to itself.
 */
async function governanceFixture(connection: NetworkConnection) {
  const d = await deployDCloudX(connection);
  await delegateVotes(d.token, [d.deployer, d.consumer]);
  const helper = new GovernorHelper(connection, d.governor);
  const DEFAULT_ADMIN_ROLE = await d.escrow.DEFAULT_ADMIN_ROLE();
  return { ...d, helper, DEFAULT_ADMIN_ROLE };
}

type Context = Awaited<ReturnType<typeof governanceFixture>>;

/** A proposal raising the platform fee to 5% and the minimum stake to 2 000 DCX. */
function parameterProposal(c: Context, description = "Raise the platform fee to 5% and the minimum stake to 2000 DCX") {
  return c.helper.proposal(
    [
      {
        target: c.escrow,
        data: c.escrow.interface.encodeFunctionData("setPlatformFee", [500]),
      },
      {
        target: c.marketplace,
        data: c.marketplace.interface.encodeFunctionData("setMinStake", [2_000n * DCX]),
      },
    ],
    description,
  );
}

/** The timelock operation id the governor schedules for a proposal. */
async function operationId(c: Context, proposal: Proposal) {
  const salt = toBeHex((BigInt(await c.governor.getAddress()) << 96n) ^ BigInt(proposal.descriptionHash), 32);
  return c.timelock.hashOperationBatch(
    await proposal.targets(),
    proposal.values,
    proposal.calldatas,
    ethers.ZeroHash,
    salt,
  );
}

describe("DCXGovernor", function () {
  describe("configuration", function () {
    it("votes with DCX, executes through the timelock, with the fixture's settings", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      expect(await c.governor.name()).to.equal("D-CloudX Governor");
      expect(await c.governor.token()).to.equal(await c.token.getAddress());
      expect(await c.governor.timelock()).to.equal(await c.timelock.getAddress());
      expect(await c.governor.votingDelay()).to.equal(1n);
      expect(await c.governor.votingPeriod()).to.equal(20n);
      expect(await c.governor.proposalThreshold()).to.equal(0n);
      expect(await c.governor["quorumNumerator()"]()).to.equal(4n);
      expect(await c.governor.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
      expect(await c.governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain");
      expect(await c.governor.proposalNeedsQueuing(0n)).to.equal(true);
    });

    it("needs 4% of the supply at the snapshot as quorum", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const block = BigInt(await time.latestBlock());
      await networkHelpers.mine();
      expect(await c.governor.quorum(block)).to.equal((SUPPLY * 4n) / 100n);
    });

    it("the timelock holds every admin role; the deployer none", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const timelock = await c.timelock.getAddress();
      for (const contract of [c.escrow, c.marketplace, c.sla]) {
        expect(await contract.hasRole(c.DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
        expect(await contract.hasRole(c.DEFAULT_ADMIN_ROLE, c.deployer)).to.equal(false);
      }
      for (const contract of [c.escrow, c.marketplace]) {
        expect(await contract.hasRole(await contract.PAUSER_ROLE(), timelock)).to.equal(true);
      }
    });
  });

  describe("end to end", function () {
    it("changes the platform fee and the minimum stake: propose → vote → queue → execute", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      const proposalId = await proposal.id();
      const targets = await proposal.targets();

      // Propose.
      const proposed = await proposal.propose(c.consumer);
      const proposedAt = BigInt((await proposed.wait())!.blockNumber);
      const voteStart = proposedAt + 1n;
      const voteEnd = voteStart + 20n;
      await expect(proposed)
        .to.emit(c.governor, "ProposalCreated")
        .withArgs(
          proposalId,
          c.consumer.address,
          targets,
          [0n, 0n],
          ["", ""],
          proposal.calldatas,
          voteStart,
          voteEnd,
          proposal.description,
        );
      expect(await c.governor.proposalSnapshot(proposalId)).to.equal(voteStart);
      expect(await c.governor.proposalDeadline(proposalId)).to.equal(voteEnd);
      expect(await c.governor.proposalProposer(proposalId)).to.equal(c.consumer.address);
      expect(await proposal.state()).to.equal(ProposalState.Pending);
      await expect(proposal.vote(c.deployer))
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Pending, proposalStateBitmap(ProposalState.Active));

      // Vote.
      await proposal.waitForSnapshot();
      expect(await proposal.state()).to.equal(ProposalState.Active);
      const weight = await c.token.getPastVotes(c.deployer, voteStart);
      expect(weight).to.equal(await c.token.balanceOf(c.deployer));
      await expect(proposal.vote(c.deployer, VoteType.For, "cheaper stake, fairer fee"))
        .to.emit(c.governor, "VoteCast")
        .withArgs(c.deployer.address, proposalId, VoteType.For, weight, "cheaper stake, fairer fee");
      await expect(proposal.vote(c.consumer, VoteType.Against))
        .to.emit(c.governor, "VoteCast")
        .withArgs(c.consumer.address, proposalId, VoteType.Against, 1_000_000n * DCX, "");
      await expect(proposal.vote(c.deployer, VoteType.Against))
        .to.be.revertedWithCustomError(c.governor, "GovernorAlreadyCastVote")
        .withArgs(c.deployer.address);
      expect(await c.governor.hasVoted(proposalId, c.deployer)).to.equal(true);
      expect(await c.governor.proposalVotes(proposalId)).to.deep.equal([1_000_000n * DCX, weight, 0n]);
      await expect(proposal.queue())
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Active, proposalStateBitmap(ProposalState.Succeeded));

      // Succeeded, but not queued in the timelock: it cannot run yet.
      await proposal.waitForDeadline();
      expect(await proposal.state()).to.equal(ProposalState.Succeeded);
      await expect(proposal.execute())
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Succeeded, proposalStateBitmap(ProposalState.Queued));
      const opId = await operationId(c, proposal);
      expect(await c.timelock.getOperationState(opId)).to.equal(OperationState.Unset);

      // Queue.
      const queued = await proposal.queue();
      const eta = BigInt((await ethers.provider.getBlock((await queued.wait())!.blockNumber))!.timestamp) + 3_600n;
      await expect(queued).to.emit(c.governor, "ProposalQueued").withArgs(proposalId, eta);
      await expect(queued).to.emit(c.timelock, "CallScheduled");
      expect(await proposal.state()).to.equal(ProposalState.Queued);
      expect(await c.governor.proposalEta(proposalId)).to.equal(eta);
      expect(await c.timelock.getOperationState(opId)).to.equal(OperationState.Waiting);
      await expect(proposal.execute())
        .to.be.revertedWithCustomError(c.timelock, "TimelockUnexpectedOperationState")
        .withArgs(opId, operationStateBitmap(OperationState.Ready));

      // Wait out the delay, then anyone executes.
      await proposal.waitForEta();
      expect(await c.timelock.getOperationState(opId)).to.equal(OperationState.Ready);
      const minStake = await c.marketplace.minStake();
      const executed = await proposal.execute(c.outsider);
      await expect(executed).to.emit(c.governor, "ProposalExecuted").withArgs(proposalId);
      await expect(executed).to.emit(c.escrow, "PlatformFeeUpdated").withArgs(250, 500);
      await expect(executed)
        .to.emit(c.marketplace, "MinStakeUpdated")
        .withArgs(minStake, 2_000n * DCX);
      expect(await proposal.state()).to.equal(ProposalState.Executed);
      expect(await c.timelock.getOperationState(opId)).to.equal(OperationState.Done);
      expect(await c.escrow.platformFeeBps()).to.equal(500n);
      expect(await c.marketplace.minStake()).to.equal(2_000n * DCX);

      await expect(proposal.execute())
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Executed, proposalStateBitmap(ProposalState.Queued));
    });

    it("the new minimum stake applies to registrations", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      await (
        await parameterProposal(c).passAndExecute({
          proposer: c.deployer,
          voters: [c.deployer],
        })
      ).wait();
      await c.token.connect(c.provider).approve(c.marketplace, 1_000n * DCX);
      await expect(c.marketplace.connect(c.provider).registerProvider(1_000n * DCX, ""))
        .to.be.revertedWithCustomError(c.marketplace, "MarketplaceInsufficientStake")
        .withArgs(1_000n * DCX, 2_000n * DCX);
      await registerProvider(c, c.provider, 2_000n * DCX);
      expect(await c.marketplace.isProvider(c.provider)).to.equal(true);
    });

    it("adds an SLA reporter and raises the reporter quorum", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const REPORTER_ROLE = await c.sla.REPORTER_ROLE();
      const proposal = c.helper.proposal(
        [
          {
            target: c.sla,
            data: c.sla.interface.encodeFunctionData("grantRole", [REPORTER_ROLE, c.outsider.address]),
          },
          {
            target: c.sla,
            data: c.sla.interface.encodeFunctionData("setQuorum", [3]),
          },
        ],
        "Add a fourth SLA reporter; require three matching reports",
      );
      const tx = await proposal.passAndExecute({
        proposer: c.deployer,
        voters: [c.deployer],
      });
      await expect(tx)
        .to.emit(c.sla, "RoleGranted")
        .withArgs(REPORTER_ROLE, c.outsider.address, await c.timelock.getAddress());
      await expect(tx).to.emit(c.sla, "QuorumUpdated").withArgs(2, 3);
      expect(await c.sla.hasRole(REPORTER_ROLE, c.outsider)).to.equal(true);
      expect(await c.sla.getRoleMemberCount(REPORTER_ROLE)).to.equal(4n);
      expect(await c.sla.quorum()).to.equal(3n);
    });

    it("changes its own voting period through a proposal", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = c.helper.proposal(
        [
          {
            target: c.governor,
            data: c.governor.interface.encodeFunctionData("setVotingPeriod", [40]),
          },
        ],
        "Lengthen the voting period",
      );
      await expect(proposal.passAndExecute({ proposer: c.deployer, voters: [c.deployer] }))
        .to.emit(c.governor, "VotingPeriodSet")
        .withArgs(20, 40);
      expect(await c.governor.votingPeriod()).to.equal(40n);
    });

    it("a proposal whose action reverts cannot execute, and stays queued", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = c.helper.proposal(
        [
          {
            target: c.escrow,
            data: c.escrow.interface.encodeFunctionData("setPlatformFee", [1_001]),
          },
        ],
        "A fee above the cap",
      );
      expect(await proposal.pass({ proposer: c.deployer, voters: [c.deployer] })).to.equal(ProposalState.Queued);
      await expect(proposal.execute())
        .to.be.revertedWithCustomError(c.escrow, "EscrowFeeTooHigh")
        .withArgs(1_001, 1_000);
      expect(await proposal.state()).to.equal(ProposalState.Queued);
    });
  });

  describe("defeated proposals", function () {
    it("a proposal voted down cannot be queued or executed", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      const proposalId = await proposal.id();
      expect(
        await proposal.pass({
          proposer: c.consumer,
          voters: [c.deployer, c.consumer],
          support: VoteType.Against,
        }),
      ).to.equal(ProposalState.Defeated);
      await expect(proposal.queue())
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Defeated, proposalStateBitmap(ProposalState.Succeeded));
      await time.increase(3_600);
      await expect(proposal.execute())
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Defeated, proposalStateBitmap(ProposalState.Queued));
      expect(await c.escrow.platformFeeBps()).to.equal(250n);
      expect(await c.marketplace.minStake()).to.equal(1_000n * DCX);
    });

    it("a majority below quorum is defeated", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      // The consumer's 1M DCX is far below the 40M quorum.
      expect(await proposal.pass({ proposer: c.consumer, voters: [c.consumer] })).to.equal(ProposalState.Defeated);
      await expect(proposal.execute())
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(await proposal.id(), ProposalState.Defeated, proposalStateBitmap(ProposalState.Queued));
    });

    it("undelegated tokens do not vote", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      await (await proposal.propose(c.provider)).wait();
      await proposal.waitForSnapshot();
      await expect(proposal.vote(c.provider))
        .to.emit(c.governor, "VoteCast")
        .withArgs(c.provider.address, await proposal.id(), VoteType.For, 0n, "");
    });

    it("abstentions count towards quorum but not towards the majority", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      await (await proposal.propose(c.consumer)).wait();
      await proposal.waitForSnapshot();
      await proposal.vote(c.deployer, VoteType.Abstain);
      await proposal.vote(c.consumer, VoteType.For);
      await proposal.waitForDeadline();
      expect(await proposal.state()).to.equal(ProposalState.Succeeded);
    });

    it("votes cast after the deadline are rejected", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      await (await proposal.propose(c.consumer)).wait();
      await proposal.waitForDeadline();
      await expect(proposal.vote(c.deployer))
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(await proposal.id(), ProposalState.Defeated, proposalStateBitmap(ProposalState.Active));
    });
  });

  describe("cancel", function () {
    it("the proposer cancels a pending proposal", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      await (await proposal.propose(c.consumer)).wait();
      const proposalId = await proposal.id();
      await expect(proposal.cancel(c.deployer))
        .to.be.revertedWithCustomError(c.governor, "GovernorUnableToCancel")
        .withArgs(proposalId, c.deployer.address);
      await expect(proposal.cancel(c.consumer)).to.emit(c.governor, "ProposalCanceled").withArgs(proposalId);
      expect(await proposal.state()).to.equal(ProposalState.Canceled);
      await proposal.waitForSnapshot();
      await expect(proposal.vote(c.deployer))
        .to.be.revertedWithCustomError(c.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Canceled, proposalStateBitmap(ProposalState.Active));
    });

    it("not once voting started", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      const proposal = parameterProposal(c);
      await (await proposal.propose(c.consumer)).wait();
      await proposal.waitForSnapshot();
      await expect(proposal.cancel(c.consumer))
        .to.be.revertedWithCustomError(c.governor, "GovernorUnableToCancel")
        .withArgs(await proposal.id(), c.consumer.address);
    });
  });

  describe("only governance", function () {
    it("the governor's settings change only through its own proposals", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      for (const call of [
        () => c.governor.connect(c.deployer).setVotingPeriod(1),
        () => c.governor.connect(c.deployer).setVotingDelay(0),
        () => c.governor.connect(c.deployer).setProposalThreshold(1),
        () => c.governor.connect(c.deployer).updateQuorumNumerator(1),
        () => c.governor.connect(c.deployer).updateTimelock(c.outsider),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(c.governor, "GovernorOnlyExecutor")
          .withArgs(c.deployer.address);
      }
    });

    it("the protocol's parameters change only through the timelock", async function () {
      const c = await networkHelpers.loadFixture(governanceFixture);
      await expect(c.escrow.connect(c.deployer).setPlatformFee(0))
        .to.be.revertedWithCustomError(c.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(c.deployer.address, c.DEFAULT_ADMIN_ROLE);
      await expect(c.marketplace.connect(c.deployer).setMinStake(0))
        .to.be.revertedWithCustomError(c.marketplace, "AccessControlUnauthorizedAccount")
        .withArgs(c.deployer.address, c.DEFAULT_ADMIN_ROLE);
      await expect(c.sla.connect(c.deployer).setQuorum(1))
        .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
        .withArgs(c.deployer.address, c.DEFAULT_ADMIN_ROLE);
    });
  });
});
