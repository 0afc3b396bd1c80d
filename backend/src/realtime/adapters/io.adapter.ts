import type { INestApplicationContext } from "@nestjs/common";
import { IoAdapter } from "@nestjs/platform-socket.io";

// The socket.io types of the copy @nestjs/platform-socket.io runs (it may bundle its own).
type IoServerOptions = Parameters<IoAdapter["createIOServer"]>[1];
type IoServer = ReturnType<IoAdapter["createIOServer"]>;

/**
 * The socket.io adapter, configured from the validated config (CORS origins), which gateway
 * decorators cannot read. Scaling out over several backend processes swaps this for one that also
 * calls `server.adapter(createAdapter(pub, sub))` (Redis, PostgreSQL, …); the gateway does not change.
 */
export class DcxIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    return super.createIOServer(port, {
      ...options,
      cors: { origin: this.corsOrigins, credentials: true },
    } as IoServerOptions);
  }
}
