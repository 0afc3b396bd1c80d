/**
 * The web app's one configuration object, from `NEXT_PUBLIC_*` environment variables (inlined at
 * build time). Defaults match `npm start`'s local stack.
 */
export type DcxWebConfig = {
  /** The D-CloudX backend (REST + socket.io). */
  apiUrl: string;
  /** JSON-RPC endpoint of the chain the contracts live on. */
  rpcUrl: string;
  /** The chain id the app expects wallets to be on. */
  chainId: number;
  /** The built-in dev wallet is offered only on the local Hardhat chain. */
  devWalletEnabled: boolean;
};

const chainId = Number(process.env.NEXT_PUBLIC_CHAIN_ID ?? "31337");

export const config: DcxWebConfig = {
  apiUrl: (process.env.NEXT_PUBLIC_API_URL ?? "http://127.0.0.1:4000").replace(/\/+$/, ""),
  rpcUrl: process.env.NEXT_PUBLIC_RPC_URL ?? "http://127.0.0.1:8545",
  chainId: Number.isSafeInteger(chainId) && chainId > 0 ? chainId : 31337,
  devWalletEnabled: chainId === 31337,
};
