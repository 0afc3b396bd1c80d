import { createSiweMessage, type SiweMessage } from "viem/siwe";
import { mnemonicToAccount } from "viem/accounts";
import type { Address, LocalAccount } from "viem";

/** Hardhat's default accounts (the node's unlocked ones), as local signers. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export function hardhatAccount(index: number): LocalAccount {
  return mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index });
}

/** A parsed JSON body, loosely typed for assertions. */

export type Json = any;

export type HttpResult<T = Json> = { status: number; body: T; headers: Headers };

/** A JSON request to the backend. */
export async function request<T = Json>(
  baseUrl: string,
  path: string,
  options: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (e.g. /metrics)
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

export const SIWE_DOMAIN = "localhost:3000";

/** A SIWE message for `address` with a fresh nonce from the backend (fields overridable). */
export async function siweMessage(
  baseUrl: string,
  address: Address,
  fields: Partial<SiweMessage> = {},
): Promise<string> {
  const nonce = fields.nonce ?? (await request<{ nonce: string }>(baseUrl, "/auth/nonce")).body.nonce;
  return createSiweMessage({
    domain: SIWE_DOMAIN,
    address,
    statement: "Sign in to D-CloudX",
    uri: `http://${SIWE_DOMAIN}`,
    version: "1",
    chainId: 31337,
    issuedAt: new Date(),
    ...fields,
    nonce,
  });
}

/** Signs in `account` (GET /auth/nonce, sign, POST /auth/verify) and returns the session. */
export async function signIn(
  baseUrl: string,
  account: LocalAccount,
  fields: Partial<SiweMessage> = {},
): Promise<
  HttpResult<{ token: string; address: string; roles: string[]; expiresAt: string; code?: string; message?: string }>
> {
  const message = await siweMessage(baseUrl, account.address, fields);
  const signature = await account.signMessage({ message });
  return request(baseUrl, "/auth/verify", { body: { message, signature } });
}
