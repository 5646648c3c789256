import type { WaitKind } from '../../domain/deadlines';
import type { NotificationLevel } from '../../domain/escalation';
import type { IneligibilityReason, RejectionReason } from '../../domain/vocabulary';
import { en as mailEn } from '../../mail/translations/en';
import { fa as mailFa } from '../../mail/translations/fa';
import type { TimelineDelivery } from '../escalation-delivery';
import { html, type SafeHtml } from '../pages/html';
import type { ConsoleView } from './console-view';
import type { CaseWords } from './words/case-words';
import type { ReassignmentReason } from '../../domain/reassignment';
import { type CaseWorkWords, caseWorkWords } from './words/case-work';
import { deliveryWords } from './words/delivery';

/** The rows of the timeline, as the case page reads them from the database. */
export interface TimelineStep {
  step: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  comment: string | null;
  data: unknown;
}
export interface TimelineEscalation {
  /** Names its email: the delivery status is looked up by it. */
  escalationKey?: string;
  step: string;
  level: string;
  holderOrgId: string | null;
  deadline: Date;
  createdAt: Date;
}
export interface TimelinePayment {
  trancheNumber: number;
  amount: string;
  paymentReference: string;
  paidAt: Date;
}
export interface TimelineNames {
  /** People by user id. */
  people: Map<string, string>;
  /** Organizations by id, in the page's language. */
  organizations: Map<string, string>;
}

/** A moment as a person reads it: the Jalali day and Tehran's time, the instant in `datetime`. */
export function when(view: ConsoleView, instant: Date): SafeHtml {
  const day = view.formats.day(instant);
  const time = instant.toLocaleTimeString(view.language === 'fa' ? 'fa-IR' : 'en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', minute: '2-digit' });
  return html`<time datetime="${instant.toISOString()}">${day.jalali} <span class="time-of-day">${time}</span></time>`;
}

/**
 * Steps, the reminders and escalations sent while the case waited (with how far each email got),
 * and the admins' actions on an email left unconfirmed, oldest first.
 */
