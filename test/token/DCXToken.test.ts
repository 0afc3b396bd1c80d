import { expect } from "chai";
import type { Interface, Signer, TypedDataDomain } from "ethers";
import { MaxUint256, Signature, ZeroAddress, verifyTypedData } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { DCXToken } from "../../types/ethers-contracts/index.js";
import { deployDCloudX } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const SUPPLY = 1_000_000_000n * 10n ** 18n;

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const DELEGATION_TYPES = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

/** A fresh token whose whole supply goes to `holder` (signer 0). */
async function tokenFixture(connection: NetworkConnection) {
  const [holder, alice, bob, spender] = await connection.ethers.getSigners();
  const token = await connection.ethers.deployContract("DCXToken", [holder.address]);
  const { chainId } = await connection.ethers.provider.getNetwork();
  const domain: TypedDataDomain = {
    name: "D-CloudX",
    version: "1",
    chainId,
    verifyingContract: await token.getAddress(),
  };
  return { token, holder, alice, bob, spender, domain };
}

async function signPermit(
  token: DCXToken,
  domain: TypedDataDomain,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
  nonce?: bigint,
) {
  const ownerAddress = await owner.getAddress();
  const message = {
    owner: ownerAddress,
    spender,
    value,
    nonce: nonce ?? (await token.nonces(ownerAddress)),
    deadline,
  };
  const signature = await owner.signTypedData(domain, PERMIT_TYPES, message);
  const { v, r, s } = Signature.from(signature);
  return { message, signature, v, r, s };
}

