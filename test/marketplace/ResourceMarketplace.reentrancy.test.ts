import { expect } from "chai";
import { network } from "hardhat";
import { reentrantDeploymentFixture } from "../helpers/marketplace.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { loadFixture } = networkHelpers;

/**
 * Stake moves in and out of the marketplace; a token that calls back during those transfers must
 * not be able to re-enter any stake function (ReentrancyGuard on each of them).
 */
describe("ResourceMarketplace: reentrancy", () => {
  /** The token contract registered as a provider with twice the minimum stake. */
  async function tokenProviderFixture() {
    const d = await reentrantDeploymentFixture(connection);
    const register = d.marketplace.interface.encodeFunctionData("registerProvider", [d.minStake * 2n, "ipfs://evil"]);
    await d.token.execute(await d.marketplace.getAddress(), register);
    return d;
  }

  const call = (d: Awaited<ReturnType<typeof tokenProviderFixture>>, fn: string, args: unknown[] = []) =>
    d.marketplace.interface.encodeFunctionData(fn as "withdrawStake", args as [bigint]);

  it("the hook really re-enters: outside the marketplace, the callback withdraws stake", async () => {
    const d = await loadFixture(tokenProviderFixture);
    await d.token.arm(await d.marketplace.getAddress(), call(d, "withdrawStake", [1n]));
    await expect(d.token.connect(d.outsider).transfer(d.outsider.address, 0n))
      .to.emit(d.marketplace, "StakeWithdrawn")
      .withArgs(await d.token.getAddress(), 1n, d.minStake * 2n - 1n);
  });

  const cases: [string, string, unknown[], string, unknown[]][] = [
    ["registerProvider's pull", "registerProvider", [1_000n, ""], "withdrawStake", [1n]],
    ["increaseStake's pull", "increaseStake", [5n], "withdrawStake", [1n]],
    ["withdrawStake's payout", "withdrawStake", [1n], "withdrawStake", [1n]],
    ["withdrawStake's payout (into deregister)", "withdrawStake", [1n], "deregisterProvider", []],
    ["deregisterProvider's payout", "deregisterProvider", [], "registerProvider", [1_000n, ""]],
  ];
  for (const [name, outer, outerArgs, inner, innerArgs] of cases) {
    it(`${name} cannot re-enter ${inner}`, async () => {
      const d = await loadFixture(tokenProviderFixture);
      const marketplace = await d.marketplace.getAddress();
      const token = await d.token.getAddress();
      if (outer === "registerProvider") {
        await d.token.execute(marketplace, call(d, "deregisterProvider"));
      }
      const before = await d.marketplace.getProvider(token);
      await d.token.arm(marketplace, call(d, inner, innerArgs));
      await expect(d.token.execute(marketplace, call(d, outer, outerArgs))).to.be.revertedWithCustomError(
        d.marketplace,
        "ReentrancyGuardReentrantCall",
      );
      const after = await d.marketplace.getProvider(token);
      expect(after.stake).to.equal(before.stake);
      expect(after.registered).to.equal(before.registered);
    });
  }

  it("slash's payout cannot re-enter withdrawStake", async () => {
    const d = await loadFixture(tokenProviderFixture);
    const token = await d.token.getAddress();
    await d.token.arm(await d.marketplace.getAddress(), call(d, "withdrawStake", [1n]));
    await expect(
      d.marketplace.connect(d.slaAccount).slash(token, 10n, d.outsider.address),
    ).to.be.revertedWithCustomError(d.marketplace, "ReentrancyGuardReentrantCall");
    expect((await d.marketplace.getProvider(token)).stake).to.equal(d.minStake * 2n);
  });
});
