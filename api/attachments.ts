import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  type AttachmentPurpose,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  DEFAULT_ATTACHMENTS_MAX_BYTES_PER_CASE,
  fileNameFor,
  purposeOf,
  sniffAttachmentType,
} from '../domain/attachments';
import type { Actor } from '../domain/commands';
import { isFinalStage, type Stage } from '../domain/vocabulary';
import { maySee } from './access';
import type { CallOptions, CommandParts } from './application-commands';
import { attachmentsOf, type CaseAttachment, storeBlob } from './attachment-store';
import { forbidden, HttpProblem, notFound } from './problem';

/**
 * Attaching a file, as the JSON API and the console both do it: who may attach, then the size,
 * then the type read from the bytes, then the case's total; the bytes are stored, and the
 * workflow's `attach` Update (which checks the rules again) makes them the case's.
 */

export interface AttachmentLimits {
  /** ATTACHMENT_MAX_BYTES */
  maxBytes: number;
  /** ATTACHMENTS_MAX_BYTES_PER_CASE */
  maxCaseBytes: number;
}

export const attachmentLimitsOf = (config: { ATTACHMENT_MAX_BYTES?: number | undefined; ATTACHMENTS_MAX_BYTES_PER_CASE?: number | undefined }): AttachmentLimits => ({
  maxBytes: config.ATTACHMENT_MAX_BYTES ?? DEFAULT_ATTACHMENT_MAX_BYTES,
  maxCaseBytes: config.ATTACHMENTS_MAX_BYTES_PER_CASE ?? DEFAULT_ATTACHMENTS_MAX_BYTES_PER_CASE,
});

export interface Upload {
  bytes: Buffer;
  /** The name the sender gave, uncleaned; absent: `attachment`. */
  name?: string | undefined;
  /** More bytes were sent than ATTACHMENT_MAX_BYTES (the reader stopped keeping them). */
  truncated?: boolean;
}

const fileProblem = (status: number, code: string, message: string): HttpProblem => new HttpProblem(status, code, message, [{ field: 'file', message }]);

export const fileTooLarge = (limits: AttachmentLimits): HttpProblem => fileProblem(413, 'too-large', `the file is larger than the ${limits.maxBytes} bytes allowed`);
export const unsupportedFile = (): HttpProblem =>
  fileProblem(415, 'unsupported-media-type', 'the file must be a PDF, JPEG or PNG (its content is checked, not its name or declared type)');

/**
 * Who may attach to the case now: its agency (the applicant's documents) and the bank it is
 * referred to (the contract), until it is closed. Anyone who cannot see it finds no case.
 */
export async function checkMayAttach(prisma: CommandParts['prisma'], id: string, actor: Actor): Promise<AttachmentPurpose> {
  const row = await prisma.application.findUnique({ where: { id }, select: { agencyId: true, bankId: true, stage: true } });
  if (!row || !maySee(actor, row)) throw notFound(`application ${id}`);
  const purpose = purposeOf(actor.role);
  if (purpose === null) throw forbidden(`attachments are added by the agency or the bank, not by a ${actor.role} user`);
  if (isFinalStage(row.stage as Stage)) throw new HttpProblem(409, 'step-out-of-order', `nothing can be attached: the application is closed (stage ${row.stage})`);
  return purpose;
}

/** Attaches one file; answers the attachment as recorded. */
export async function attachFile(
  { prisma, workflows }: CommandParts,
  id: string,
  actor: Actor,
  upload: Upload,
  limits: AttachmentLimits,
  options: CallOptions & { updateId?: string | undefined },
): Promise<CaseAttachment> {
  const purpose = await checkMayAttach(prisma, id, actor);
  if (upload.truncated || upload.bytes.length > limits.maxBytes) throw fileTooLarge(limits);
  if (upload.bytes.length === 0) throw fileProblem(422, 'validation', 'the file is empty');
  const contentType = sniffAttachmentType(upload.bytes);
  if (contentType === null) throw unsupportedFile();
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  // The same file again (a retry) is the workflow's to judge: it is not counted twice here.
  const others = (await attachmentsOf(prisma, id)).filter((a) => a.sha256 !== sha256);
  const total = others.reduce((sum, a) => sum + a.size, 0) + upload.bytes.length;
  if (total > limits.maxCaseBytes) {
    throw fileProblem(413, 'too-large', `the application's attachments would take ${total} bytes, more than the ${limits.maxCaseBytes} allowed`);
  }
  await storeBlob(prisma, { sha256, bytes: upload.bytes, contentType });
  const attachment = { sha256, size: upload.bytes.length, contentType, fileName: fileNameFor(upload.name, contentType), purpose };
  try {
    await workflows.caseWork(id, 'attach', { actor, attachment, maxCaseBytes: limits.maxCaseBytes, requestId: options.requestId }, { updateId: options.updateId, deadline: options.deadline });
  } catch (error) {
    // The workflow of a closed application ends: it closed between the check and the call.
    if (error instanceof WorkflowNotFoundError) throw new HttpProblem(409, 'step-out-of-order', 'nothing can be attached: the application is closed');
    throw error;
  }
  const recorded = (await attachmentsOf(prisma, id)).find((a) => a.sha256 === sha256);
  if (!recorded) throw new Error(`the attachment ${sha256} of ${id} was accepted but is not recorded`);
  return recorded;
}
