import { createConnector } from "wagmi";
import { type Address, createPublicClient, createWalletClient, http } from "viem";
import { appChain } from "./chain";
import { config } from "./config";
import type { DevAccount } from "./devAccounts";

/** The connector type of the built-in dev wallet (the UI shows it only on chain 31337). */
export const devWalletType = "devWallet";

/**
 * A wagmi connector for one Hardhat test account that signs locally with viem (a local account:
 * transactions, messages and typed data are signed in the page, then sent as raw transactions).
 * Only created when the app is configured for the local chain (see `wagmiConfig.ts`).
 */
export function devWallet(account: DevAccount) {
  const flag = `dcx.devWallet.${account.index}`;
  let connected = false;
  const rpc = createPublicClient({ chain: appChain, transport: http(config.rpcUrl) });

  return createConnector((wagmi) => ({
    id: `devWallet-${account.index}`,
    name: `Dev wallet · ${account.label}`,
    type: devWalletType,
    async connect() {
      connected = true;
      if (typeof localStorage !== "undefined") localStorage.setItem(flag, "1");
      // The generic `withCapabilities` return type cannot be satisfied by a plain address list.
      return { accounts: [account.address], chainId: appChain.id } as never;
    },
    async disconnect() {
      connected = false;
      if (typeof localStorage !== "undefined") localStorage.removeItem(flag);
    },
    async getAccounts(): Promise<readonly Address[]> {
      return connected ? [account.address] : [];
    },
    async getChainId() {
      return appChain.id;
    },
    async isAuthorized() {
      connected = typeof localStorage !== "undefined" && localStorage.getItem(flag) === "1";
      return connected;
    },
    async getProvider() {
      return {
        request: async ({ method, params }: { method: string; params?: unknown }) => {
          if (method === "eth_accounts" || method === "eth_requestAccounts") return connected ? [account.address] : [];
          if (method === "eth_chainId") return `0x${appChain.id.toString(16)}`;
          // Everything else is a read: the node answers it.
          return rpc.request({ method, params } as never);
        },
      };
    },
    async getClient() {
      const { privateKeyToAccount } = await import("viem/accounts");
      return createWalletClient({
        account: privateKeyToAccount(account.privateKey),
        chain: appChain,
        transport: http(config.rpcUrl),
      });
    },
    onAccountsChanged() {},
    onChainChanged() {},
    onDisconnect() {
      connected = false;
      wagmi.emitter.emit("disconnect");
    },
  }));
}
