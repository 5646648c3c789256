import { formatJalali, IRAN_UTC_OFFSET_MS, jalaliDateInIran, toPersianDigits } from '../domain/calendar';
import { rejectionReasons } from '../domain/vocabulary';
import { type EscalationLinkConfig, escalationLinks, formatInstant, type RenderedEmail } from './escalation-email';
import { cleanLine, escapeHtml } from './text';
import { en } from './translations/en';
import { fa } from './translations/fa';
import { type DigestLevel, digestEn, type DigestTranslation } from './translations/digest-en';
import { digestFa } from './translations/digest-fa';

/** One of the longest-stalled cases; the strings may come from users and are cleaned here. */
export interface DigestStalledCase {
  applicationId: string;
  agencyReference: string;
  holder: { id: string; name: string; nameFa: string } | null;
  /** The wait kind (`bank_review.documents`) or, for a wait the vocabulary does not name, the stage. */
  waitingFor: string;
  workingDaysWaited: number;
  /** The LoanEscalationLevel search attribute: 0 none yet … 4 abandoned. */
  escalationLevel: number;
}

/** What one week's digest says: plain JSON, so it can pass between activities. */
export interface WeeklyDigest {
  week: { from: string; to: string; label: string };
  /** When the figures were taken; "stalled now" means at this instant. */
  asOf: string;
  county: {
    submitted: number;
    approved: { count: number; amount: string };
    paid: { tranches: number; amount: string };
    rejectedByReason: Record<string, number>;
    escalations: number;
    stalledNow: number;
  };
  longestStalled: DigestStalledCase[];
}

type Language = 'fa' | 'en';
const words: Record<Language, DigestTranslation> = { fa: digestFa, en: digestEn };
const levelNames: readonly DigestLevel[] = ['none', 'reminder', 'governors_office', 'province', 'abandoned'];
const MS_PER_DAY = 86_400_000;

interface Section {
  language: Language;
  subject: string;
  intro: string;
  figures: Array<[string, string]>;
  stalledHeading: string;
  stalled: Array<{ cells: string[]; link: string }>;
}

/** Persian first (RTL), English beneath, in both an HTML and a plain-text part, like the escalation emails. */
export function renderDigestEmail(digest: WeeklyDigest, config: EscalationLinkConfig): RenderedEmail {
  const sections = (['fa', 'en'] as const).map((language) => section(language, digest, config));
  const subject = cleanLine(sections.map((s) => s.subject).join(' | '), 400);
  const text = [...sections.flatMap((s, index) => [...(index > 0 ? ['', '----------------------------------------', ''] : []), ...textSection(s)]), ''].join('\n');
  const html = `<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;">
${sections.map(htmlSection).join('\n<hr style="border:none;border-top:1px solid #cccccc;margin:24px 0;">\n')}
</body>
</html>
`;
  return { subject, text, html };
}

function section(language: Language, digest: WeeklyDigest, config: EscalationLinkConfig): Section {
  const t = words[language];
  const number = (value: number | string): string => localDigits(language, groupThousands(String(value)));
  const { county } = digest;
  const rejected = rejectionReasons.filter((reason) => (county.rejectedByReason[reason] ?? 0) > 0);
  return {
    language,
    subject: t.subject(weekText(language, digest.week, false)),
    intro: t.intro(weekText(language, digest.week, true), formatInstant(language, new Date(digest.asOf))),
    figures: [
      [t.figures.submitted, number(county.submitted)],
      [t.figures.approved, t.applicationsAmount(number(county.approved.count), number(county.approved.amount))],
      [t.figures.paid, t.tranchesAmount(number(county.paid.tranches), number(county.paid.amount))],
      [t.figures.rejected, rejected.length === 0 ? t.noRejections : rejected.map((r) => `${t.rejectionReasons[r]}: ${number(county.rejectedByReason[r] ?? 0)}`).join(language === 'fa' ? '، ' : '; ')],
      [t.figures.escalations, number(county.escalations)],
      [t.figures.stalledNow, number(county.stalledNow)],
    ],
    stalledHeading: t.stalledHeading(number(digest.longestStalled.length), number(county.stalledNow)),
    stalled: digest.longestStalled.map((c) => ({
      cells: [
        cleanLine(c.applicationId, 100),
        cleanLine(c.agencyReference, 100),
        holderName(language, c.holder),
        waitingForLabel(language, c.waitingFor),
        number(c.workingDaysWaited),
        t.levels[levelNames[c.escalationLevel] ?? 'none'],
      ],
      link: escalationLinks(c.applicationId, config).application,
    })),
  };
}

