import { randomUUID } from 'node:crypto';
import type { SignedInPerson } from './console-view';
import { reassignableStages, reassignmentReasons } from '../../domain/reassignment';
import type { Stage } from '../../domain/vocabulary';
import { waitOfApplication } from '../../domain/current-wait';
import { html, type SafeHtml } from '../pages/html';
import { csrfField } from './console-layout';
import { type ConsoleView, organizationName } from './console-view';
import { type FieldSpec, type FormState, renderField } from './form-fields';
import type { TimelineStep } from './case-timeline';
import { caseWorkWords } from './words/case-work';
import { caseWords, messageIn } from './words/case-words';

/** The case-work forms by their URL segment: /console/cases/:id/work/:form. */
export const caseWorkFormNames = ['comment', 'extension', 'reassignment'] as const;
export type CaseWorkForm = (typeof caseWorkFormNames)[number];

/** A refused case-work form: which, what it held, and the refusal's headline. */
export interface CaseWorkRefusal {
  form: CaseWorkForm;
  state: FormState;
  headline: string;
}

/** What the forms read of the case. */
export interface CaseWorkFacts {
  caseId: string;
  agencyId: string;
  bankId: string | null;
  stage: string;
  reviewStep: string | null;
  closed: boolean;
  banks: { id: string; kind: string; name: string; nameFa: string }[];
}

export const caseWorkIdPrefix = (form: CaseWorkForm): string => `field-work-${form}-`;

export function caseWorkFields(view: ConsoleView, form: CaseWorkForm, facts: Pick<CaseWorkFacts, 'bankId' | 'banks'>): FieldSpec[] {
  const w = caseWorkWords[view.language];
  switch (form) {
    case 'comment':
      return [{ name: 'text', label: w.forms.comment.text, kind: 'textarea', hint: w.forms.comment.hint, required: true }];
    case 'extension':
      return [
        { name: 'days', label: w.forms.extension.days, kind: 'text', hint: w.forms.extension.daysHint, required: true, numeric: true, ltr: true },
        { name: 'reason', label: w.forms.extension.reason, kind: 'textarea', required: true },
      ];
    case 'reassignment': {
      const banks = facts.banks.filter((b) => b.kind === 'bank' && b.id !== facts.bankId).map((b) => [b.id, organizationName(view, b)] as const);
      return [
        { name: 'toBankId', label: w.forms.reassignment.toBankId, kind: 'select', options: banks, choose: w.chooseBank, required: true },
        { name: 'reason', label: w.forms.reassignment.reason, kind: 'select', options: reassignmentReasons.map((r) => [r, w.reasons[r]] as const), choose: w.chooseReason, required: true },
        { name: 'note', label: w.forms.reassignment.note, kind: 'textarea', hint: w.forms.reassignment.noteHint },
      ];
    }
  }
}

/** The forms open to this person: a comment for anyone who sees an open case; an official extends a held wait and reassigns a case in review. */
export function caseWorkFormsOpenTo(person: SignedInPerson | undefined, facts: CaseWorkFacts): CaseWorkForm[] {
  if (!person || facts.closed) return [];
  const forms: CaseWorkForm[] = ['comment'];
  if (person.role !== 'official') return forms;
  if (waitOfApplication(facts) !== null) forms.push('extension');
  if (reassignableStages.includes(facts.stage as Stage) && facts.bankId !== null) forms.push('reassignment');
  return forms;
}

/** The section under the case's actions: its forms, each with a fresh formId (the Update id), a refused one as it was sent. */
export function caseWorkSection(view: ConsoleView, facts: CaseWorkFacts, refused?: CaseWorkRefusal): SafeHtml {
  const forms = caseWorkFormsOpenTo(view.person, facts);
  if (forms.length === 0) return html``;
  const w = caseWorkWords[view.language];
  const translate = (message: string) => messageIn(caseWords[view.language], message);
  const formOf = (form: CaseWorkForm) => {
    const state = refused?.form === form ? refused.state : { values: {}, errors: [] };
    const words = w.forms[form];
    const body = html`<form method="post" action="/console/cases/${facts.caseId}/work/${form}" class="console-form" novalidate>
${csrfField(view)}
<input type="hidden" name="formId" value="${randomUUID()}">
${form === 'reassignment' ? html`<input type="hidden" name="fromBankId" value="${facts.bankId ?? ''}">` : ''}
${caseWorkFields(view, form, facts).map((spec) => renderField(spec, caseWorkIdPrefix(form), state, translate))}
<button type="submit">${words.submit}</button>
</form>`;
    // The comment is open; the officials' forms fold away unless refused.
    return form === 'comment'
      ? html`<section class="step-form" aria-labelledby="work-${form}-title"><h3 id="work-${form}-title">${words.title}</h3>${body}</section>`
      : html`<details class="step-details"${refused?.form === form ? html` open` : ''}><summary>${words.title}</summary>${body}</details>`;
  };
  return html`<section class="case-work" aria-labelledby="case-work-title"><h2 id="case-work-title">${w.section}</h2>${forms.map(formOf)}</section>`;
}

/** A note as a row of the timeline: a comment's text is its comment; an extension shows what it granted. */
export function noteAsTimelineStep(note: { kind: string; occurredAt: Date; actorUserId: string; actorOrgId: string; text: string | null; data: unknown }): TimelineStep {
  const data = (note.data ?? {}) as Record<string, unknown>;
  const shown =
    note.kind === 'extendDeadline'
      ? { holderOrganizationId: data.holderOrganizationId, days: data.days, totalDays: data.totalDays, deadlineAfter: data.deadlineAfter }
      : note.kind === 'comment'
        ? {}
        : data;
  return { step: note.kind, occurredAt: note.occurredAt, actorUserId: note.actorUserId, actorOrgId: note.actorOrgId, comment: note.text, data: shown };
}
