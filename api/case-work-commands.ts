import { WorkflowNotFoundError } from '@temporalio/client';
import type { ApplicationState } from '../domain/application-state';
import type { Actor } from '../domain/commands';
import type { ReassignmentReason } from '../domain/reassignment';
import { isFinalStage, type Stage } from '../domain/vocabulary';
import type { PrismaClient } from '../generated/prisma/client';
import { maySee } from './access';
import type { CallOptions, CommandParts } from './application-commands';
import { HttpProblem, invalidField, notFound } from './problem';
import { recordRefusal } from './refused-steps';
import type { CaseWorkCommands } from './workflow-gateway';

/**
 * Comments, deadline extensions, reassignments and the cancelling of a pending four-eyes item, as the JSON API and the console both take
 * them: the same checks in the same order, then the workflow's Update, whose validator has the
 * last word. A refusal by the workflow is recorded for officials, as a step's is.
 */

type Options = CallOptions & { updateId?: string | undefined };

/** Organizations that see every case: a mention of one of them is always allowed. */
const overseeingKinds = ['governors_office', 'provincial_office', 'operator'];
/** `@id` at the start or after a space, as people write mentions. */
const MENTION = /(?:^|\s)@([a-z0-9][a-z0-9_-]{0,63})/gi;

export async function commentOn(parts: CommandParts, id: string, actor: Actor, text: string, options: Options): Promise<ApplicationState> {
  const row = await visibleCase(parts.prisma, id, actor);
  const mentions = await mentionsIn(parts.prisma, text, row);
  return run(parts, id, 'comment', { actor, text, mentions, requestId: options.requestId }, options);
}

export async function extendDeadlineOf(parts: CommandParts, id: string, actor: Actor, body: { days: number; reason: string }, options: Options): Promise<ApplicationState> {
  await visibleCase(parts.prisma, id, actor);
  return run(parts, id, 'extendDeadline', { actor, days: body.days, reason: body.reason, requestId: options.requestId }, options);
}

export interface ReassignBody {
  toBankId: string;
  reason: ReassignmentReason;
  note?: string | undefined;
  /** The bank the case is taken from; by default the one the database holds now. */
  fromBankId?: string | undefined;
}

export async function reassignCase(parts: CommandParts, id: string, actor: Actor, body: ReassignBody, options: Options): Promise<ApplicationState> {
  const row = await visibleCase(parts.prisma, id, actor);
  const bank = await parts.prisma.organization.findUnique({ where: { id: body.toBankId }, select: { kind: true } });
  if (bank?.kind !== 'bank') throw invalidField('toBankId', `${body.toBankId} is not an operating bank`);
  const fromBankId = body.fromBankId ?? row.bankId;
  if (fromBankId === null) throw new HttpProblem(409, 'step-out-of-order', 'the application has not been referred to a bank yet');
  const command = { actor, fromBankId, toBankId: body.toBankId, reason: body.reason, ...(body.note ? { note: body.note } : {}), requestId: options.requestId };
  return run(parts, id, 'reassign', command, options);
}

/** Four eyes: a pending tranche or approval cancelled by a user of the bank that holds the case; to anyone else it does not exist. */
export async function cancelPendingItem(
  parts: CommandParts,
  id: string,
  actor: Actor,
  kind: 'cancelTranche' | 'cancelApproval',
  reason: string,
  options: Options,
): Promise<ApplicationState> {
  const row = await visibleCase(parts.prisma, id, actor);
  if (actor.role !== 'bank' || row.bankId !== actor.organizationId) throw notFound(`application ${id}`);
  return run(parts, id, kind, { actor, reason, requestId: options.requestId }, options);
}

interface CaseRow {
  agencyId: string;
  bankId: string | null;
  stage: string;
}

/** The case as this actor may see it; to anyone else it does not exist. A closed case takes no case work. */
async function visibleCase(prisma: PrismaClient, id: string, actor: Actor): Promise<CaseRow> {
  const row = await prisma.application.findUnique({ where: { id }, select: { agencyId: true, bankId: true, stage: true } });
  if (!row || !maySee(actor, row)) throw notFound(`application ${id}`);
  if (isFinalStage(row.stage as Stage)) throw closed(row.stage);
  return row;
}

/** The organizations the text mentions; each must exist and see the case, so no mail tells a stranger of it. */
async function mentionsIn(prisma: PrismaClient, text: string, row: CaseRow): Promise<string[]> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((match) => match[1]!.toLowerCase()))];
  if (ids.length === 0) return [];
  const found = await prisma.organization.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true } });
  const mayBeTold = new Set(found.filter((o) => o.id === row.agencyId || o.id === row.bankId || overseeingKinds.includes(o.kind)).map((o) => o.id));
  const strangers = ids.filter((mentioned) => !mayBeTold.has(mentioned));
  if (strangers.length > 0) throw invalidField('text', `@${strangers[0]} is not an organization that can see this application`);
  return ids;
}

async function run<K extends keyof CaseWorkCommands>(parts: CommandParts, id: string, kind: K, command: CaseWorkCommands[K], options: Options): Promise<ApplicationState> {
  try {
    return await parts.workflows.caseWork(id, kind, command, { updateId: options.updateId, deadline: options.deadline });
  } catch (error) {
    await recordRefusal(parts.prisma, { applicationId: id, step: kind, actor: command.actor, error, requestId: options.requestId });
    // The workflow of a closed application ends: it closed between the check and the call.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    const row = await parts.prisma.application.findUnique({ where: { id }, select: { stage: true } });
    throw row && isFinalStage(row.stage as Stage) ? closed(row.stage) : error;
  }
}

const closed = (stage: string): HttpProblem => new HttpProblem(409, 'step-out-of-order', `the application is closed (stage ${stage})`);
