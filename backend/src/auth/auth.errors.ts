import { BadRequestException, type HttpException, HttpStatus, UnauthorizedException } from "@nestjs/common";

/**
 * Why a sign-in or a session was refused. Each reason has its own code and message, so the web app
 * can say what went wrong (and tests can tell the rejections apart).
 */
export type AuthErrorCode =
  | "MALFORMED_MESSAGE"
  | "DOMAIN_MISMATCH"
  | "CHAIN_ID_MISMATCH"
  | "MESSAGE_EXPIRED"
  | "MESSAGE_NOT_YET_VALID"
  | "ISSUED_IN_FUTURE"
  | "UNKNOWN_NONCE"
  | "NONCE_EXPIRED"
  | "NONCE_REPLAYED"
  | "BAD_SIGNATURE"
  | "MISSING_TOKEN"
  | "TOKEN_EXPIRED"
  | "INVALID_TOKEN";

/** `{ statusCode, error, code, message }`: Nest's error body plus a stable machine-readable code. */
export function authError(code: AuthErrorCode, message: string): HttpException {
  if (code === "MALFORMED_MESSAGE") {
    return new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, error: "Bad Request", code, message });
  }
  return new UnauthorizedException({ statusCode: HttpStatus.UNAUTHORIZED, error: "Unauthorized", code, message });
}
