import { hardhat } from "@dcx/sdk";
import type { BrowserContext } from "playwright-core";
import {
  type Address,
  createWalletClient,
  type Hex,
  hexToBigInt,
  http,
  type LocalAccount,
  numberToHex,
  toHex,
  type TypedDataDefinition,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { injectedProviderScript } from "./injectedProvider.js";

/** Hardhat's default mnemonic: account #0 deploys, the others are funded with 10,000 ETH each. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Hardhat account `index` as a local signer (its private key never leaves Node). */
export function testAccount(index: number): LocalAccount {
  return mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
}

/** Hardhat account `index`'s private key (public test key), for processes that sign on their own, e.g. the backend's scheduler. */
export function testPrivateKey(index: number): Hex {
  const key = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error(`no private key for Hardhat account #${index}`);
  return toHex(key);
}

/** A JSON-RPC error as EIP-1193 providers throw it. */
type RpcError = { code: number; message: string; data?: unknown };
type BridgeAnswer = { result?: unknown; error?: RpcError; events?: [string, unknown][] };

/** What the test wallet was asked, in order (method and, for signatures, the signed payload). */
export type WalletCall = { method: string; params: unknown };

/** A browser wallet for one page context, signing with a Hardhat test key in Node. */
export type TestWallet = {
  address: Address;
  calls: WalletCall[];
  /** The chain the wallet says it is on. */
  chainId(): number;
  /** Transactions the wallet signed and sent. */
  sentTransactions: Hex[];
  /** The user will refuse the next request of `method` (error 4001, as a wallet's "Reject" button). */
  refuseNext(method: string): void;
  /** The user picks another network in the wallet: every page gets `chainChanged`. */
  userSwitchesChain(chainId: number): Promise<void>;
};

export type InstallWalletOptions = {
  account: LocalAccount;
  /** The chain's RPC endpoint: reads are forwarded there, signed transactions sent there. */
  rpcUrl: string;
  /** The chain the wallet starts on (default 31337); another id simulates a wallet on the wrong network. */
  initialChainId?: number;
  /** Name shown in the wallet picker (EIP-6963 `info.name`). */
  name?: string;
};

/** Methods the wallet answers itself; everything else is forwarded to the node. */
const WALLET_METHODS = new Set([
  "eth_chainId",
  "net_version",
  "eth_accounts",
  "eth_requestAccounts",
  "wallet_requestPermissions",
  "wallet_getPermissions",
  "wallet_revokePermissions",
  "wallet_switchEthereumChain",
  "wallet_addEthereumChain",
  "wallet_getCapabilities",
  "personal_sign",
  "eth_sign",
  "eth_signTypedData_v4",
  "eth_sendTransaction",
]);

let bridgeCount = 0;

/**
 * Gives every page of `context` an injected EIP-1193 wallet, announced through EIP-6963
 * (`eip6963:announceProvider`, answering `eip6963:requestProvider`), that forwards each request to
 * Node through `exposeFunction`. There, a viem local account with a Hardhat test key signs
 * (`personal_sign`, `eth_signTypedData_v4`) and signs-then-sends transactions (`eth_sendTransaction`
 * → `eth_sendRawTransaction` on the node); reads are forwarded to the node unchanged, errors
 * included (so revert data reaches the app as a real wallet would pass it). Like a real wallet it
 * exposes no account until `eth_requestAccounts`, and emits `accountsChanged` / `chainChanged`.
 */
export async function installWallet(context: BrowserContext, options: InstallWalletOptions): Promise<TestWallet> {
  const { account, rpcUrl } = options;
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const client = createWalletClient({ account, chain, transport: http(rpcUrl) });
  let chainId = options.initialChainId ?? hardhat.id;
  const knownChains = new Set([hardhat.id, chainId]);
  let connected = false;
  const calls: WalletCall[] = [];
  const sentTransactions: Hex[] = [];
  const bridge = `__dcxWalletBridge${++bridgeCount}`;
  const refusals = new Set<string>();

  async function forward(method: string, params: unknown): Promise<BridgeAnswer> {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
    });
    const body = (await res.json()) as { result?: unknown; error?: RpcError };
    return body.error ? { error: body.error } : { result: body.result };
  }

  async function handle(method: string, params: unknown[]): Promise<BridgeAnswer> {
    const p = params ?? [];
    switch (method) {
      case "eth_chainId":
        return { result: numberToHex(chainId) };
      case "net_version":
        return { result: String(chainId) };
      case "eth_accounts":
        return { result: connected ? [account.address] : [] };
      case "eth_requestAccounts":
      case "wallet_requestPermissions": {
        const wasConnected = connected;
        connected = true;
        const events: [string, unknown][] = wasConnected ? [] : [["accountsChanged", [account.address]]];
        const result =
          method === "eth_requestAccounts" ? [account.address] : [{ parentCapability: "eth_accounts", caveats: [] }];
        return { result, events };
      }
      case "wallet_getPermissions":
        return { result: connected ? [{ parentCapability: "eth_accounts", caveats: [] }] : [] };
      case "wallet_revokePermissions":
        connected = false;
        return { result: null, events: [["accountsChanged", []]] };
      case "wallet_addEthereumChain": {
        const id = Number((p[0] as { chainId: string }).chainId);
        knownChains.add(id);
        return { result: null };
      }
      case "wallet_switchEthereumChain": {
        const id = Number((p[0] as { chainId: string }).chainId);
        if (!knownChains.has(id)) return { error: { code: 4902, message: `Unrecognized chain ID ${id}.` } };
        const changed = id !== chainId;
        chainId = id;
        return { result: null, events: changed ? [["chainChanged", numberToHex(id)]] : [] };
      }
      case "wallet_getCapabilities":
        return { error: { code: 4200, message: "wallet_getCapabilities is not supported." } };
      case "personal_sign": {
        requireConnected();
        const [data, from] = p as [Hex, Address];
        requireSelf(from);
        return { result: await account.signMessage({ message: { raw: data } }) };
      }
      case "eth_sign": {
        requireConnected();
        const [from, data] = p as [Address, Hex];
        requireSelf(from);
        return { result: await account.signMessage({ message: { raw: data } }) };
      }
      case "eth_signTypedData_v4": {
        requireConnected();
        const [from, json] = p as [Address, string];
        requireSelf(from);
        const typed = (typeof json === "string" ? JSON.parse(json) : json) as TypedDataDefinition & {
          types: Record<string, unknown>;
        };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return { result: await account.signTypedData({ ...typed, types } as TypedDataDefinition) };
      }
      case "eth_sendTransaction":
        requireConnected();
        return sendTransaction(p[0] as Record<string, Hex | undefined>);
      default:
        return forward(method, p);
    }
  }

  function requireConnected(): void {
    if (!connected) throw rpcError(4100, "The wallet is not connected to this site.");
  }
  function requireSelf(from: string): void {
    if (from?.toLowerCase() !== account.address.toLowerCase())
      throw rpcError(4100, `The wallet holds ${account.address}, not ${from}.`);
  }

  /** Estimates on the node first (a revert comes back verbatim, with its data), then signs and sends. */
  async function sendTransaction(tx: Record<string, Hex | undefined>): Promise<BridgeAnswer> {
    if (chainId !== hardhat.id)
      return { error: { code: 4901, message: `The wallet is on chain ${chainId}; the transaction needs 31337.` } };
    requireSelf(tx.from ?? account.address);
    const request = { from: account.address, to: tx.to, data: tx.data ?? tx.input, value: tx.value };
    let gas = tx.gas;
    if (gas === undefined) {
      const estimate = await forward("eth_estimateGas", [request]);
      if (estimate.error) return estimate;
      gas = estimate.result as Hex;
    }
    const hash = await client.sendTransaction({
      account,
      chain,
      to: tx.to,
      data: request.data,
      value: tx.value ? hexToBigInt(tx.value) : undefined,
      gas: hexToBigInt(gas),
    });
    sentTransactions.push(hash);
    return { result: hash };
  }

  await context.exposeFunction(bridge, async (payload: string): Promise<string> => {
    const { method, params } = JSON.parse(payload) as { method: string; params: unknown[] };
    calls.push({ method, params });
    if (refusals.delete(method)) {
      return JSON.stringify({ error: { code: 4001, message: "User rejected the request." } } satisfies BridgeAnswer);
    }
    try {
      const answer = WALLET_METHODS.has(method) ? await handle(method, params) : await forward(method, params);
      return JSON.stringify(answer);
    } catch (error) {
      const e = error as Partial<RpcError> & { shortMessage?: string };
      const answer: BridgeAnswer = {
        error: {
          code: typeof e.code === "number" ? e.code : -32603,
          message: e.shortMessage ?? e.message ?? String(error),
        },
      };
      return JSON.stringify(answer);
    }
  });

  const info = {
    uuid: `0b6a5e4e-dc00-4e2e-9000-${String(bridgeCount).padStart(12, "0")}`,
    name: options.name ?? "E2E Test Wallet",
    rdns: "dev.dcloudx.e2e-wallet",
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'%3E%3Crect width='8' height='8' fill='%2300a'/%3E%3C/svg%3E",
  };
  await context.addInitScript({ content: injectedProviderScript(bridge, info) });

  return {
    address: account.address,
    calls,
    chainId: () => chainId,
    sentTransactions,
    refuseNext: (method: string) => void refusals.add(method),
    async userSwitchesChain(id: number) {
      knownChains.add(id);
      chainId = id;
      for (const page of context.pages()) {
        await page.evaluate(
          ([name, hex]) =>
            (window as unknown as Record<string, (e: string, p: unknown) => void>)[name]!("chainChanged", hex),
          [`${bridge}Emit`, numberToHex(id)] as const,
        );
      }
    },
  };
}

function rpcError(code: number, message: string): RpcError {
  return Object.assign(new Error(message), { code, message });
}
