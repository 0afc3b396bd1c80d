import { Inject, Injectable, ServiceUnavailableException } from "@nestjs/common";
import { JwtService } from "@nestjs/jwt";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { getAddress, isAddress, verifyMessage, type Address, type Hex } from "viem";
import { generateSiweNonce, parseSiweMessage } from "viem/siwe";
import type { SiweMessage } from "viem/siwe";
import { ChainService } from "../chain/chain.service.js";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { authNonces } from "../database/schema.js";
import { authError } from "./auth.errors.js";
import type { MeDto, SessionDto } from "./dto/session.dto.js";
import type { NonceDto } from "./dto/nonce.dto.js";
import type { VerifyDto } from "./dto/verify.dto.js";
import { RolesService } from "./roles.service.js";
import type { Session, SessionClaims } from "./session.js";

/** How far in the future a message's `Issued At` may be (wallet clocks drift). */
const CLOCK_SKEW_MS = 60_000;
/** Expired nonces are deleted this long after expiry (until then a late message gets "nonce expired"). */
const NONCE_RETENTION_MS = 3_600_000;
const HOUSEKEEPING_INTERVAL_MS = 60_000;

type ParsedMessage = SiweMessage & { issuedAt: Date };

/**
 * Sign-In with Ethereum (EIP-4361) → session token (JWT, HS256).
 *
 * A sign-in checks, in order: the message parses, its domain is `SIWE_DOMAIN`, its chain id is the
 * indexed chain's, its time window (issuedAt / notBefore / expirationTime) holds, its nonce was
 * issued here and is unused and unexpired, and the signature is the address's (EOA by recovery;
 * smart accounts through ERC-1271 / ERC-6492 on the chain). Only then is the nonce consumed, by one
 * conditional UPDATE, so of two racing requests with the same message exactly one gets a session.
 */
@Injectable()
export class AuthService {
  private lastHousekeeping = 0;

