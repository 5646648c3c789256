import type { RequestHandler } from 'express';
import { escalationLevelNumber } from '../../domain/contract';
import { waitOfApplication } from '../../domain/current-wait';
import { calendarOf, type EscalationPolicy } from '../../domain/deadlines';
import type { NotificationLevel } from '../../domain/escalation';
import type { Stage } from '../../domain/vocabulary';
import { html, type SafeHtml } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import type { StalledCase } from '../workflow-gateway';
import { consolePage, errorSummary } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleView, type ConsoleView, organizationName } from './console-view';
import { deadlineCell } from './inbox-page';
import { caseWorkWords } from './words/case-work';
import { pager, parseFilters } from './list-filters';
import { type InboxWords, inboxWords } from './words/inbox-words';

const PAGE_SIZE = 100;

interface StalledRow {
  stalled: StalledCase;
  reference: string;
  applicantName: string;
  expected: string;
  holder: string;
  daysOverdue: number | null;
  /** Working days an official added to this wait. */
  extendedDays: number;
}

/**
 * GET /console/stalled: the cases past their deadline, read from Temporal's visibility as
 * GET /stalled-cases reads them, the longest overdue first, with what the database adds (the
 * reference, the applicant, the holder's name).
 */
export function stalledPage({ prisma, fields, workflows, logger }: Pick<ConsoleDependencies, 'prisma' | 'fields' | 'workflows' | 'logger'>): RequestHandler {
  return async (req, res) => {
    const view = consoleView(req, res);
    const words = inboxWords[view.language];
    const { filters, errors } = parseFilters({ ...(view.query.page ? { page: view.query.page } : {}) }, { stages: [] }, words);
    if (errors.length > 0) return sendPage(res, stalledDocument(view, words, errorSummary(view, errors)), 400);
    const now = new Date();
    let stalled: StalledCase[];
    try {
      stalled = await workflows.stalledCases({ now });
    } catch (error) {
      logger?.warn({ err: error }, 'the stalled cases could not be read from visibility');
      return sendPage(res, stalledDocument(view, words, html`<p class="notice" role="alert">${words.stalled.unavailable}</p>`), 503);
    }
    const pages = Math.max(1, Math.ceil(stalled.length / PAGE_SIZE));
    const shown = stalled.slice((filters.page - 1) * PAGE_SIZE, filters.page * PAGE_SIZE);
    const ids = shown.map((s) => s.applicationId);
    const holderIds = [...new Set(shown.flatMap((s) => (s.holdingOrganizationId ? [s.holdingOrganizationId] : [])))];
    const [applications, holders] = await Promise.all([
      prisma.application.findMany({
        where: { id: { in: ids } },
        select: { id: true, agencyReference: true, stage: true, reviewStep: true, agencyId: true, bankId: true, extensionWaitId: true, extensionDays: true, applicant: { select: { fullName: true } } },
      }),
      prisma.organization.findMany({ where: { id: { in: holderIds } }, select: { id: true, name: true, nameFa: true } }),
    ]);
    const byId = new Map(applications.map((a) => [a.id, a]));
    const holderById = new Map(holders.map((o) => [o.id, organizationName(view, o)]));
    const rows = shown.map((s): StalledRow => {
      const application = byId.get(s.applicationId);
      const wait = application ? waitOfApplication(application) : null;
      return {
        stalled: s,
        reference: application?.agencyReference ?? s.applicationId,
        applicantName: application ? fields.open(application.applicant.fullName) : '',
        expected: wait ? words.waits[wait.kind] : view.pageWords.stages[s.stage as Stage] ?? s.stage,
        holder: s.holdingOrganizationId ? holderById.get(s.holdingOrganizationId) ?? s.holdingOrganizationId : words.none,
        daysOverdue: workingDaysOverdue(workflows.escalation, s.deadline, now),
        // Days an official granted to a wait of this kind: the deadline shown already includes them.
        extendedDays: wait && application?.extensionWaitId?.startsWith(`${wait.kind}#`) ? application.extensionDays : 0,
      };
    });
    const body =
      stalled.length === 0
        ? html`<p class="notice">${words.stalled.empty}</p>`
        : html`<p>${words.count(view.formats.whole(rows.length), view.formats.whole(stalled.length))}</p>${stalledTable(view, words, rows)}${pager(view, words, filters.page, pages)}`;
    sendPage(res, stalledDocument(view, words, body));
  };
}

/** Working days from the deadline to now on the configured calendar; unknown without a policy. */
function workingDaysOverdue(policy: EscalationPolicy | undefined, deadline: Date, now: Date): number | null {
  if (!policy) return null;
  return calendarOf(policy).workingDaysBetween(deadline, now, { dayLengthMs: policy.dayLengthMs });
}

const levelOf = (level: number): NotificationLevel | 'none' =>
  (Object.entries(escalationLevelNumber).find(([, n]) => n === level)?.[0] as NotificationLevel | 'none' | undefined) ?? 'none';

function stalledDocument(view: ConsoleView, words: InboxWords, body: SafeHtml): string {
  return consolePage(view, words.stalled.title, html`<h1>${words.stalled.title}</h1><p class="intro">${words.stalled.intro}</p>${body}`);
}

function stalledTable(view: ConsoleView, words: InboxWords, rows: StalledRow[]): SafeHtml {
  const { columns } = words;
  return html`<div class="table-wrap" role="region" aria-label="${words.stalled.caption}" tabindex="0">
<table class="case-list">
<caption>${words.stalled.caption}</caption>
<thead><tr><th scope="col">${columns.reference}</th><th scope="col">${columns.applicant}</th><th scope="col">${columns.holder}</th><th scope="col">${columns.expected}</th><th scope="col">${columns.deadline}</th><th scope="col">${columns.overdue}</th><th scope="col">${columns.escalation}</th></tr></thead>
<tbody>${rows.map(
    (row) => html`<tr>
<th scope="row"><a href="/console/cases/${encodeURIComponent(row.stalled.applicationId)}" dir="auto">${row.reference}</a></th>
<td dir="auto">${row.applicantName}</td>
<td>${row.holder}</td>
<td>${row.expected}</td>
<td>${deadlineCell(view, words, row.stalled.deadline, true)}${
      row.extendedDays > 0 ? html` <span class="hint">${caseWorkWords[view.language].extended(view.formats.whole(row.extendedDays))}</span>` : ''
    }</td>
<td class="num">${row.daysOverdue === null ? words.none : words.stalled.daysOverdue(view.formats.whole(row.daysOverdue))}</td>
<td>${words.levels[levelOf(row.stalled.escalationLevel)]}</td>
</tr>`,
  )}</tbody>
</table>
</div>`;
}
