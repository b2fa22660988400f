export { startWorker } from './start-worker';
export { loadWorkerConfig, WorkerConfigError, type WorkerConfig } from './config/worker-config';
export { HandlerRegistry, MissingHandlerError } from './processor/handler-registry';
export { chunkSizeFor } from './simulation/batch-fan-out';
