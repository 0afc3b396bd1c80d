import { createParamDecorator, type ExecutionContext } from "@nestjs/common";
import type { Session } from "./session.js";

/** The request's {@link Session}, set by the global `JwtAuthGuard` (undefined on `@Public()` routes). */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Session | undefined => context.switchToHttp().getRequest().user,
);
