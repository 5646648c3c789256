import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { type NotifyDependencies, notifyStalledCase } from '../../activities/notify-stalled-case';
import type { StalledCaseNotice } from '../../domain/escalation';

export interface LogEntry {
  level: LogLevel;
  message: string;
  meta?: LogMetadata;
}

/** A logger that keeps what the activity logs, so tests can read its warnings. */
export function recordingLogger(entries: LogEntry[] = []): Logger & { entries: LogEntry[] } {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => void entries.push({ level, message, meta });
  return {
    entries,
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/**
 * One attempt of the activity, in a real activity context (MockActivityEnvironment gives the
 * context and its logger; there is no server to mock). Each call stands for one Temporal attempt.
 */
export function runAttempt(deps: NotifyDependencies, notice: StalledCaseNotice, logger: Logger = recordingLogger()): Promise<void> {
  return new MockActivityEnvironment(undefined, { logger }).run(notifyStalledCase, deps, notice);
}
