import type { LoggerService } from '@nestjs/common';
import type { WorkerLogLevel } from '../config/worker-config';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<WorkerLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** One JSON object per line on stdout, like the API's logs; also Nest's logger. */
export class WorkerLogger implements LoggerService {
  constructor(private readonly minLevel: WorkerLogLevel = 'info') {}

  entry(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, context: 'worker', ...fields })}\n`);
  }

  log(message: unknown): void {
    this.entry('info', String(message));
  }
  error(message: unknown, stack?: unknown): void {
    this.entry('error', String(message), typeof stack === 'string' ? { stack } : {});
  }
  warn(message: unknown): void {
    this.entry('warn', String(message));
  }
  debug(message: unknown): void {
    this.entry('debug', String(message));
  }
  verbose(message: unknown): void {
    this.entry('debug', String(message));
  }
}
