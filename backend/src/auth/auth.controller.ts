import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Post, UseGuards } from "@nestjs/common";
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from "@nestjs/swagger";
import { SkipThrottle, ThrottlerGuard } from "@nestjs/throttler";
import { AuthService } from "./auth.service.js";
import { CurrentSession } from "./current-session.decorator.js";
import { NonceDto } from "./dto/nonce.dto.js";
import { MeDto, SessionDto } from "./dto/session.dto.js";
import { VerifyDto } from "./dto/verify.dto.js";
import { Public } from "./public.decorator.js";
import type { Session } from "./session.js";

@ApiTags("auth")
@Controller("auth")
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({
  description: "Too many sign-in requests from this client; retry after `Retry-After` seconds.",
})
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Public()
  @Get("nonce")
  @Header("Cache-Control", "no-store")
  @ApiOperation({ summary: "A single-use nonce for a Sign-In with Ethereum message" })
  @ApiOkResponse({ type: NonceDto })
  nonce(): Promise<NonceDto> {
    return this.auth.issueNonce();
  }

  @Public()
  @Post("verify")
  @HttpCode(HttpStatus.OK)
  @Header("Cache-Control", "no-store")
  @ApiOperation({ summary: "Verify a signed SIWE message and open a session" })
  // VerifyDto as a value here also keeps its runtime metadata for the ValidationPipe.
  @ApiBody({ type: VerifyDto })
  @ApiOkResponse({ type: SessionDto })
  @ApiBadRequestResponse({ description: "Malformed message or body (code MALFORMED_MESSAGE)." })
  @ApiUnauthorizedResponse({
    description:
      "Refused; `code` says why: DOMAIN_MISMATCH, CHAIN_ID_MISMATCH, MESSAGE_EXPIRED, MESSAGE_NOT_YET_VALID, ISSUED_IN_FUTURE, UNKNOWN_NONCE, NONCE_EXPIRED, NONCE_REPLAYED, BAD_SIGNATURE.",
  })
  verify(@Body() dto: VerifyDto): Promise<SessionDto> {
    return this.auth.verify(dto);
  }

  @Get("me")
  @SkipThrottle()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The signed-in wallet and its roles, read from the chain now" })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({
    description: "No, expired or invalid session token (MISSING_TOKEN, TOKEN_EXPIRED, INVALID_TOKEN).",
  })
  me(@CurrentSession() session: Session): Promise<MeDto> {
    return this.auth.me(session);
  }
}
