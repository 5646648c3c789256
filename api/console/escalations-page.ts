import type { RequestHandler } from 'express';
import { iranTimeOfDayMs } from '../../domain/calendar';
import type { WaitKind } from '../../domain/deadlines';
import type { NotificationLevel } from '../../domain/escalation';
import { outgoingEmailIdFor } from '../../mail/outbox-ids';
import { deliveriesOf, type EscalationDelivery } from '../escalation-delivery';
import { html, type SafeHtml } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { consolePage, errorSummary } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound } from './console-session';
import { consoleView, type ConsoleView, organizationName } from './console-view';
import { pager, parseFilters } from './list-filters';
import { type DeliveryWords, deliveryWords } from './words/delivery';
import { type InboxWords, inboxWords } from './words/inbox-words';

const PAGE_SIZE = 50;

const escalationColumns = {
  id: true,
  applicationId: true,
  escalationKey: true,
  step: true,
  level: true,
  holderOrgId: true,
  waitingSince: true,
  deadline: true,
  createdAt: true,
  application: { select: { agencyReference: true } },
} as const;

interface EscalationRow {
  id: bigint;
  applicationId: string;
  escalationKey: string;
  step: string;
  level: string;
  holderOrgId: string | null;
  waitingSince: Date;
  deadline: Date;
  createdAt: Date;
  application: { agencyReference: string };
}

/** GET /console/escalations: every reminder and escalation recorded, the newest first. */
export function escalationsPage({ prisma }: Pick<ConsoleDependencies, 'prisma'>): RequestHandler {
  return async (req, res) => {
    const view = consoleView(req, res);
    const words = inboxWords[view.language];
    const { filters, errors } = parseFilters({ ...(view.query.page ? { page: view.query.page } : {}) }, { stages: [] }, words);
    if (errors.length > 0) return sendPage(res, listDocument(view, words, errorSummary(view, errors)), 400);
    const [total, rows] = await Promise.all([
      prisma.escalation.count(),
      prisma.escalation.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (filters.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: escalationColumns }),
    ]);
    const [holders, deliveries] = await Promise.all([holderNames(prisma, view, rows), deliveriesOf(prisma, rows)]);
    const body =
      total === 0
        ? html`<p class="notice">${words.escalations.empty}</p>`
        : html`${escalationsTable(view, words, rows, holders, deliveries)}${pager(view, words, filters.page, Math.max(1, Math.ceil(total / PAGE_SIZE)))}`;
    sendPage(res, listDocument(view, words, body));
  };
}

/** GET /console/escalations/:id: the escalation and the email sent for it, its body as text. */
export function escalationEmailPage({ prisma }: Pick<ConsoleDependencies, 'prisma'>): RequestHandler {
  return async (req, res) => {
    const id = String(req.params.id);
    if (!/^\d{1,18}$/.test(id)) return consoleNotFound(req, res);
    const escalation = await prisma.escalation.findUnique({ where: { id: BigInt(id) }, select: escalationColumns });
    if (!escalation) return consoleNotFound(req, res);
    const view = consoleView(req, res);
    const words = inboxWords[view.language];
    // The email's id follows from the escalation's key: the outbox names it so that a retry finds it.
    const [email, holders, deliveries] = await Promise.all([
      prisma.outgoingEmail.findUnique({
        where: { id: outgoingEmailIdFor(escalation.escalationKey) },
        select: { subject: true, status: true, sentAt: true, textBody: true, recipientStates: { select: { address: true, status: true, lastResponse: true }, orderBy: { address: 'asc' } } },
      }),
      holderNames(prisma, view, [escalation]),
      deliveriesOf(prisma, [escalation]),
    ]);
    const { email: w } = words;
    const title = w.title(escalation.application.agencyReference);
    const statusOf = (status: string) => w.statuses[status] ?? status;
    const emailPart = !email
      ? html`<p class="notice">${words.escalations.noEmail}</p>`
      : html`<dl class="email-facts">
<dt>${w.subject}</dt><dd dir="auto">${email.subject}</dd>
<dt>${w.status}</dt><dd>${statusOf(email.status)}</dd>
<dt>${w.sentAt}</dt><dd>${email.sentAt ? moment(view, email.sentAt) : w.notSent}</dd>
</dl>
<div class="table-wrap" role="region" aria-label="${w.recipients}" tabindex="0">
<table><caption>${w.recipients}</caption>
<thead><tr><th scope="col">${w.address}</th><th scope="col">${w.recipientStatus}</th><th scope="col">${w.lastResponse}</th></tr></thead>
<tbody>${email.recipientStates.map((r) => html`<tr><th scope="row" dir="ltr">${r.address}</th><td>${statusOf(r.status)}</td><td dir="ltr">${r.lastResponse ?? words.none}</td></tr>`)}</tbody>
</table></div>
<h2 id="email-body">${w.body}</h2>
<pre class="email-body" dir="auto" tabindex="0" aria-labelledby="email-body">${email.textBody}</pre>
${await interventionsPart(prisma, view, deliveries.get(escalation.escalationKey))}`;
    const page = html`<h1 dir="auto">${title}</h1>
${escalationsTable(view, words, [escalation], holders, deliveries, false)}
${emailPart}
<p><a href="/console/escalations">${w.back}</a></p>`;
    sendPage(res, consolePage(view, title, page));
  };
}

