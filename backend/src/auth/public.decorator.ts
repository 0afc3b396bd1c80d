import { SetMetadata } from "@nestjs/common";

export const IS_PUBLIC = "dcx:isPublic";

/** Opts a route (or controller) out of the global authentication guard: everything else needs a session. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
