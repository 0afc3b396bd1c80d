import { expect } from "chai";
import { network } from "hardhat";
import {
  BookingState,
  DEFAULT_ADMIN_ROLE,
  DEFAULT_PRICE,
  MARKETPLACE_ROLE,
  ONE_HOUR,
  PAUSER_ROLE,
  SLA_ROLE,
  book,
  defaultSla,
  defaultSpec,
  deployMarketplaceFixture,
  endpointHash,
  listResource,
  region,
  regionName,
  registerProvider,
  resourceFixture,
  slaTuple,
  specTuple,
  txTimestamp,
} from "../helpers/marketplace.js";
import { shouldValidateListing } from "./ResourceMarketplace.behavior.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

describe("ResourceMarketplace", () => {
  describe("deployment", () => {
    it("is wired to the token and escrow with the deployment's parameters", async () => {
      const d = await loadFixture(deployMarketplaceFixture);
      expect(await d.marketplace.token()).to.equal(await d.token.getAddress());
      expect(await d.marketplace.escrow()).to.equal(await d.escrow.getAddress());
      expect(await d.marketplace.minStake()).to.equal(d.params.minStake);
      expect(await d.marketplace.provisionWindow()).to.equal(d.params.provisionWindow);
      expect(await d.marketplace.maxBookingDuration()).to.equal(d.params.maxBookingDuration);
      expect(await d.marketplace.resourceCount()).to.equal(0n);
      expect(await d.marketplace.bookingCount()).to.equal(0n);
      expect(await d.marketplace.paused()).to.equal(false);
    });

    it("hands the parameters to the timelock and slashing to the SLA contract", async () => {
      const d = await loadFixture(deployMarketplaceFixture);
      const timelock = await d.timelock.getAddress();
      expect(await d.marketplace.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
      expect(await d.marketplace.hasRole(DEFAULT_ADMIN_ROLE, d.deployer.address)).to.equal(false);
      expect(await d.marketplace.hasRole(PAUSER_ROLE, timelock)).to.equal(true);
      expect(await d.marketplace.hasRole(PAUSER_ROLE, d.deployer.address)).to.equal(true);
      expect(await d.marketplace.hasRole(SLA_ROLE, await d.sla.getAddress())).to.equal(true);
      expect(await d.escrow.hasRole(MARKETPLACE_ROLE, await d.marketplace.getAddress())).to.equal(true);
    });

    it("rejects a zero provisioning window or maximum duration", async () => {
      const d = await loadFixture(deployMarketplaceFixture);
      const factory = await ethers.getContractFactory("ResourceMarketplace");
      const args = [await d.token.getAddress(), await d.escrow.getAddress(), d.deployer.address, 1n] as const;
      await expect(factory.deploy(...args, 0n, 1n)).to.be.revertedWithCustomError(
        factory,
        "MarketplaceInvalidParameter",
      );
      await expect(factory.deploy(...args, 1n, 0n)).to.be.revertedWithCustomError(
        factory,
        "MarketplaceInvalidParameter",
      );
      const ok = await factory.deploy(...args, 1n, 1n);
      expect(await ok.provisionWindow()).to.equal(1n);
      expect(await ok.hasRole(DEFAULT_ADMIN_ROLE, d.deployer.address)).to.equal(true);
      expect(await ok.hasRole(PAUSER_ROLE, d.deployer.address)).to.equal(true);
    });
  });

  describe("providers", () => {
    describe("registerProvider", () => {
      it("pulls the stake and records the provider", async () => {
        const d = await loadFixture(deployMarketplaceFixture);
        const stake = d.params.minStake + 5n;
        await d.token.connect(d.provider).approve(await d.marketplace.getAddress(), stake);
        const tx = d.marketplace.connect(d.provider).registerProvider(stake, "ipfs://meta");
        await expect(tx)
          .to.emit(d.marketplace, "ProviderRegistered")
          .withArgs(d.provider.address, stake, "ipfs://meta");
        await expect(tx).to.changeTokenBalances(ethers, d.token, [d.provider, d.marketplace], [-stake, stake]);
        const p = await d.marketplace.getProvider(d.provider.address);
        expect(p.stake).to.equal(stake);
        expect(p.openBookings).to.equal(0n);
        expect(p.registeredAt).to.equal(await txTimestamp(connection, await tx));
        expect(p.registered).to.equal(true);
        expect(await d.marketplace.isProvider(d.provider.address)).to.equal(true);
        expect(await d.marketplace.isProvider(d.provider2.address)).to.equal(false);
      });

      it("accepts exactly the minimum stake", async () => {
        const d = await loadFixture(deployMarketplaceFixture);
        await registerProvider(d, d.provider, d.params.minStake);
        expect((await d.marketplace.getProvider(d.provider.address)).stake).to.equal(d.params.minStake);
      });

      it("rejects a stake below the minimum", async () => {
        const d = await loadFixture(deployMarketplaceFixture);
        const stake = d.params.minStake - 1n;
        await d.token.connect(d.provider).approve(await d.marketplace.getAddress(), stake);
        await expect(d.marketplace.connect(d.provider).registerProvider(stake, ""))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInsufficientStake")
          .withArgs(stake, d.params.minStake);
      });

      it("rejects a second registration", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.provider).registerProvider(d.params.minStake, ""))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceAlreadyRegistered")
          .withArgs(d.provider.address);
      });

      it("fails without an allowance for the stake", async () => {
        const d = await loadFixture(deployMarketplaceFixture);
        await expect(d.marketplace.connect(d.provider).registerProvider(d.params.minStake, ""))
          .to.be.revertedWithCustomError(d.token, "ERC20InsufficientAllowance")
          .withArgs(await d.marketplace.getAddress(), 0n, d.params.minStake);
      });
    });

    describe("setProviderMetadata", () => {
      it("emits the new metadata URI", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.provider).setProviderMetadata("ipfs://v2"))
          .to.emit(d.marketplace, "ProviderMetadataUpdated")
          .withArgs(d.provider.address, "ipfs://v2");
      });

      it("rejects an unregistered caller", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.outsider).setProviderMetadata("x"))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotRegistered")
          .withArgs(d.outsider.address);
      });
    });

    describe("increaseStake", () => {
      it("pulls the amount and adds it to the stake", async () => {
        const d = await loadFixture(resourceFixture);
        await d.token.connect(d.provider).approve(await d.marketplace.getAddress(), 7n);
        const tx = d.marketplace.connect(d.provider).increaseStake(7n);
        await expect(tx)
          .to.emit(d.marketplace, "StakeIncreased")
          .withArgs(d.provider.address, 7n, d.stake + 7n);
        await expect(tx).to.changeTokenBalances(ethers, d.token, [d.provider, d.marketplace], [-7n, 7n]);
        expect((await d.marketplace.getProvider(d.provider.address)).stake).to.equal(d.stake + 7n);
      });

      it("rejects a zero amount", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.provider).increaseStake(0n)).to.be.revertedWithCustomError(
          d.marketplace,
          "MarketplaceInvalidParameter",
        );
      });

      it("rejects an unregistered caller", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.outsider).increaseStake(1n))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotRegistered")
          .withArgs(d.outsider.address);
      });
    });

    describe("withdrawStake", () => {
      async function overStakedFixture() {
        const d = await resourceFixture(connection);
        await d.token.connect(d.provider).approve(await d.marketplace.getAddress(), 100n);
        await d.marketplace.connect(d.provider).increaseStake(100n);
        return { ...d, stake: d.stake + 100n };
      }

      it("returns stake above the minimum", async () => {
        const d = await loadFixture(overStakedFixture);
        const tx = d.marketplace.connect(d.provider).withdrawStake(100n);
        await expect(tx).to.emit(d.marketplace, "StakeWithdrawn").withArgs(d.provider.address, 100n, d.params.minStake);
        await expect(tx).to.changeTokenBalances(ethers, d.token, [d.provider, d.marketplace], [100n, -100n]);
        expect((await d.marketplace.getProvider(d.provider.address)).stake).to.equal(d.params.minStake);
      });

      it("rejects leaving less than the minimum", async () => {
        const d = await loadFixture(overStakedFixture);
        await expect(d.marketplace.connect(d.provider).withdrawStake(101n))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInsufficientStake")
          .withArgs(d.params.minStake - 1n, d.params.minStake);
      });

      it("rejects more than the whole stake", async () => {
        const d = await loadFixture(overStakedFixture);
        await expect(d.marketplace.connect(d.provider).withdrawStake(d.stake + 1n))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInsufficientStake")
          .withArgs(0n, d.params.minStake);
      });

      it("rejects a zero amount", async () => {
        const d = await loadFixture(overStakedFixture);
        await expect(d.marketplace.connect(d.provider).withdrawStake(0n)).to.be.revertedWithCustomError(
          d.marketplace,
          "MarketplaceInvalidParameter",
        );
      });

      it("rejects an unregistered caller", async () => {
        const d = await loadFixture(overStakedFixture);
        await expect(d.marketplace.connect(d.outsider).withdrawStake(1n))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotRegistered")
          .withArgs(d.outsider.address);
      });

      it("allows the whole stake once governance lowers the minimum to zero", async () => {
        const d = await loadFixture(overStakedFixture);
        await d.marketplace.connect(d.governance).setMinStake(0n);
        await expect(d.marketplace.connect(d.provider).withdrawStake(d.stake))
          .to.emit(d.marketplace, "StakeWithdrawn")
          .withArgs(d.provider.address, d.stake, 0n);
        expect(await d.marketplace.isProvider(d.provider.address)).to.equal(true);
      });
    });

    describe("deregisterProvider", () => {
      it("returns the whole stake and unregisters", async () => {
        const d = await loadFixture(resourceFixture);
        const tx = d.marketplace.connect(d.provider).deregisterProvider();
        await expect(tx).to.emit(d.marketplace, "ProviderDeregistered").withArgs(d.provider.address, d.stake);
        await expect(tx).to.changeTokenBalances(ethers, d.token, [d.provider, d.marketplace], [d.stake, -d.stake]);
        const p = await d.marketplace.getProvider(d.provider.address);
        expect(p.stake).to.equal(0n);
        expect(p.registered).to.equal(false);
        expect(await d.marketplace.isProvider(d.provider.address)).to.equal(false);
      });

      it("rejects an unregistered caller", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.outsider).deregisterProvider())
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotRegistered")
          .withArgs(d.outsider.address);
      });

      it("is refused while a booking is Requested, Active, Ended or Expired, and allowed once all are closed", async () => {
        const d = await loadFixture(resourceFixture);
        const expectBlocked = (open: bigint) =>
          expect(d.marketplace.connect(d.provider).deregisterProvider())
            .to.be.revertedWithCustomError(d.marketplace, "MarketplaceProviderHasOpenBookings")
            .withArgs(d.provider.address, open);

        const first = await book(d, d.consumer, d.resourceId); // Requested
        const second = await book(d, d.consumer2, d.resourceId);
        await expectBlocked(2n);
        await d.marketplace.connect(d.provider).activateBooking(first, endpointHash()); // Active
        await expectBlocked(2n);

        await time.increase(d.params.provisionWindow); // second: Expired
        expect(await d.marketplace.bookingState(second)).to.equal(BookingState.Expired);
        await expectBlocked(2n);
        await d.marketplace.reclaimBooking(second);
        await expectBlocked(1n);

        await time.increase(ONE_HOUR); // first: Ended, not yet completed
        expect(await d.marketplace.bookingState(first)).to.equal(BookingState.Ended);
        await expectBlocked(1n);
        await d.marketplace.completeBooking(first);

        await expect(d.marketplace.connect(d.provider).deregisterProvider())
          .to.emit(d.marketplace, "ProviderDeregistered")
          .withArgs(d.provider.address, d.stake);
      });

      it("counts a cancelled booking as closed", async () => {
        const d = await loadFixture(resourceFixture);
        const bookingId = await book(d, d.consumer, d.resourceId);
        expect((await d.marketplace.getProvider(d.provider.address)).openBookings).to.equal(1n);
        await d.marketplace.connect(d.consumer).cancelBooking(bookingId);
        expect((await d.marketplace.getProvider(d.provider.address)).openBookings).to.equal(0n);
        await expect(d.marketplace.connect(d.provider).deregisterProvider()).to.emit(
          d.marketplace,
          "ProviderDeregistered",
        );
      });

      it("transfers nothing when the stake was slashed to zero", async () => {
        const d = await loadFixture(resourceFixture);
        await d.marketplace.connect(d.slaContract).slash(d.provider.address, d.stake, d.outsider.address);
        const tx = d.marketplace.connect(d.provider).deregisterProvider();
        await expect(tx).to.emit(d.marketplace, "ProviderDeregistered").withArgs(d.provider.address, 0n);
        await expect(tx).to.not.emit(d.token, "Transfer");
      });

      it("leaves the listings unbookable until the provider registers again", async () => {
        const d = await loadFixture(resourceFixture);
        await d.marketplace.connect(d.provider).deregisterProvider();
        expect((await d.marketplace.getResource(d.resourceId)).active).to.equal(true);
        await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * ONE_HOUR);
        await expect(d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotRegistered")
          .withArgs(d.provider.address);

        await registerProvider(d, d.provider);
        const p = await d.marketplace.getProvider(d.provider.address);
        expect(p.stake).to.equal(d.params.minStake);
        expect(p.openBookings).to.equal(0n);
        expect(await book(d, d.consumer, d.resourceId)).to.equal(1n);
      });
    });
  });

  describe("resources", () => {
    describe("listResource", () => {
      it("stores the resource, active, and emits it", async () => {
        const d = await loadFixture(resourceFixture);
        const spec = defaultSpec({ gpuCount: 2n, capacity: 5n, region: region("ap-south-1") });
        const sla = defaultSla({ periodLength: 600n });
        await expect(d.marketplace.connect(d.provider).listResource(spec, 42n, sla))
          .to.emit(d.marketplace, "ResourceListed")
          .withArgs(2n, d.provider.address, 42n, specTuple(spec), slaTuple(sla));
        expect(await d.marketplace.resourceCount()).to.equal(2n);
        const r = await d.marketplace.getResource(2n);
        expect(r.provider).to.equal(d.provider.address);
        expect(r.pricePerSecond).to.equal(42n);
        expect([...r.spec]).to.deep.equal(specTuple(spec));
        expect([...r.sla]).to.deep.equal(slaTuple(sla));
        expect(regionName(r.spec.region)).to.equal("ap-south-1");
        expect(r.inUse).to.equal(0n);
        expect(r.active).to.equal(true);
      });

      it("numbers resources from 1", async () => {
        const d = await loadFixture(resourceFixture);
        expect(d.resourceId).to.equal(1n);
        await registerProvider(d, d.provider2);
        expect(await listResource(d, d.provider2)).to.equal(2n);
        expect((await d.marketplace.getResource(2n)).provider).to.equal(d.provider2.address);
      });

      it("rejects an unregistered caller", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.outsider).listResource(defaultSpec(), DEFAULT_PRICE, defaultSla()))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotRegistered")
          .withArgs(d.outsider.address);
      });

      shouldValidateListing(async () => {
        const d = await loadFixture(resourceFixture);
        return {
          marketplace: d.marketplace,
          submit: (spec, price, sla) => d.marketplace.connect(d.provider).listResource(spec, price, sla),
          read: async () => d.marketplace.getResource(await d.marketplace.resourceCount()),
        };
      });
    });

    describe("updateResource", () => {
      it("replaces spec, price and SLA terms and emits them", async () => {
        const d = await loadFixture(resourceFixture);
        const spec = defaultSpec({ cpuMillicores: 8_000n, capacity: 3n, region: region("us-west-2") });
        const sla = defaultSla({ uptimeTargetBps: 9_900n });
        await expect(d.marketplace.connect(d.provider).updateResource(d.resourceId, spec, 7n, sla))
          .to.emit(d.marketplace, "ResourceUpdated")
          .withArgs(d.resourceId, 7n, specTuple(spec), slaTuple(sla));
        const r = await d.marketplace.getResource(d.resourceId);
        expect(r.pricePerSecond).to.equal(7n);
        expect([...r.spec]).to.deep.equal(specTuple(spec));
        expect([...r.sla]).to.deep.equal(slaTuple(sla));
        expect(r.provider).to.equal(d.provider.address);
        expect(r.active).to.equal(true);
      });

      it("keeps the price of bookings already made", async () => {
        const d = await loadFixture(resourceFixture);
        const bookingId = await book(d, d.consumer, d.resourceId);
        await d.marketplace
          .connect(d.provider)
          .updateResource(d.resourceId, defaultSpec(), DEFAULT_PRICE * 3n, defaultSla());
        expect((await d.escrow.getStream(bookingId)).ratePerSecond).to.equal(DEFAULT_PRICE);
        await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * 10n);
        await expect(d.marketplace.connect(d.consumer).extendBooking(bookingId, 10n))
          .to.emit(d.marketplace, "BookingExtended")
          .withArgs(bookingId, 10n, DEFAULT_PRICE * 10n);
        expect((await d.escrow.getStream(bookingId)).amount).to.equal(DEFAULT_PRICE * (ONE_HOUR + 10n));
        const next = await book(d, d.consumer2, d.resourceId);
        expect((await d.escrow.getStream(next)).ratePerSecond).to.equal(DEFAULT_PRICE * 3n);
      });

      it("refuses a capacity below what is in use, and accepts exactly that", async () => {
        const d = await loadFixture(resourceFixture);
        await book(d, d.consumer, d.resourceId);
        await book(d, d.consumer2, d.resourceId);
        await expect(
          d.marketplace
            .connect(d.provider)
            .updateResource(d.resourceId, defaultSpec({ capacity: 1n }), DEFAULT_PRICE, defaultSla()),
        )
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceCapacityBelowInUse")
          .withArgs(d.resourceId, 2n);
        await d.marketplace
          .connect(d.provider)
          .updateResource(d.resourceId, defaultSpec({ capacity: 2n, memoryMB: 1n }), DEFAULT_PRICE, defaultSla());
        expect((await d.marketplace.getResource(d.resourceId)).spec.memoryMB).to.equal(1n);
      });

      it("rejects an unknown resource", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.provider).updateResource(9n, defaultSpec(), DEFAULT_PRICE, defaultSla()))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceUnknownResource")
          .withArgs(9n);
      });

      it("rejects anyone but the resource's provider", async () => {
        const d = await loadFixture(resourceFixture);
        await registerProvider(d, d.provider2);
        await expect(d.marketplace.connect(d.provider2).updateResource(d.resourceId, defaultSpec(), 1n, defaultSla()))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotResourceProvider")
          .withArgs(d.resourceId, d.provider2.address);
      });

      shouldValidateListing(async () => {
        const d = await loadFixture(resourceFixture);
        return {
          marketplace: d.marketplace,
          submit: (spec, price, sla) =>
            d.marketplace.connect(d.provider).updateResource(d.resourceId, spec, price, sla),
          read: () => d.marketplace.getResource(d.resourceId),
        };
      });
    });

    describe("SLA terms of a booked resource", () => {
      // SLAEnforcement judges every booking by its resource's current terms, so once a resource has
      // been booked its terms may only get stricter, and its period length never changes.
      async function bookedFixture() {
        const d = await resourceFixture(connection);
        const bookingId = await book(d, d.consumer, d.resourceId);
        return { ...d, bookingId };
      }

      const weaker: [string, Parameters<typeof defaultSla>[0]][] = [
        ["a lower uptime target", { uptimeTargetBps: 9_989n }],
        ["a lower penalty", { penaltyBps: 999n }],
        ["no penalty", { penaltyBps: 0n }],
        ["a higher latency bound", { p95LatencyMs: 201n }],
        ["a longer period", { periodLength: 3_601n }],
        ["a shorter period", { periodLength: 3_599n }],
      ];
      for (const [name, overrides] of weaker) {
        it(`refuses ${name} once the resource was booked`, async () => {
          const d = await loadFixture(bookedFixture);
          await expect(
            d.marketplace
              .connect(d.provider)
              .updateResource(d.resourceId, defaultSpec(), DEFAULT_PRICE, defaultSla(overrides)),
          )
            .to.be.revertedWithCustomError(d.marketplace, "MarketplaceSLATermsWeakened")
            .withArgs(d.resourceId);
        });
      }

      it("accepts the same or stricter terms, with any spec and price change", async () => {
        const d = await loadFixture(bookedFixture);
        const stricter = defaultSla({ uptimeTargetBps: 9_999n, penaltyBps: 10_000n, p95LatencyMs: 50n });
        await expect(
          d.marketplace
            .connect(d.provider)
            .updateResource(d.resourceId, defaultSpec({ capacity: 9n }), 1n, defaultSla()),
        ).to.emit(d.marketplace, "ResourceUpdated");
        await expect(
          d.marketplace.connect(d.provider).updateResource(d.resourceId, defaultSpec(), DEFAULT_PRICE, stricter),
        )
          .to.emit(d.marketplace, "ResourceUpdated")
          .withArgs(d.resourceId, DEFAULT_PRICE, specTuple(defaultSpec()), slaTuple(stricter));
        // and the stricter terms are the new floor
        await expect(
          d.marketplace.connect(d.provider).updateResource(d.resourceId, defaultSpec(), DEFAULT_PRICE, defaultSla()),
        )
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceSLATermsWeakened")
          .withArgs(d.resourceId);
      });

      it("stay locked after the booking closed: its SLA reports may still be pending", async () => {
        const d = await loadFixture(bookedFixture);
        await d.marketplace.connect(d.consumer).cancelBooking(d.bookingId);
        expect((await d.marketplace.getResource(d.resourceId)).inUse).to.equal(0n);
        await expect(
          d.marketplace
            .connect(d.provider)
            .updateResource(d.resourceId, defaultSpec(), DEFAULT_PRICE, defaultSla({ penaltyBps: 0n })),
        )
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceSLATermsWeakened")
          .withArgs(d.resourceId);
      });

      it("a provider cannot escape the penalty of a violated period by editing the resource", async () => {
        const d = await loadFixture(bookedFixture);
        const tx = await d.marketplace.connect(d.provider).activateBooking(d.bookingId, endpointHash());
        const start = await txTimestamp(connection, tx);
        // before the reporters finalize the (only) period, the provider tries to drop the penalty
        await expect(
          d.marketplace
            .connect(d.provider)
            .updateResource(
              d.resourceId,
              defaultSpec(),
              DEFAULT_PRICE,
              defaultSla({ penaltyBps: 0n, uptimeTargetBps: 1n }),
            ),
        ).to.be.revertedWithCustomError(d.marketplace, "MarketplaceSLATermsWeakened");

        await time.increaseTo(start + ONE_HOUR);
        const [r1, r2] = d.reporters;
        await d.sla.connect(r1).submitReport(d.bookingId, 0n, 9_000n, 100n);
        await d.sla.connect(r2).submitReport(d.bookingId, 0n, 9_000n, 100n);
        const report = await d.sla.getReport(d.bookingId, 0n);
        expect(report.violated).to.equal(true);
        expect(report.penalty).to.equal((ONE_HOUR * DEFAULT_PRICE * 1_000n) / 10_000n); // 10% of the period
      });

      it("are free to change until the first booking", async () => {
        const d = await loadFixture(resourceFixture);
        const looser = defaultSla({
          uptimeTargetBps: 9_000n,
          penaltyBps: 0n,
          p95LatencyMs: 1_000n,
          periodLength: 600n,
        });
        await expect(
          d.marketplace.connect(d.provider).updateResource(d.resourceId, defaultSpec(), DEFAULT_PRICE, looser),
        )
          .to.emit(d.marketplace, "ResourceUpdated")
          .withArgs(d.resourceId, DEFAULT_PRICE, specTuple(defaultSpec()), slaTuple(looser));
        // a failed booking attempt does not lock them
        await expect(
          d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE),
        ).to.be.revertedWithCustomError(d.token, "ERC20InsufficientAllowance");
        await d.marketplace
          .connect(d.provider)
          .updateResource(d.resourceId, defaultSpec(), DEFAULT_PRICE, defaultSla());
        expect([...(await d.marketplace.getResource(d.resourceId)).sla]).to.deep.equal(slaTuple(defaultSla()));
      });
    });

    describe("setResourceActive", () => {
      it("stops and resumes new bookings", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.provider).setResourceActive(d.resourceId, false))
          .to.emit(d.marketplace, "ResourceActiveSet")
          .withArgs(d.resourceId, false);
        expect((await d.marketplace.getResource(d.resourceId)).active).to.equal(false);
        await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * ONE_HOUR);
        await expect(d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceResourceInactive")
          .withArgs(d.resourceId);

        await expect(d.marketplace.connect(d.provider).setResourceActive(d.resourceId, true))
          .to.emit(d.marketplace, "ResourceActiveSet")
          .withArgs(d.resourceId, true);
        expect(await book(d, d.consumer, d.resourceId)).to.equal(1n);
      });

      it("rejects an unknown resource and a caller that is not its provider", async () => {
        const d = await loadFixture(resourceFixture);
        await expect(d.marketplace.connect(d.provider).setResourceActive(0n, false))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceUnknownResource")
          .withArgs(0n);
        await expect(d.marketplace.connect(d.consumer).setResourceActive(d.resourceId, false))
          .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNotResourceProvider")
          .withArgs(d.resourceId, d.consumer.address);
      });
    });

    it("getResource rejects an unknown resource", async () => {
      const d = await loadFixture(resourceFixture);
      await expect(d.marketplace.getResource(2n))
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceUnknownResource")
        .withArgs(2n);
    });
  });

  describe("slash", () => {
    it("is reserved for SLA_ROLE", async () => {
      const d = await loadFixture(resourceFixture);
      for (const caller of [d.outsider, d.deployer, d.governance]) {
        await expect(d.marketplace.connect(caller).slash(d.provider.address, 1n, caller.address))
          .to.be.revertedWithCustomError(d.marketplace, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, SLA_ROLE);
      }
    });

    it("moves stake to the recipient", async () => {
      const d = await loadFixture(resourceFixture);
      const slash = d.marketplace.connect(d.slaContract).slash;
      expect(await slash.staticCall(d.provider.address, 300n, d.consumer.address)).to.equal(300n);
      const tx = slash(d.provider.address, 300n, d.consumer.address);
      await expect(tx)
        .to.emit(d.marketplace, "StakeSlashed")
        .withArgs(d.provider.address, d.consumer.address, 300n, d.stake - 300n);
      await expect(tx).to.changeTokenBalances(ethers, d.token, [d.marketplace, d.consumer], [-300n, 300n]);
      expect((await d.marketplace.getProvider(d.provider.address)).stake).to.equal(d.stake - 300n);
    });

    it("takes at most the whole stake", async () => {
      const d = await loadFixture(resourceFixture);
      const slash = d.marketplace.connect(d.slaContract).slash;
      expect(await slash.staticCall(d.provider.address, d.stake * 2n, d.consumer.address)).to.equal(d.stake);
      await expect(slash(d.provider.address, d.stake * 2n, d.consumer.address))
        .to.emit(d.marketplace, "StakeSlashed")
        .withArgs(d.provider.address, d.consumer.address, d.stake, 0n);
      expect((await d.marketplace.getProvider(d.provider.address)).stake).to.equal(0n);
      expect(await d.marketplace.isProvider(d.provider.address)).to.equal(true);
    });

    it("does nothing when there is no stake or no amount", async () => {
      const d = await loadFixture(resourceFixture);
      const slash = d.marketplace.connect(d.slaContract).slash;
      expect(await slash.staticCall(d.outsider.address, 10n, d.consumer.address)).to.equal(0n);
      await expect(slash(d.outsider.address, 10n, d.consumer.address)).to.not.emit(d.marketplace, "StakeSlashed");
      await expect(slash(d.provider.address, 0n, d.consumer.address)).to.not.emit(d.token, "Transfer");
      expect((await d.marketplace.getProvider(d.provider.address)).stake).to.equal(d.stake);
    });

    it("makes a provider below the minimum stake unbookable until it tops up", async () => {
      const d = await loadFixture(resourceFixture);
      await d.marketplace.connect(d.slaContract).slash(d.provider.address, 1n, d.consumer.address);
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * ONE_HOUR);
      await expect(d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE))
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInsufficientStake")
        .withArgs(d.stake - 1n, d.params.minStake);
      await expect(d.marketplace.connect(d.provider).withdrawStake(1n))
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInsufficientStake")
        .withArgs(d.stake - 2n, d.params.minStake);

      await d.token.connect(d.provider).approve(await d.marketplace.getAddress(), 1n);
      await d.marketplace.connect(d.provider).increaseStake(1n);
      expect(await book(d, d.consumer, d.resourceId)).to.equal(1n);
    });
  });

  describe("stake holds", () => {
    it("are reserved for SLA_ROLE", async () => {
      const d = await loadFixture(resourceFixture);
      for (const caller of [d.outsider, d.deployer, d.governance, d.provider]) {
        await expect(d.marketplace.connect(caller).holdStake(d.provider.address))
          .to.be.revertedWithCustomError(d.marketplace, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, SLA_ROLE);
        await expect(d.marketplace.connect(caller).releaseStake(d.provider.address))
          .to.be.revertedWithCustomError(d.marketplace, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, SLA_ROLE);
      }
    });

    it("count up and down, and keep the provider from deregistering while any remains", async () => {
      const d = await loadFixture(resourceFixture);
      const sla = d.marketplace.connect(d.slaContract);
      await expect(sla.holdStake(d.provider.address))
        .to.emit(d.marketplace, "StakeHeld")
        .withArgs(d.provider.address, 1n);
      await expect(sla.holdStake(d.provider.address))
        .to.emit(d.marketplace, "StakeHeld")
        .withArgs(d.provider.address, 2n);
      expect((await d.marketplace.getProvider(d.provider.address)).stakeHolds).to.equal(2n);
      await expect(d.marketplace.connect(d.provider).deregisterProvider())
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceStakeHeld")
        .withArgs(d.provider.address, 2n);
      // Stake above the minimum can still be withdrawn: the minimum stays to cover penalties.
      await d.token.connect(d.provider).approve(d.marketplace, 10n);
      await d.marketplace.connect(d.provider).increaseStake(10n);
      await expect(d.marketplace.connect(d.provider).withdrawStake(10n)).to.emit(d.marketplace, "StakeWithdrawn");

      await expect(sla.releaseStake(d.provider.address))
        .to.emit(d.marketplace, "StakeReleased")
        .withArgs(d.provider.address, 1n);
      await expect(d.marketplace.connect(d.provider).deregisterProvider())
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceStakeHeld")
        .withArgs(d.provider.address, 1n);
      await sla.releaseStake(d.provider.address);
      await expect(sla.releaseStake(d.provider.address))
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceNoStakeHold")
        .withArgs(d.provider.address);
      await expect(d.marketplace.connect(d.provider).deregisterProvider()).to.emit(
        d.marketplace,
        "ProviderDeregistered",
      );
    });
  });

  describe("governance", () => {
    it("setMinStake updates the minimum for registration and booking", async () => {
      const d = await loadFixture(resourceFixture);
      const newMin = d.params.minStake * 2n;
      await expect(d.marketplace.connect(d.governance).setMinStake(newMin))
        .to.emit(d.marketplace, "MinStakeUpdated")
        .withArgs(d.params.minStake, newMin);
      expect(await d.marketplace.minStake()).to.equal(newMin);
      // the provider registered under the old minimum can no longer be booked
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * ONE_HOUR);
      await expect(d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE))
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInsufficientStake")
        .withArgs(d.stake, newMin);
      await d.token.connect(d.provider2).approve(await d.marketplace.getAddress(), d.params.minStake);
      await expect(d.marketplace.connect(d.provider2).registerProvider(d.params.minStake, ""))
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInsufficientStake")
        .withArgs(d.params.minStake, newMin);
    });

    it("setProvisionWindow applies to new bookings and rejects zero", async () => {
      const d = await loadFixture(resourceFixture);
      await expect(d.marketplace.connect(d.governance).setProvisionWindow(0n)).to.be.revertedWithCustomError(
        d.marketplace,
        "MarketplaceInvalidParameter",
      );
      await expect(d.marketplace.connect(d.governance).setProvisionWindow(30n))
        .to.emit(d.marketplace, "ProvisionWindowUpdated")
        .withArgs(d.params.provisionWindow, 30n);
      expect(await d.marketplace.provisionWindow()).to.equal(30n);
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * ONE_HOUR);
      const tx = await d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE);
      expect((await d.marketplace.getBooking(1n)).deadline).to.equal((await txTimestamp(connection, tx)) + 30n);
    });

    it("setMaxBookingDuration bounds new bookings and rejects zero", async () => {
      const d = await loadFixture(resourceFixture);
      await expect(d.marketplace.connect(d.governance).setMaxBookingDuration(0n)).to.be.revertedWithCustomError(
        d.marketplace,
        "MarketplaceInvalidParameter",
      );
      await expect(d.marketplace.connect(d.governance).setMaxBookingDuration(ONE_HOUR))
        .to.emit(d.marketplace, "MaxBookingDurationUpdated")
        .withArgs(d.params.maxBookingDuration, ONE_HOUR);
      expect(await d.marketplace.maxBookingDuration()).to.equal(ONE_HOUR);
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * (ONE_HOUR + 1n));
      await expect(d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR + 1n, DEFAULT_PRICE))
        .to.be.revertedWithCustomError(d.marketplace, "MarketplaceInvalidDuration")
        .withArgs(ONE_HOUR + 1n);
      await d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE);
    });

    it("setters are reserved for DEFAULT_ADMIN_ROLE (the timelock)", async () => {
      const d = await loadFixture(resourceFixture);
      for (const caller of [d.deployer, d.provider, d.slaContract]) {
        const m = d.marketplace.connect(caller);
        for (const call of [
          () => m.setMinStake(1n),
          () => m.setProvisionWindow(1n),
          () => m.setMaxBookingDuration(1n),
        ]) {
          await expect(call())
            .to.be.revertedWithCustomError(d.marketplace, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
        }
      }
    });
  });

  describe("pause", () => {
    it("is reserved for PAUSER_ROLE (the guardian and the timelock)", async () => {
      const d = await loadFixture(resourceFixture);
      await expect(d.marketplace.connect(d.outsider).pause())
        .to.be.revertedWithCustomError(d.marketplace, "AccessControlUnauthorizedAccount")
        .withArgs(d.outsider.address, PAUSER_ROLE);
      await expect(d.marketplace.connect(d.deployer).pause())
        .to.emit(d.marketplace, "Paused")
        .withArgs(d.deployer.address);
      expect(await d.marketplace.paused()).to.equal(true);
      await expect(d.marketplace.connect(d.outsider).unpause())
        .to.be.revertedWithCustomError(d.marketplace, "AccessControlUnauthorizedAccount")
        .withArgs(d.outsider.address, PAUSER_ROLE);
      await expect(d.marketplace.connect(d.governance).unpause())
        .to.emit(d.marketplace, "Unpaused")
        .withArgs(d.governance.address);
      expect(await d.marketplace.paused()).to.equal(false);
    });

    it("blocks registration, staking, listing, booking, activation and extension", async () => {
      const d = await loadFixture(resourceFixture);
      const requested = await book(d, d.consumer, d.resourceId);
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), ethers.MaxUint256);
      await d.token.connect(d.provider).approve(await d.marketplace.getAddress(), ethers.MaxUint256);
      await d.token.connect(d.provider2).approve(await d.marketplace.getAddress(), ethers.MaxUint256);
      await d.marketplace.connect(d.deployer).pause();

      const blocked = [
        () => d.marketplace.connect(d.provider2).registerProvider(d.params.minStake, ""),
        () => d.marketplace.connect(d.provider).increaseStake(1n),
        () => d.marketplace.connect(d.provider).listResource(defaultSpec(), DEFAULT_PRICE, defaultSla()),
        () => d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE),
        () =>
          d.marketplace
            .connect(d.consumer)
            .bookWithPermit(d.resourceId, ONE_HOUR, DEFAULT_PRICE, 0n, 0, ethers.ZeroHash, ethers.ZeroHash),
        () => d.marketplace.connect(d.provider).activateBooking(requested, endpointHash()),
        () => d.marketplace.connect(d.consumer).extendBooking(requested, 1n),
      ];
      for (const call of blocked) {
        await expect(call()).to.be.revertedWithCustomError(d.marketplace, "EnforcedPause");
      }

      await d.marketplace.connect(d.deployer).unpause();
      await d.marketplace.connect(d.provider).activateBooking(requested, endpointHash());
      expect(await d.marketplace.bookingState(requested)).to.equal(BookingState.Active);
    });

    it("lets everyone exit: metadata, listings upkeep, stake withdrawal, cancel, reclaim, complete, deregister, slash", async () => {
      const d = await loadFixture(resourceFixture);
      await d.marketplace.connect(d.governance).setMinStake(d.stake - 10n);
      const toCancel = await book(d, d.consumer, d.resourceId);
      const toComplete = await book(d, d.consumer2, d.resourceId);
      await d.marketplace.connect(d.provider).activateBooking(toComplete, endpointHash());
      await d.marketplace
        .connect(d.provider)
        .updateResource(d.resourceId, defaultSpec({ capacity: 3n }), DEFAULT_PRICE, defaultSla());
      const toReclaim = await book(d, d.consumer, d.resourceId);
      await d.marketplace.connect(d.deployer).pause();

      await expect(d.marketplace.connect(d.provider).setProviderMetadata("ipfs://paused")).to.emit(
        d.marketplace,
        "ProviderMetadataUpdated",
      );
      await expect(d.marketplace.connect(d.provider).setResourceActive(d.resourceId, false)).to.emit(
        d.marketplace,
        "ResourceActiveSet",
      );
      await expect(
        d.marketplace
          .connect(d.provider)
          .updateResource(d.resourceId, defaultSpec({ capacity: 4n }), DEFAULT_PRICE, defaultSla()),
      ).to.emit(d.marketplace, "ResourceUpdated");
      await expect(d.marketplace.connect(d.provider).withdrawStake(10n)).to.emit(d.marketplace, "StakeWithdrawn");
      await expect(d.marketplace.connect(d.slaContract).slash(d.provider.address, 1n, d.consumer.address)).to.emit(
        d.marketplace,
        "StakeSlashed",
      );
      await expect(d.marketplace.connect(d.consumer).cancelBooking(toCancel))
        .to.emit(d.marketplace, "BookingCancelled")
        .withArgs(toCancel, d.consumer.address, DEFAULT_PRICE * ONE_HOUR);

      await time.increase(ONE_HOUR);
      await expect(d.marketplace.reclaimBooking(toReclaim)).to.emit(d.marketplace, "BookingReclaimed");
      await expect(d.marketplace.completeBooking(toComplete))
        .to.emit(d.marketplace, "BookingCompleted")
        .withArgs(toComplete);
      await expect(d.marketplace.connect(d.provider).deregisterProvider())
        .to.emit(d.marketplace, "ProviderDeregistered")
        .withArgs(d.provider.address, d.stake - 11n);
    });
  });
});
