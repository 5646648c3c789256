import { bankStepKinds } from '../figures/bank-step-times';
import { type BarChart, barChartSvg } from './charts';
import type { PeriodShown } from './format';
import { html, type SafeHtml } from './html';
import { type PageContext, linkTo, pageShell, periodForms, periodLine } from './layout';
import { columnsOf, figuresTable, type Leaves, leavesOf, rowLabel, type TableRow } from './tables';
import { figureLabel, type PageWords, wordOf } from './words';

/** What a figures route shows the caller: the answer (period, county) and its rows. */
export interface FiguresShown {
  body: { period: PeriodShown; county: object; filters?: object };
  rows: object[];
}

interface Rows {
  rows: TableRow[];
  county: TableRow;
}

/** A family's own layout: its charts, and its tables as groups of columns (by JSON path). */
interface Layout {
  charts: (rows: Rows, words: PageWords) => BarChart[];
  tables: { caption: (words: PageWords) => string; columns: (path: string) => boolean }[];
}

const amount = (leaves: Leaves, path: string): number => Number(leaves.get(path) ?? 0);
const under = (prefix: string) => (path: string) => path.startsWith(prefix);
const oneOf = (...paths: string[]) => (path: string) => paths.includes(path);

const amountsChart = (rows: Rows, words: PageWords, approved: string, paid: string): BarChart => ({
  title: words.charts.approvedVsPaid,
  categories: rows.rows.map((row) => row.label),
  series: [
    { name: words.figures[approved] ?? approved, values: rows.rows.map((row) => amount(row.leaves, approved)) },
    { name: words.figures[paid] ?? paid, values: rows.rows.map((row) => amount(row.leaves, paid)) },
  ],
});

/** A chart of the rows that have these figures (an absorption answer mixes banks and agencies). */
const chartOf = (rows: Rows, words: PageWords, title: string, paths: string[], scale = 1): BarChart => {
  const having = rows.rows.filter((row) => paths.some((path) => row.leaves.has(path)));
  return {
    title,
    categories: having.map((row) => row.label),
    series: paths.map((path) => ({ name: figureLabel(words, path), values: having.map((row) => amount(row.leaves, path) * scale) })),
  };
};

const spreadLayout: Layout = {
  charts: (rows, words) => [amountsChart(rows, words, 'approvedAmount', 'paidAmount')],
  tables: [{ caption: (words) => words.tables.progress, columns: () => true }],
};

const layouts: Record<string, Layout> = {
  banks: {
    charts: (rows, words) => {
      const reasons = [...rows.county.leaves.keys()].filter(under('rejectedByReason.'));
      return [
        amountsChart(rows, words, 'approved.amount', 'paid.amount'),
        {
          title: words.charts.obstacles,
          categories: reasons.map((path) => wordOf(words, path.slice('rejectedByReason.'.length))),
          series: [{ name: words.county, values: reasons.map((path) => amount(rows.county.leaves, path)) }],
        },
      ];
    },
    tables: [
      { caption: (words) => words.tables.amounts, columns: oneOf('approved.amount', 'paid.amount', 'approvedUnpaidAmount') },
      { caption: (words) => words.tables.cases, columns: (path) => !/^(inReviewNow|rejectedByReason|workingDaysPerStep)\./.test(path) },
      { caption: (words) => words.tables.inReviewNow, columns: under('inReviewNow.') },
      { caption: (words) => words.tables.obstacles, columns: under('rejectedByReason.') },
      // One small table per step rather than one of fifteen columns, so it fits a phone and an A4 page.
      ...bankStepKinds.map((step) => ({ caption: (words: PageWords) => `${words.tables.workingDays}: ${wordOf(words, step)}`, columns: under(`workingDaysPerStep.${step}.`) })),
    ],
  },
  agencies: {
    charts: (rows, words) => [
      {
        title: words.charts.jobs,
        categories: rows.rows.map((row) => row.label),
        series: ['jobsPromised', 'jobsConfirmed'].map((path) => ({ name: words.figures[path] ?? path, values: rows.rows.map((row) => amount(row.leaves, path)) })),
      },
    ],
    tables: [
      { caption: (words) => words.tables.progress, columns: oneOf('submitted', 'categorized', 'returnedForDocuments', 'ineligible', 'withdrawn', 'waitingNow') },
      { caption: (words) => words.tables.jobs, columns: () => true },
    ],
  },
  categories: spreadLayout,
  districts: spreadLayout,
  'fair-distribution': {
    charts: (rows, words) => [chartOf({ ...rows, rows: rows.rows.filter((row) => row.leaves.get('populationShare') !== undefined) }, words, words.charts.shares, ['populationShare', 'paidShare'], 100)],
    tables: [{ caption: (words) => words.families['fair-distribution']!.title, columns: () => true }],
  },
  absorption: {
    charts: (rows, words) => [
      chartOf(rows, words, words.charts.lending, ['lending.allocation', 'lending.paidAmount']),
      chartOf(rows, words, words.charts.jobsTargets, ['jobs.target', 'jobs.confirmed']),
    ],
    tables: [
      { caption: (words) => words.tables.banks, columns: under('lending.') },
      { caption: (words) => words.tables.agencies, columns: under('jobs.') },
    ],
  },
};