  constructor(
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChainService) private readonly chain: ChainService,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(RolesService) private readonly roles: RolesService,
  ) {}

  /** A fresh single-use nonce, valid for `SIWE_NONCE_TTL_SECONDS`. */
  async issueNonce(): Promise<NonceDto> {
    const db = this.database.db;
    const now = Date.now();
    if (now - this.lastHousekeeping > HOUSEKEEPING_INTERVAL_MS) {
      this.lastHousekeeping = now;
      await db.delete(authNonces).where(lt(authNonces.expiresAt, new Date(now - NONCE_RETENTION_MS)));
    }
    const nonce = generateSiweNonce();
    const expiresAt = new Date(now + this.config.SIWE_NONCE_TTL_SECONDS * 1_000);
    await db.insert(authNonces).values({ nonce, expiresAt });
    return { nonce, expiresAt: expiresAt.toISOString() };
  }

  /** Verifies a signed SIWE message and opens a session. Each rejection has its own code (see `auth.errors.ts`). */
  async verify({ message, signature }: VerifyDto): Promise<SessionDto> {
    const fields = parseMessage(message);
    if (fields.domain !== this.config.SIWE_DOMAIN) {
      throw authError(
        "DOMAIN_MISMATCH",
        `The message is for domain "${fields.domain}", expected "${this.config.SIWE_DOMAIN}"`,
      );
    }
    const chainId = this.chain.deployment.chainId;
    if (fields.chainId !== chainId) {
      throw authError("CHAIN_ID_MISMATCH", `The message is for chain ${fields.chainId}, expected chain ${chainId}`);
    }
    const now = new Date();
    if (fields.expirationTime && fields.expirationTime.getTime() <= now.getTime()) {
      throw authError("MESSAGE_EXPIRED", `The message expired at ${fields.expirationTime.toISOString()}`);
    }
    if (fields.notBefore && fields.notBefore.getTime() > now.getTime()) {
      throw authError("MESSAGE_NOT_YET_VALID", `The message is not valid before ${fields.notBefore.toISOString()}`);
    }
    if (fields.issuedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw authError(
        "ISSUED_IN_FUTURE",
        `The message's Issued At (${fields.issuedAt.toISOString()}) is in the future`,
      );
    }

    const db = this.database.db;
    const [stored] = await db.select().from(authNonces).where(eq(authNonces.nonce, fields.nonce)).limit(1);
    if (!stored)
      throw authError(
        "UNKNOWN_NONCE",
        "Unknown nonce: request one from GET /auth/nonce and sign a message containing it",
      );
    if (stored.usedAt)
      throw authError("NONCE_REPLAYED", "Nonce already used: this sign-in message was replayed; sign a new one");
    if (stored.expiresAt.getTime() <= now.getTime()) {
      throw authError(
        "NONCE_EXPIRED",
        `Nonce expired at ${stored.expiresAt.toISOString()}: request a new one from GET /auth/nonce`,
      );
    }

    const address = getAddress(fields.address);
    if (!(await this.signatureValid(address, message, signature as Hex))) {
      throw authError("BAD_SIGNATURE", `The signature is not ${address}'s signature of this message`);
    }

    const consumed = await db
      .update(authNonces)
      .set({ usedAt: now })
      .where(and(eq(authNonces.nonce, fields.nonce), isNull(authNonces.usedAt), gt(authNonces.expiresAt, now)))
      .returning({ nonce: authNonces.nonce });
    if (consumed.length === 0) {
      throw authError("NONCE_REPLAYED", "Nonce already used: this sign-in message was replayed; sign a new one");
    }

    const claims: SessionClaims = { sub: address, chainId };
    const token = await this.jwt.signAsync(claims);
    const { exp } = this.jwt.decode<SessionClaims>(token);
    return {
      token,
      address,
      chainId,
      roles: await this.roles.rolesOf(address),
      expiresAt: new Date(exp! * 1_000).toISOString(),
    };
  }

  /** The session a token stands for. Throws 401 (TOKEN_EXPIRED / INVALID_TOKEN) otherwise. */
  async verifySession(token: string): Promise<Session> {
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token);
    } catch (error) {
      if ((error as Error).name === "TokenExpiredError")
        throw authError("TOKEN_EXPIRED", "Session expired: sign in again");
      throw authError("INVALID_TOKEN", "Invalid session token");
    }
    if (typeof claims.sub !== "string" || !isAddress(claims.sub) || claims.chainId !== this.chain.deployment.chainId) {
      throw authError("INVALID_TOKEN", "Invalid session token");
    }
    return { address: getAddress(claims.sub), chainId: claims.chainId };
  }

  async me(session: Session): Promise<MeDto> {
    return { ...session, roles: await this.roles.rolesOf(session.address) };
  }

  /**
   * EOA signatures are checked locally (ecrecover); anything else goes to the chain, where viem
   * tries ERC-6492 (counterfactual accounts) and ERC-1271 (`isValidSignature`) and falls back to ecrecover.
   */
  private async signatureValid(address: Address, message: string, signature: Hex): Promise<boolean> {
    try {
      if (await verifyMessage({ address, message, signature })) return true;
    } catch {
      // not a 65-byte ECDSA signature: maybe a contract account's
    }
    try {
      return await this.chain.client.verifyMessage({ address, message, signature });
    } catch (error) {
      if (await this.chain.ping()) return false;
      throw new ServiceUnavailableException(
        `Cannot verify a contract-account signature: the chain is unreachable (${(error as Error).message.split("\n")[0]})`,
      );
    }
  }
}

const REQUIRED_FIELDS = ["domain", "address", "uri", "version", "chainId", "nonce", "issuedAt"] as const;

/** Parses an EIP-4361 message; anything unparseable or incomplete is MALFORMED_MESSAGE (400). */
function parseMessage(message: string): ParsedMessage {
  let fields: Partial<SiweMessage>;
  try {
    fields = parseSiweMessage(message);
  } catch (error) {
    throw authError("MALFORMED_MESSAGE", `Malformed SIWE message: ${(error as Error).message}`);
  }
  const missing = REQUIRED_FIELDS.filter((key) => fields[key] === undefined || fields[key] === "");
  if (missing.length > 0) {
    throw authError(
      "MALFORMED_MESSAGE",
      `Malformed SIWE message: missing or unreadable ${missing.join(", ")} (EIP-4361)`,
    );
  }
  if (fields.version !== "1")
    throw authError("MALFORMED_MESSAGE", `Malformed SIWE message: unsupported version "${fields.version}"`);
  if (!isAddress(fields.address!)) {
    throw authError("MALFORMED_MESSAGE", `Malformed SIWE message: "${fields.address}" is not a valid (EIP-55) address`);
  }
  for (const key of ["issuedAt", "expirationTime", "notBefore"] as const) {
    const value = fields[key];
    if (value !== undefined && Number.isNaN(value.getTime())) {
      throw authError("MALFORMED_MESSAGE", `Malformed SIWE message: ${key} is not an RFC 3339 date-time`);
    }
  }
  return fields as ParsedMessage;
}
