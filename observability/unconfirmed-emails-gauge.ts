import type { MetricMeter } from '@temporalio/common';
import { EmailStatus } from '../domain/email-status';
import type { PrismaClient } from '../generated/prisma/client';
import { metricNames } from './metrics';

export interface RunningGauge {
  stop(): void;
}

interface Options {
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * `loans_emails_unconfirmed`: the emails a worker died sending, now, as counted in the database.
 * The SDK's meter cannot ask on scrape, so it is read at start and every `intervalMs` after.
 * The timer is unref'd: it never keeps a stopping process alive.
 */
export function startUnconfirmedEmailsGauge(prisma: PrismaClient, meter: MetricMeter, { intervalMs = 30_000, onError = () => {} }: Options = {}): RunningGauge {
  const gauge = meter.createGauge(metricNames.emailsUnconfirmed, 'int', undefined, 'emails left unconfirmed (perhaps delivered, never resent automatically)');
  const refresh = () =>
    prisma.outgoingEmail
      .count({ where: { status: EmailStatus.Unconfirmed } })
      .then((count) => gauge.set(count))
      .catch(onError);
  void refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