async function holderNames(prisma: ConsoleDependencies['prisma'], view: ConsoleView, rows: EscalationRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.holderOrgId ? [r.holderOrgId] : [])))];
  const organizations = await prisma.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, nameFa: true } });
  return new Map(organizations.map((o) => [o.id, organizationName(view, o)]));
}

const when = (view: ConsoleView, instant: Date): SafeHtml => html`<time datetime="${instant.toISOString()}">${view.formats.day(instant).jalali}</time>`;

/** The day and the Tehran time of a sending, with the Gregorian date beside for those comparing with mail logs. */
function moment(view: ConsoleView, instant: Date): SafeHtml {
  const minutes = Math.floor(iranTimeOfDayMs(instant) / 60_000);
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const day = view.formats.day(instant);
  return html`<time datetime="${instant.toISOString()}">${day.jalali} ${view.formats.digits(clock)}</time> <span class="gregorian">(${day.gregorian})</span>`;
}

function listDocument(view: ConsoleView, words: InboxWords, body: SafeHtml): string {
  return consolePage(view, words.escalations.title, html`<h1>${words.escalations.title}</h1><p class="intro">${words.escalations.intro}</p>${body}`);
}

function escalationsTable(view: ConsoleView, words: InboxWords, rows: EscalationRow[], holders: Map<string, string>, deliveries: Map<string, EscalationDelivery>, withLinks = true): SafeHtml {
  const { columns } = words;
  const delivery = deliveryWords[view.language];
  const caption = withLinks ? words.escalations.caption : words.email.escalation;
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0">
<table class="case-list">
<caption>${caption}</caption>
<thead><tr><th scope="col">${columns.reference}</th><th scope="col">${columns.step}</th><th scope="col">${columns.escalation}</th><th scope="col">${columns.holder}</th><th scope="col">${columns.waitingSince}</th><th scope="col">${columns.deadline}</th><th scope="col">${columns.recordedAt}</th><th scope="col">${delivery.column}</th>${withLinks ? html`<th scope="col">${columns.email}</th>` : ''}</tr></thead>
<tbody>${rows.map(
    (r) => html`<tr>
<th scope="row"><a href="/console/cases/${encodeURIComponent(r.applicationId)}" dir="auto">${r.application.agencyReference}</a></th>
<td>${words.waits[r.step as WaitKind] ?? r.step}</td>
<td>${words.levels[r.level as NotificationLevel] ?? r.level}</td>
<td>${r.holderOrgId ? holders.get(r.holderOrgId) ?? r.holderOrgId : words.none}</td>
<td>${when(view, r.waitingSince)}</td>
<td>${when(view, r.deadline)}</td>
<td>${when(view, r.createdAt)}</td>
<td>${deliveryBadge(delivery, deliveries.get(r.escalationKey))}</td>
${withLinks ? html`<td><a href="/console/escalations/${r.id.toString()}">${words.escalations.open}<span class="visually-hidden"> ${r.application.agencyReference}</span></a></td>` : ''}
</tr>`,
  )}</tbody>
</table>
</div>`;
}

/** The delivery status in words; `unconfirmed` marked so that it stands out from a delivered one. */
function deliveryBadge(words: DeliveryWords, delivery: EscalationDelivery | undefined): SafeHtml {
  const status = delivery?.status ?? 'queued';
  const tone = status === 'unconfirmed' ? ' badge-warning' : status === 'failed' ? ' badge-overdue' : '';
  return html`<span class="badge${tone}">${words.statuses[status]}</span>`;
}

/** What admins did about this email when it was left unconfirmed, and why. */
async function interventionsPart(prisma: ConsoleDependencies['prisma'], view: ConsoleView, delivery: EscalationDelivery | undefined): Promise<SafeHtml> {
  if (!delivery || delivery.interventions.length === 0) return html``;
  const t = deliveryWords[view.language].interventions;
  const admins = await prisma.user.findMany({ where: { id: { in: delivery.interventions.map((i) => i.adminUserId) } }, select: { id: true, name: true } });
  const names = new Map(admins.map((a) => [a.id, a.name]));
  return html`<h2 id="interventions">${t.title}</h2>
<div class="table-wrap" role="region" aria-labelledby="interventions" tabindex="0">
<table><caption>${t.caption}</caption>
<thead><tr><th scope="col">${t.at}</th><th scope="col">${t.action}</th><th scope="col">${t.by}</th><th scope="col">${t.reason}</th></tr></thead>
<tbody>${delivery.interventions.map(
    (i) => html`<tr><td>${moment(view, i.at)}</td><th scope="row">${t.actions[i.action] ?? i.action}</th><td dir="auto">${names.get(i.adminUserId) ?? i.adminUserId}</td><td dir="auto">${i.reason}</td></tr>`,
  )}</tbody>
</table></div>`;
}
