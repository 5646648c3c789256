import type { ApplicationState } from './application-state';
import { type NoteMade, noteOf } from './case-notes';
import type { Actor } from './commands';
import { ErrorCode, StepRefusal } from './errors';
import { isFinalStage } from './vocabulary';

/**
 * Attachments, as pure rules: which files a case may take (the type read from the bytes, never
 * from the name), who attaches what, and the per-case total. An attachment is a case note of kind
 * `attach`; its bytes are stored apart, once per SHA-256.
 */

export const attachmentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentType = (typeof attachmentTypes)[number];

/** The agency attaches the applicant's documents, the bank its contract. */
export const attachmentPurposes = ['applicant_document', 'contract'] as const;
export type AttachmentPurpose = (typeof attachmentPurposes)[number];

export const FILE_NAME_MAX_LENGTH = 200;
/** However small the files, a case takes no more than this many (the state lists them). */
export const MAX_ATTACHMENTS_PER_CASE = 100;
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_ATTACHMENTS_MAX_BYTES_PER_CASE = 50 * 1024 * 1024;

export const sha256Pattern = /^[0-9a-f]{64}$/;

export interface Attachment {
  sha256: string;
  size: number;
  contentType: AttachmentType;
  fileName: string;
  purpose: AttachmentPurpose;
}

export interface AttachCommand {
  actor: Actor;
  attachment: Attachment;
  /** ATTACHMENTS_MAX_BYTES_PER_CASE as the API has it now, so a changed limit applies to running cases. */
  maxCaseBytes: number;
  requestId?: string;
}

const signatures: [AttachmentType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The type the first bytes say the file is, or null for anything else (HTML, scripts, archives, …). */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const found = signatures.find(([, magic]) => bytes.length > magic.length && magic.every((byte, i) => bytes[i] === byte));
  return found ? found[0] : null;
}

/** What each role attaches; officials and admins read attachments but add none. */
export const purposeOf = (role: Actor['role']): AttachmentPurpose | null =>
  role === 'agency' ? 'applicant_document' : role === 'bank' ? 'contract' : null;

// Control, format (bidi overrides, zero-width, BOM) and line/paragraph separators; ZWNJ/ZWJ kept for Persian.
const unsafeInName = /[\p{Cc}\u2028\u2029]|[^\P{Cf}\u200C\u200D]|[\uD800-\uDFFF]/gu;

/**
 * A file name as a person may see and download it: no folders (of either slash), no control or
 * bidirectional characters that could disguise `fdp.exe` as `exe.pdf`, no leading dots, single
 * spaces, at most FILE_NAME_MAX_LENGTH characters; `attachment` when nothing is left.
 */
export function cleanFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(unsafeInName, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').trim();
  const limited = [...cleaned].slice(0, FILE_NAME_MAX_LENGTH).join('').trim();
  return limited === '' ? 'attachment' : limited;
}

const extensions: Record<AttachmentType, string[]> = { 'application/pdf': ['.pdf'], 'image/jpeg': ['.jpg', '.jpeg'], 'image/png': ['.png'] };

/**
 * The name a file is kept under: cleaned, and ending in its type's extension (added when the
 * name says otherwise), so a PDF sent as `page.html` is saved as `page.html.pdf` and opened as one.
 */
export function fileNameFor(raw: string | undefined, type: AttachmentType): string {
  const cleaned = raw === undefined ? 'attachment' : cleanFileName(raw);
  if (hasExtensionOf(cleaned, type)) return cleaned;
  const extension = extensions[type][0]!;
  return cleanFileName(`${[...cleaned].slice(0, FILE_NAME_MAX_LENGTH - extension.length).join('').trim()}${extension}`);
}

const hasExtensionOf = (name: string, type: AttachmentType): boolean => extensions[type].some((ext) => name.toLowerCase().endsWith(ext));

function refuse(code: ErrorCode, message: string, field?: string): never {
  throw new StepRefusal(code, message, field);
}

