import type { AttachmentPurpose, AttachmentType } from '../../../domain/attachments';
import type { Language } from '../../pages/words';

/** The case page's attachments: the list, the upload form, and what a return for documents asks for. */
export interface AttachmentWords {
  heading: string;
  caption: string;
  columns: { fileName: string; type: string; size: string; purpose: string; by: string; at: string };
  empty: string;
  purposes: Record<AttachmentPurpose, string>;
  types: Record<AttachmentType, string>;
  /** A size already formatted in kilobytes. */
  kilobytes: (count: string) => string;
  upload: { heading: string; label: string; hint: (megabytes: string | undefined) => string; submit: string };
  missing: { heading: string; intro: string };
  /** Beside a file attached since the case was returned: a resubmission brings it. */
  newSinceReturn: string;
  attached: string;
  /** Beside the return and resubmission forms: what the case holds, lacks and would bring. */
  forms: { attached: string; missing: string; brought: string; nothingBrought: string };
  refusedHeadline: string;
  /** The refusals' messages in this language; others are shown as the API says them. */
  messages: [pattern: RegExp, text: string | ((...match: string[]) => string)][];
}

export const attachmentWords: Record<Language, AttachmentWords> = {
  fa: {
    heading: 'پیوست‌ها',
    caption: 'پرونده‌های پیوست این درخواست',
    columns: { fileName: 'نام پرونده', type: 'نوع', size: 'اندازه', purpose: 'عنوان', by: 'پیوست‌کننده', at: 'زمان' },
    empty: 'هنوز پیوستی ندارد.',
    purposes: { applicant_document: 'مدرک متقاضی', contract: 'قرارداد بانک' },
    types: { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' },
    kilobytes: (count) => `${count} کیلوبایت`,
    upload: {
      heading: 'افزودن پیوست',
      label: 'پرونده (PDF، JPEG یا PNG)',
      hint: (megabytes) => `نوع پرونده از محتوای آن خوانده می‌شود، نه از نامش.${megabytes ? ` هر پرونده حداکثر ${megabytes} مگابایت.` : ''}`,
      submit: 'پیوست کن',
    },
    missing: { heading: 'مدارک ناقص', intro: 'پرونده برای این مدارک بازگردانده شده است:' },
    newSinceReturn: 'تازه؛ با ارسال دوباره مدارک همراه می‌شود',
    attached: 'پیوست ثبت شد.',
    forms: { attached: 'پیوست‌های کنونی پرونده:', missing: 'مدارک ناقص:', brought: 'پیوست‌هایی که همراه می‌شوند:', nothingBrought: 'از زمان بازگرداندن پرونده پیوستی افزوده نشده است.' },
    refusedHeadline: 'پرونده پیوست نشد.',
    messages: [
      [/^the file is larger than the (\d+) bytes allowed$/, 'پرونده بزرگ‌تر از اندازهٔ مجاز است.'],
      [/^the application's attachments would take/, 'مجموع پیوست‌های این درخواست از اندازهٔ مجاز بیشتر می‌شود.'],
      [/^the file must be a PDF, JPEG or PNG/, 'فقط PDF، JPEG یا PNG پذیرفته می‌شود؛ نوع پرونده از محتوای آن خوانده می‌شود.'],
      [/^this file is already attached to the application$/, 'این پرونده پیش‌تر به همین درخواست پیوست شده است.'],
      [/^choose a file to attach$/, 'پرونده‌ای برای پیوست برگزینید.'],
      [/^the file is empty$/, 'پرونده خالی است.'],
      [/^nothing can be attached: the application is closed/, 'این درخواست بسته شده است و پیوست نمی‌پذیرد.'],
    ],
  },
  en: {
    heading: 'Attachments',
    caption: 'Files attached to this application',
    columns: { fileName: 'File name', type: 'Type', size: 'Size', purpose: 'Purpose', by: 'Attached by', at: 'When' },
    empty: 'Nothing is attached yet.',
    purposes: { applicant_document: 'Applicant’s document', contract: 'Bank’s contract' },
    types: { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' },
    kilobytes: (count) => `${count} KB`,
    upload: {
      heading: 'Attach a file',
      label: 'File (PDF, JPEG or PNG)',
      hint: (megabytes) => `The type is read from the file’s content, not its name.${megabytes ? ` Each file may be up to ${megabytes} MB.` : ''}`,
      submit: 'Attach',
    },
    missing: { heading: 'Missing documents', intro: 'The application was returned for these documents:' },
    newSinceReturn: 'new: resubmitting the documents brings it',
    attached: 'The file was attached.',
    forms: { attached: 'Files attached to the case so far:', missing: 'Missing documents:', brought: 'Files this brings:', nothingBrought: 'No file was attached since the case was returned.' },
    refusedHeadline: 'The file was not attached.',
    messages: [
      [/^choose a file to attach$/, 'Choose a file to attach.'],
      [/^the file must be a PDF, JPEG or PNG/, 'Only PDF, JPEG or PNG files are accepted; the type is read from the file’s content.'],
    ],
  },
};

export function attachmentMessageIn(words: AttachmentWords, message: string): string {
  for (const [pattern, text] of words.messages) {
    const match = pattern.exec(message);
    if (match) return typeof text === 'string' ? text : text(...match);
  }
  return message;
}
