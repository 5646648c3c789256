import { createHash } from 'node:crypto';
import { ApplicationFailure, log } from '@temporalio/activity';
import type { ApplicationState, CaseNote } from '../domain/application-state';
import { ErrorCode } from '../domain/errors';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { isDataRefusal } from './storage-errors';
import { canonicalJson } from './transition-hash';

export interface PersistCaseNoteInput {
  state: ApplicationState;
  note: CaseNote;
}

type Tx = Prisma.TransactionClient;

/** The notes that record or cancel a pending tranche or approval (four eyes). */
const pendingKinds: readonly string[] = ['recordTranche', 'cancelTranche', 'recordApproval', 'cancelApproval'];

/** The application's pending items as the workflow holds them (also written with each transition). */
export const pendingFields = (state: ApplicationState) => ({
  pendingTranche: state.pendingTranche ? (state.pendingTranche as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
  pendingApproval: state.pendingApproval ? (state.pendingApproval as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
});

/** Names a note by its content, as transitionHash names a transition (the request id left out). */
const noteHash = ({ requestId: _requestId, ...content }: CaseNote): string => createHash('sha256').update(canonicalJson(content)).digest('hex');

/**
 * Writes one case note, and with an extension the days it grants, in one transaction;
 * idempotent as persistTransition is: a retry finds its own row and writes nothing, and a row
 * under this number with another hash was written by a workflow task that was lost, so it is
 * replaced by the note the workflow did take (and the replaced row logged in projection_repairs).
 */
export async function persistCaseNote(prisma: PrismaClient, { state, note }: PersistCaseNoteInput): Promise<void> {
  const hash = noteHash(note);
  try {
    await prisma.$transaction((tx) => writeNote(tx, state, note, hash));
  } catch (error) {
    if (isDataRefusal(error)) {
      log.error('the database refused the note’s data', { applicationId: note.applicationId, number: note.number, error: String(error) });
      throw ApplicationFailure.create({ type: ErrorCode.Unstorable, message: 'the database cannot store this note’s data', nonRetryable: true });
    }
    throw error;
  }
}

async function writeNote(tx: Tx, state: ApplicationState, note: CaseNote, hash: string): Promise<void> {
  const key = { applicationId_number: { applicationId: note.applicationId, number: note.number } };
  const stored = await tx.caseNote.findUnique({ where: key });
  if (stored?.noteHash === hash) return;
  if (stored) {
    log.warn('case note repaired: the database held a note the workflow never took', { applicationId: note.applicationId, number: note.number });
    await tx.projectionRepair.create({
      data: { applicationId: note.applicationId, sequence: note.afterSequence, replacedSteps: JSON.parse(JSON.stringify([stored], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) },
    });
    await tx.$executeRaw`SELECT set_config('loan.audit_repair', 'on', true)`;
    await tx.caseNote.delete({ where: key });
  }
  await tx.caseNote.create({
    data: {
      applicationId: note.applicationId,
      number: note.number,
      kind: note.kind,
      actorUserId: note.actor.userId,
      actorOrgId: note.actor.organizationId,
      actorRole: note.actor.role,
      text: note.text,
      data: (note.data ?? {}) as Prisma.InputJsonValue,
      occurredAt: new Date(note.occurredAt),
      afterSequence: note.afterSequence,
      noteHash: hash,
    },
  });
  if (pendingKinds.includes(note.kind)) {
    await tx.application.update({ where: { id: state.applicationId }, data: pendingFields(state) });
  }
  if (note.kind === 'extendDeadline') {
    await tx.application.update({
      where: { id: state.applicationId },
      data: { extensionWaitId: state.extension?.waitId ?? null, extensionDays: state.extension?.days ?? 0 },
    });
  }
}
