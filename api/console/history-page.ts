import { Router } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { visibleTo } from '../access';
import { buildTimeline, historyEvents, type TimelineEntry } from '../history';
import { html, type SafeHtml } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { idParams } from '../schemas/listing';
import { adminTable, momentOf } from './admin-parts';
import { consolePage } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound, consoleRole } from './console-session';
import { consoleView, type ConsoleView, personOf } from './console-view';
import { historyWords } from './words/history-words';

/**
 * A case's workflow history as a page, for those who run the system and the governor's office:
 * the timeline the JSON API builds from Temporal's history (`GET /applications/{id}/history`),
 * in the page's language, and the way to the same workflow in the Temporal Web UI.
 */
export function historyPageRoutes({ prisma, workflows, links }: ConsoleDependencies): Router {
  const router = Router();

  router.get('/cases/:id/history', consoleRole('admin', 'official'), async (req, res) => {
    const params = idParams.safeParse(req.params);
    if (!params.success) return consoleNotFound(req, res);
    const { id } = params.data;
    const visible = await prisma.application.count({ where: { AND: [{ id }, visibleTo(personOf(res).actor)] } });
    if (visible === 0) return consoleNotFound(req, res);
    // A case without its workflow (WorkflowNotFoundError) reaches the console's error page as its 404.
    const found = await workflows.history(id);
    const timeline = await buildTimeline(historyEvents(found.history), found.dataConverter, found.pendingActivities);
    const view = consoleView(req, res);
    const t = historyWords[view.language];
    const names = await organizationNames(prisma, timeline, view);
    const rows = timeline.map(
      (entry) => html`<tr><td>${momentOf(view, new Date(entry.at))}</td>
<th scope="row">${t.kinds[entry.kind] ?? entry.kind}${nowAt(view, entry)}</th>
<td>${entry.actor ? html`<span dir="ltr">${entry.actor.userId}</span> — ${names.get(entry.actor.organizationId) ?? entry.actor.organizationId}` : ''}</td>
<td lang="en" dir="ltr" class="history-account">${entry.summary}</td></tr>`,
    );
    const main = html`<h1>${t.title} <bdi dir="ltr">${id}</bdi></h1>
<p>${t.intro}</p>
<ul class="history-links">
<li><a href="/console/cases/${encodeURIComponent(id)}">${t.casePage}</a></li>
<li><a href="${links(id).workflowUi}" rel="noopener">${t.workflowUi}</a></li>
</ul>
<p>${t.status(t.statuses[found.status] ?? found.status)}</p>
${adminTable(t.caption, [t.when, t.event, t.who, t.account], rows)}`;
    sendPage(res, consolePage(view, `${t.title} ${id}`, main));
  });

  return router;
}

/** "Which organization" in the page's language: the history's actors carry only its id. */
async function organizationNames(prisma: PrismaClient, timeline: readonly TimelineEntry[], view: ConsoleView): Promise<Map<string, string>> {
  const ids = [...new Set(timeline.flatMap((entry) => (entry.actor ? [entry.actor.organizationId] : [])))];
  if (ids.length === 0) return new Map();
  const organizations = await prisma.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, nameFa: true } });
  return new Map(organizations.map((o) => [o.id, view.language === 'fa' ? o.nameFa : o.name]));
}

/** A completed step's outcome in the page's words (the account beside it is the engine's English). */
function nowAt(view: ConsoleView, entry: TimelineEntry): SafeHtml | '' {
  const stage = entry.kind === 'step.completed' ? entry.details?.stage : undefined;
  const stages: Record<string, string> = view.pageWords.stages;
  if (typeof stage !== 'string' || !Object.hasOwn(stages, stage)) return '';
  return html`<span class="history-stage">${historyWords[view.language].nowAt(stages[stage]!)}</span>`;
}
