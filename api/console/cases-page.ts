import type { RequestHandler } from 'express';
import { stages, type Stage } from '../../domain/vocabulary';
import { visibleTo } from '../access';
import { html, type SafeHtml } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { consolePage, errorSummary, type FieldError } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { openApplicant } from '../../security/sealed-records';
import { consoleView, type ConsoleView, organizationName, personOf } from './console-view';
import { type FilterChoices, filterForm, filtersWhere, pager, parseFilters } from './list-filters';
import { type InboxWords, inboxWords } from './words/inbox-words';

const PAGE_SIZE = 50;

interface ListedCase {
  id: string;
  agencyReference: string;
  stage: string;
  district: string;
  submittedAt: Date;
  applicant: { fullName: string };
  agency: { name: string; nameFa: string };
  bank: { name: string; nameFa: string } | null;
}

/** GET /console/cases: every case the person may see (officials and admins: every case), newest first. */
export function casesPage({ prisma, fields }: Pick<ConsoleDependencies, 'prisma' | 'fields'>): RequestHandler {
  return async (req, res) => {
    const view = consoleView(req, res);
    const words = inboxWords[view.language];
    const { actor, role } = personOf(res);
    const oversees = role === 'official' || role === 'admin';
    const banks = oversees ? await prisma.organization.findMany({ where: { kind: 'bank' }, select: { id: true, name: true, nameFa: true }, orderBy: { id: 'asc' } }) : [];
    const choices: FilterChoices = {
      stages,
      districts: true,
      categories: true,
      ...(oversees ? { banks: banks.map((b) => ({ id: b.id, name: organizationName(view, b) })) } : {}),
    };
    const { filters, errors } = parseFilters(view.query, choices, words);
    if (errors.length > 0) return sendPage(res, casesDocument(view, words, choices, errors, [], 0, 1), 400);
    const where = { AND: [visibleTo(actor), ...filtersWhere(filters, fields)] };
    const [total, cases] = await Promise.all([
      prisma.application.count({ where }),
      prisma.application.findMany({
        where,
        orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
        skip: (filters.page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
        select: {
          id: true,
          agencyReference: true,
          stage: true,
          district: true,
          submittedAt: true,
          applicant: { select: { fullName: true } },
          agency: { select: { name: true, nameFa: true } },
          bank: { select: { name: true, nameFa: true } },
        },
      }),
    ]);
    const opened = cases.map((c) => ({ ...c, applicant: openApplicant(fields, c.applicant) }));
    sendPage(res, casesDocument(view, words, choices, [], opened, total, filters.page));
  };
}

function casesDocument(view: ConsoleView, words: InboxWords, choices: FilterChoices, errors: FieldError[], cases: ListedCase[], total: number, page: number): string {
  const { formats } = view;
  const body =
    errors.length > 0
      ? html``
      : total === 0
        ? html`<p class="notice">${words.cases.empty}</p>`
        : html`<p>${words.count(formats.whole(cases.length), formats.whole(total))}</p>
${casesTable(view, words, cases)}
${pager(view, words, page, Math.max(1, Math.ceil(total / PAGE_SIZE)))}`;
  return consolePage(
    view,
    words.cases.title,
    html`<h1>${words.cases.title}</h1>
<p class="intro">${words.cases.intro}</p>
${errorSummary(view, errors)}
${filterForm(view, words, choices, errors)}
${body}`,
  );
}

function casesTable(view: ConsoleView, words: InboxWords, cases: ListedCase[]): SafeHtml {
  const { columns } = words;
  const { pageWords, formats } = view;
  return html`<div class="table-wrap" role="region" aria-label="${words.cases.caption}" tabindex="0">
<table class="case-list">
<caption>${words.cases.caption}</caption>
<thead><tr><th scope="col">${columns.reference}</th><th scope="col">${columns.applicant}</th><th scope="col">${columns.stage}</th><th scope="col">${columns.agency}</th><th scope="col">${columns.bank}</th><th scope="col">${columns.district}</th><th scope="col">${columns.submitted}</th></tr></thead>
<tbody>${cases.map(
    (c) => html`<tr>
<th scope="row"><a href="/console/cases/${encodeURIComponent(c.id)}" dir="auto">${c.agencyReference}</a></th>
<td dir="auto">${c.applicant.fullName}</td>
<td>${pageWords.stages[c.stage as Stage] ?? c.stage}</td>
<td>${organizationName(view, c.agency)}</td>
<td>${c.bank ? organizationName(view, c.bank) : words.none}</td>
<td>${pageWords.districts[c.district as keyof typeof pageWords.districts] ?? c.district}</td>
<td><time datetime="${c.submittedAt.toISOString()}">${formats.day(c.submittedAt).jalali}</time></td>
</tr>`,
  )}</tbody>
</table>
</div>`;
}
