import { Module } from "@nestjs/common";
import { APP_GUARD } from "@nestjs/core";
import { JwtModule } from "@nestjs/jwt";
import { ThrottlerModule } from "@nestjs/throttler";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { AuthController } from "./auth.controller.js";
import { AuthService } from "./auth.service.js";
import { JwtAuthGuard } from "./guards/jwt-auth.guard.js";
import { RolesService } from "./roles.service.js";

/** Issuer claim of session tokens. */
const ISSUER = "dcx-backend";

/**
 * Sign-In with Ethereum sessions. Registers {@link JwtAuthGuard} globally: every route needs a
 * session unless marked `@Public()` (secure by default).
 */
@Module({
  imports: [
    // Limits sign-in requests per client (see AuthController); the rest of the API is not throttled here.
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: BackendConfig) => ({
        throttlers: [{ ttl: 60_000, limit: config.AUTH_RATE_LIMIT_PER_MINUTE }],
      }),
    }),
    JwtModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: BackendConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: {
          algorithm: "HS256",
          expiresIn: config.JWT_TTL_SECONDS,
          issuer: ISSUER,
          audience: config.SIWE_DOMAIN,
        },
        verifyOptions: { algorithms: ["HS256"], issuer: ISSUER, audience: config.SIWE_DOMAIN },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, RolesService, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService, RolesService],
})
export class AuthModule {}
