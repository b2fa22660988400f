import type { AddressInfo } from 'node:net';
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
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.entry('info', `hookpath api listening on ${url}`, 'main', { url, docs: `${url}/api/docs`, graphql: `${url}/graphql` });
}

main().catch((error: unknown) => {
  process.stderr.write(`hookpath api: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