/** `1405/08/30 – 1405/09/06`, and in the body the Gregorian beside it: `(2026/11/21 – 2026/11/27)`. */
function weekText(language: Language, week: WeeklyDigest['week'], withGregorian: boolean): string {
  const first = new Date(week.from);
  const last = new Date(new Date(week.to).getTime() - MS_PER_DAY);
  const gregorian = (d: Date) => new Date(d.getTime() + IRAN_UTC_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '/');
  const jalali = (d: Date) => formatJalali(jalaliDateInIran(d));
  const jalaliRange = `${jalali(first)} – ${jalali(last)}`;
  return localDigits(language, withGregorian ? `${jalaliRange} (${gregorian(first)} – ${gregorian(last)})` : jalaliRange);
}

function holderName(language: Language, holder: DigestStalledCase['holder']): string {
  if (!holder) return '—';
  const name = cleanLine(language === 'fa' ? holder.nameFa || holder.name : holder.name, 150);
  return name || cleanLine(holder.id, 100);
}

/** The escalation emails' words for each wait; anything else is shown as it is. */
function waitingForLabel(language: Language, waitingFor: string): string {
  const labels: Record<string, string> = (language === 'fa' ? fa : en).waitingFor;
  return Object.hasOwn(labels, waitingFor) ? labels[waitingFor]! : cleanLine(waitingFor, 100);
}

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** Persian digits and separators in Persian; ASCII in English. */
const localDigits = (language: Language, value: string): string =>
  language === 'fa' ? toPersianDigits(value).replace(/,/g, '٬').replace(/\./g, '٫') : value;

function columnsOf(t: DigestTranslation): string[] {
  const c = t.columns;
  return [c.application, c.agencyReference, c.holder, c.waitingFor, c.workingDaysWaited, c.level];
}

function textSection(s: Section): string[] {
  const t = words[s.language];
  const columns = columnsOf(t);
  return [
    s.intro,
    '',
    t.figuresHeading,
    ...s.figures.map(([label, value]) => `  ${label}: ${value}`),
    '',
    s.stalledHeading,
    ...(s.stalled.length === 0 ? [`  ${t.noStalled}`] : []),
    ...s.stalled.flatMap((row, index) => [
      `  ${s.language === 'fa' ? toPersianDigits(String(index + 1)) : index + 1}. ${row.cells.map((cell, i) => `${columns[i]}: ${cell}`).join(' | ')}`,
      `     ${row.link}`,
    ]),
    '',
    t.footer,
  ];
}

function htmlSection(s: Section): string {
  const t = words[s.language];
  const dir = s.language === 'fa' ? 'rtl' : 'ltr';
  const align = s.language === 'fa' ? 'right' : 'left';
  const font = s.language === 'fa' ? 'Vazirmatn, Tahoma, sans-serif' : 'Arial, Helvetica, sans-serif';
  const cell = (tag: 'th' | 'td', content: string) => `<${tag} style="text-align:${align};padding:4px 8px;border-bottom:1px solid #dddddd;vertical-align:top;">${content}</${tag}>`;
  const figures = s.figures.map(([label, value]) => `    <tr>${cell('th', escapeHtml(label))}${cell('td', `<bdi>${escapeHtml(value)}</bdi>`)}</tr>`).join('\n');
  const stalled =
    s.stalled.length === 0
      ? `  <p>${escapeHtml(t.noStalled)}</p>`
      : `  <table dir="${dir}" style="border-collapse:collapse;">
    <tr>${columnsOf(t).map((c) => cell('th', escapeHtml(c))).join('')}</tr>
${s.stalled
  .map(
    (row) =>
      `    <tr>${cell('td', `<a href="${escapeHtml(row.link)}"><bdi>${escapeHtml(row.cells[0] ?? '')}</bdi></a>`)}${row.cells
        .slice(1)
        .map((value) => cell('td', `<bdi>${escapeHtml(value)}</bdi>`))
        .join('')}</tr>`,
  )
  .join('\n')}
  </table>`;
  return `<div dir="${dir}" lang="${s.language}" style="font-family:${font};text-align:${align};line-height:1.7;">
  <p>${escapeHtml(s.intro)}</p>
  <h2 style="font-size:1.1em;">${escapeHtml(t.figuresHeading)}</h2>
  <table dir="${dir}" style="border-collapse:collapse;">
${figures}
  </table>
  <h2 style="font-size:1.1em;">${escapeHtml(s.stalledHeading)}</h2>
${stalled}
  <p style="color:#666666;font-size:small;">${escapeHtml(t.footer)}</p>
</div>`;
}
