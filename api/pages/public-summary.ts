import type { PublicFigures } from '../routes/public-figures';
import { chartFigure, tableRows } from './figures-pages';
import { html } from './html';
import { type PageContext, linkTo, pageShell, periodForms, periodLine } from './layout';
import { columnsOf, figuresTable, type TableRow } from './tables';

/** /public/figures as a page: the county's totals, then each bank's, agency's and district's. */
export function publicSummaryPage(figures: PublicFigures, context: PageContext): string {
  const { words } = context;
  const section = (rows: object[]) => tableRows(context, { body: { period: figures.period, county: figures.county }, rows });
  const banks = section(figures.banks);
  const agencies = section(figures.agencies);
  const districts = section(figures.districts);
  const table = (caption: string, rows: TableRow[], county?: TableRow) =>
    rows.length === 0 && !county ? '' : figuresTable(context, caption, columnsOf([...rows.map((r) => r.leaves), ...(county ? [county.leaves] : [])]), rows, county);
  const series = (rows: TableRow[], paths: string[]) =>
    paths.map((path) => ({ name: words.figures[path] ?? path, values: rows.map((row) => Number(row.leaves.get(path) ?? 0)) }));
  const chart = (title: string, rows: TableRow[], paths: string[]) =>
    rows.length === 0 ? '' : chartFigure(context, { title, categories: rows.map((row) => row.label), series: series(rows, paths) });
  const main = html`<h1>${words.page.publicSummary}</h1>
<p class="intro">${words.page.publicIntro}</p>
${periodLine(context, figures.period)}
<p class="downloads"><a data-csv href="${linkTo(context, { lang: undefined, format: 'csv' })}" download>${words.page.csv}</a></p>
${periodForms(context, figures.period)}
<section aria-labelledby="totals">
<h2 id="totals">${words.tables.totals}</h2>
${table(words.tables.totals, [], districts.county)}
${chart(words.charts.countyByDistrict, districts.rows, ['approvedAmount', 'paidAmount'])}
${table(words.tables.districts, districts.rows, districts.county)}
</section>
<section aria-labelledby="banks">
<h2 id="banks">${words.tables.banks}</h2>
${chart(words.charts.approvedVsPaid, banks.rows, ['approvedAmount', 'paidAmount'])}
${table(words.tables.banks, banks.rows)}
</section>
<section aria-labelledby="agencies">
<h2 id="agencies">${words.tables.agencies}</h2>
${chart(words.charts.jobs, agencies.rows, ['jobsPromised', 'jobsConfirmed'])}
${table(words.tables.agencies, agencies.rows)}
</section>`;
  return pageShell(context, words.page.publicSummary, main);
}
