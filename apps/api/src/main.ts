import { loadConfig, ConfigError } from './config/app-config';
import { createApp } from './create-app';
import { JsonLogger } from './logging/json-logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`hookpath api: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = new JsonLogger(config.logLevel);
  const app = await createApp(config, { logger });
  await app.listen(config.port);
  logger.entry('info', `hookpath api listening on ${await app.getUrl()}`, 'main', {
    url: await app.getUrl(),
    docs: `${await app.getUrl()}/api/docs`,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`hookpath api: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
