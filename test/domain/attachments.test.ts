import { type AttachCommand, attach, cleanFileName, fileNameFor, sniffAttachmentType } from '../../domain/attachments';
import { StepRefusal } from '../../domain/errors';
import { applyStep, startApplication } from '../../domain/transitions';
import { agency, bank, otherBank, submitCommand } from '../../support/fixtures';

/** The attachment rules as pure functions: the type from the bytes, the name people see, who attaches, the limits. */
const at = new Date('2026-11-27T08:00:00Z');
const submitted = () => startApplication('attach-1', submitCommand(), at).state;
const digest = (n: number) => n.toString(16).padStart(64, '0');
const command = (overrides: Partial<AttachCommand['attachment']> = {}, actor = agency, maxCaseBytes = 1000): AttachCommand => ({
  actor,
  attachment: { sha256: digest(1), size: 400, contentType: 'application/pdf', fileName: 'deed.pdf', purpose: actor.role === 'bank' ? 'contract' : 'applicant_document', ...overrides },
  maxCaseBytes,
});
const refusalOf = (rule: () => unknown): string | undefined => {
  try {
    rule();
    return undefined;
  } catch (error) {
    return error instanceof StepRefusal ? `${error.code}:${error.field ?? ''}` : String(error);
  }
};

test('the type is read from the first bytes only: PDF, JPEG, PNG; HTML, an empty file or a bare signature is none', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);
  expect(sniffAttachmentType(Buffer.from('%PDF-1.7\n...'))).toBe('application/pdf');
  expect(sniffAttachmentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0))).toBe('image/jpeg');
  expect(sniffAttachmentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
  expect(sniffAttachmentType(Buffer.from('<!doctype html>%PDF-'))).toBeNull();
  expect(sniffAttachmentType(Buffer.from(' %PDF-1.7'))).toBeNull();
  expect(sniffAttachmentType(bytes())).toBeNull();
  expect(sniffAttachmentType(Buffer.from('%PDF-'))).toBeNull();
});

test('a file name loses folders, control and bidi characters and leading dots, keeps Persian and its half-space, and is cut at 200', () => {
  expect(cleanFileName('C:\\Users\\clerk\\..\\scan.pdf')).toBe('scan.pdf');
  expect(cleanFileName('../../etc/passwd')).toBe('passwd');
  expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  expect(cleanFileName('a\u0000b\nc\u200Bd.pdf')).toBe('abcd.pdf');
  expect(cleanFileName('می‌خواهم.pdf')).toBe('می‌خواهم.pdf');
  expect(cleanFileName('.htaccess')).toBe('htaccess');
  expect(cleanFileName('\u202E/')).toBe('attachment');
  expect([...cleanFileName('ن'.repeat(500))]).toHaveLength(200);
  expect(fileNameFor('page.html', 'application/pdf')).toBe('page.html.pdf');
  expect(fileNameFor('PHOTO.JPEG', 'image/jpeg')).toBe('PHOTO.JPEG');
  expect(fileNameFor(undefined, 'image/png')).toBe('attachment.png');
  expect(fileNameFor(`${'x'.repeat(300)}.exe`, 'application/pdf')).toMatch(/^x{196}\.pdf$/);
});

test('the agency attaches documents and the referred bank its contract; the note records the file and the state its bytes', () => {
  const state = submitted();
  const first = attach(state, command(), at);
  expect(first.note).toMatchObject({ kind: 'attach', number: 1, text: 'deed.pdf', data: { sha256: digest(1), size: 400, purpose: 'applicant_document' }, afterSequence: state.sequence });
  expect([first.state.attachedBytes, first.state.attachments, first.state.sequence]).toEqual([400, [digest(1)], state.sequence]);
  expect(refusalOf(() => attach(state, command({}, bank), at))).toBe('WRONG_PARTY:');
  const referred = applyStep(state, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'normal', bankId: bank.organizationId } }, at).state;
  expect(attach(referred, command({ sha256: digest(2) }, bank), at).note.data).toMatchObject({ purpose: 'contract' });
  expect(refusalOf(() => attach(referred, command({ sha256: digest(2) }, otherBank), at))).toBe('WRONG_PARTY:');
  expect(refusalOf(() => attach(referred, command({ purpose: 'contract' }), at))).toBe('INVALID_STEP_DATA:purpose');
});

test('refused: the same file twice, the case total past its limit, an uncleaned name, a closed case', () => {
  const once = attach(submitted(), command(), at).state;
  expect(refusalOf(() => attach(once, command(), at))).toBe('STEP_OUT_OF_ORDER:file');
  expect(refusalOf(() => attach(once, command({ sha256: digest(2), size: 601 }), at))).toBe('INVALID_STEP_DATA:file');
  expect(attach(once, command({ sha256: digest(2), size: 600 }), at).state.attachedBytes).toBe(1000);
  expect(refusalOf(() => attach(once, command({ sha256: digest(3), fileName: '../x.pdf' }), at))).toBe('INVALID_STEP_DATA:name');
  const withdrawn = applyStep(once, 'withdraw', { actor: agency, data: { reason: 'moved away' } }, at).state;
  expect(refusalOf(() => attach(withdrawn, command({ sha256: digest(4) }), at))).toBe('STEP_OUT_OF_ORDER:');
});

test('a resubmission links only files attached to the case, each once; without attachments it is as before', () => {
  const returned = applyStep(submitted(), 'returnForDocuments', { actor: agency, data: { missingDocuments: ['licence'] } }, at).state;
  const withFile = attach(returned, command(), at).state;
  const resubmit = (attachments?: string[]) => () => applyStep(withFile, 'resubmitDocuments', { actor: agency, data: attachments ? { attachments } : {} }, at);
  expect(resubmit([digest(1)])().record.data).toEqual({ attachments: [digest(1)] });
  expect(resubmit()().state.stage).toBe('categorization');
  expect(refusalOf(resubmit([digest(9)]))).toBe('INVALID_STEP_DATA:attachments');
  expect(refusalOf(resubmit([digest(1), digest(1)]))).toBe('INVALID_STEP_DATA:attachments');
});
