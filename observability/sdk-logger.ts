import type { LogLevel } from '@temporalio/common';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import pino from 'pino';
import { personalFieldsRedaction } from './personal-fields';

const sdkLevels: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR' };

/**
 * The Temporal SDK's own logs (the worker's, workflows' and activities') as JSON lines through
 * pino, like the API's request logs, instead of its multi-line text: one line an event, for
 * whatever collects the process's output. `level` is LOG_LEVEL (pino's names).
 */
export function jsonSdkLogger(level: string): DefaultLogger {
  // The SDK puts a failure under `error`: serialize it as pino does `err`, or it prints as {}.
  const logger = pino({ level, base: { service: 'loan-worker' }, serializers: { error: pino.stdSerializers.err }, redact: personalFieldsRedaction });
  return new DefaultLogger(sdkLevels[level] ?? 'INFO', ({ level: entryLevel, message, meta }: LogEntry) => {
    logger[entryLevel === 'TRACE' ? 'trace' : (entryLevel.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')](meta ?? {}, message);
  });
}
