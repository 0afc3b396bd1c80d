import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import type { Signer } from "ethers";
import { ZeroAddress, ZeroHash, concat, encodeBytes32String, id, keccak256 } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { IReceiptRegistry } from "../../types/ethers-contracts/receipts/ReceiptRegistry.js";
import { registerProvider } from "../helpers/bookings.js";
import { deployDCloudX } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

/** The leaf encoding of `IReceiptRegistry`, in StandardMerkleTree's terms. */
const RECEIPT_TYPES = ["uint256", "bytes32", "uint8", "bytes32", "bytes32", "bytes32", "uint64"];

/** Mirrors `IReceiptRegistry.DecisionKind`. */
enum DecisionKind {
  Route,
  Place,
  Scale,
}

type ReceiptValues = [
  bookingId: bigint,
  decisionId: string,
  kind: DecisionKind,
  instanceId: string,
  algorithm: string,
  inputsHash: string,
  timestamp: bigint,
];

const ALGORITHMS = ["round-robin", "least-conn", "p2c-least-req"];

/** `count` distinct receipts of booking `bookingId`, one second apart from `from`. */
function makeReceipts(count: number, bookingId: bigint, from: bigint, salt = ""): ReceiptValues[] {
  return Array.from({ length: count }, (_, i) => [
    bookingId,
    id(`decision-${salt}${i}`),
    (i % 3) as DecisionKind,
    encodeBytes32String(`instance-${i % 4}`),
    encodeBytes32String(ALGORITHMS[i % ALGORITHMS.length]),
    id(`inputs-${salt}${i}`),
    from + BigInt(i),
  ]);
}

function toStruct([
  bookingId,
  decisionId,
  kind,
  instanceId,
  algorithm,
  inputsHash,
  timestamp,
]: ReceiptValues): IReceiptRegistry.ReceiptStruct {
  return {
    bookingId,
    decisionId,
    kind,
    instanceId,
    algorithm,
    inputsHash,
    timestamp,
  };
}

/** Flips the low bit of a bytes32. */
function flip(hex: string): string {
  return hex.slice(0, -1) + (parseInt(hex.slice(-1), 16) ^ 1).toString(16);
}

/**
 * Two registered providers, each with an authorized scheduler (signers 9 and 10); signer 11 is an
 * unauthorized would-be scheduler.
 */
async function registryFixture(connection: NetworkConnection) {
  const d = await deployDCloudX(connection);
  await registerProvider(d, d.provider);
  await registerProvider(d, d.provider2);
  const [scheduler, scheduler2, stranger] = d.signers.slice(9, 12);
  await d.receipts.connect(d.provider).authorizeScheduler(scheduler);
  await d.receipts.connect(d.provider2).authorizeScheduler(scheduler2);
  return { ...d, scheduler, scheduler2, stranger };
}

/** {registryFixture} plus batch 1: a tree of seven receipts anchored by `scheduler`. */
async function anchoredFixture(connection: NetworkConnection) {
  const c = await registryFixture(connection);
  const now = BigInt(await time.latest());
  const values = makeReceipts(7, 1n, now - 100n);
  const tree = StandardMerkleTree.of(values, RECEIPT_TYPES);
  await c.receipts
    .connect(c.scheduler)
    .anchorBatch(tree.root, 7, Number(now - 100n), Number(now - 94n), 0n, "ipfs://batch-1");
  return { ...c, values, tree, batchId: 1n };
}

type Context = Awaited<ReturnType<typeof registryFixture>>;

/**
 * The arguments of batch `batchId`'s `BatchAnchored` log, found by its indexed `batchId` topic: the
 * registry stores only the root, so this is where a batch's metadata is read (as the sdk and the
 * indexer do).
 */
async function anchoredEvent(c: Context, batchId: bigint) {
  const logs = await c.receipts.queryFilter(c.receipts.filters.BatchAnchored(batchId));
  expect(logs).to.have.length(1);
  return logs[0].args;
}

