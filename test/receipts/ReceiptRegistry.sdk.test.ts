import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { createPublicClient, custom, type Hex, type PublicClient } from "viem";
import {
  BatchNotFoundError,
  buildReceiptTree,
  getReceiptBatch,
  getReceiptProof,
  hashReceipt,
  type Receipt,
  type ReceiptKind,
  toReceiptFields,
  verifyReceipt,
  verifyReceiptOnChain,
} from "../../sdk/src/index.js";
import { deployDCloudX } from "../helpers/fixtures.js";

/** A deployment with a registered provider that authorized `scheduler` (account 9) to anchor batches. */
async function deployWithScheduler(connection: NetworkConnection) {
  const d = await deployDCloudX(connection);
  const scheduler = d.signers[9]!;
  await d.token.connect(d.provider).approve(await d.marketplace.getAddress(), d.params.minStake);
  await d.marketplace.connect(d.provider).registerProvider(d.params.minStake, "ipfs://provider");
  await d.receipts.connect(d.provider).authorizeScheduler(scheduler.address);
  return { ...d, scheduler };
}

type Setup = Awaited<ReturnType<typeof deployWithScheduler>>;

/**
 * The sdk and the ReceiptRegistry agree: every proof the sdk builds verifies on-chain with
 * `verifyReceipt` and `verifyReceiptFields`, `leafOf` equals the sdk's `hashReceipt`, and tampered
 * receipts or proofs do not verify. Trees are built with `@openzeppelin/merkle-tree` through the sdk,
 * so off-chain and on-chain sides agree by construction (as in OpenZeppelin's MerkleProof tests).
 */
