import { type Chain, defineChain } from "viem";

const definition = {
  id: 31_337,
  name: "Hardhat",
  nativeCurrency: { decimals: 18, name: "Ether", symbol: "ETH" },
  rpcUrls: {
    default: { http: ["http://127.0.0.1:8545"], webSocket: ["ws://127.0.0.1:8545"] },
  },
  testnet: true,
} as const satisfies Chain;

/**
 * The local Hardhat node `npm start` runs (`hardhat node`, chain id 31337, http://127.0.0.1:8545).
 * The frontend's dev wallet and the local deployment (`deployments/31337.json`) only exist here.
 *
 * (Typed as `Chain & typeof definition` rather than inferred: the inferred type names viem internals
 * that a declaration file cannot reference.)
 */
export const hardhat: Chain & typeof definition = /*#__PURE__*/ defineChain(definition);
