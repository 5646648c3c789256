import type { ReassignmentReason } from '../domain/reassignment';
import type { RenderedEmail } from './escalation-email';
import { cleanLine, escapeHtml } from './text';

/**
 * The emails case work sends: to the bank a case was taken from, to the bank it was given to,
 * and to an organization a comment mentions. Persian first (RTL), English beneath; every
 * string from users is cleaned to one line (a comment keeps its lines) and escaped in HTML.
 */
export type CaseNoticeEmailInput =
  | (Common & { kind: 'reassigned_away' | 'reassigned_to'; fromBank: Named; toBank: Named; reason: ReassignmentReason; note: string | null })
  | (Common & { kind: 'mentioned'; author: Named; text: string });

interface Common {
  applicationId: string;
  agencyReference: string;
  applicantInitials: string;
  /** The case in the console. */
  link: string;
}

interface Named {
  name: string;
  nameFa: string;
}

type Language = 'fa' | 'en';

/** The fixed reasons of a reassignment, as the email and the console's case page say them. */
export const reassignmentReasonWords: Record<Language, Record<ReassignmentReason, string>> = {
  fa: {
    no_response: 'بی‌پاسخ ماندن پرونده',
    exceeded_deadlines: 'گذشتن از مهلت‌ها',
    lacks_capacity: 'نبود ظرفیت',
    conflict_of_interest: 'تعارض منافع',
    applicant_request: 'درخواست متقاضی',
    other: 'دیگر',
  },
  en: {
    no_response: 'No response',
    exceeded_deadlines: 'Deadlines exceeded',
    lacks_capacity: 'Lacks capacity',
    conflict_of_interest: 'Conflict of interest',
    applicant_request: 'The applicant’s request',
    other: 'Other',
  },
};

const nameIn = (language: Language, named: Named): string => cleanLine(language === 'fa' ? named.nameFa || named.name : named.name, 150);

function section(language: Language, input: CaseNoticeEmailInput): { subject: string; lines: string[] } {
  const fa = language === 'fa';
  const id = cleanLine(input.applicationId, 100);
  const about = [
    `${fa ? 'شناسه پرونده' : 'Application'}: ${id}`,
    `${fa ? 'شماره پرونده دستگاه' : 'Agency reference'}: ${cleanLine(input.agencyReference, 100)}`,
    `${fa ? 'متقاضی' : 'Applicant'}: ${cleanLine(input.applicantInitials, 120)}`,
  ];
  if (input.kind === 'mentioned') {
    const author = nameIn(language, input.author);
    return {
      subject: fa ? `${author} در پرونده ${id} از شما نام برد` : `${author} mentioned you on application ${id}`,
      lines: [fa ? `${author} در یادداشتی بر این پرونده از سازمان شما نام برد:` : `${author} mentioned your organization in a comment on this application:`, '', ...about, '', ...commentLines(input.text)],
    };
  }
  const from = nameIn(language, input.fromBank);
  const to = nameIn(language, input.toBank);
  const away = input.kind === 'reassigned_away';
  const reason = `${fa ? 'دلیل' : 'Reason'}: ${reassignmentReasonWords[language][input.reason]}${input.note ? ` — ${cleanLine(input.note, 500)}` : ''}`;
  return {
    subject: away
      ? fa ? `پرونده ${id} از ${from} به ${to} سپرده شد` : `Application ${id} was reassigned from ${from} to ${to}`
      : fa ? `پرونده ${id} به ${to} ارجاع شد` : `Application ${id} was referred to ${to}`,
    lines: [
      away
        ? fa ? 'دفتر فرمانداری این پرونده را از بانک شما گرفت و به بانک دیگری سپرد؛ دیگر در دسترس شما نیست.' : 'The governor’s office took this application from your bank and gave it to another; you no longer have access to it.'
        : fa ? `دفتر فرمانداری این پرونده را از ${from} به بانک شما سپرد؛ بررسی از گام نخست با مهلت‌های تازه آغاز می‌شود.` : `The governor’s office gave this application to your bank, from ${from}; the review starts at its first step with fresh deadlines.`,
      '',
      ...about,
      reason,
    ],
  };
}

/** A comment keeps its lines, each cleaned; at most 40 of them. */
const commentLines = (text: string): string[] => text.split(/\r?\n/).slice(0, 40).map((line) => `> ${cleanLine(line, 500)}`);

export function renderCaseNoticeEmail(input: CaseNoticeEmailInput): RenderedEmail {
  const sections = (['fa', 'en'] as const).map((language) => ({ language, ...section(language, input) }));
  const subject = cleanLine(sections.map((s) => s.subject).join(' | '), 400);
  const footer = { fa: 'فرستاده‌شده خودکار از سامانه وام‌های اشتغال شهرستان لاهیجان.', en: 'Sent automatically by the employment-loan system of Lahijan county.' };
  const text = sections
    .map((s) => [...s.lines, '', `${s.language === 'fa' ? 'پرونده' : 'The case'}: ${input.link}`, '', footer[s.language]].join('\n'))
    .join('\n\n----------------------------------------\n\n');
  const html = `<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;">
${sections
  .map(
    (s) => `<div lang="${s.language}" dir="${s.language === 'fa' ? 'rtl' : 'ltr'}" style="font-family:${s.language === 'fa' ? 'Vazirmatn, Tahoma' : 'Arial, Helvetica'}, sans-serif;line-height:1.6;">
${s.lines.map((line) => (line === '' ? '<br>' : `<p style="margin:0;">${escapeHtml(line)}</p>`)).join('\n')}
<p><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>
<p style="color:#555555;font-size:13px;">${escapeHtml(footer[s.language])}</p>
</div>`,
  )
  .join('\n<hr style="border:none;border-top:1px solid #cccccc;margin:24px 0;">\n')}
</body>
</html>
`;
  return { subject, text: `${text}\n`, html };
}
