import { randomUUID } from 'node:crypto';
import { type StepName, stepNames, stepPerformer } from '../../domain/commands';
import { possibleAt } from '../../domain/transitions';
import { categories, districts, ineligibilityReasons, isFinalStage, priorities, rejectionReasons, type ReviewStep, type Stage } from '../../domain/vocabulary';
import { html, type SafeHtml } from '../pages/html';
import { stepSegments } from '../schemas/steps';
import { type CaseDocuments, documentsNote } from './attachments-section';
import { csrfField } from './console-layout';
import type { ConsoleView, SignedInPerson } from './console-view';
import { type FieldSpec, type FormState, renderField } from './form-fields';
import { type CaseWords, messageIn } from './words/case-words';

/** What the forms of one case need to know beyond the step itself. */
export interface StepFormContext {
  view: ConsoleView;
  words: CaseWords;
  caseId: string;
  /** Operating banks, for the referral: id and name in the page's language. */
  banks: { id: string; name: string }[];
  /** Rials left to pay on the approved amount, once approved. */
  remaining: string | null;
  /** The case's documents, for the return and resubmission forms; absent: nothing said. */
  documents?: CaseDocuments;
}

/** The case as far as deciding which forms to show. */
export interface CaseFacts {
  agencyId: string;
  bankId: string | null;
  stage: string;
  reviewStep: string | null;
  contractSigned: boolean;
  tranchesPaid: number;
  /** Four eyes: a tranche / an approval recorded and awaiting a second person (then confirmed from its own section). */
  pending?: { tranche: boolean; approval: boolean };
}

/** The URL segment of each step, the other way round from `stepSegments`. */
export const segmentOf = Object.fromEntries(Object.entries(stepSegments).map(([segment, step]) => [step, segment])) as Record<StepName, string>;