describe("ReceiptRegistry × @dcx/sdk", () => {
  let connection: NetworkConnection;

  before(async () => {
    connection = await network.create();
  });

  const withScheduler = () => deployWithScheduler(connection);

  async function deployed(): Promise<Setup> {
    return connection.networkHelpers.loadFixture(withScheduler);
  }

  async function receiptsAt(n: number, offset = 0): Promise<Receipt[]> {
    const now = BigInt(await connection.networkHelpers.time.latest());
    const kinds: ReceiptKind[] = ["route", "place", "scale"];
    const algorithms = [
      "round-robin",
      "least-conn",
      "p2c",
      "least-loaded",
      "urgency",
      "weighted-history",
      "q-learning",
    ];
    return Array.from({ length: n }, (_, j) => {
      const i = j + offset;
      return {
        bookingId: BigInt(1 + (i % 4)),
        decisionId: connection.ethers.id(`decision-${i}`) as Hex,
        kind: kinds[i % 3]!,
        instanceId: `i-${(i % 11).toString(16).padStart(6, "0")}`,
        algorithm: algorithms[i % algorithms.length]!,
        inputsHash: connection.ethers.id(`inputs-${i}`) as Hex,
        timestamp: now - 3_600n + BigInt(Math.floor((i * 3_000) / Math.max(n + offset, 1))),
      };
    });
  }

  /** Anchors the receipts' tree as `d.scheduler`; returns the batch id and tree. */
  async function anchor(d: Setup, receipts: Receipt[]) {
    const { tree, root } = buildReceiptTree({ receipts });
    const timestamps = receipts.map((r) => r.timestamp);
    const first = timestamps.reduce((a, b) => (a < b ? a : b));
    const last = timestamps.reduce((a, b) => (a > b ? a : b));
    const prev = await d.receipts.lastBatchOf(d.scheduler.address);
    await d.receipts.connect(d.scheduler).anchorBatch(root, receipts.length, first, last, prev, "ipfs://batch");
    const batchId = await d.receipts.lastBatchOf(d.scheduler.address);
    return { batchId, tree, root };
  }

  function publicClient(): PublicClient {
    return createPublicClient({ transport: custom(connection.provider, { retryCount: 0 }) });
  }

  for (const size of [1, 2, 3, 5, 16, 33, 100]) {
    it(`every sdk proof verifies on-chain (batch of ${size})`, async () => {
      const d = await deployed();
      const receipts = await receiptsAt(size);
      const { batchId, tree, root } = await anchor(d, receipts);
      expect((await d.receipts.getBatch(batchId)).root).to.equal(root);

      for (const receipt of receipts) {
        const { leaf, proof } = getReceiptProof({ tree, receipt });
        const fields = toReceiptFields(receipt);
        expect(await d.receipts.leafOf(fields)).to.equal(hashReceipt(receipt));
        expect(verifyReceipt({ root, receipt, proof })).to.equal(true);
        expect(await d.receipts.verifyReceipt(batchId, leaf, proof)).to.equal(true);
        expect(await d.receipts.verifyReceiptFields(batchId, fields, proof)).to.equal(true);
      }
    });
  }

  it("every sdk proof verifies on-chain (batch of 1000, every 37th receipt)", async () => {
    const d = await deployed();
    const receipts = await receiptsAt(1_000);
    const { batchId, tree } = await anchor(d, receipts);
    for (let i = 0; i < receipts.length; i += 37) {
      const receipt = receipts[i]!;
      const { leaf, proof } = getReceiptProof({ tree, receipt });
      expect(proof.length).to.be.within(9, 10);
      expect(await d.receipts.verifyReceipt(batchId, leaf, proof)).to.equal(true);
      expect(await d.receipts.verifyReceiptFields(batchId, toReceiptFields(receipt), proof)).to.equal(true);
    }
  });

  it("a tampered receipt does not verify", async () => {
    const d = await deployed();
    const receipts = await receiptsAt(12);
    const { batchId, tree, root } = await anchor(d, receipts);
    const receipt = receipts[5]!;
    const { proof } = getReceiptProof({ tree, receipt });
    const changes: Partial<Receipt>[] = [
      { bookingId: receipt.bookingId + 1n },
      { decisionId: connection.ethers.id("another decision") as Hex },
      { kind: receipt.kind === "scale" ? "route" : "scale" },
      { instanceId: "i-forged" },
      { algorithm: "rr" },
      { inputsHash: connection.ethers.id("other inputs") as Hex },
      { timestamp: receipt.timestamp + 1n },
    ];
    for (const change of changes) {
      const tampered = { ...receipt, ...change };
      expect(verifyReceipt({ root, receipt: tampered, proof }), Object.keys(change)[0]).to.equal(false);
      expect(await d.receipts.verifyReceiptFields(batchId, toReceiptFields(tampered), proof)).to.equal(false);
      expect(await d.receipts.verifyReceipt(batchId, hashReceipt(tampered), proof)).to.equal(false);
    }
  });

  it("a tampered proof, or a proof against another batch, does not verify", async () => {
    const d = await deployed();
    const first = await anchor(d, await receiptsAt(8));
    const secondReceipts = await receiptsAt(8, 100);
    const second = await anchor(d, secondReceipts);
    expect(second.batchId).to.equal(first.batchId + 1n);

    const receipt = secondReceipts[3]!;
    const { leaf, proof } = getReceiptProof({ tree: second.tree, receipt });
    const flipped = proof.map((p, i) => (i === 0 ? (`${p.slice(0, -1)}${p.endsWith("0") ? "1" : "0"}` as Hex) : p));
    expect(await d.receipts.verifyReceipt(second.batchId, leaf, proof)).to.equal(true);
    expect(await d.receipts.verifyReceipt(second.batchId, leaf, flipped)).to.equal(false);
    expect(await d.receipts.verifyReceipt(second.batchId, leaf, proof.slice(1))).to.equal(false);
    expect(await d.receipts.verifyReceipt(first.batchId, leaf, proof)).to.equal(false);
  });

  describe("sdk on-chain reads (viem over the Hardhat provider)", () => {
    it("verifyReceiptOnChain and getReceiptBatch", async () => {
      const d = await deployed();
      const receipts = await receiptsAt(20);
      const { batchId, tree, root } = await anchor(d, receipts);
      const client = publicClient();
      const address = (await d.receipts.getAddress()) as Hex;

      const batch = await getReceiptBatch(client, { address, batchId });
      expect(batch.root).to.equal(root);
      expect(batch.count).to.equal(20);
      expect(batch.anchorer).to.equal(d.scheduler.address);

      const receipt = receipts[7]!;
      const { leaf, proof } = getReceiptProof({ tree, receipt });
      const byFields = await verifyReceiptOnChain(client, { address, batchId, receipt, proof });
      expect(byFields.valid).to.equal(true);
      expect(byFields.leaf).to.equal(leaf);
      expect((await verifyReceiptOnChain(client, { address, batchId, leaf, proof })).valid).to.equal(true);
      const tampered = { ...receipt, algorithm: "forged" };
      expect((await verifyReceiptOnChain(client, { address, batchId, receipt: tampered, proof })).valid).to.equal(
        false,
      );
    });

    it("an unknown batch is a BatchNotFoundError", async () => {
      const d = await deployed();
      const address = (await d.receipts.getAddress()) as Hex;
      let error: unknown;
      try {
        const leaf = hashReceipt((await receiptsAt(1))[0]!);
        await verifyReceiptOnChain(publicClient(), { address, batchId: 42n, leaf, proof: [] });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(BatchNotFoundError);
    });
  });
});