export function timelineTable(
  view: ConsoleView,
  words: CaseWords,
  steps: TimelineStep[],
  escalations: TimelineEscalation[],
  names: TimelineNames,
  delivery: TimelineDelivery = { statuses: new Map(), interventions: [] },
): SafeHtml {
  const t = words.timeline;
  const d = deliveryWords[view.language];
  const mail = view.language === 'fa' ? mailFa : mailEn;
  const rows = [
    ...steps.map((s) => ({
      at: s.occurredAt,
      cells: html`<th scope="row">${words.steps[s.step as keyof CaseWords['steps']] ?? caseWorkWords[view.language].kinds[s.step as keyof CaseWorkWords['kinds']] ?? s.step}</th>
<td>${s.actorUserId ? html`${names.people.get(s.actorUserId) ?? s.actorUserId}<br><span class="organization">${names.organizations.get(s.actorOrgId ?? '') ?? s.actorOrgId}</span>` : t.system}</td>
<td>${stepData(view, words, s.step, s.data, names)}${s.comment ? html`<p class="step-comment" dir="auto">${s.comment}</p>` : ''}</td>`,
    })),
    ...escalations.map((e) => ({
      at: e.createdAt,
      cells: html`<th scope="row">${t.reminder(mail.levels[e.level as NotificationLevel] ?? e.level)}</th>
<td>${t.system}</td>
<td><dl class="step-data"><dt>${t.waitingFor}</dt><dd>${mail.waitingFor[e.step as WaitKind] ?? e.step}${
        e.holderOrgId ? html` — ${names.organizations.get(e.holderOrgId) ?? e.holderOrgId}` : ''
      }</dd><dt>${t.deadline}</dt><dd>${when(view, e.deadline)}</dd><dt>${d.column}</dt><dd>${d.statuses[delivery.statuses.get(e.escalationKey ?? '') ?? 'queued']}</dd></dl></td>`,
    })),
    ...delivery.interventions.map((i) => ({
      at: i.at,
      cells: html`<th scope="row">${d.interventions.timeline(d.interventions.actions[i.action] ?? i.action)}</th>
<td><span dir="auto">${i.adminName}</span></td>
<td><dl class="step-data"><dt>${d.interventions.reason}</dt><dd dir="auto">${i.reason}</dd></dl></td>`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (rows.length === 0) return html`<p>${t.empty}</p>`;
  return html`<div class="table-wrap"><table class="timeline">
<caption>${t.caption}</caption>
<thead><tr><th scope="col">${t.when}</th><th scope="col">${t.what}</th><th scope="col">${t.who}</th><th scope="col">${t.details}</th></tr></thead>
<tbody>${rows.map((row) => html`<tr><td class="when">${when(view, row.at)}</td>${row.cells}</tr>`)}</tbody>
</table></div>`;
}

/** The tranches paid, from the payments table. */
export function paymentsTable(view: ConsoleView, words: CaseWords, payments: TimelinePayment[]): SafeHtml {
  const p = words.payments;
  if (payments.length === 0) return html`<p>${p.empty}</p>`;
  return html`<div class="table-wrap"><table>
<caption>${p.caption}</caption>
<thead><tr><th scope="col">${p.tranche}</th><th scope="col">${p.amount}</th><th scope="col">${p.reference}</th><th scope="col">${p.paidAt}</th></tr></thead>
<tbody>${payments.map(
    (payment) => html`<tr><th scope="row">${view.formats.digits(payment.trancheNumber)}</th><td class="num">${view.formats.whole(payment.amount)}</td><td dir="ltr">${payment.paymentReference}</td><td>${when(view, payment.paidAt)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

/** A step's data as words: the labels of the form that took it, enums in words, amounts grouped. */
function stepData(view: ConsoleView, words: CaseWords, step: string, data: unknown, names: TimelineNames): SafeHtml {
  if (data === null || typeof data !== 'object') return html``;
  const shown = step === 'submit' ? submissionSummary(data as Record<string, unknown>) : (data as Record<string, unknown>);
  const entries = Object.entries(shown).filter(([, value]) => value !== undefined && value !== null);
  if (entries.length === 0) return html``;
  const label = (key: string): string =>
    (words.stepFields as Record<string, string>)[key] ?? (words.fields as Record<string, string>)[key] ?? (caseWorkWords[view.language].fields as Record<string, string>)[key] ?? key;
  return html`<dl class="step-data">${entries.map(([key, value]) => html`<dt>${label(key)}</dt><dd>${valueOf(view, words, step, key, value, names)}</dd>`)}</dl>`;
}

const submissionSummary = (data: Record<string, unknown>) => ({ requestedAmount: data.requestedAmount, jobsCommitted: data.jobsCommitted });

function valueOf(view: ConsoleView, words: CaseWords, step: string, key: string, value: unknown, names: TimelineNames): SafeHtml | string {
  const { pageWords, formats } = view;
  if (Array.isArray(value)) return html`<ul>${value.map((item) => html`<li dir="auto">${String(item)}</li>`)}</ul>`;
  if (typeof value === 'boolean') return value ? pageWords.yes : pageWords.no;
  const text = String(value);
  switch (key) {
    case 'amount':
      // Its label says the unit.
      return formats.whole(text);
    case 'requestedAmount':
      return `${formats.whole(text)} ${pageWords.rials}`;
    case 'jobsConfirmed':
    case 'jobsCommitted':
    case 'creditScore':
      return formats.whole(text);
    case 'category':
      return pageWords.categories[text as keyof typeof pageWords.categories] ?? text;
    case 'priority':
      return words.priorities[text as keyof CaseWords['priorities']] ?? text;
    case 'district':
      return pageWords.districts[text as keyof typeof pageWords.districts] ?? text;
    case 'bankId':
    case 'fromBankId':
    case 'toBankId':
    case 'holderOrganizationId':
      return names.organizations.get(text) ?? text;
    case 'days':
    case 'totalDays':
      return formats.whole(text);
    case 'deadlineAfter':
      return when(view, new Date(text));
    case 'reason':
      if (step === 'reject') return pageWords.reasons[text as RejectionReason] ?? text;
      if (step === 'declareIneligible') return words.ineligibilityReasons[text as IneligibilityReason] ?? text;
      if (step === 'reassign') return caseWorkWords[view.language].reasons[text as ReassignmentReason] ?? text;
      return html`<span dir="auto">${text}</span>`;
    case 'contractNumber':
    case 'paymentReference':
      return html`<span dir="ltr">${text}</span>`;
    default:
      return html`<span dir="auto">${text}</span>`;
  }
}
