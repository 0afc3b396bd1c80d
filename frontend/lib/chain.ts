import { hardhat } from "@dcx/sdk";
import { type Chain, defineChain } from "viem";
import { config } from "./config";

/** The chain the app runs against: the sdk's Hardhat chain locally, else a minimal definition from the config. */
export const appChain: Chain =
  config.chainId === hardhat.id
    ? { ...hardhat, rpcUrls: { default: { http: [config.rpcUrl] } } }
    : defineChain({
        id: config.chainId,
        name: `Chain ${config.chainId}`,
        nativeCurrency: { decimals: 18, name: "Ether", symbol: "ETH" },
        rpcUrls: { default: { http: [config.rpcUrl] } },
      });
