import { Global, Inject, Module, type OnApplicationShutdown } from "@nestjs/common";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { DATABASE } from "./constants.js";
import { createDatabase, type Database } from "./database.js";

/** Opens the database (PGlite by default, PostgreSQL with DATABASE_URL) and migrates it at start. */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [CONFIG],
      useFactory: async (config: BackendConfig): Promise<Database> => {
        const database = await createDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DATA_DIR });
        await database.migrate();
        return database;
      },
    },
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
