import { type CanActivate, type ExecutionContext, Inject, Injectable } from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import type { Request } from "express";
import { authError } from "../auth.errors.js";
import { AuthService } from "../auth.service.js";
import { IS_PUBLIC } from "../public.decorator.js";

/**
 * Registered globally (`APP_GUARD`): every HTTP route needs a session token
 * (`Authorization: Bearer <jwt>`) unless it is marked `@Public()`. The verified session is put on
 * `request.user` for `@CurrentSession()`.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // socket.io carries public chain data only; its rooms need no session.
    if (context.getType() !== "http") return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const [scheme, token] = (request.headers.authorization ?? "").split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) {
      throw authError(
        "MISSING_TOKEN",
        "Missing session token: sign in (GET /auth/nonce, POST /auth/verify) and send Authorization: Bearer <token>",
      );
    }
    request.user = await this.auth.verifySession(token);
    return true;
  }
}
