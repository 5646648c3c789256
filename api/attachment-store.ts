import type { Actor } from '../domain/commands';
import type { AttachmentPurpose, AttachmentType } from '../domain/attachments';
import type { CaseNote, PrismaClient } from '../generated/prisma/client';

/**
 * Where attachments live: the bytes in attachment_blobs, once per SHA-256; which case holds
 * which file, under what name and from whom, in the workflow's `attach` case notes.
 */

export interface CaseAttachment {
  /** The case note that attached it. */
  number: number;
  sha256: string;
  size: number;
  contentType: AttachmentType;
  fileName: string;
  purpose: AttachmentPurpose;
  attachedBy: Actor;
  attachedAt: Date;
  /** The transition the case was at: a file attached after a return for documents is a new one. */
  afterSequence: number;
}

interface AttachData {
  sha256: string;
  size: number;
  contentType: AttachmentType;
  fileName: string;
  purpose: AttachmentPurpose;
}

/** The files attached to one application, in the order they were attached. */
export async function attachmentsOf(prisma: PrismaClient, applicationId: string): Promise<CaseAttachment[]> {
  const notes = await prisma.caseNote.findMany({ where: { applicationId, kind: 'attach' }, orderBy: { number: 'asc' } });
  return notes.map(attachmentOfNote);
}

/** An `attach` case note read as the attachment it records. */
export function attachmentOfNote(note: CaseNote): CaseAttachment {
  const data = note.data as unknown as AttachData;
  return {
    number: note.number,
    sha256: data.sha256,
    size: data.size,
    contentType: data.contentType,
    fileName: data.fileName,
    purpose: data.purpose,
    attachedBy: { userId: note.actorUserId, organizationId: note.actorOrgId, role: note.actorRole as Actor['role'] },
    attachedAt: note.occurredAt,
    afterSequence: note.afterSequence,
  };
}

/** Keeps the bytes; a file stored before (by this case or another) is left as it is. */
export async function storeBlob(prisma: PrismaClient, blob: { sha256: string; bytes: Uint8Array; contentType: AttachmentType }): Promise<void> {
  await prisma.attachmentBlob.createMany({
    data: [{ sha256: blob.sha256, bytes: new Uint8Array(blob.bytes), size: blob.bytes.length, contentType: blob.contentType }],
    skipDuplicates: true,
  });
}

/** One file of this application, with its bytes; undefined unless it is attached to THIS case. */
export async function readAttachment(prisma: PrismaClient, applicationId: string, sha256: string): Promise<{ attachment: CaseAttachment; bytes: Uint8Array } | undefined> {
  const attachment = (await attachmentsOf(prisma, applicationId)).find((a) => a.sha256 === sha256);
  if (!attachment) return undefined;
  const blob = await prisma.attachmentBlob.findUnique({ where: { sha256 } });
  return blob ? { attachment, bytes: blob.bytes } : undefined;
}

/** An attachment as the JSON API shows it. */
export function attachmentResource(attachment: CaseAttachment, self: string) {
  return {
    sha256: attachment.sha256,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    size: attachment.size,
    purpose: attachment.purpose,
    attachedBy: { userId: attachment.attachedBy.userId, organizationId: attachment.attachedBy.organizationId, role: attachment.attachedBy.role },
    attachedAt: attachment.attachedAt.toISOString(),
    links: { download: `${self}/attachments/${attachment.sha256}` },
  };
}

/** `Content-Disposition` that always downloads, under the cleaned name (RFC 6266 / RFC 8187). */
export const downloadDisposition = (fileName: string): string =>
  `attachment; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
