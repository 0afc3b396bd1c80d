import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  ContractFunctionExecutionError,
  ContractFunctionZeroDataError,
  createPublicClient,
  custom,
  type Hex,
  type PublicClient,
} from "viem";
import { readContract } from "viem/actions";
import {
  BatchEventNotFoundError,
  BatchNotFoundError,
  buildReceiptTree,
  ContractNotDeployedError,
  deployedContracts,
  getDcxContract,
  getReceiptBatch,
  getReceiptProof,
  hashReceipt,
  InvalidProofError,
  InvalidReceiptError,
  isContractRevert,
  type Receipt,
  type ReceiptBatch,
  type ReceiptKind,
  receiptRegistryAbi,
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
    const tx = await d.receipts
      .connect(d.scheduler)
      .anchorBatch(root, receipts.length, first, last, prev, "ipfs://batch");
    const mined = (await tx.wait())!;
    const batchId = await d.receipts.lastBatchOf(d.scheduler.address);
    return {
      batchId,
      tree,
      root,
      first,
      last,
      prev,
      blockNumber: BigInt(mined.blockNumber),
      txHash: mined.hash as Hex,
    };
  }

  function publicClient(): PublicClient {
    return createPublicClient({ transport: custom(connection.provider, { retryCount: 0 }) });
  }

  for (const size of [1, 2, 3, 5, 16, 33, 100]) {
    it(`every sdk proof verifies on-chain (batch of ${size})`, async () => {
      const d = await deployed();
      const receipts = await receiptsAt(size);
      const { batchId, tree, root } = await anchor(d, receipts);
      expect(await d.receipts.batchRoot(batchId)).to.equal(root);

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

  /**
   * The sdk's chain reads, against the real ReceiptRegistry on the in-process Hardhat chain (viem
   * over the Hardhat provider): these are their tests, the sdk's own `node:test` suite has no chain.
   */
  describe("sdk on-chain reads (viem over the Hardhat provider)", () => {
    /** A public client over the Hardhat provider; `requests` lists the JSON-RPC methods it sent. */
    function spiedClient(): { client: PublicClient; requests: string[] } {
      const requests: string[] = [];
      const transport = custom(
        {
          request: (args: { method: string; params?: unknown }) => {
            requests.push(args.method);
            return connection.provider.request(args as Parameters<typeof connection.provider.request>[0]);
          },
        },
        { retryCount: 0 },
      );
      return { client: createPublicClient({ transport }), requests };
    }

    /** What `fn` threw (fails the test if it did not throw). */
    async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
      try {
        await fn();
      } catch (error) {
        return error;
      }
      expect.fail("expected an error");
    }

    describe("getReceiptBatch", () => {
      it("default: the root from storage, the rest from the BatchAnchored log", async () => {
        const d = await deployed();
        const receipts = await receiptsAt(20);
        const anchored = await anchor(d, receipts);
        const address = (await d.receipts.getAddress()) as Hex;

        const batch = await getReceiptBatch(publicClient(), { address, batchId: anchored.batchId });
        expect(batch).to.deep.equal({
          batchId: anchored.batchId,
          root: anchored.root,
          anchorer: d.scheduler.address as Hex,
          provider: d.provider.address as Hex,
          count: 20,
          firstTimestamp: Number(anchored.first),
          lastTimestamp: Number(anchored.last),
          prevBatchId: 0n,
          uri: "ipfs://batch",
          blockNumber: anchored.blockNumber,
          transactionHash: anchored.txHash,
        } satisfies ReceiptBatch);
      });

      it("a later batch names the anchorer's previous one; other batches' logs are not mixed in", async () => {
        const d = await deployed();
        const first = await anchor(d, await receiptsAt(3));
        const second = await anchor(d, await receiptsAt(5, 100));
        const address = (await d.receipts.getAddress()) as Hex;
        const batch = await getReceiptBatch(publicClient(), { address, batchId: second.batchId });
        expect([batch.batchId, batch.root, batch.count, batch.prevBatchId]).to.deep.equal([
          second.batchId,
          second.root,
          5,
          first.batchId,
        ]);
        expect((await getReceiptBatch(publicClient(), { address, batchId: first.batchId })).root).to.equal(first.root);
      });

      it("args: blockNumber (the batch as of that block)", async () => {
        const d = await deployed();
        const anchored = await anchor(d, await receiptsAt(4));
        const address = (await d.receipts.getAddress()) as Hex;
        const at = await getReceiptBatch(publicClient(), {
          address,
          batchId: anchored.batchId,
          blockNumber: anchored.blockNumber,
        });
        expect(at.root).to.equal(anchored.root);
        const before = await thrown(() =>
          getReceiptBatch(publicClient(), {
            address,
            batchId: anchored.batchId,
            blockNumber: anchored.blockNumber - 1n,
          }),
        );
        expect(before).to.be.instanceOf(BatchNotFoundError);
      });

      it("args: fromBlock (at the anchoring block is enough)", async () => {
        const d = await deployed();
        const anchored = await anchor(d, await receiptsAt(4));
        const address = (await d.receipts.getAddress()) as Hex;
        const { client, requests } = spiedClient();
        const batch = await getReceiptBatch(client, {
          address,
          batchId: anchored.batchId,
          fromBlock: anchored.blockNumber,
        });
        expect(batch.transactionHash).to.equal(anchored.txHash);
        // Given a fromBlock, the chain id is not needed.
        expect(requests).to.deep.equal(["eth_call", "eth_getLogs"]);
      });

      it("args: chainId, no address (the generated deployment, searched from its startBlock)", async () => {
        // deployments/31337.json is written by scripts/deploy.ts, which runs the same Ignition module
        // from the same account on a fresh chain as this fixture: the addresses coincide.
        const d = await deployed();
        const deployment = deployedContracts[31337].ReceiptRegistry;
        expect(await d.receipts.getAddress(), "fixture and deployments/31337.json disagree").to.equal(
          deployment.address,
        );
        const anchored = await anchor(d, await receiptsAt(2));
        const { client, requests } = spiedClient();
        const batch = await getReceiptBatch(client, { batchId: anchored.batchId });
        expect(batch.root).to.equal(anchored.root);
        // The client has no chain: its chain id is asked once to pick the deployment.
        expect(requests.filter((m) => m === "eth_chainId")).to.have.length(1);
        expect((await getReceiptBatch(client, { batchId: anchored.batchId, chainId: 31337 })).root).to.equal(
          anchored.root,
        );
      });

      describe("errors", () => {
        it("unknown batch: BatchNotFoundError, caused by the registry's ReceiptRegistryUnknownBatch", async () => {
          const d = await deployed();
          await anchor(d, await receiptsAt(1));
          const address = (await d.receipts.getAddress()) as Hex;
          for (const batchId of [0n, 2n, 42n]) {
            const error = await thrown(() => getReceiptBatch(publicClient(), { address, batchId }));
            expect(error).to.be.instanceOf(BatchNotFoundError);
            expect((error as BatchNotFoundError).batchId).to.equal(batchId);
            expect((error as BatchNotFoundError).shortMessage).to.equal(`Batch ${batchId} has not been anchored.`);
            expect(isContractRevert((error as BatchNotFoundError).cause, "ReceiptRegistryUnknownBatch")).to.equal(true);
          }
        });

        it("the log is not in the searched range: BatchEventNotFoundError", async () => {
          const d = await deployed();
          const anchored = await anchor(d, await receiptsAt(3));
          await connection.networkHelpers.mine(2);
          const address = (await d.receipts.getAddress()) as Hex;
          const error = await thrown(() =>
            getReceiptBatch(publicClient(), {
              address,
              batchId: anchored.batchId,
              fromBlock: anchored.blockNumber + 1n,
            }),
          );
          expect(error).to.be.instanceOf(BatchEventNotFoundError);
          const e = error as BatchEventNotFoundError;
          expect(e.batchId).to.equal(anchored.batchId);
          expect(e.shortMessage).to.equal(
            `Batch ${anchored.batchId} is anchored but its BatchAnchored log was not found.`,
          );
          expect(e.message).to.contain(`Searched blocks: ${anchored.blockNumber + 1n} to latest`);
        });

        it("no deployment on the chain asked for: ContractNotDeployedError, before any request", async () => {
          const { client, requests } = spiedClient();
          const error = await thrown(() => getReceiptBatch(client, { batchId: 1n, chainId: 424_242 }));
          expect(error).to.be.instanceOf(ContractNotDeployedError);
          expect(requests).to.deep.equal([]);
        });

        it("an address without the registry: viem's error, not a BatchNotFoundError", async () => {
          const d = await deployed();
          const error = await thrown(() =>
            getReceiptBatch(publicClient(), { address: d.outsider.address as Hex, batchId: 1n }),
          );
          expect(error).to.be.instanceOf(ContractFunctionExecutionError);
          expect((error as ContractFunctionExecutionError).cause).to.be.instanceOf(ContractFunctionZeroDataError);
        });
      });
    });

    describe("verifyReceiptOnChain", () => {
      it("args: receipt (verifyReceiptFields), with the batch", async () => {
        const d = await deployed();
        const receipts = await receiptsAt(20);
        const anchored = await anchor(d, receipts);
        const address = (await d.receipts.getAddress()) as Hex;
        const receipt = receipts[7]!;
        const { leaf, proof } = getReceiptProof({ tree: anchored.tree, receipt });
        const { client, requests } = spiedClient();

        const result = await verifyReceiptOnChain(client, { address, batchId: anchored.batchId, receipt, proof });
        expect(result.valid).to.equal(true);
        expect(result.leaf).to.equal(leaf);
        expect(result.batch).to.deep.equal(
          await getReceiptBatch(publicClient(), { address, batchId: anchored.batchId }),
        );
        expect(requests.filter((m) => m === "eth_call")).to.have.length(2); // verifyReceiptFields + batchRoot
      });

      it("args: leaf (verifyReceipt)", async () => {
        const d = await deployed();
        const receipts = await receiptsAt(9);
        const { batchId, tree } = await anchor(d, receipts);
        const address = (await d.receipts.getAddress()) as Hex;
        for (const index of [0, 4, 8]) {
          const { leaf, proof } = getReceiptProof({ tree, index });
          expect((await verifyReceiptOnChain(publicClient(), { address, batchId, leaf, proof })).valid).to.equal(true);
        }
      });

      it("args: blockNumber", async () => {
        const d = await deployed();
        const receipts = await receiptsAt(4);
        const anchored = await anchor(d, receipts);
        const address = (await d.receipts.getAddress()) as Hex;
        const { leaf, proof } = getReceiptProof({ tree: anchored.tree, index: 1 });
        const args = { address, batchId: anchored.batchId, leaf, proof };
        const at = await verifyReceiptOnChain(publicClient(), { ...args, blockNumber: anchored.blockNumber });
        expect(at.valid).to.equal(true);
        expect(at.batch.blockNumber).to.equal(anchored.blockNumber);
        const before = await thrown(() =>
          verifyReceiptOnChain(publicClient(), { ...args, blockNumber: anchored.blockNumber - 1n }),
        );
        expect(before).to.be.instanceOf(BatchNotFoundError);
      });

      it("a tampered receipt, or a proof against the wrong batch, is not valid", async () => {
        const d = await deployed();
        const receipts = await receiptsAt(8);
        const first = await anchor(d, receipts);
        const second = await anchor(d, await receiptsAt(8, 100));
        const address = (await d.receipts.getAddress()) as Hex;
        const receipt = receipts[2]!;
        const { proof } = getReceiptProof({ tree: first.tree, receipt });
        const client = publicClient();
        for (const tampered of [
          { ...receipt, algorithm: "forged" },
          { ...receipt, timestamp: receipt.timestamp + 1n },
        ]) {
          const result = await verifyReceiptOnChain(client, {
            address,
            batchId: first.batchId,
            receipt: tampered,
            proof,
          });
          expect(result.valid).to.equal(false);
          expect(result.leaf).to.equal(hashReceipt(tampered));
        }
        const wrong = await verifyReceiptOnChain(client, { address, batchId: second.batchId, receipt, proof });
        expect(wrong.valid).to.equal(false);
        expect(wrong.batch.root).to.equal(second.root);
      });

      describe("errors", () => {
        it("unknown batch: BatchNotFoundError, by receipt or by leaf", async () => {
          const d = await deployed();
          const receipts = await receiptsAt(2);
          const { tree } = await anchor(d, receipts);
          const address = (await d.receipts.getAddress()) as Hex;
          const { leaf, proof } = getReceiptProof({ tree, index: 0 });
          for (const args of [
            { leaf, proof },
            { receipt: receipts[0]!, proof },
          ]) {
            const error = await thrown(() => verifyReceiptOnChain(publicClient(), { address, batchId: 42n, ...args }));
            expect(error).to.be.instanceOf(BatchNotFoundError);
            expect((error as BatchNotFoundError).batchId).to.equal(42n);
          }
        });

        it("an invalid receipt or proof, before any request", async () => {
          const d = await deployed();
          const receipts = await receiptsAt(3);
          const { batchId, tree } = await anchor(d, receipts);
          const address = (await d.receipts.getAddress()) as Hex;
          const { proof } = getReceiptProof({ tree, index: 0 });
          const { client, requests } = spiedClient();
          const badReceipt = { ...receipts[0]!, instanceId: "i".repeat(32) };
          expect(
            await thrown(() => verifyReceiptOnChain(client, { address, batchId, receipt: badReceipt, proof })),
          ).to.be.instanceOf(InvalidReceiptError);
          expect(
            await thrown(() =>
              verifyReceiptOnChain(client, { address, batchId, receipt: receipts[0]!, proof: ["0x12"] }),
            ),
          ).to.be.instanceOf(InvalidProofError);
          expect(
            await thrown(() => verifyReceiptOnChain(client, { address, batchId, leaf: "0x1234", proof })),
          ).to.be.instanceOf(InvalidProofError);
          expect(requests).to.deep.equal([]);
        });

        it("the batch's log is not in the searched range: BatchEventNotFoundError", async () => {
          const d = await deployed();
          const receipts = await receiptsAt(2);
          const anchored = await anchor(d, receipts);
          await connection.networkHelpers.mine(1);
          const address = (await d.receipts.getAddress()) as Hex;
          const { leaf, proof } = getReceiptProof({ tree: anchored.tree, index: 0 });
          const error = await thrown(() =>
            verifyReceiptOnChain(publicClient(), {
              address,
              batchId: anchored.batchId,
              leaf,
              proof,
              fromBlock: anchored.blockNumber + 1n,
            }),
          );
          expect(error).to.be.instanceOf(BatchEventNotFoundError);
        });
      });
    });

    describe("getDcxContract", () => {
      it("args: address (typed reads on the real contract)", async () => {
        const d = await deployed();
        const anchored = await anchor(d, await receiptsAt(3));
        const address = (await d.receipts.getAddress()) as Hex;
        const registry = await getDcxContract({ client: publicClient(), contractName: "ReceiptRegistry", address });
        expect(registry.address).to.equal(address);
        expect(await registry.read.batchRoot([anchored.batchId])).to.equal(anchored.root);
        expect(await registry.read.batchCount()).to.equal(anchored.batchId);
        expect(await registry.read.lastBatchOf([d.scheduler.address as Hex])).to.equal(anchored.batchId);
      });
    });

    describe("isContractRevert", () => {
      it("default: a real custom-error revert read with viem", async () => {
        const d = await deployed();
        const error = await thrown(() =>
          readContract(publicClient(), {
            address: d.receipts.target as Hex,
            abi: receiptRegistryAbi,
            functionName: "batchRoot",
            args: [1n],
          }),
        );
        expect(isContractRevert(error, "ReceiptRegistryUnknownBatch")).to.equal(true);
        expect(isContractRevert(error, "ReceiptRegistryInvalidBatch")).to.equal(false);
      });
    });
  });
});
