import { dcxTokenAbi } from "@dcx/sdk";
import { type Address, parseSignature } from "viem";
import type { Config } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";

export type PermitSignature = { deadline: bigint; v: number; r: `0x${string}`; s: `0x${string}` };

/**
 * Signs an EIP-2612 permit of DCX for `spender` (the escrow), so booking needs one transaction
 * instead of approve + book. The domain is read from the token (`name`, version "1").
 */
export async function signPermit(
  wagmiConfig: Config,
  {
    token,
    owner,
    spender,
    value,
    chainId,
  }: { token: Address; owner: Address; spender: Address; value: bigint; chainId: number },
): Promise<PermitSignature> {
  const [name, nonce] = await Promise.all([
    readContract(wagmiConfig, { address: token, abi: dcxTokenAbi, functionName: "name" }),
    readContract(wagmiConfig, { address: token, abi: dcxTokenAbi, functionName: "nonces", args: [owner] }),
  ]);
  const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
  const signature = await signTypedData(wagmiConfig, {
    domain: { name, version: "1", chainId, verifyingContract: token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender, value, nonce, deadline },
  });
  const { v, r, s, yParity } = parseSignature(signature);
  return { deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}
