import { type DynamicModule, Global, Module } from "@nestjs/common";
import type { BackendConfig } from "./config.js";
import { CONFIG } from "./constants.js";

/** Provides the validated configuration under the {@link CONFIG} token. */
@Global()
@Module({})
export class ConfigModule {
  static register(config: BackendConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
