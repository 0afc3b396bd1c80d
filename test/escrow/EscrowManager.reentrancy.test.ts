import { expect } from "chai";
import { network } from "hardhat";
import {
  BookingState,
  DEFAULT_PRICE,
  ONE_HOUR,
  endpointHash,
  expectEscrowSolvent,
  reentrantDeploymentFixture,
} from "../helpers/marketplace.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

/**
 * A payment token that calls back during a transfer must not be able to re-enter the escrow while
 * it is paying out or pulling in: every such path is stopped by its ReentrancyGuard.
 */
describe("EscrowManager: reentrancy", () => {
  /** The token contract books (as the consumer) and the provider activates; an hour streams. */
  async function tokenConsumerFixture() {
    const d = await reentrantDeploymentFixture(connection);
    const book = d.marketplace.interface.encodeFunctionData("book", [d.resourceId, ONE_HOUR, DEFAULT_PRICE]);
    await d.token.execute(await d.marketplace.getAddress(), book);
    await d.marketplace.connect(d.provider).activateBooking(1n, endpointHash());
    await time.increase(60n);
    return { ...d, bookingId: 1n };
  }

  it("the hook really re-enters: outside the escrow, the same callback cancels the booking", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    const cancel = d.marketplace.interface.encodeFunctionData("cancelBooking", [d.bookingId]);
    await d.token.arm(await d.marketplace.getAddress(), cancel);
    await expect(d.token.connect(d.outsider).transfer(d.consumer.address, 0n))
      .to.emit(d.marketplace, "BookingCancelled")
      .and.to.emit(d.token, "Reentered");
    expect(await d.token.armed()).to.equal(false);
  });

  it("withdraw's payout cannot re-enter withdraw", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    await d.token.arm(await d.escrow.getAddress(), d.escrow.interface.encodeFunctionData("withdraw", [d.bookingId]));
    await expect(d.escrow.connect(d.provider).withdraw(d.bookingId)).to.be.revertedWithCustomError(
      d.escrow,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("withdraw's payout cannot re-enter withdrawMany or sweepFees", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    for (const data of [
      d.escrow.interface.encodeFunctionData("withdrawMany", [[d.bookingId]]),
      d.escrow.interface.encodeFunctionData("sweepFees"),
    ]) {
      await d.token.arm(await d.escrow.getAddress(), data);
      await expect(d.escrow.connect(d.provider).withdrawMany([d.bookingId])).to.be.revertedWithCustomError(
        d.escrow,
        "ReentrancyGuardReentrantCall",
      );
    }
  });

  it("withdraw's payout cannot re-enter the escrow through the marketplace (cancelBooking by the consumer)", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    await d.token.arm(
      await d.marketplace.getAddress(),
      d.marketplace.interface.encodeFunctionData("cancelBooking", [d.bookingId]),
    );
    await expect(d.escrow.connect(d.provider).withdraw(d.bookingId)).to.be.revertedWithCustomError(
      d.escrow,
      "ReentrancyGuardReentrantCall",
    );
    // the whole attempt was rolled back, the hook's disarming included
    expect(await d.token.armed()).to.equal(true);
    expect(await d.marketplace.bookingState(d.bookingId)).to.equal(BookingState.Active);
    expect((await d.escrow.getStream(d.bookingId)).settled).to.equal(0n);
  });

  it("the pull in book (open) cannot re-enter cancel for the booking being opened", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    const marketplace = await d.marketplace.getAddress();
    await d.token.arm(marketplace, d.marketplace.interface.encodeFunctionData("cancelBooking", [2n]));
    const book = d.marketplace.interface.encodeFunctionData("book", [d.resourceId, ONE_HOUR, DEFAULT_PRICE]);
    await expect(d.token.execute(marketplace, book)).to.be.revertedWithCustomError(
      d.escrow,
      "ReentrancyGuardReentrantCall",
    );
    expect(await d.marketplace.bookingCount()).to.equal(1n);
  });

  it("the pull in extend cannot re-enter cancel", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    const marketplace = await d.marketplace.getAddress();
    await d.token.arm(marketplace, d.marketplace.interface.encodeFunctionData("cancelBooking", [d.bookingId]));
    const extend = d.marketplace.interface.encodeFunctionData("extendBooking", [d.bookingId, 60n]);
    await expect(d.token.execute(marketplace, extend)).to.be.revertedWithCustomError(
      d.escrow,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("the refund in cancel cannot re-enter open (a new booking)", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    const marketplace = await d.marketplace.getAddress();
    await d.token.arm(
      marketplace,
      d.marketplace.interface.encodeFunctionData("book", [d.resourceId, ONE_HOUR, DEFAULT_PRICE]),
    );
    const cancel = d.marketplace.interface.encodeFunctionData("cancelBooking", [d.bookingId]);
    await expect(d.token.execute(marketplace, cancel)).to.be.revertedWithCustomError(
      d.escrow,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("leaves the escrow solvent after the attempts are rolled back and the booking settles normally", async () => {
    const d = await loadFixture(tokenConsumerFixture);
    await d.token.arm(await d.escrow.getAddress(), d.escrow.interface.encodeFunctionData("withdraw", [d.bookingId]));
    await expect(d.escrow.connect(d.provider).withdraw(d.bookingId)).to.be.revertedWithCustomError(
      d.escrow,
      "ReentrancyGuardReentrantCall",
    );
    // disarm with a harmless transfer whose callback only reads
    await d.token.arm(await d.escrow.getAddress(), d.escrow.interface.encodeFunctionData("unsweptFees"));
    await d.token.connect(d.outsider).transfer(d.outsider.address, 0n);
    await expect(d.escrow.connect(d.provider).withdraw(d.bookingId)).to.emit(d.escrow, "EarningsWithdrawn");
    const cancel = d.marketplace.interface.encodeFunctionData("cancelBooking", [d.bookingId]);
    await d.token.execute(await d.marketplace.getAddress(), cancel);
    await expectEscrowSolvent(d.token, d.escrow, [d.bookingId]);
  });
});
