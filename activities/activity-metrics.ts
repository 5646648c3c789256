import { metricMeter } from '@temporalio/activity';
import type { NotificationLevel } from '../domain/escalation';
import { EmailStatus } from '../domain/email-status';
import { metricNames } from '../observability/metrics';

/**
 * Our counters recorded from activities, on the activity's meter: they carry its tags
 * (namespace, task queue, activity type) and the process's, next to the SDK's own metrics.
 */

export type EmailKind = 'escalation' | 'case_notice' | 'digest';
/** sent: the mail went out and is settled; failed: the attempt ended with nobody (more) reached; unconfirmed: a worker died mid-send. */
export type EmailOutcome = 'sent' | 'failed' | 'unconfirmed';

export function countEmail(kind: EmailKind, outcome: EmailOutcome): void {
  metricMeter.createCounter(metricNames.emails, undefined, 'email sending attempts by kind and outcome').add(1, { kind, outcome });
}

export function countEscalation(level: NotificationLevel): void {
  metricMeter.createCounter(metricNames.escalations, undefined, 'stalled-case notices recorded, by escalation level').add(1, { level });
}

/** Runs one delivery attempt (deliverClaimedEmail) and counts how it ended, thrown or not. */
export async function countedDelivery(kind: EmailKind, attempt: () => Promise<string>): Promise<void> {
  let outcome: EmailOutcome = 'failed';
  try {
    const status = await attempt();
    if (status === EmailStatus.Sent || status === EmailStatus.PartlyRejected) outcome = 'sent';
  } finally {
    countEmail(kind, outcome);
  }
}