/** Who may attach now: the agency to its own case, the bank to the case referred to it, until the case is closed. */
export function checkMayAttach(state: ApplicationState, actor: Actor): AttachmentPurpose {
  const purpose = purposeOf(actor.role);
  if (purpose === null) refuse(ErrorCode.WrongParty, `attachments are added by the agency or the bank, not by a user with role ${actor.role}`);
  const holder = actor.role === 'agency' ? state.agencyId : state.bankId;
  if (actor.organizationId !== holder) refuse(ErrorCode.WrongParty, `organization ${actor.organizationId} cannot attach files to this application`);
  if (isFinalStage(state.stage)) refuse(ErrorCode.StepOutOfOrder, `the application is closed (stage ${state.stage})`);
  return purpose;
}

export const attachedTo = (state: ApplicationState): readonly string[] => state.attachments ?? [];

export function checkAttach(state: ApplicationState, command: AttachCommand): void {
  const purpose = checkMayAttach(state, command.actor);
  const { attachment, maxCaseBytes } = command;
  if (attachment.purpose !== purpose) refuse(ErrorCode.InvalidStepData, `a ${command.actor.role} attaches a ${purpose}, not a ${String(attachment.purpose)}`, 'purpose');
  if (typeof attachment.sha256 !== 'string' || !sha256Pattern.test(attachment.sha256)) refuse(ErrorCode.InvalidStepData, 'sha256 must be 64 lowercase hex digits', 'file');
  if (!attachmentTypes.includes(attachment.contentType)) refuse(ErrorCode.InvalidStepData, 'the file must be a PDF, JPEG or PNG', 'file');
  if (!Number.isInteger(attachment.size) || attachment.size < 1) refuse(ErrorCode.InvalidStepData, 'the file is empty', 'file');
  if (typeof attachment.fileName !== 'string' || attachment.fileName !== fileNameFor(attachment.fileName, attachment.contentType)) {
    refuse(ErrorCode.InvalidStepData, 'fileName must be a cleaned file name with the extension of its type', 'name');
  }
  const attached = attachedTo(state);
  if (attached.includes(attachment.sha256)) refuse(ErrorCode.StepOutOfOrder, 'this file is already attached to the application', 'file');
  if (attached.length >= MAX_ATTACHMENTS_PER_CASE) refuse(ErrorCode.InvalidStepData, `an application takes at most ${MAX_ATTACHMENTS_PER_CASE} attachments`, 'file');
  const total = (state.attachedBytes ?? 0) + attachment.size;
  if (!Number.isInteger(maxCaseBytes) || total > maxCaseBytes) {
    refuse(ErrorCode.InvalidStepData, `the application's attachments would take ${total} bytes, more than the ${maxCaseBytes} allowed`, 'file');
  }
}

export function attach(state: ApplicationState, command: AttachCommand, now: Date): NoteMade {
  checkAttach(state, command);
  const { sha256, size, contentType, fileName, purpose } = command.attachment;
  const made = noteOf(state, 'attach', command.actor, fileName, { sha256, size, contentType, fileName, purpose }, now, command.requestId);
  return { ...made, state: { ...made.state, attachedBytes: (state.attachedBytes ?? 0) + size, attachments: [...attachedTo(state), sha256] } };
}

/** The attachments a resubmission links: each attached to this case already, none twice. */
export function checkLinkedAttachments(state: ApplicationState, linked: unknown): void {
  if (linked === undefined) return;
  if (!Array.isArray(linked) || linked.some((s) => typeof s !== 'string')) refuse(ErrorCode.InvalidStepData, 'attachments must be a list of SHA-256 digests', 'attachments');
  if (new Set(linked).size !== linked.length) refuse(ErrorCode.InvalidStepData, 'attachments names a file twice', 'attachments');
  const missing = (linked as string[]).filter((sha256) => !attachedTo(state).includes(sha256));
  if (missing.length > 0) refuse(ErrorCode.InvalidStepData, `not attached to this application: ${missing.join(', ')}`, 'attachments');
}
