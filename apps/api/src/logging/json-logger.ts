import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from '../config/app-config';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const RANK: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50, silent: 100 };

export type LogFields = Record<string, unknown>;

/**
 * One JSON object per line on stdout: `time`, `level`, `msg`, `context`, plus any fields.
 * Used as Nest's logger, so framework messages come out the same way.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private minLevel: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  enabled(level: Level): boolean {
    return RANK[level] >= RANK[this.minLevel];
  }

  /** A structured entry: `fields` are merged into the JSON object. */
  entry(level: Level, msg: string, context: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, context, ...fields });
    this.write(`${line}\n`);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.nest('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest calls error(message, stack, context).
    const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
    this.entry('error', text(message), typeof context === 'string' ? context : 'app', typeof stack === 'string' ? { stack } : {});
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.nest('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.nest('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.nest('debug', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.nest('fatal', message, rest);
  }

  /** Nest's level list maps onto LOG_LEVEL's: the lowest level it enables becomes the minimum. */
  setLogLevels(levels: NestLogLevel[]): void {
    const order: NestLogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((l) => levels.includes(l));
    this.minLevel =
      lowest === undefined
        ? 'silent'
        : lowest === 'verbose' || lowest === 'debug'
          ? 'debug'
          : lowest === 'log'
            ? 'info'
            : lowest === 'fatal'
              ? 'error'
              : lowest;
  }

  private nest(level: Level, message: unknown, rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.entry(level, text(message), typeof context === 'string' ? context : 'app');
  }
}

function text(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return JSON.stringify(message);
}
