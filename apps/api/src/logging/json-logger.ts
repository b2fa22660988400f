import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/app-config';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export type LogFields = Record<string, unknown>;

/** Never written to the logs, wherever they appear in an entry. */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'token',
  'secret',
];

/**
 * A pino logger: one JSON object per line on stdout with `time` (ISO 8601), `level` (its name),
 * `msg` and `context`, plus any fields. Also Nest's logger, so framework messages come out the same way.
 */
export function createPino(minLevel: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level: minLevel,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  /** `write` receives each line (tests); by default lines go to stdout. */
  constructor(minLevel: LogLevel = 'info', write?: (line: string) => void) {
    this.pino = createPino(minLevel, write === undefined ? undefined : { write });
  }

  enabled(level: Level): boolean {
    return this.pino.isLevelEnabled(level);
  }

  /** A structured entry: `fields` are merged into the JSON object. */
  entry(level: Level, msg: string, context: string, fields: LogFields = {}): void {
    this.pino[level]({ context, ...fields }, msg);
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
    this.pino.level =
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
