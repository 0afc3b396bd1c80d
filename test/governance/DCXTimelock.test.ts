import { expect } from "chai";
import { ZeroAddress, ZeroHash, id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { deployDCloudX } from "../helpers/fixtures.js";
import { GovernorHelper, delegateVotes } from "../helpers/governance.js";

const { ethers, networkHelpers } = await network.create();

const PROPOSER_ROLE = id("PROPOSER_ROLE");
const EXECUTOR_ROLE = id("EXECUTOR_ROLE");
const CANCELLER_ROLE = id("CANCELLER_ROLE");
const DEFAULT_ADMIN_ROLE = ZeroHash;

async function timelockFixture(connection: NetworkConnection) {
  const d = await deployDCloudX(connection);
  await delegateVotes(d.token, [d.deployer]);
  return { ...d, helper: new GovernorHelper(connection, d.governor) };
}

describe("DCXTimelock", function () {
  it("is deployed with the fixture's delay", async function () {
    const c = await networkHelpers.loadFixture(timelockFixture);
    expect(await c.timelock.getMinDelay()).to.equal(3_600n);
  });

  it("only the governor proposes and cancels; anyone executes; the timelock administers itself", async function () {
    const c = await networkHelpers.loadFixture(timelockFixture);
    const governor = await c.governor.getAddress();
    const timelock = await c.timelock.getAddress();
    expect(await c.timelock.hasRole(PROPOSER_ROLE, governor)).to.equal(true);
    expect(await c.timelock.hasRole(CANCELLER_ROLE, governor)).to.equal(true);
    expect(await c.timelock.hasRole(EXECUTOR_ROLE, ZeroAddress)).to.equal(true);
    expect(await c.timelock.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
    for (const role of [PROPOSER_ROLE, CANCELLER_ROLE, DEFAULT_ADMIN_ROLE]) {
      expect(await c.timelock.hasRole(role, c.deployer)).to.equal(false);
    }
  });

  it("rejects scheduling and cancelling by anyone but the governor", async function () {
    const c = await networkHelpers.loadFixture(timelockFixture);
    const data = c.escrow.interface.encodeFunctionData("setPlatformFee", [0]);
    await expect(c.timelock.connect(c.deployer).schedule(c.escrow, 0n, data, ZeroHash, ZeroHash, 3_600n))
      .to.be.revertedWithCustomError(c.timelock, "AccessControlUnauthorizedAccount")
      .withArgs(c.deployer.address, PROPOSER_ROLE);
    await expect(c.timelock.connect(c.deployer).cancel(ZeroHash))
      .to.be.revertedWithCustomError(c.timelock, "AccessControlUnauthorizedAccount")
      .withArgs(c.deployer.address, CANCELLER_ROLE);
  });

  it("changes its delay only through a proposal", async function () {
    const c = await networkHelpers.loadFixture(timelockFixture);
    await expect(c.timelock.connect(c.deployer).updateDelay(0n))
      .to.be.revertedWithCustomError(c.timelock, "TimelockUnauthorizedCaller")
      .withArgs(c.deployer.address);
    const proposal = c.helper.proposal(
      [
        {
          target: c.timelock,
          data: c.timelock.interface.encodeFunctionData("updateDelay", [7_200n]),
        },
      ],
      "Two-hour timelock",
    );
    await expect(proposal.passAndExecute({ proposer: c.deployer, voters: [c.deployer] }))
      .to.emit(c.timelock, "MinDelayChange")
      .withArgs(3_600n, 7_200n);
    expect(await c.timelock.getMinDelay()).to.equal(7_200n);
  });

  it("holds the treasury, which only a proposal can spend", async function () {
    const c = await networkHelpers.loadFixture(timelockFixture);
    expect(await c.escrow.treasury()).to.equal(await c.timelock.getAddress());
    await c.token.connect(c.deployer).transfer(c.timelock, 500n);
    const proposal = c.helper.proposal(
      [
        {
          target: c.token,
          data: c.token.interface.encodeFunctionData("transfer", [c.outsider.address, 200n]),
        },
      ],
      "Grant 200 wei of DCX",
    );
    const tx = await proposal.passAndExecute({
      proposer: c.deployer,
      voters: [c.deployer],
    });
    await expect(tx).to.changeTokenBalances(ethers, c.token, [c.timelock, c.outsider], [-200n, 200n]);
  });

  it("deploys standalone with the given roles", async function () {
    const [admin, proposer, executor] = await ethers.getSigners();
    const timelock = await ethers.deployContract("DCXTimelock", [
      60n,
      [proposer.address],
      [executor.address],
      admin.address,
    ]);
    expect(await timelock.getMinDelay()).to.equal(60n);
    expect(await timelock.hasRole(PROPOSER_ROLE, proposer)).to.equal(true);
    expect(await timelock.hasRole(CANCELLER_ROLE, proposer)).to.equal(true);
    expect(await timelock.hasRole(EXECUTOR_ROLE, executor)).to.equal(true);
    expect(await timelock.hasRole(EXECUTOR_ROLE, ZeroAddress)).to.equal(false);
    expect(await timelock.hasRole(DEFAULT_ADMIN_ROLE, admin)).to.equal(true);
  });
});
