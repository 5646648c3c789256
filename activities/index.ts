import { ApplicationFailure } from '@temporalio/activity';
import type { StalledCaseNotice } from '../domain/escalation';
import type { PrismaClient } from '../generated/prisma/client';
import type { Mailer } from '../mail/mailer';
import { type NotifyConfig, notifyStalledCase } from './notify-stalled-case';
import { persistTransition, type PersistTransitionInput } from './persist-transition';

export interface ActivityDependencies {
  prisma: PrismaClient;
  /** How notices are mailed; a worker without it cannot serve workflows that escalate. */
  notifications?: { mailer: Mailer; config: NotifyConfig };
}

/** Every side effect the workflows may ask for, bound to the dependencies the worker wires. */
export function createActivities({ prisma, notifications }: ActivityDependencies) {
  return {
    persistTransition: (input: PersistTransitionInput) => persistTransition(prisma, input),
    notifyStalledCase: (notice: StalledCaseNotice) => {
      if (!notifications) {
        throw ApplicationFailure.create({ type: 'NOTIFICATIONS_NOT_CONFIGURED', message: 'this worker has no mailer', nonRetryable: false });
      }
      return notifyStalledCase({ prisma, ...notifications }, notice);
    },
  };
}
