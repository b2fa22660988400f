import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './paths';

export interface WorkerProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  name: string;
  concurrency?: number;
  lockMs?: number;
  stalledMs?: number;
  chunkSize?: number;
  env?: NodeJS.ProcessEnv;
}

/** A real `apps/worker` process (node --max-semi-space-size=64 --heap-growing-percent=40 apps/worker/dist/main.js), as `npm start` runs it. */
export class WorkerProcess {
  readonly lines: string[] = [];
  private exitCode: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    this.exitCode = once(child, 'exit').then(([code]) => code as number | null);
    let buffer = '';
    const collect = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      this.lines.push(...parts.filter((p) => p !== ''));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  static spawn(options: WorkerProcessOptions): WorkerProcess {
    // as every launcher starts it (README, Configuration: the worker's Node flags)
    const child = spawn(
      process.execPath,
      ['--max-semi-space-size=64', '--heap-growing-percent=40', join(ROOT, 'apps', 'worker', 'dist', 'main.js')],
      {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: options.databaseUrl,
          REDIS_URL: options.redisUrl,
          HOOKPATH_QUEUE_PREFIX: options.queuePrefix,
          HOOKPATH_WORKER_NAME: options.name,
          HOOKPATH_WORKER_CONCURRENCY: String(options.concurrency ?? 1),
          HOOKPATH_WORKER_LOCK_MS: String(options.lockMs ?? 30_000),
          HOOKPATH_WORKER_STALLED_MS: String(options.stalledMs ?? 15_000),
          HOOKPATH_BATCH_CHUNK_SIZE: String(options.chunkSize ?? 500),
          LOG_LEVEL: 'debug',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return new WorkerProcess(child, options.name);
  }

  /** Resolves when the worker logs that it is ready; rejects if it exits first or takes too long. */
  async ready(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.lines.some((l) => l.includes('"worker ready"'))) return;
      if (this.child.exitCode !== null)
        throw new Error(`worker ${this.name} exited with ${this.child.exitCode}:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`worker ${this.name} not ready after ${timeoutMs} ms:\n${this.lines.join('\n')}`);
  }

  /** Waits for the process to end and returns its exit code. */
  exited(): Promise<number | null> {
    return this.exitCode;
  }

  kill9(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return this.exitCode;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exitCode;
    clearTimeout(timer);
  }
}
