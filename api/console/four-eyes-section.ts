import { randomUUID } from 'node:crypto';
import type { PendingKind } from '../../domain/four-eyes';
import type { Prisma } from '../../generated/prisma/client';
import { html, type SafeHtml } from '../pages/html';
import type { LoadedCase } from './case-page';
import { when } from './case-timeline';
import { csrfField } from './console-layout';
import type { ConsoleView } from './console-view';
import { emptyForm, type FieldSpec, type FormState, formErrorSummary, renderField } from './form-fields';
import { caseWords, messageIn } from './words/case-words';
import { fourEyesWords } from './words/four-eyes';

/**
 * Four eyes on the case page: a tranche or approval one bank user recorded, shown to all who see
 * the case; to another user of the bank a form that confirms it (the step itself, with the same
 * data, through the step's own route) and to any user of the bank a form that cancels it.
 */

/** A cancel form sent back refused: which item, what it held, the refusal's headline. */
export interface PendingRefusal {
  item: PendingKind;
  state: FormState;
  headline: string;
}

interface Pending {
  amount: string;
  paymentReference?: string;
  terms?: string;
  recordedBy: { userId: string };
  recordedAt: string;
}

const pendingOf = (value: Prisma.JsonValue): Pending | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.amount === 'string' ? (value as unknown as Pending) : null;

export const pendingKinds = ['tranche', 'approval'] as const satisfies readonly PendingKind[];

/** Whether a tranche / an approval is pending: its own step's form then gives way to the confirmation. */
export const pendingNow = ({ row }: LoadedCase) => ({ tranche: pendingOf(row.pendingTranche) !== null, approval: pendingOf(row.pendingApproval) !== null });

export const cancelSpecs = (view: ConsoleView): FieldSpec[] => {
  const words = fourEyesWords[view.language];
  return [{ name: 'reason', label: words.reason, kind: 'textarea', required: true, hint: words.reasonHint }];
};
export const cancelIdPrefix = (item: PendingKind): string => `field-cancel-${item}-`;

export function pendingSection(view: ConsoleView, loaded: LoadedCase, refused?: PendingRefusal): SafeHtml {
  return html`${pendingKinds.map((item) => pendingItem(view, loaded, item, refused?.item === item ? refused : undefined))}`;
}

export function pendingErrorSummary(view: ConsoleView, refused: PendingRefusal): SafeHtml {
  const translate = (message: string) => messageIn(caseWords[view.language], message);
  return formErrorSummary(view, refused.headline, refused.state.errors, cancelSpecs(view), cancelIdPrefix(refused.item), translate);
}

function pendingItem(view: ConsoleView, loaded: LoadedCase, item: PendingKind, refused: PendingRefusal | undefined): SafeHtml {
  const { row } = loaded;
  const pending = pendingOf(item === 'tranche' ? row.pendingTranche : row.pendingApproval);
  if (!pending) return html``;
  const words = fourEyesWords[view.language];
  const person = view.person;
  const ofBank = person?.role === 'bank' && person.organizationId === row.bankId && row.closedAt === null;
  const recorder = loaded.people.find((p) => p.id === pending.recordedBy.userId)?.name ?? pending.recordedBy.userId;
  const amount = view.formats.whole(pending.amount);
  const what = item === 'tranche' ? words.tranche(amount, pending.paymentReference ?? '') : words.approval(amount);
  const id = `pending-${item}-title`;
  const segment = item === 'tranche' ? 'disburse-tranche' : 'approve';
  const data = item === 'tranche' ? { amount: pending.amount, paymentReference: pending.paymentReference ?? '' } : { amount: pending.amount, terms: pending.terms ?? '' };
  const confirmation =
    !ofBank ? '' : person.userId === pending.recordedBy.userId
      ? html`<p>${words.yoursToWait}</p>`
      : html`<p class="hint">${words.confirmHint}</p>
<form method="post" action="/console/cases/${row.id}/steps/${segment}" class="console-form">
${csrfField(view)}<input type="hidden" name="formId" value="${randomUUID()}">
${Object.entries(data).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit">${words.confirm[item]}</button>
</form>`;
  const cancel = !ofBank
    ? ''
    : html`<details class="step-details"${refused ? html` open` : ''}><summary>${words.cancel[item]}</summary>
<form method="post" action="/console/cases/${row.id}/pending/${item}/cancel" class="console-form" novalidate>
${csrfField(view)}<input type="hidden" name="formId" value="${randomUUID()}">
${cancelSpecs(view).map((spec) => renderField(spec, cancelIdPrefix(item), refused?.state ?? emptyForm, (message) => messageIn(caseWords[view.language], message)))}
<button type="submit">${words.cancel[item]}</button>
</form></details>`;
  return html`<section class="notice four-eyes" aria-labelledby="${id}"><h2 id="${id}">${words.heading[item]}</h2>
<p><bdi>${what}</bdi> (${words.recordedBy(recorder)}, ${when(view, new Date(pending.recordedAt))})</p>
${item === 'approval' && pending.terms ? html`<p>${words.terms}: <span dir="auto">${pending.terms}</span></p>` : ''}
${confirmation}
${cancel}
</section>`;
}

/** The notice after a form: a step recorded pending a second person, or an item cancelled. */
export function fourEyesNotice(view: ConsoleView, query: Record<string, unknown>): string | undefined {
  const words = fourEyesWords[view.language];
  const item = pendingKinds.find((kind) => kind === query.pending || kind === query.cancelled);
  if (!item) return undefined;
  return query.cancelled === item ? words.cancelled[item] : words.recorded[item];
}
