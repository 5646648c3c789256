import type { RequestHandler } from 'express';
import { html, type SafeHtml } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { consolePage, errorSummary, type FieldError } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleView, type ConsoleView, personOf } from './console-view';
import { heldStages, type InboxCase, inboxCases } from './inbox-cases';
import { type FilterChoices, filterForm, pager, parseFilters } from './list-filters';
import { type InboxWords, inboxWords } from './words/inbox-words';

const PAGE_SIZE = 100;

/** GET /console/inbox: the cases waiting for the person's organization, the earliest deadline first. */
export function inboxPage({ prisma, fields, workflows }: Pick<ConsoleDependencies, 'prisma' | 'fields' | 'workflows'>): RequestHandler {
  return async (req, res) => {
    const view = consoleView(req, res);
    const words = inboxWords[view.language];
    const person = personOf(res);
    const role = person.role === 'bank' ? 'bank' : 'agency';
    const choices: FilterChoices = { stages: heldStages[role] };
    const { filters, errors } = parseFilters(view.query, choices, words);
    if (errors.length > 0) return sendPage(res, inboxDocument(view, words, choices, errors, [], 1), 400);
    const now = new Date();
    const cases = await inboxCases({ prisma, fields }, { ...person.actor, role }, filters, workflows.escalation, now);
    sendPage(res, inboxDocument(view, words, choices, [], cases, filters.page, now));
  };
}

function inboxDocument(
  view: ConsoleView,
  words: InboxWords,
  choices: FilterChoices,
  errors: FieldError[],
  cases: InboxCase[],
  page: number,
  now = new Date(),
): string {
  const pages = Math.max(1, Math.ceil(cases.length / PAGE_SIZE));
  const shown = cases.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const { formats } = view;
  return consolePage(
    view,
    words.inbox.title,
    html`<h1>${words.inbox.title}</h1>
<p class="intro">${words.inbox.intro}</p>
${errorSummary(view, errors)}
${filterForm(view, words, choices, errors)}
${errors.length > 0 ? '' : cases.length === 0 ? html`<p class="notice">${words.inbox.empty}</p>` : html`<p>${words.count(formats.whole(shown.length), formats.whole(cases.length))}</p>
${inboxTable(view, words, shown, now)}
${pager(view, words, page, pages)}`}`,
  );
}

function inboxTable(view: ConsoleView, words: InboxWords, cases: InboxCase[], now: Date): SafeHtml {
  const { columns } = words;
  const { formats, pageWords } = view;
  return html`<div class="table-wrap" role="region" aria-label="${words.inbox.caption}" tabindex="0">
<table class="case-list">
<caption>${words.inbox.caption}</caption>
<thead><tr><th scope="col">${columns.reference}</th><th scope="col">${columns.applicant}</th><th scope="col">${columns.stage}</th><th scope="col">${columns.expected}</th><th scope="col">${columns.waited}</th><th scope="col">${columns.escalation}</th><th scope="col">${columns.deadline}</th></tr></thead>
<tbody>${cases.map((c) => {
    const overdue = c.wait.deadline !== null && c.wait.deadline.getTime() < now.getTime();
    return html`<tr${overdue ? html` class="overdue"` : ''}>
<th scope="row"><a href="/console/cases/${encodeURIComponent(c.id)}" dir="auto">${c.agencyReference}</a></th>
<td dir="auto">${c.applicantName}</td>
<td>${pageWords.stages[c.stage]}</td>
<td>${words.waits[c.wait.kind]}</td>
<td class="num">${c.wait.workingDaysWaited === null ? words.none : formats.whole(c.wait.workingDaysWaited)}</td>
<td>${c.escalation ? html`<span class="badge${c.escalation === 'reminder' ? '' : ' badge-warning'}">${words.levels[c.escalation]}</span>` : words.levels.none}</td>
<td>${c.wait.deadline ? deadlineCell(view, words, c.wait.deadline, overdue) : words.none}</td>
</tr>`;
  })}</tbody>
</table>
</div>`;
}

/** The deadline in Jalali, the machine-readable instant beside it, and a badge when it has passed. */
export function deadlineCell(view: ConsoleView, words: InboxWords, deadline: Date, overdue: boolean): SafeHtml {
  return html`<time datetime="${deadline.toISOString()}">${view.formats.day(deadline).jalali}</time>${overdue ? html` <span class="badge badge-overdue">${words.overdue}</span>` : ''}`;
}