/** Anchors a valid batch for `scheduler`, following its current head. */
async function anchorNext(c: Context, scheduler: Signer, root?: string, count = 10) {
  const now = Number(await time.latest());
  const prev = await c.receipts.lastBatchOf(scheduler);
  root ??= id(`${await scheduler.getAddress()}-${prev}`);
  const head = prev === 0n ? 0 : Number((await anchoredEvent(c, prev)).lastTimestamp);
  return c.receipts.connect(scheduler).anchorBatch(root, count, Math.max(head, now - 10), now, prev, "");
}

describe("ReceiptRegistry", function () {
  it("reads providers from the marketplace", async function () {
    const c = await networkHelpers.loadFixture(registryFixture);
    expect(await c.receipts.marketplace()).to.equal(await c.marketplace.getAddress());
    expect(await c.receipts.batchCount()).to.equal(0n);
  });

  describe("authorizeScheduler", function () {
    it("lets a registered provider authorize a scheduler", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      await expect(c.receipts.connect(c.provider).authorizeScheduler(c.stranger))
        .to.emit(c.receipts, "SchedulerAuthorized")
        .withArgs(c.provider.address, c.stranger.address);
      expect(await c.receipts.providerOf(c.stranger)).to.equal(c.provider.address);
      expect(await c.receipts.providerOf(c.scheduler)).to.equal(c.provider.address);
      expect(await c.receipts.providerOf(c.scheduler2)).to.equal(c.provider2.address);
    });

    it("rejects a caller that is not a registered provider", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      for (const caller of [c.outsider, c.consumer, c.scheduler]) {
        await expect(c.receipts.connect(caller).authorizeScheduler(c.stranger))
          .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryNotProvider")
          .withArgs(caller.address);
      }
    });

    it("rejects a provider that deregistered", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      await c.marketplace.connect(c.provider2).deregisterProvider();
      await expect(c.receipts.connect(c.provider2).authorizeScheduler(c.stranger))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryNotProvider")
        .withArgs(c.provider2.address);
    });

    it("rejects a scheduler already authorized, by another provider or the same one", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      for (const caller of [c.provider2, c.provider]) {
        await expect(c.receipts.connect(caller).authorizeScheduler(c.scheduler))
          .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistrySchedulerTaken")
          .withArgs(c.scheduler.address, c.provider.address);
      }
    });

    it("rejects the zero address", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      await expect(c.receipts.connect(c.provider).authorizeScheduler(ZeroAddress))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistrySchedulerTaken")
        .withArgs(ZeroAddress, ZeroAddress);
    });
  });

  describe("revokeScheduler", function () {
    it("lets the authorizing provider revoke its scheduler", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      await expect(c.receipts.connect(c.provider).revokeScheduler(c.scheduler))
        .to.emit(c.receipts, "SchedulerRevoked")
        .withArgs(c.provider.address, c.scheduler.address);
      expect(await c.receipts.providerOf(c.scheduler)).to.equal(ZeroAddress);
      await expect(anchorNext(c, c.scheduler))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryNotScheduler")
        .withArgs(c.scheduler.address);
    });

    it("rejects another provider's scheduler, an unknown one and the zero address", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      for (const scheduler of [c.scheduler2.address, c.stranger.address, ZeroAddress]) {
        await expect(c.receipts.connect(c.provider).revokeScheduler(scheduler))
          .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryNotScheduler")
          .withArgs(scheduler);
      }
      expect(await c.receipts.providerOf(c.scheduler2)).to.equal(c.provider2.address);
    });

    it("a revoked scheduler can be authorized again and continues its own chain", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const now = await time.latest();
      await c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, now - 20, now - 10, 0n, "");
      await c.receipts.connect(c.provider).revokeScheduler(c.scheduler);
      await expect(c.receipts.connect(c.provider2).authorizeScheduler(c.scheduler))
        .to.emit(c.receipts, "SchedulerAuthorized")
        .withArgs(c.provider2.address, c.scheduler.address);
      await expect(c.receipts.connect(c.scheduler).anchorBatch(id("b"), 1, now - 10, now - 5, 0n, ""))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnexpectedPrevious")
        .withArgs(c.scheduler.address, 1n, 0n);
      await expect(c.receipts.connect(c.scheduler).anchorBatch(id("b"), 1, now - 10, now - 5, 1n, ""))
        .to.emit(c.receipts, "BatchAnchored")
        .withArgs(2n, c.scheduler.address, c.provider2.address, id("b"), 1, now - 10, now - 5, 1n, "");
    });
  });

  describe("anchorBatch", function () {
    it("anchors a first batch with id 1", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const root = id("root-1");
      const now = await time.latest();
      const args = [root, 42, now - 60, now - 1, 0n, "ipfs://batch-1"] as const;
      expect(await c.receipts.connect(c.scheduler).anchorBatch.staticCall(...args)).to.equal(1n);
      await expect(c.receipts.connect(c.scheduler).anchorBatch(...args))
        .to.emit(c.receipts, "BatchAnchored")
        .withArgs(1n, c.scheduler.address, c.provider.address, root, 42, now - 60, now - 1, 0n, "ipfs://batch-1");
      // Storage keeps the root; the rest is in the log.
      expect(await c.receipts.batchRoot(1n)).to.equal(root);
      const event = await anchoredEvent(c, 1n);
      expect([
        event.anchorer,
        event.provider,
        event.count,
        event.firstTimestamp,
        event.lastTimestamp,
        event.prevBatchId,
        event.uri,
      ]).to.deep.equal([
        c.scheduler.address,
        c.provider.address,
        42n,
        BigInt(now - 60),
        BigInt(now - 1),
        0n,
        "ipfs://batch-1",
      ]);
      expect(await c.receipts.lastBatchOf(c.scheduler)).to.equal(1n);
      expect(await c.receipts.batchCount()).to.equal(1n);
    });

    it("chains an anchorer's batches through prevBatchId", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const now = await time.latest();
      await c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, now - 30, now - 20, 0n, "");
      // The next batch may start at the previous one's last timestamp.
      await expect(c.receipts.connect(c.scheduler).anchorBatch(id("b"), 2, now - 20, now - 10, 1n, "u"))
        .to.emit(c.receipts, "BatchAnchored")
        .withArgs(2n, c.scheduler.address, c.provider.address, id("b"), 2, now - 20, now - 10, 1n, "u");
      expect(await c.receipts.lastBatchOf(c.scheduler)).to.equal(2n);
    });

    it("numbers batches globally while each anchorer keeps its own chain", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const now = await time.latest();
      await c.receipts.connect(c.scheduler).anchorBatch(id("a1"), 1, now - 50, now - 40, 0n, "");
      // scheduler2's first batch follows nothing, even though batch 1 exists.
      await expect(c.receipts.connect(c.scheduler2).anchorBatch(id("b1"), 1, now - 50, now - 40, 1n, ""))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnexpectedPrevious")
        .withArgs(c.scheduler2.address, 0n, 1n);
      await expect(c.receipts.connect(c.scheduler2).anchorBatch(id("b1"), 1, now - 50, now - 40, 0n, ""))
        .to.emit(c.receipts, "BatchAnchored")
        .withArgs(2n, c.scheduler2.address, c.provider2.address, id("b1"), 1, now - 50, now - 40, 0n, "");
      await expect(c.receipts.connect(c.scheduler).anchorBatch(id("a2"), 1, now - 40, now - 30, 1n, ""))
        .to.emit(c.receipts, "BatchAnchored")
        .withArgs(3n, c.scheduler.address, c.provider.address, id("a2"), 1, now - 40, now - 30, 1n, "");
      await expect(c.receipts.connect(c.scheduler2).anchorBatch(id("b2"), 1, now - 40, now - 30, 3n, ""))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnexpectedPrevious")
        .withArgs(c.scheduler2.address, 2n, 3n);
      await expect(c.receipts.connect(c.scheduler2).anchorBatch(id("b2"), 1, now - 40, now - 30, 2n, ""))
        .to.emit(c.receipts, "BatchAnchored")
        .withArgs(4n, c.scheduler2.address, c.provider2.address, id("b2"), 1, now - 40, now - 30, 2n, "");

      expect(await c.receipts.lastBatchOf(c.scheduler)).to.equal(3n);
      expect(await c.receipts.lastBatchOf(c.scheduler2)).to.equal(4n);
      expect(await c.receipts.lastBatchOf(c.stranger)).to.equal(0n);
      expect(await c.receipts.batchCount()).to.equal(4n);
      expect(await c.receipts.batchRoot(2n)).to.equal(id("b1"));
      expect((await anchoredEvent(c, 2n)).anchorer).to.equal(c.scheduler2.address);
    });

    it("rejects a prevBatchId that is not the anchorer's last batch", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const now = await time.latest();
      await expect(c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, now - 10, now - 5, 1n, ""))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnexpectedPrevious")
        .withArgs(c.scheduler.address, 0n, 1n);
      await c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, now - 10, now - 5, 0n, "");
      for (const given of [0n, 2n]) {
        await expect(c.receipts.connect(c.scheduler).anchorBatch(id("b"), 1, now - 5, now - 1, given, ""))
          .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnexpectedPrevious")
          .withArgs(c.scheduler.address, 1n, given);
      }
    });

    it("rejects a caller that is not an authorized scheduler", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const now = await time.latest();
      for (const caller of [c.stranger, c.provider, c.outsider]) {
        await expect(c.receipts.connect(caller).anchorBatch(id("a"), 1, now - 10, now - 5, 0n, ""))
          .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryNotScheduler")
          .withArgs(caller.address);
      }
    });

    describe("validation", function () {
      it("rejects a zero root", async function () {
        const c = await networkHelpers.loadFixture(registryFixture);
        const now = await time.latest();
        await expect(
          c.receipts.connect(c.scheduler).anchorBatch(ZeroHash, 1, now - 10, now - 5, 0n, ""),
        ).to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryInvalidBatch");
      });

      it("rejects an empty batch", async function () {
        const c = await networkHelpers.loadFixture(registryFixture);
        const now = await time.latest();
        await expect(
          c.receipts.connect(c.scheduler).anchorBatch(id("a"), 0, now - 10, now - 5, 0n, ""),
        ).to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryInvalidBatch");
      });

      it("rejects a first timestamp after the last; accepts a one-second batch", async function () {
        const c = await networkHelpers.loadFixture(registryFixture);
        const now = await time.latest();
        await expect(
          c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, now - 4, now - 5, 0n, ""),
        ).to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryInvalidBatch");
        await expect(c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, now - 5, now - 5, 0n, "")).to.emit(
          c.receipts,
          "BatchAnchored",
        );
      });

      it("rejects a last timestamp in the future; accepts the current block's", async function () {
        const c = await networkHelpers.loadFixture(registryFixture);
        const at = (await time.latest()) + 100;
        await time.setNextBlockTimestamp(at);
        await expect(
          c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, at - 10, at + 1, 0n, ""),
        ).to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryInvalidBatch");
        await time.setNextBlockTimestamp(at);
        await expect(c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, at - 10, at, 0n, ""))
          .to.emit(c.receipts, "BatchAnchored")
          .withArgs(1n, c.scheduler.address, c.provider.address, id("a"), 1, at - 10, at, 0n, "");
      });

      it("rejects a batch starting before the anchorer's previous batch ended", async function () {
        const c = await networkHelpers.loadFixture(registryFixture);
        const now = await time.latest();
        await c.receipts.connect(c.scheduler).anchorBatch(id("a"), 1, now - 30, now - 20, 0n, "");
        await expect(
          c.receipts.connect(c.scheduler).anchorBatch(id("b"), 1, now - 21, now - 10, 1n, ""),
        ).to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryInvalidBatch");
        // Another anchorer's history does not constrain this one.
        await expect(c.receipts.connect(c.scheduler2).anchorBatch(id("c"), 1, now - 100, now - 90, 0n, "")).to.emit(
          c.receipts,
          "BatchAnchored",
        );
      });
    });

    it("costs the same whatever the batch size", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      await anchorNext(c, c.scheduler);
      await anchorNext(c, c.scheduler2);
      // Same shape of calldata (one non-zero byte in each count), second batch of each chain.
      const small = await (await anchorNext(c, c.scheduler, "0x" + "11".repeat(32), 1)).wait();
      const large = await (await anchorNext(c, c.scheduler2, "0x" + "22".repeat(32), 2 ** 24)).wait();
      expect(large!.gasUsed).to.equal(small!.gasUsed);
    });

    it("stays within its 80,000 gas budget once the anchorer has a head", async function () {
      // One new slot (the root) plus in-place updates of the head and the counter: see
      // scripts/bench-gas.ts for the full table.
      const c = await networkHelpers.loadFixture(anchoredFixture);
      const now = await time.latest();
      const uri = "ipfs://" + "b".repeat(59); // a CIDv1's length
      const tx = await c.receipts
        .connect(c.scheduler)
        .anchorBatch(id("next"), 1_000_000, now - 10, now, c.batchId, uri);
      expect((await tx.wait())!.gasUsed).to.be.at.most(80_000n);
    });
  });

  describe("verifyReceipt", function () {
    it("anchors the tree's root", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      expect(await c.receipts.batchRoot(c.batchId)).to.equal(c.tree.root);
    });

    it("accepts every member with its proof", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      for (const [i, v] of c.tree.entries()) {
        expect(await c.receipts.verifyReceipt(c.batchId, c.tree.leafHash(v), c.tree.getProof(i))).to.equal(true);
      }
    });

    it("rejects a tampered leaf", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      const proof = c.tree.getProof(0);
      const leaf = c.tree.leafHash(c.values[0]);
      expect(await c.receipts.verifyReceipt(c.batchId, flip(leaf), proof)).to.equal(false);
      // A real leaf with another leaf's proof.
      expect(await c.receipts.verifyReceipt(c.batchId, c.tree.leafHash(c.values[1]), proof)).to.equal(false);
    });

    it("rejects a tampered, truncated or padded proof", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      const leaf = c.tree.leafHash(c.values[3]);
      const proof = c.tree.getProof(3);
      expect(proof.length).to.be.greaterThan(1);
      for (let j = 0; j < proof.length; j++) {
        const tampered = proof.map((p, k) => (k === j ? flip(p) : p));
        expect(await c.receipts.verifyReceipt(c.batchId, leaf, tampered)).to.equal(false);
      }
      expect(await c.receipts.verifyReceipt(c.batchId, leaf, proof.slice(1))).to.equal(false);
      expect(await c.receipts.verifyReceipt(c.batchId, leaf, [...proof, id("extra")])).to.equal(false);
      expect(await c.receipts.verifyReceipt(c.batchId, leaf, [])).to.equal(false);
    });

    it("rejects a member of one batch against another batch", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      const now = BigInt(await time.latest());
      const other = StandardMerkleTree.of(makeReceipts(5, 2n, now - 50n, "other-"), RECEIPT_TYPES);
      await c.receipts.connect(c.scheduler2).anchorBatch(other.root, 5, Number(now - 50n), Number(now - 46n), 0n, "");
      const leaf = c.tree.leafHash(c.values[0]);
      expect(await c.receipts.verifyReceipt(2n, leaf, c.tree.getProof(0))).to.equal(false);
      expect(await c.receipts.verifyReceipt(2n, other.leafHash(other.at(0)!), other.getProof(0))).to.equal(true);
    });

    it("proves a node, not a receipt: an inner node verifies with the rest of the proof", async function () {
      // Why auditors must hash the receipt themselves (or call verifyReceiptFields), as with
      // MerkleProof.verify: verifyReceipt cannot tell a leaf from an inner node.
      const c = await networkHelpers.loadFixture(anchoredFixture);
      const leaf = c.tree.leafHash(c.values[0]);
      const [sibling, ...rest] = c.tree.getProof(0);
      const inner = keccak256(concat([leaf, sibling].sort()));
      expect(await c.receipts.verifyReceipt(c.batchId, inner, rest)).to.equal(true);
    });

    it("verifies a one-receipt batch with an empty proof", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const now = BigInt(await time.latest());
      const [values] = makeReceipts(1, 9n, now - 1n);
      const tree = StandardMerkleTree.of([values], RECEIPT_TYPES);
      expect(tree.root).to.equal(tree.leafHash(values));
      await c.receipts.connect(c.scheduler).anchorBatch(tree.root, 1, Number(now - 1n), Number(now - 1n), 0n, "");
      expect(await c.receipts.verifyReceipt(1n, tree.leafHash(values), [])).to.equal(true);
      expect(await c.receipts.verifyReceiptFields(1n, toStruct(values), [])).to.equal(true);
    });

    it("reverts for an unknown batch", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      const leaf = c.tree.leafHash(c.values[0]);
      for (const batchId of [0n, 2n, 99n]) {
        await expect(c.receipts.verifyReceipt(batchId, leaf, c.tree.getProof(0)))
          .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnknownBatch")
          .withArgs(batchId);
      }
    });
  });

  describe("verifyReceiptFields", function () {
    it("accepts every member from its fields", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      for (const [i, v] of c.tree.entries()) {
        expect(await c.receipts.verifyReceiptFields(c.batchId, toStruct(v), c.tree.getProof(i))).to.equal(true);
      }
    });

    it("rejects a receipt with any field changed", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      const values = c.values[2];
      const proof = c.tree.getProof(2);
      const changes: ((v: ReceiptValues) => void)[] = [
        (v) => (v[0] += 1n),
        (v) => (v[1] = flip(v[1])),
        (v) => (v[2] = ((v[2] + 1) % 3) as DecisionKind),
        (v) => (v[3] = encodeBytes32String("instance-x")),
        (v) => (v[4] = encodeBytes32String("random")),
        (v) => (v[5] = flip(v[5])),
        (v) => (v[6] += 1n),
      ];
      for (const change of changes) {
        const tampered = [...values] as ReceiptValues;
        change(tampered);
        expect(await c.receipts.verifyReceiptFields(c.batchId, toStruct(tampered), proof)).to.equal(false);
      }
    });

    it("reverts for an unknown batch", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      await expect(c.receipts.verifyReceiptFields(5n, toStruct(c.values[0]), c.tree.getProof(0)))
        .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnknownBatch")
        .withArgs(5n);
    });
  });

  describe("leafOf", function () {
    it("matches StandardMerkleTree's leaf hash", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      for (const v of c.values) expect(await c.receipts.leafOf(toStruct(v))).to.equal(c.tree.leafHash(v));
    });

    it("matches for extreme field values", async function () {
      const c = await networkHelpers.loadFixture(registryFixture);
      const max: ReceiptValues = [
        ethers.MaxUint256,
        "0x" + "ff".repeat(32),
        DecisionKind.Scale,
        "0x" + "ff".repeat(32),
        "0x" + "ff".repeat(32),
        "0x" + "ff".repeat(32),
        2n ** 64n - 1n,
      ];
      const zero: ReceiptValues = [0n, ZeroHash, DecisionKind.Route, ZeroHash, ZeroHash, ZeroHash, 0n];
      const tree = StandardMerkleTree.of([max, zero], RECEIPT_TYPES);
      expect(await c.receipts.leafOf(toStruct(max))).to.equal(tree.leafHash(max));
      expect(await c.receipts.leafOf(toStruct(zero))).to.equal(tree.leafHash(zero));
    });
  });

  describe("batchRoot", function () {
    it("returns each batch's root", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      await anchorNext(c, c.scheduler2, id("second"));
      expect(await c.receipts.batchRoot(1n)).to.equal(c.tree.root);
      expect(await c.receipts.batchRoot(2n)).to.equal(id("second"));
      expect((await anchoredEvent(c, 2n)).root).to.equal(id("second"));
    });

    it("reverts for an unknown batch", async function () {
      const c = await networkHelpers.loadFixture(anchoredFixture);
      for (const batchId of [0n, 2n, ethers.MaxUint256]) {
        await expect(c.receipts.batchRoot(batchId))
          .to.be.revertedWithCustomError(c.receipts, "ReceiptRegistryUnknownBatch")
          .withArgs(batchId);
      }
    });
  });
});
