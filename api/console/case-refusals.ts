import type { Actor } from '../../domain/commands';
import type { ErrorCode } from '../../domain/errors';
import type { Role } from '../../domain/vocabulary';
import { html, type SafeHtml } from '../pages/html';
import type { RefusedStepRow } from '../refused-steps';
import { type TimelineNames, when } from './case-timeline';
import type { ConsoleView } from './console-view';
import { adminWords } from './words/admin-words';
import { type CaseWords, caseWords, messageIn } from './words/case-words';
import { refusalWords } from './words/refusals';

/** Refused attempts are the governor's office's and the operators' to watch, not the parties'. */
export const seesRefusals = (actor: Pick<Actor, 'role'> | undefined): boolean => actor?.role === 'official' || actor?.role === 'admin';

/** The case page's section of steps the workflow refused, newest first; nothing for anyone else. */
export function refusalsSection(view: ConsoleView, refusals: RefusedStepRow[], names: TimelineNames): SafeHtml {
  if (!seesRefusals(view.person)) return html``;
  const w = refusalWords[view.language];
  const body =
    refusals.length === 0
      ? html`<p>${w.empty}</p>`
      : html`<div class="table-wrap"><table class="refusals">
<caption>${w.caption}</caption>
<thead><tr><th scope="col">${w.when}</th><th scope="col">${w.who}</th><th scope="col">${w.step}</th><th scope="col">${w.rule}</th><th scope="col">${w.message}</th></tr></thead>
<tbody>${refusals.map((refusal) => refusalRow(view, refusal, names))}</tbody>
</table></div>`;
  return html`<section aria-labelledby="refusals-title"><h2 id="refusals-title">${w.title}</h2><p>${w.intro}</p>${body}</section>`;
}

function refusalRow(view: ConsoleView, refusal: RefusedStepRow, names: TimelineNames): SafeHtml {
  const w = refusalWords[view.language];
  const words = caseWords[view.language];
  const role = adminWords[view.language].roles[refusal.actorRole as Role] ?? refusal.actorRole;
  const field = refusal.field && ((words.stepFields as Record<string, string>)[refusal.field] ?? refusal.field);
  return html`<tr><td class="when">${when(view, refusal.refusedAt)}</td>
<td>${names.people.get(refusal.actorUserId) ?? refusal.actorUserId}<br><span class="organization">${names.organizations.get(refusal.actorOrgId) ?? refusal.actorOrgId}</span> (${role})</td>
<th scope="row">${words.steps[refusal.step as keyof CaseWords['steps']] ?? refusal.step}</th>
<td>${w.rules[refusal.rule as ErrorCode] ?? refusal.rule} <code dir="ltr" lang="en">${refusal.rule}</code>${field ? html`<br>${w.field(field)}` : ''}</td>
<td><span dir="auto">${messageIn(words, refusal.message)}</span>${
    refusal.requestId ? html`<br><small>${w.requestId}: <code dir="ltr" lang="en">${refusal.requestId}</code></small>` : ''
  }</td></tr>`;
}
