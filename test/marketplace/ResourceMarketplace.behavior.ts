import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import type { IResourceMarketplace, ResourceMarketplace } from "../../types/ethers-contracts/index.js";
import { DEFAULT_PRICE, defaultSla, defaultSpec, region } from "../helpers/marketplace.js";

type Spec = ReturnType<typeof defaultSpec>;
type Sla = ReturnType<typeof defaultSla>;

export interface ListingContext {
  marketplace: ResourceMarketplace;
  /** Sends the listing (listResource or updateResource) with these values. */
  submit(spec: Spec, price: bigint, sla: Sla): Promise<ContractTransactionResponse>;
  /** Reads back the resource the last successful `submit` wrote. */
  read(): Promise<IResourceMarketplace.ResourceStructOutput>;
}

/**
 * The spec, price and SLA rules every listing write must enforce (`_validateListing`), shared by
 * {listResource} and {updateResource}: each rule's rejected value, and the boundary value it accepts.
 */
export function shouldValidateListing(setup: () => Promise<ListingContext>): void {
  describe("validates the listing", () => {
    const MAX_PERIOD = 30n * 86_400n;

    const invalidSpecs: [string, Partial<Spec>][] = [
      ["zero cpu", { cpuMillicores: 0n }],
      ["zero memory", { memoryMB: 0n }],
      ["zero capacity", { capacity: 0n }],
      ["no region", { region: "0x" + "00".repeat(32) }],
    ];
    for (const [name, overrides] of invalidSpecs) {
      it(`rejects a spec with ${name}`, async () => {
        const { marketplace, submit } = await setup();
        await expect(submit(defaultSpec(overrides), DEFAULT_PRICE, defaultSla())).to.be.revertedWithCustomError(
          marketplace,
          "MarketplaceInvalidSpec",
        );
      });
    }

    it("accepts no storage and no GPU, and GPUs in any number", async () => {
      const { submit, read } = await setup();
      await (await submit(defaultSpec({ storageGB: 0n, gpuCount: 0n }), DEFAULT_PRICE, defaultSla())).wait();
      expect((await read()).spec.storageGB).to.equal(0n);
      await (
        await submit(defaultSpec({ gpuCount: 65_535n, region: region("us-east-2") }), DEFAULT_PRICE, defaultSla())
      ).wait();
      const r = await read();
      expect(r.spec.gpuCount).to.equal(65_535n);
      expect(r.spec.region).to.equal(region("us-east-2"));
    });

    it("rejects a zero price", async () => {
      const { marketplace, submit } = await setup();
      await expect(submit(defaultSpec(), 0n, defaultSla())).to.be.revertedWithCustomError(
        marketplace,
        "MarketplaceInvalidPrice",
      );
    });

    it("accepts the smallest and the largest price", async () => {
      const { submit, read } = await setup();
      await (await submit(defaultSpec(), 1n, defaultSla())).wait();
      expect((await read()).pricePerSecond).to.equal(1n);
      const maxUint96 = 2n ** 96n - 1n;
      await (await submit(defaultSpec(), maxUint96, defaultSla())).wait();
      expect((await read()).pricePerSecond).to.equal(maxUint96);
    });

    const invalidSlas: [string, Partial<Sla>][] = [
      ["a zero uptime target", { uptimeTargetBps: 0n }],
      ["an uptime target above 100%", { uptimeTargetBps: 10_001n }],
      ["a penalty above 100%", { penaltyBps: 10_001n }],
      ["a zero p95 latency bound", { p95LatencyMs: 0n }],
      ["a period shorter than a minute", { periodLength: 59n }],
      ["a period longer than 30 days", { periodLength: MAX_PERIOD + 1n }],
    ];
    for (const [name, overrides] of invalidSlas) {
      it(`rejects SLA terms with ${name}`, async () => {
        const { marketplace, submit } = await setup();
        await expect(submit(defaultSpec(), DEFAULT_PRICE, defaultSla(overrides))).to.be.revertedWithCustomError(
          marketplace,
          "MarketplaceInvalidSLATerms",
        );
      });
    }

    const boundarySlas: [string, Partial<Sla>][] = [
      ["a 100% uptime target and a 100% penalty", { uptimeTargetBps: 10_000n, penaltyBps: 10_000n }],
      ["a 0.01% uptime target and no penalty", { uptimeTargetBps: 1n, penaltyBps: 0n }],
      ["a one-minute period and a 1 ms latency bound", { periodLength: 60n, p95LatencyMs: 1n }],
      ["a 30-day period", { periodLength: MAX_PERIOD }],
    ];
    for (const [name, overrides] of boundarySlas) {
      it(`accepts SLA terms with ${name}`, async () => {
        const { submit, read } = await setup();
        const sla = defaultSla(overrides);
        await (await submit(defaultSpec(), DEFAULT_PRICE, sla)).wait();
        const stored = (await read()).sla;
        expect([stored.uptimeTargetBps, stored.penaltyBps, stored.p95LatencyMs, stored.periodLength]).to.deep.equal([
          sla.uptimeTargetBps,
          sla.penaltyBps,
          sla.p95LatencyMs,
          sla.periodLength,
        ]);
      });
    }
  });
}
