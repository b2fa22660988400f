import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { WorkerLogLevel } from '../config/worker-config';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** A pino logger: one JSON object per line on stdout, shaped like the API's logs; also Nest's logger. */
export class WorkerLogger implements LoggerService {
  readonly pino: Logger;

  constructor(minLevel: WorkerLogLevel = 'info') {
    this.pino = pino(
      {
        level: minLevel,
        base: { context: 'worker' },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: ['authorization', 'token', 'secret'], censor: '[redacted]' },
      },
      pino.destination({ fd: 1, sync: true }),
    );
  }

  entry(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    this.pino[level](fields, msg);
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