/** The steps that move a case forward; the others (refusals, returns, questions) fold away under "other steps". */
const forward = new Set<StepName>(['categorize', 'resubmitDocuments', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit', 'approve', 'answerInformationRequest', 'signContract', 'disburseTranche', 'confirmJobs']);
export const isForwardStep = (step: StepName): boolean => forward.has(step);

/**
 * The steps this person may take on the case now: their organization holds it, the step is
 * theirs, the transition table allows it at this stage and review step, and what the workflow
 * checks besides (a contract before payments, no withdrawal once paid) holds. The workflow
 * checks all of it again when the form is sent.
 */
export function stepsOpenTo(person: SignedInPerson, facts: CaseFacts): StepName[] {
  const stage = facts.stage as Stage;
  if (isFinalStage(stage) || !holds(person, facts)) return [];
  return stepNames.filter((step) => {
    if (stepPerformer[step] !== person.role || !possibleAt(step, stage, facts.reviewStep as ReviewStep | null)) return false;
    if (step === 'signContract') return !facts.contractSigned;
    if (step === 'disburseTranche') return facts.contractSigned && !facts.pending?.tranche;
    if (step === 'approve') return !facts.pending?.approval;
    if (step === 'withdraw') return facts.tranchesPaid === 0;
    return true;
  });
}

/** The agency holds its own cases, a bank those referred to it; nobody else acts on a case. */
export const holds = (person: SignedInPerson, facts: Pick<CaseFacts, 'agencyId' | 'bankId'>): boolean =>
  person.role === 'agency' ? facts.agencyId === person.organizationId : person.role === 'bank' && facts.bankId === person.organizationId;

/** The fields of a step's form, named as in its JSON body (`stepBodies[step]`), the comment last. */
export function stepFields(step: StepName, context: StepFormContext): FieldSpec[] {
  const { words, view } = context;
  const label = words.stepFields;
  const choice = (name: string, fieldLabel: string, options: readonly (readonly [string, string])[], required = true): FieldSpec => ({
    name,
    label: fieldLabel,
    kind: 'select',
    options,
    required,
    choose: words.choose,
  });
  const amount: FieldSpec = { name: 'amount', label: label.amount, kind: 'text', required: true, ltr: true, numeric: true, hint: words.hints.amount };
  const own: Record<StepName, FieldSpec[]> = {
    categorize: [
      choice('category', label.category, categories.map((c) => [c, view.pageWords.categories[c]] as const)),
      choice('priority', label.priority, priorities.map((p) => [p, words.priorities[p]] as const)),
      choice('bankId', label.bankId, context.banks.map((b) => [b.id, b.name] as const)),
      { ...choice('district', label.district, districts.map((d) => [d, view.pageWords.districts[d]] as const), false), hint: words.hints.district },
    ],
    returnForDocuments: [{ name: 'missingDocuments', label: label.missingDocuments, kind: 'textarea', list: true, required: true, hint: words.hints.lines }],
    resubmitDocuments: [],
    declareIneligible: [choice('reason', label.reason, ineligibilityReasons.map((r) => [r, words.ineligibilityReasons[r]] as const))],
    acknowledgeReceipt: [],
    checkDocuments: [{ name: 'guaranteesAccepted', label: label.guaranteesAccepted, kind: 'checkbox', required: true }],
    assessCredit: [{ name: 'creditScore', label: label.creditScore, kind: 'text', ltr: true, numeric: true, hint: words.hints.creditScore }],
    approve: [amount, { name: 'terms', label: label.terms, kind: 'textarea', required: true }],
    reject: [choice('reason', label.reason, rejectionReasons.map((r) => [r, view.pageWords.reasons[r]] as const))],
    requestInformation: [{ name: 'questions', label: label.questions, kind: 'textarea', list: true, required: true, hint: words.hints.lines }],
    answerInformationRequest: [{ name: 'answer', label: label.answer, kind: 'textarea', required: true }],
    signContract: [{ name: 'contractNumber', label: label.contractNumber, kind: 'text', required: true, ltr: true }],
    disburseTranche: [
      { ...amount, hint: context.remaining === null ? words.hints.amount : `${words.hints.amount} ${words.hints.remaining(view.formats.whole(context.remaining))}` },
      { name: 'paymentReference', label: label.paymentReference, kind: 'text', required: true, ltr: true },
    ],
    confirmJobs: [{ name: 'jobsConfirmed', label: label.jobsConfirmed, kind: 'text', required: true, ltr: true, numeric: true }],
    withdraw: [{ name: 'reason', label: label.reason, kind: 'textarea', required: true, hint: words.hints.withdrawReason }],
  };
  return [...own[step], { name: 'comment', label: label.comment, kind: 'textarea', hint: words.hints.comment }];
}

/** Where a step's inputs get their ids: `field-approve-amount`; the error summary links there. */
export const stepIdPrefix = (step: StepName): string => `field-${segmentOf[step]}-`;

/**
 * One step's form. Its hidden `formId` becomes the Update id, so the same form sent twice (a
 * double click, a reload of the POST) takes the step once; a form shown again gets a new one.
 */
export function stepForm(context: StepFormContext, step: StepName, state: FormState, titled = true): SafeHtml {
  const { words, view, caseId } = context;
  const segment = segmentOf[step];
  const name = words.steps[step];
  const translate = (message: string) => messageIn(words, message);
  return html`<section class="step-form"${titled ? html` aria-labelledby="step-${segment}-title"` : ''}>
${titled ? html`<h3 id="step-${segment}-title">${name}</h3>` : ''}
<form method="post" action="/console/cases/${caseId}/steps/${segment}" class="console-form" novalidate>
${csrfField(view)}
<input type="hidden" name="formId" value="${randomUUID()}">
${documentsNote(view, step, context.documents)}
${stepFields(step, context).map((spec) => renderField(spec, stepIdPrefix(step), state, translate))}
<button type="submit">${words.take(name)}</button>
</form>
</section>`;
}

/** The forms of every open step: the forward ones shown, the others folded (and opened when refused). */
export function stepForms(context: StepFormContext, steps: StepName[], refused?: { step: StepName; state: FormState }): SafeHtml {
  const stateOf = (step: StepName): FormState => (refused?.step === step ? refused.state : { values: {}, errors: [] });
  const main = steps.filter(isForwardStep);
  const others = steps.filter((step) => !isForwardStep(step));
  return html`${main.map((step) => stepForm(context, step, stateOf(step)))}
${others.length > 0
    ? html`<h3 class="other-steps">${context.words.otherSteps}</h3>${others.map(
        (step) => html`<details class="step-details"${refused?.step === step ? html` open` : ''}><summary>${context.words.steps[step]}</summary>${stepForm(context, step, stateOf(step), false)}</details>`,
      )}`
    : ''}`;
}
