import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { concat, keccak256, type Hex } from "viem";
import { InvalidProofError } from "../errors/receipt.js";
import { sampleReceipts } from "../test/receipts.js";
import { buildReceiptTree } from "./buildReceiptTree.js";
import { processProof } from "./processProof.js";

describe("processProof", () => {
  test("default: every proof of a tree leads to its root", () => {
    const { tree, root } = buildReceiptTree({ receipts: sampleReceipts(37) });
    for (const [i, value] of tree.entries()) {
      assert.equal(processProof({ leaf: tree.leafHash(value) as Hex, proof: tree.getProof(i) as Hex[] }), root);
    }
  });

  test("args: empty proof", () => {
    const leaf = keccak256("0x01");
    assert.equal(processProof({ leaf, proof: [] }), leaf);
  });

  test("hashes pairs in sorted order", () => {
    const a = keccak256("0x01");
    const b = keccak256("0x02");
    const [low, high] = a < b ? [a, b] : [b, a];
    assert.equal(processProof({ leaf: a, proof: [b] }), keccak256(concat([low, high])));
    assert.equal(processProof({ leaf: b, proof: [a] }), keccak256(concat([low, high])));
  });

  test("args: upper-case hex", () => {
    const a = keccak256("0x01");
    const b = keccak256("0x02");
    const upper = (h: Hex) => `0x${h.slice(2).toUpperCase()}` as Hex;
    assert.equal(processProof({ leaf: upper(a), proof: [upper(b)] }), processProof({ leaf: a, proof: [b] }));
  });

  describe("errors", () => {
    test("leaf not bytes32", () => {
      assert.throws(() => processProof({ leaf: "0x01", proof: [] }), InvalidProofError);
    });

    test("proof element not bytes32", () => {
      assert.throws(
        () => processProof({ leaf: keccak256("0x01"), proof: [keccak256("0x02"), "0x1234"] }),
        (e: unknown) => {
          return e instanceof InvalidProofError && /proof\[1\]/.test(e.shortMessage);
        },
      );
    });
  });
});
