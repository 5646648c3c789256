import { formatJalali, IRAN_UTC_OFFSET_MS, jalaliDateInIran, toPersianDigits } from '../domain/calendar';
import { workflowIdFor } from '../domain/contract';
import type { NotificationLevel } from '../domain/escalation';
import { cleanLine, escapeHtml } from './text';
import { en, type MailTranslation } from './translations/en';
import { fa } from './translations/fa';

/** What an escalation email says; the strings may come from users and are cleaned here. */
export interface EscalationEmailInput {
  applicationId: string;
  agencyReference: string;
  applicantInitials: string;
  waitingFor: string;
  holder: { id: string; name: string; nameFa: string };
  level: NotificationLevel;
  round: number;
  workingDaysWaited: number;
  waitingSince: Date;
  deadline: Date;
}

export interface EscalationLinkConfig {
  PUBLIC_BASE_URL: string;
  TEMPORAL_UI_URL: string;
  TEMPORAL_NAMESPACE: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Language = 'fa' | 'en';
const words: Record<Language, MailTranslation> = { fa, en };

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** The application in the API and its workflow in the Temporal Web UI. */
export function escalationLinks(applicationId: string, config: EscalationLinkConfig): { application: string; history: string } {
  const workflowId = encodeURIComponent(workflowIdFor(applicationId));
  return {
    application: `${trimSlash(config.PUBLIC_BASE_URL)}/applications/${encodeURIComponent(applicationId)}`,
    history: `${trimSlash(config.TEMPORAL_UI_URL)}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${workflowId}`,
  };
}

/** Persian first (RTL), English beneath, in both an HTML and a plain-text part. */
export function renderEscalationEmail(input: EscalationEmailInput, config: EscalationLinkConfig): RenderedEmail {
  const links = escalationLinks(input.applicationId, config);
  const sections = (['fa', 'en'] as const).map((language) => section(language, input));
  const subject = cleanLine(sections.map((s) => s.subject).join(' | '), 400);

  const text = [
    ...sections.flatMap((s, index) => [
      ...(index > 0 ? ['', '----------------------------------------', ''] : []),
      s.intro,
      '',
      ...s.rows.map(([label, value]) => `${label}: ${value}`),
      '',
      `${words[s.language].links.application}: ${links.application}`,
      `${words[s.language].links.history}: ${links.history}`,
      '',
      words[s.language].footer,
    ]),
    '',
  ].join('\n');

  const html = `<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;">
${sections.map((s) => htmlSection(s, links)).join('\n<hr style="border:none;border-top:1px solid #cccccc;margin:24px 0;">\n')}
</body>
</html>
`;
  return { subject, text, html };
}

interface Section {
  language: Language;
  subject: string;
  intro: string;
  rows: Array<[string, string]>;
}

function section(language: Language, input: EscalationEmailInput): Section {
  const t = words[language];
  const digits = (value: string): string => (language === 'fa' ? toPersianDigits(value).replace(/\./g, '٫') : value);
  const level = input.round > 0 ? `${t.levels[input.level]} (${t.repeat(digits(String(input.round)))})` : t.levels[input.level];
  const step = stepLabel(t, input.waitingFor);
  const applicationId = cleanLine(input.applicationId, 100);
  const applicantInitials = cleanLine(input.applicantInitials, 120);
  const holderName = cleanLine(language === 'fa' ? input.holder.nameFa || input.holder.name : input.holder.name, 150);
  const holderOther = cleanLine(language === 'fa' ? input.holder.name : input.holder.nameFa, 150);
  const days = Number.isInteger(input.workingDaysWaited) ? String(input.workingDaysWaited) : input.workingDaysWaited.toFixed(1);
  return {
    language,
    subject: t.subject({ level, applicationId, applicantInitials: cleanLine(input.applicantInitials, 60), step }),
    intro: t.intro[input.level],
    rows: [
      [t.fields.applicationId, applicationId],
      [t.fields.agencyReference, cleanLine(input.agencyReference, 100)],
      [t.fields.applicant, applicantInitials],
      [t.fields.waitingFor, step],
      [t.fields.holder, holderOther && holderOther !== holderName ? `${holderName} (${holderOther})` : holderName || cleanLine(input.holder.id, 100)],
      [t.fields.workingDaysWaited, t.workingDays(digits(days))],
      [t.fields.level, level],
      [t.fields.waitingSince, formatInstant(language, input.waitingSince)],
      [t.fields.deadline, formatInstant(language, input.deadline)],
    ],
  };
}

function stepLabel(t: MailTranslation, waitingFor: string): string {
  const labels: Record<string, string> = t.waitingFor;
  return Object.hasOwn(labels, waitingFor) ? labels[waitingFor]! : cleanLine(waitingFor, 100);
}

/** A moment as Tehran sees it: the Jalali date (Persian digits in Persian) and the Gregorian one. */
export function formatInstant(language: Language, instant: Date): string {
  const t = words[language];
  const tehran = new Date(instant.getTime() + IRAN_UTC_OFFSET_MS).toISOString();
  const time = tehran.slice(11, 16);
  const gregorian = tehran.slice(0, 10).replace(/-/g, '/');
  const jalali = jalaliDateInIran(instant);
  if (language === 'fa') {
    const persian = (value: string) => toPersianDigits(value);
    return `${formatJalali(jalali, { digits: 'persian' })} ساعت ${persian(time)} ${t.tehranTime} (${t.gregorian}: ${persian(gregorian)})`;
  }
  return `${gregorian} ${time} ${t.tehranTime} (${t.jalali}: ${formatJalali(jalali)})`;
}

function htmlSection(s: Section, links: { application: string; history: string }): string {
  const t = words[s.language];
  const dir = s.language === 'fa' ? 'rtl' : 'ltr';
  const align = s.language === 'fa' ? 'right' : 'left';
  const font = s.language === 'fa' ? 'Vazirmatn, Tahoma, sans-serif' : 'Arial, Helvetica, sans-serif';
  const rows = s.rows
    .map(
      ([label, value]) =>
        `    <tr><th style="text-align:${align};padding:4px 8px;font-weight:bold;vertical-align:top;">${escapeHtml(label)}</th>` +
        `<td style="text-align:${align};padding:4px 8px;"><bdi>${escapeHtml(value)}</bdi></td></tr>`,
    )
    .join('\n');
  const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  return `<div dir="${dir}" lang="${s.language}" style="font-family:${font};text-align:${align};line-height:1.7;">
  <p>${escapeHtml(s.intro)}</p>
  <table dir="${dir}" style="border-collapse:collapse;">
${rows}
  </table>
  <p>${link(links.application, t.links.application)} &nbsp;·&nbsp; ${link(links.history, t.links.history)}</p>
  <p style="color:#666666;font-size:small;">${escapeHtml(t.footer)}</p>
</div>`;
}