describe("DCXToken", function () {
  describe("supply", function () {
    it("mints the fixed supply to the initial holder", async function () {
      const { token, holder, alice } = await networkHelpers.loadFixture(tokenFixture);
      expect(await token.name()).to.equal("D-CloudX");
      expect(await token.symbol()).to.equal("DCX");
      expect(await token.decimals()).to.equal(18n);
      expect(await token.TOTAL_SUPPLY()).to.equal(SUPPLY);
      expect(await token.totalSupply()).to.equal(SUPPLY);
      expect(await token.balanceOf(holder)).to.equal(SUPPLY);
      expect(await token.balanceOf(alice)).to.equal(0n);
    });

    it("emits the mint from the zero address at deployment", async function () {
      const { holder, alice } = await networkHelpers.loadFixture(tokenFixture);
      const token = await ethers.deployContract("DCXToken", [alice.address], holder);
      await expect(token.deploymentTransaction())
        .to.emit(token, "Transfer")
        .withArgs(ZeroAddress, alice.address, SUPPLY);
    });

    it("has no way to mint or burn afterwards", async function () {
      const { token } = await networkHelpers.loadFixture(tokenFixture);
      for (const name of ["mint", "burn", "burnFrom"]) {
        expect((token.interface as Interface).getFunction(name)).to.equal(null);
      }
    });

    it("the deployment module mints to the deployer", async function () {
      const d = await networkHelpers.loadFixture(deployDCloudX);
      expect(await d.token.totalSupply()).to.equal(SUPPLY);
      // The fixture hands 1M DCX to each of five test accounts.
      expect(await d.token.balanceOf(d.deployer)).to.equal(SUPPLY - 5n * 1_000_000n * 10n ** 18n);
    });
  });

  describe("transfers", function () {
    it("transfers and emits Transfer", async function () {
      const { token, holder, alice } = await networkHelpers.loadFixture(tokenFixture);
      const tx = await token.transfer(alice, 100n);
      await expect(tx).to.emit(token, "Transfer").withArgs(holder.address, alice.address, 100n);
      await expect(tx).to.changeTokenBalances(ethers, token, [holder, alice], [-100n, 100n]);
    });

    it("rejects more than the balance", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(tokenFixture);
      await token.transfer(alice, 10n);
      await expect(token.connect(alice).transfer(bob, 11n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 10n, 11n);
    });

    it("rejects the zero address as receiver", async function () {
      const { token } = await networkHelpers.loadFixture(tokenFixture);
      await expect(token.transfer(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("transferFrom spends the allowance, and rejects more than it", async function () {
      const { token, holder, alice, spender } = await networkHelpers.loadFixture(tokenFixture);
      await expect(token.approve(spender, 50n))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 50n);
      await token.connect(spender).transferFrom(holder, alice, 30n);
      expect(await token.allowance(holder, spender)).to.equal(20n);
      await expect(token.connect(spender).transferFrom(holder, alice, 21n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 20n, 21n);
    });
  });

  describe("permit (EIP-2612)", function () {
    it("uses the EIP-712 domain D-CloudX / 1", async function () {
      const { token, domain } = await networkHelpers.loadFixture(tokenFixture);
      expect(await token.DOMAIN_SEPARATOR()).to.equal(ethers.TypedDataEncoder.hashDomain(domain));
      const eip712 = await token.eip712Domain();
      expect(eip712.name).to.equal("D-CloudX");
      expect(eip712.version).to.equal("1");
      expect(eip712.chainId).to.equal(domain.chainId);
      expect(eip712.verifyingContract).to.equal(domain.verifyingContract);
    });

    it("approves through an owner's signature, submitted by anyone", async function () {
      const { token, domain, holder, spender, bob } = await networkHelpers.loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 3_600n;
      const { v, r, s } = await signPermit(token, domain, holder, spender.address, 1_000n, deadline);
      await expect(token.connect(bob).permit(holder, spender, 1_000n, deadline, v, r, s))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 1_000n);
      expect(await token.allowance(holder, spender)).to.equal(1_000n);
      expect(await token.nonces(holder)).to.equal(1n);
      await token.connect(spender).transferFrom(holder, bob, 1_000n);
      expect(await token.balanceOf(bob)).to.equal(1_000n);
    });

    it("accepts a permit up to its deadline", async function () {
      const { token, domain, holder, spender } = await networkHelpers.loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 100n;
      const { v, r, s } = await signPermit(token, domain, holder, spender.address, 1n, deadline);
      await time.setNextBlockTimestamp(deadline);
      await expect(token.permit(holder, spender, 1n, deadline, v, r, s))
        .to.emit(token, "Approval")
        .withArgs(holder.address, spender.address, 1n);
    });

    it("rejects a permit after its deadline", async function () {
      const { token, domain, holder, spender } = await networkHelpers.loadFixture(tokenFixture);
      const deadline = BigInt(await time.latest()) + 100n;
      const { v, r, s } = await signPermit(token, domain, holder, spender.address, 1n, deadline);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(token.permit(holder, spender, 1n, deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
    });

    it("rejects a replayed signature", async function () {
      const { token, domain, holder, spender } = await networkHelpers.loadFixture(tokenFixture);
      const deadline = MaxUint256;
      const { message, signature, v, r, s } = await signPermit(token, domain, holder, spender.address, 5n, deadline);
      await token.permit(holder, spender, 5n, deadline, v, r, s);
      // With the nonce now 1, the same signature recovers to some other address.
      const recovered = verifyTypedData(domain, PERMIT_TYPES, { ...message, nonce: 1n }, signature);
      expect(recovered).not.to.equal(holder.address);
      await expect(token.permit(holder, spender, 5n, deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(recovered, holder.address);
    });

    it("rejects a signature by someone other than the owner, or for other values", async function () {
      const { token, domain, holder, alice, spender } = await networkHelpers.loadFixture(tokenFixture);
      const deadline = MaxUint256;
      // Alice signs a permit naming the holder as owner.
      const forged = {
        owner: holder.address,
        spender: spender.address,
        value: 7n,
        nonce: 0n,
        deadline,
      };
      const forgedSig = Signature.from(await alice.signTypedData(domain, PERMIT_TYPES, forged));
      await expect(token.permit(holder, spender, 7n, deadline, forgedSig.v, forgedSig.r, forgedSig.s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(alice.address, holder.address);

      // The holder's real signature, submitted with a larger value.
      const { message, signature, v, r, s } = await signPermit(token, domain, holder, spender.address, 7n, deadline);
      const recovered = verifyTypedData(domain, PERMIT_TYPES, { ...message, value: 8n }, signature);
      await expect(token.permit(holder, spender, 8n, deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(recovered, holder.address);
    });
  });

  describe("votes (ERC20Votes)", function () {
    it("uses block numbers as its clock", async function () {
      const { token } = await networkHelpers.loadFixture(tokenFixture);
      expect(await token.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
      expect(await token.clock()).to.equal(BigInt(await time.latestBlock()));
    });

    it("counts no votes until a holder delegates", async function () {
      const { token, holder } = await networkHelpers.loadFixture(tokenFixture);
      expect(await token.getVotes(holder)).to.equal(0n);
      expect(await token.delegates(holder)).to.equal(ZeroAddress);
      expect(await token.numCheckpoints(holder)).to.equal(0n);
    });

    it("self-delegation turns the balance into votes and writes a checkpoint", async function () {
      const { token, holder } = await networkHelpers.loadFixture(tokenFixture);
      const tx = await token.delegate(holder);
      await expect(tx).to.emit(token, "DelegateChanged").withArgs(holder.address, ZeroAddress, holder.address);
      await expect(tx).to.emit(token, "DelegateVotesChanged").withArgs(holder.address, 0n, SUPPLY);
      const block = BigInt((await tx.wait())!.blockNumber);
      expect(await token.getVotes(holder)).to.equal(SUPPLY);
      expect(await token.delegates(holder)).to.equal(holder.address);
      expect(await token.numCheckpoints(holder)).to.equal(1n);
      const checkpoint = await token.checkpoints(holder, 0);
      expect([checkpoint._key, checkpoint._value]).to.deep.equal([block, SUPPLY]);
    });

    it("moves votes with transfers and keeps the history", async function () {
      const { token, holder, alice, bob } = await networkHelpers.loadFixture(tokenFixture);
      await token.delegate(holder);
      const before = BigInt(await time.latestBlock());

      const transfer = await token.transfer(alice, 1_000n);
      await expect(transfer)
        .to.emit(token, "DelegateVotesChanged")
        .withArgs(holder.address, SUPPLY, SUPPLY - 1_000n);
      const afterTransfer = BigInt((await transfer.wait())!.blockNumber);
      // Alice has not delegated: her tokens carry no votes.
      expect(await token.getVotes(alice)).to.equal(0n);

      const delegation = await token.connect(alice).delegate(bob);
      await expect(delegation).to.emit(token, "DelegateChanged").withArgs(alice.address, ZeroAddress, bob.address);
      await expect(delegation).to.emit(token, "DelegateVotesChanged").withArgs(bob.address, 0n, 1_000n);
      expect(await token.getVotes(bob)).to.equal(1_000n);
      expect(await token.getVotes(alice)).to.equal(0n);

      // Alice's later transfer back moves Bob's votes to the holder.
      await token.connect(alice).transfer(holder, 400n);
      expect(await token.getVotes(bob)).to.equal(600n);
      expect(await token.getVotes(holder)).to.equal(SUPPLY - 600n);

      await networkHelpers.mine();
      expect(await token.getPastVotes(holder, before)).to.equal(SUPPLY);
      expect(await token.getPastVotes(holder, afterTransfer)).to.equal(SUPPLY - 1_000n);
      expect(await token.getPastVotes(bob, afterTransfer)).to.equal(0n);
      expect(await token.getPastTotalSupply(afterTransfer)).to.equal(SUPPLY);
      expect(await token.numCheckpoints(holder)).to.equal(3n);
    });

    it("redelegation moves all votes from the old delegate to the new", async function () {
      const { token, holder, alice, bob } = await networkHelpers.loadFixture(tokenFixture);
      await token.transfer(alice, 500n);
      await token.connect(alice).delegate(alice);
      const tx = await token.connect(alice).delegate(bob);
      await expect(tx).to.emit(token, "DelegateChanged").withArgs(alice.address, alice.address, bob.address);
      await expect(tx).to.emit(token, "DelegateVotesChanged").withArgs(alice.address, 500n, 0n);
      await expect(tx).to.emit(token, "DelegateVotesChanged").withArgs(bob.address, 0n, 500n);
      expect(await token.getVotes(holder)).to.equal(0n);
    });

    it("rejects lookups at the current block or later", async function () {
      const { token, holder } = await networkHelpers.loadFixture(tokenFixture);
      const clock = BigInt(await time.latestBlock());
      await expect(token.getPastVotes(holder, clock + 10n))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(clock + 10n, clock);
      await expect(token.getPastTotalSupply(clock))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(clock, clock);
    });

    describe("delegateBySig", function () {
      it("delegates through a signature", async function () {
        const { token, domain, holder, alice, bob } = await networkHelpers.loadFixture(tokenFixture);
        const expiry = BigInt(await time.latest()) + 3_600n;
        const message = { delegatee: alice.address, nonce: 0n, expiry };
        const { v, r, s } = Signature.from(await holder.signTypedData(domain, DELEGATION_TYPES, message));
        await expect(token.connect(bob).delegateBySig(alice, 0n, expiry, v, r, s))
          .to.emit(token, "DelegateChanged")
          .withArgs(holder.address, ZeroAddress, alice.address);
        expect(await token.getVotes(alice)).to.equal(SUPPLY);
        expect(await token.nonces(holder)).to.equal(1n);

        // Replaying it fails on the nonce.
        await expect(token.delegateBySig(alice, 0n, expiry, v, r, s))
          .to.be.revertedWithCustomError(token, "InvalidAccountNonce")
          .withArgs(holder.address, 1n);
      });

      it("rejects an expired signature", async function () {
        const { token, domain, holder, alice } = await networkHelpers.loadFixture(tokenFixture);
        const expiry = BigInt(await time.latest()) + 10n;
        const message = { delegatee: alice.address, nonce: 0n, expiry };
        const { v, r, s } = Signature.from(await holder.signTypedData(domain, DELEGATION_TYPES, message));
        await time.setNextBlockTimestamp(expiry + 1n);
        await expect(token.delegateBySig(alice, 0n, expiry, v, r, s))
          .to.be.revertedWithCustomError(token, "VotesExpiredSignature")
          .withArgs(expiry);
      });
    });

    it("permit and delegateBySig share one nonce sequence", async function () {
      const { token, domain, holder, alice, spender } = await networkHelpers.loadFixture(tokenFixture);
      const { v, r, s } = await signPermit(token, domain, holder, spender.address, 1n, MaxUint256);
      await token.permit(holder, spender, 1n, MaxUint256, v, r, s);
      const message = {
        delegatee: alice.address,
        nonce: 0n,
        expiry: MaxUint256,
      };
      const sig = Signature.from(await holder.signTypedData(domain, DELEGATION_TYPES, message));
      await expect(token.delegateBySig(alice, 0n, MaxUint256, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "InvalidAccountNonce")
        .withArgs(holder.address, 1n);
    });
  });
});
