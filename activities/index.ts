import { ApplicationFailure } from '@temporalio/activity';
import type { StalledCaseNotice } from '../domain/escalation';
import type { PrismaClient } from '../generated/prisma/client';
import type { WeeklyDigest } from '../mail/digest-email';
import type { Mailer } from '../mail/mailer';
import type { FieldCipher } from '../security/field-cipher';
import { eraseExpiredParticulars } from './erase-expired-particulars';
import { type CaseNotice, notifyCaseParty } from './notify-case-party';
import { type NotifyConfig, notifyStalledCase } from './notify-stalled-case';
import { persistCaseNote, type PersistCaseNoteInput } from './persist-case-note';
import { defaultPersistSettings, persistTransition, type PersistSettings, type PersistTransitionInput } from './persist-transition';
import { computeWeeklyDigest, type DigestDependencies } from './weekly-digest';
import { recordWeeklyDigest, sendWeeklyDigest } from './weekly-digest-outbox';

export interface ActivityDependencies {
  prisma: PrismaClient;
  /** Seals the applicant's particulars the activities write, and opens those they read. */
  fields: FieldCipher;
  /** How notices are mailed; a worker without it cannot serve workflows that escalate. */
  notifications?: { mailer: Mailer; config: NotifyConfig };
  /** How the weekly digest is computed and mailed; a worker without it cannot serve the digest workflow. */
  digest?: Omit<DigestDependencies, 'prisma'>;
  /** How the projection is written: DUPLICATE_FACILITY_YEARS (default 5). */
  persistence?: Partial<PersistSettings>;
  /** RETENTION_AFTER_CLOSURE_DAYS; a worker without it cannot serve the retention workflow. */
  retention?: { days: number };
}

/** Every side effect the workflows may ask for, bound to the dependencies the worker wires. */
export function createActivities({ prisma, fields, notifications, digest, persistence = {}, retention }: ActivityDependencies) {
  const persisting: PersistSettings = { ...defaultPersistSettings, ...persistence };
  const digestDependencies = (): DigestDependencies => {
    if (!digest) throw ApplicationFailure.create({ type: 'DIGEST_NOT_CONFIGURED', message: 'this worker has no digest dependencies', nonRetryable: false });
    return { prisma, ...digest };
  };
  const notifying = () => {
    if (!notifications) throw ApplicationFailure.create({ type: 'NOTIFICATIONS_NOT_CONFIGURED', message: 'this worker has no mailer', nonRetryable: false });
    return notifications;
  };
  return {
    persistTransition: (input: PersistTransitionInput) => persistTransition({ prisma, fields }, input, persisting),
    persistCaseNote: (input: PersistCaseNoteInput) => persistCaseNote(prisma, input),
    notifyStalledCase: (notice: StalledCaseNotice) => notifyStalledCase({ prisma, fields, ...notifying() }, notice),
    notifyCaseParty: (notice: CaseNotice) => notifyCaseParty({ prisma, fields, ...notifying() }, notice),
    computeWeeklyDigest: (input: { asOf: string }) => computeWeeklyDigest(digestDependencies(), input),
    recordWeeklyDigest: (weekly: WeeklyDigest) => recordWeeklyDigest(digestDependencies(), weekly),
    sendWeeklyDigest: (weekLabel: string) => sendWeeklyDigest(digestDependencies(), weekLabel),
    eraseExpiredParticulars: (input: { asOf: string }) => {
      if (!retention) throw ApplicationFailure.create({ type: 'RETENTION_NOT_CONFIGURED', message: 'this worker has no retention period', nonRetryable: false });
      return eraseExpiredParticulars(prisma, { retentionDays: retention.days, now: new Date(input.asOf) });
    },
  };
}
