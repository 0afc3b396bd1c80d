import { expect } from "chai";
import { network } from "hardhat";
import { deployDCloudX } from "./helpers/fixtures.js";

describe("smoke", () => {
  it("deploys", async () => {
    const connection = await network.create();
    const d = await deployDCloudX(connection);
    expect(await d.marketplace.minStake()).to.equal(d.params.minStake);
    expect(await d.escrow.hasRole(await d.escrow.DEFAULT_ADMIN_ROLE(), await d.timelock.getAddress())).to.equal(true);
    expect(await d.escrow.hasRole(await d.escrow.DEFAULT_ADMIN_ROLE(), d.deployer.address)).to.equal(false);
  });
});