/** Any other family: one table of every figure its rows have. */
const genericLayout: Layout = { charts: () => [], tables: [{ caption: () => '', columns: () => true }] };

export function figuresPage(family: string, shown: FiguresShown, context: PageContext): string {
  const { words } = context;
  const heading = words.families[family] ?? { title: words.family(family), intro: '' };
  const layout = layouts[family] ?? genericLayout;
  const rows = tableRows(context, shown);
  const main = html`<h1>${heading.title}</h1>
${heading.intro ? html`<p class="intro">${heading.intro}</p>` : ''}
${periodLine(context, shown.body.period)}
${filtersLine(context, shown.body.filters)}
${sourceLine(context, shown.body)}
<p class="downloads"><a data-csv href="${linkTo(context, { lang: undefined, format: 'csv' })}" download>${words.page.csv}</a></p>
${periodForms(context, shown.body.period)}
${layout.charts(rows, words).filter((chart) => chart.categories.length > 0).map((chart) => chartFigure(context, chart))}
${tablesOf(context, layout, rows, heading.title)}`;
  return pageShell(context, heading.title, main);
}

export function tableRows(context: PageContext, shown: FiguresShown): Rows {
  const language = context.words.language;
  const rows = shown.rows.map((row) => {
    const leaves = leavesOf(row, language);
    return { label: rowLabel(context, leaves), leaves };
  });
  return { rows, county: { label: context.words.county, leaves: leavesOf(shown.body.county, language) } };
}

/** Each table of the layout takes the columns no earlier table took; what is left (a figure added later) still shows. */
function tablesOf(context: PageContext, layout: Layout, rows: Rows, title: string): SafeHtml[] {
  let remaining = columnsOf([rows.county.leaves, ...rows.rows.map((row) => row.leaves)]);
  return layout.tables.flatMap((table) => {
    const columns = remaining.filter(table.columns);
    remaining = remaining.filter((path) => !columns.includes(path));
    if (columns.length === 0) return [];
    const having = rows.rows.filter((row) => columns.some((path) => row.leaves.has(path)));
    return [figuresTable(context, table.caption(context.words) || title, columns, having, rows.county)];
  });
}

export function chartFigure(context: PageContext, chart: BarChart): SafeHtml {
  return html`<figure class="chart">
<figcaption>${chart.title}</figcaption>
${barChartSvg(chart, context.words, context.formats)}
</figure>`;
}

/** Where figures come from, when the answer names it (the census behind fair distribution). */
function sourceLine(context: PageContext, body: object): SafeHtml | '' {
  const source = (body as { source?: { en?: unknown; fa?: unknown } }).source;
  const text = source?.[context.words.language];
  return typeof text === 'string' ? html`<p class="source"><strong>${context.words.page.source}:</strong> ${context.formats.digits(text)}</p>` : '';
}

function filtersLine(context: PageContext, filters: object | undefined): SafeHtml | '' {
  const given = Object.entries(filters ?? {}).filter(([, value]) => typeof value === 'string');
  if (given.length === 0) return '';
  const { words } = context;
  return html`<p class="filters"><strong>${words.page.filtersApplied}:</strong> ${given.map(([key, value], i) => html`${i > 0 ? (words.language === 'fa' ? '، ' : ', ') : ''}${words.filters[key] ?? key}: ${context.formats.digits(wordOf(words, String(value)))}`)}</p>`;
}

/** GET /figures as a page: a link to every family, keeping the period and language. */
export function indexPage(families: string[], context: PageContext, period: PeriodShown): string {
  const { words } = context;
  const main = html`<h1>${words.page.index}</h1>
<p class="intro">${words.page.indexIntro}</p>
${periodLine(context, period)}
${periodForms(context, period)}
<ul class="families">
${families.map((family) => html`<li><a href="${linkTo(context, {}, `${context.path}/${family}`)}">${(words.families[family] ?? { title: words.family(family) }).title}</a>
${words.families[family]?.intro ? html`<p>${words.families[family]!.intro}</p>` : ''}</li>`)}
</ul>`;
  return pageShell(context, words.page.index, main);
}
