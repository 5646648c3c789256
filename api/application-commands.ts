import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { type Actor, type StepCommand, type StepName, stepPerformer } from '../domain/commands';
import { approvalNeedsSecond, DEFAULT_SECOND_APPROVAL_ABOVE_RIAL, type FourEyesStep, isFourEyesStep, pendingOf } from '../domain/four-eyes';
import { isFinalStage, type Stage } from '../domain/vocabulary';
import type { PrismaClient } from '../generated/prisma/client';
import { forbidden, HttpProblem, invalidField, notFound } from './problem';
import { recordRefusal } from './refused-steps';
import type { SubmissionBody } from './schemas/submission';
import type { WorkflowGateway } from './workflow-gateway';

/**
 * Submitting an application and taking a step, as the JSON API and the console both do them:
 * the same checks, in the same order, and the same workflow calls. The callers parse the
 * request (with the same zod schemas) and answer in their own way.
 */
export interface CommandParts {
  prisma: PrismaClient;
  workflows: WorkflowGateway;
  /** SECOND_APPROVAL_ABOVE_RIAL: approvals above it need a second user of the bank (four eyes). */
  secondApprovalAboveRial?: string | undefined;
}

export interface CallOptions {
  /** Follows the step through API, workflow and activity logs. */
  requestId: string;
  deadline?: Date | undefined;
}

/** The application id follows from the agency and its file number, so a resubmission finds the first. */
export function applicationIdFor(agencyId: string, agencyReference: string): string {
  const hex = createHash('sha256').update(`${agencyId}\u0000${agencyReference}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A repeat (same agency and agencyReference) finds the application already there. A recorded one
 * needs no workflow call; identical submissions sent at once all reach the one submit Update,
 * and only the request whose id the workflow kept as its creator counts as creating it.
 */
export async function submitApplication(
  { prisma, workflows }: CommandParts,
  actor: Actor,
  body: SubmissionBody,
  options: CallOptions,
): Promise<{ id: string; created: boolean }> {
  const { comment, ...submission } = body;
  const id = applicationIdFor(actor.organizationId, submission.agencyReference);
  if ((await prisma.application.count({ where: { id } })) > 0) return { id, created: false };
  const command = { actor, submission, requestId: options.requestId, ...(comment ? { comment } : {}) };
  const state = await workflows.submit(id, command, { deadline: options.deadline });
  return { id, created: state.submittedByRequestId === options.requestId };
}

/**
 * Only the party that holds the case may act on it; to anyone else it does not exist. A closed
 * application is refused here, as its workflow may have ended and no longer takes Updates.
 */
export async function checkHolder(prisma: PrismaClient, id: string, actor: Actor, step: StepName): Promise<void> {
  const row = await prisma.application.findUnique({ where: { id }, select: { agencyId: true, bankId: true, stage: true } });
  const holds = row && (actor.role === 'agency' ? row.agencyId === actor.organizationId : row.bankId === actor.organizationId);
  if (!holds) throw notFound(`application ${id}`);
  if (stepPerformer[step] !== actor.role) throw forbidden(`${step} is done by the ${stepPerformer[step]}, not by a ${actor.role} user`);
  if (isFinalStage(row.stage as Stage)) throw closed(step, row.stage);
}

/**
 * Runs one step whose body the caller parsed with `stepBodies[step]`, after `checkHolder`.
 * `updateId` makes a retried request (or a form sent twice) reach the same Update.
 */
export async function takeStep(
  parts: CommandParts,
  id: string,
  step: StepName,
  actor: Actor,
  body: { comment?: string | undefined } & Record<string, unknown>,
  options: CallOptions & { updateId?: string | undefined },
): Promise<StepOutcome> {
  const { prisma, workflows } = parts;
  const { comment, ...data } = body;
  if (step === 'categorize') await requireBank(prisma, String(data.bankId));
  const fourEyes = isFourEyesStep(step) && (await needsSecondUser(parts, actor, step, data));
  const command = { actor, data, requestId: options.requestId, ...(comment ? { comment } : {}), ...(fourEyes ? { fourEyes } : {}) } as StepCommand;
  try {
    const state = await workflows.step(id, step, command, { updateId: options.updateId, deadline: options.deadline });
    return { awaitingConfirmation: isFourEyesStep(step) && pendingOf(state, step) !== undefined };
  } catch (error) {
    // Officials see every refused attempt; the caller still gets the refusal itself.
    await recordRefusal(prisma, { applicationId: id, step, actor, error, requestId: options.requestId });
    // The workflow of a closed application ends: it closed between the check and the call.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    const row = await prisma.application.findUnique({ where: { id }, select: { stage: true } });
    throw row && isFinalStage(row.stage as Stage) ? closed(step, row.stage) : error;
  }
}

/** What became of a step: taken, or (four eyes) recorded and awaiting a second user's confirmation. */
export interface StepOutcome {
  awaitingConfirmation: boolean;
}

/** Four eyes holds when the bank keeps it on; for an approval, only above SECOND_APPROVAL_ABOVE_RIAL. */
async function needsSecondUser(parts: CommandParts, actor: Actor, step: FourEyesStep, data: Record<string, unknown>): Promise<boolean> {
  const bank = await parts.prisma.organization.findUnique({ where: { id: actor.organizationId }, select: { fourEyes: true } });
  if (!bank?.fourEyes) return false;
  return step === 'disburseTranche' || approvalNeedsSecond(String(data.amount), parts.secondApprovalAboveRial ?? DEFAULT_SECOND_APPROVAL_ABOVE_RIAL);
}

async function requireBank(prisma: PrismaClient, bankId: string): Promise<void> {
  const bank = await prisma.organization.findUnique({ where: { id: bankId } });
  if (bank?.kind !== 'bank') throw invalidField('bankId', `${bankId} is not an operating bank`);
}

const closed = (step: StepName, stage: string): HttpProblem =>
  new HttpProblem(409, 'step-out-of-order', `${step} is not possible: the application is closed (stage ${stage})`);
