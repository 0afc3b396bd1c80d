import { ConfigError, loadConfig } from "./config/config.js";
import { createApp } from "./app.js";
import { DeploymentError } from "./chain/deployment.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  app
    .get((await import("nestjs-pino")).Logger)
    .log(`D-CloudX backend listening on http://${config.HOST}:${config.PORT} (docs at /docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof DeploymentError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
