import pino from 'pino';
import type { Actor } from '../domain/commands';
import type { PrismaClient } from '../generated/prisma/client';
import { refusalOf, refusedField } from './error-handler';

/**
 * Steps the workflow refused. A refused Update never enters the workflow's history, so the
 * attempt is written here for officials: who tried which step, and which rule stopped it.
 */

export interface RefusalAttempt {
  applicationId: string;
  /** A step's name, or any other Update's (comments, reassignment, …): kept as given. */
  step: string;
  actor: Actor;
  /** What the workflow call threw: only the workflow's refusal of the step is recorded. */
  error: unknown;
  requestId?: string | undefined;
}

interface WarnLog {
  warn(details: object, message: string): void;
}

const fallbackLog: WarnLog = pino({ base: { service: 'loan-api' } });

/**
 * Records `error` when it is the workflow's refusal; anything else (an unknown workflow, a
 * deadline) is not a refused step. Never throws: the caller's answer is the refusal itself,
 * and a record that cannot be written must not replace it.
 */
export async function recordRefusal(prisma: PrismaClient, attempt: RefusalAttempt, log: WarnLog = fallbackLog): Promise<void> {
  const refusal = refusalOf(attempt.error);
  if (!refusal) return;
  const { applicationId, step, actor, requestId } = attempt;
  try {
    await prisma.refusedStep.create({
      data: {
        applicationId,
        step,
        actorUserId: actor.userId,
        actorOrgId: actor.organizationId,
        actorRole: actor.role,
        rule: refusal.type!,
        field: refusedField(refusal) ?? null,
        message: refusal.message,
        requestId: requestId ?? null,
      },
    });
  } catch (error) {
    log.warn({ err: error, applicationId, step, rule: refusal.type, requestId }, 'a refused step could not be recorded');
  }
}

/** The most recent refusals a listing shows when not told how many. */
export const REFUSALS_SHOWN = 100;

/** An application's refused attempts, newest first (ties: the later row first). */
export function refusalsOf(prisma: PrismaClient, applicationId: string, limit = REFUSALS_SHOWN) {
  return prisma.refusedStep.findMany({ where: { applicationId }, orderBy: [{ refusedAt: 'desc' }, { id: 'desc' }], take: limit });
}

export type RefusedStepRow = Awaited<ReturnType<typeof refusalsOf>>[number];
