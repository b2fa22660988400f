import { loadWorkerConfig, WorkerConfigError } from './config/worker-config';
import { startWorker } from './start-worker';

async function main(): Promise<void> {
  let config;
  try {
    config = loadWorkerConfig(process.env);
  } catch (error) {
    if (error instanceof WorkerConfigError) {
      process.stderr.write(`hookpath worker: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  await startWorker(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`hookpath worker: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
