import { bytesToHex, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** The mnemonic of Hardhat's default accounts (public test keys: never use them elsewhere). */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Private key and address of Hardhat default account `index`. */
export function hardhatAccount(index: number): { key: Hex; address: Hex } {
  const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
  return { key: bytesToHex(account.getHdKey().privateKey!), address: account.address };
}
