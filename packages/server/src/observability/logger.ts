// The desk's structured log (pino): one JSON object per line on stdout, for the operator's log shipper.
// Pretty-printed only in development on a terminal. Callers log facts (ids, kinds, outcomes, counts),
// never a token, key, password or message body; redaction below is the second line of defence.
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type DeskLogger = Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = Level | 'silent';

/**
 * Field names whose values never reach a log line, at the top level and one level down, should a
 * caller pass one by mistake (a header object, an input).
 */
const REDACTED_FIELDS = ['authorization', 'token', 'key', 'password', 'secret', 'body', 'text', 'raw', 'description'];

export interface DeskLoggerOptions {
  readonly level: LogLevel;
  /** Human-readable lines instead of JSON; only when a person reads the terminal. */
  readonly pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

export function createDeskLogger(options: DeskLoggerOptions): DeskLogger {
  const destination = options.destination ?? (options.pretty ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level,
      base: { service: 'nocdesk', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: '[redacted]' },
    },
    destination,
  );
}

/** Development and tests: pretty on a terminal, JSON when stdout is a pipe or file (a log shipper, a test). */
export function wantsPrettyLogs(development: boolean): boolean {
  return development && process.stdout.isTTY === true;
}
