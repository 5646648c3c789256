import { jalaliMonthName } from '../../domain/calendar';
import { type Formats, type PeriodShown, periodDays, periodTitle } from './format';
import { html, type SafeHtml } from './html';
import type { PageWords } from './words';

/** What every page knows about its request: language, where it is, and the query it was asked with. */
export interface PageContext {
  words: PageWords;
  formats: Formats;
  /** The page's own path, e.g. /figures/banks. */
  path: string;
  /** The query as asked (period, filters, lang), for links that keep it. */
  query: Record<string, string>;
  /** Where the index of the figures is; absent on the public summary, which needs no key. */
  indexPath?: string;
}

const PERIOD_KEYS = ['year', 'quarter', 'month', 'from', 'to'];

/** The same page with some parameters changed (undefined removes one). */
export function linkTo(context: PageContext, changes: Record<string, string | undefined>, path = context.path): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...context.query, ...changes })) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Every page's <head>: the phone's width, the title, figures.css and any stylesheets of its own. */
export function documentHead(title: string, stylesheets: string[] = []): SafeHtml {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/figures.css">
${stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">
`)}<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>`;
}

export function pageShell(context: PageContext, title: string, main: SafeHtml): string {
  const { words } = context;
  const other = words.language === 'fa' ? 'en' : 'fa';
  return html`<!doctype html>
<html lang="${words.language}" dir="${words.dir}">
${documentHead(`${title} · ${words.site}`)}
<body>
<a class="skip-link" href="#main">${words.page.skip}</a>
<header class="site-header">
<p class="site-name">${words.site}</p>
<nav aria-label="${words.page.nav}">
<ul>
${context.path.startsWith('/console/') ? html`<li><a href="/console">${words.page.console}</a></li>` : ''}
${context.indexPath ? html`<li><a href="${linkTo(context, {}, context.indexPath)}">${words.page.index}</a></li>` : ''}
<li><a href="${linkTo(context, { lang: other === 'en' ? 'en' : undefined })}" hreflang="${other}" lang="${other}">${words.page.otherLanguage}</a></li>
</ul>
</nav>
</header>
<main id="main">
${main}
</main>
</body>
</html>
`.text;
}

/** The period the figures cover: its Jalali name, its first and last day in both calendars. */
export function periodLine(context: PageContext, period: PeriodShown): SafeHtml {
  const { words, formats } = context;
  const { first, last } = periodDays(period, formats);
  const gregorianFirst = new Date(period.from);
  const gregorianLast = new Date(new Date(period.to).getTime() - 1);
  return html`<p class="period"><strong>${words.page.period}:</strong> ${periodTitle(period, words, formats)} —
${words.period.range(first.jalali, last.jalali)} (${words.period.jalali}) ·
<time dir="ltr" datetime="${isoDay(gregorianFirst)}">${first.gregorian}</time> – <time dir="ltr" datetime="${isoDay(gregorianLast)}">${last.gregorian}</time> (${words.period.gregorian})</p>`;
}

const isoDay = (instant: Date): string => new Date(instant.getTime() + 3.5 * 3_600_000).toISOString().slice(0, 10);

/**
 * The period chooser: two plain GET forms (a Jalali year with a quarter or a month; or two
 * dates), so a browser without script sends the same parameters as the JSON takes. The other
 * parameters (filters, language) ride along as hidden fields.
 */
export function periodForms(context: PageContext, period: PeriodShown): SafeHtml {
  const { words, formats } = context;
  const q = context.query;
  const kept = Object.entries(q).filter(([key]) => !PERIOD_KEYS.includes(key));
  const hidden = kept.map(([key, value]) => html`<input type="hidden" name="${key}" value="${value}">`);
  const year = q.year ?? (period.label ?? '').slice(0, 4);
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const quarterName = (n: number) => `${words.period.quarter('', n).trim()} (${jalaliMonthName(n * 3 - 2, words.language)}–${jalaliMonthName(n * 3, words.language)})`;
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<div class="period-chooser">
<form method="get" action="${context.path}" class="period-form">
${hidden}
<fieldset>
<legend>${words.chooser.legendJalali}</legend>
<div class="field"><label for="period-year">${words.chooser.year}</label>
<p class="hint" id="period-year-hint">${words.chooser.yearHint}</p>
<input id="period-year" name="year" type="text" inputmode="numeric" size="6" autocomplete="off" aria-describedby="period-year-hint" value="${formats.digits(year)}"></div>
<div class="field"><label for="period-quarter">${words.chooser.quarter}</label>
<select id="period-quarter" name="quarter">${option('', words.chooser.whole, !q.quarter)}${[1, 2, 3, 4].map((n) => option(String(n), quarterName(n), q.quarter === String(n)))}</select></div>
<div class="field"><label for="period-month">${words.chooser.month}</label>
<select id="period-month" name="month">${option('', words.none, !q.month)}${months.map((n) => option(String(n), jalaliMonthName(n, words.language), Number(q.month) === n))}</select></div>
<button type="submit">${words.chooser.show}</button>
</fieldset>
</form>
<form method="get" action="${context.path}" class="period-form">
${hidden}
<fieldset>
<legend>${words.chooser.legendDates}</legend>
<p class="hint" id="period-dates-hint">${words.chooser.toHint}</p>
<div class="field"><label for="period-from">${words.chooser.from}</label>
<input id="period-from" name="from" type="date" aria-describedby="period-dates-hint" value="${q.from ?? ''}"></div>
<div class="field"><label for="period-to">${words.chooser.to}</label>
<input id="period-to" name="to" type="date" aria-describedby="period-dates-hint" value="${q.to ?? ''}"></div>
<button type="submit">${words.chooser.show}</button>
</fieldset>
</form>
</div>`;
}
