import { type Actor, type StepName, stepPerformer } from '../../domain/commands';
import type { ReviewStep, Stage } from '../../domain/vocabulary';
import type { PrismaClient } from '../../generated/prisma/client';
import { maySee, visibleTo } from '../access';
import { timelineDeliveries } from '../escalation-delivery';
import { html, type SafeHtml } from '../pages/html';
import { refusalsOf } from '../refused-steps';
import { attachmentOfNote } from '../attachment-store';
import { attachmentErrorSummary, type AttachmentRefusal, attachmentsSection, caseDocumentsOf, withAttachmentNames } from './attachments-section';
import { applicationInclude } from '../representation';
import type { FieldCipher } from '../../security/field-cipher';
import { openApplicant } from '../../security/sealed-records';
import { refusalsSection, seesRefusals } from './case-refusals';
import { paymentsTable, type TimelineNames, timelineTable, when } from './case-timeline';
import { type CaseWorkFacts, caseWorkFields, caseWorkIdPrefix, type CaseWorkRefusal, caseWorkSection, noteAsTimelineStep } from './case-work-forms';
import { consolePage } from './console-layout';
import { type PendingRefusal, pendingErrorSummary, pendingNow, pendingSection } from './four-eyes-section';
import { type ConsoleView, organizationName } from './console-view';
import { type FormState, formErrorSummary } from './form-fields';
import { holds, type StepFormContext, stepFields, stepForms, stepIdPrefix, stepsOpenTo } from './step-forms';
import { type CaseWords, caseWords, messageIn } from './words/case-words';
import { duplicateWords } from './words/duplicates';

/** Everything the case page shows, read for one person: undefined when they may not see the case. */
export async function loadCase({ prisma, fields }: { prisma: PrismaClient; fields: FieldCipher }, id: string, actor: Actor) {
  const found = await prisma.application.findFirst({ where: { AND: [{ id }, visibleTo(actor)] }, include: applicationInclude });
  if (!found) return undefined;
  const row = { ...found, applicant: openApplicant(fields, found.applicant) };
  const [steps, escalations, organizations, refusals, notes] = await Promise.all([
    prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } }),
    prisma.escalation.findMany({ where: { applicationId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    prisma.organization.findMany({ select: { id: true, kind: true, name: true, nameFa: true }, orderBy: { id: 'asc' } }),
    seesRefusals(actor) ? refusalsOf(prisma, id) : Promise.resolve([]),
    prisma.caseNote.findMany({ where: { applicationId: id }, orderBy: { number: 'asc' } }),
  ]);
  const actorIds = [...new Set([...steps.flatMap((s) => (s.actorUserId ? [s.actorUserId] : [])), ...refusals.map((r) => r.actorUserId), ...notes.map((n) => n.actorUserId)])];
  const people = await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } });
  const delivery = await timelineDeliveries(prisma, escalations, actor.role === 'official' || actor.role === 'admin');
  const attachments = notes.filter((n) => n.kind === 'attach').map(attachmentOfNote);
  return { row, steps, escalations, organizations, people, refusals, delivery, notes, attachments };
}

export type LoadedCase = NonNullable<Awaited<ReturnType<typeof loadCase>>>;

/** A step refused: which form, what it held, and the refusal's headline. */
export interface Refusal {
  step: StepName;
  state: FormState;
  headline: string;
}

/** What the case's step forms need: the banks to refer to, what is left to pay. */
export function stepContextOf(view: ConsoleView, loaded: LoadedCase): StepFormContext {
  const { row, organizations } = loaded;
  return {
    view,
    words: caseWords[view.language],
    caseId: row.id,
    banks: organizations.filter((o) => o.kind === 'bank').map((o) => ({ id: o.id, name: organizationName(view, o) })),
    remaining: row.approvedAmount === null ? null : row.approvedAmount.minus(row.disbursedAmount).toFixed(0),
    documents: caseDocumentsOf(loaded),
  };
}

/** What the case page shows besides the case: a refused form (of one kind), a notice. */
export interface CasePageOptions {
  refused?: Refusal | undefined;
  caseWork?: CaseWorkRefusal | undefined;
  /** Four eyes: a cancel form of a pending tranche or approval, refused. */
  pending?: PendingRefusal | undefined;
  notice?: string | undefined;
  attachment?: AttachmentRefusal | undefined;
  /** ATTACHMENT_MAX_BYTES, for the upload form's hint; unset: the hint names no size. */
  attachmentMaxBytes?: number | undefined;
}

export function casePage(view: ConsoleView, loaded: LoadedCase, options: CasePageOptions = {}): string {
  const words = caseWords[view.language];
  const { row } = loaded;
  const context = stepContextOf(view, loaded);
  const { refused } = options;
  const translate = (message: string) => messageIn(words, message);
  const title = words.title(row.agencyReference);
  const main = html`<h1>${words.caseWord} <bdi>${row.agencyReference}</bdi> <span class="applicant-name" dir="auto">${row.applicant.fullName}</span></h1>
${refused ? formErrorSummary(view, refused.headline, refused.state.errors, stepFields(refused.step, context), stepIdPrefix(refused.step), translate) : ''}
${options.caseWork ? caseWorkErrorSummary(view, loaded, options.caseWork, translate) : ''}
${options.attachment ? attachmentErrorSummary(view, options.attachment) : ''}
${options.pending ? pendingErrorSummary(view, options.pending) : ''}
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
<p class="case-stage"><span class="badge">${view.pageWords.stages[row.stage as Stage] ?? row.stage}</span>${
    row.reviewStep ? html` <span class="badge">${view.pageWords.steps[row.reviewStep as ReviewStep] ?? row.reviewStep}</span>` : ''
  }</p>
${duplicatesNotice(view, loaded)}
${view.person?.role === 'official' || view.person?.role === 'admin' ? html`<p><a href="/console/admin/cases/${row.id}/history">${words.history}</a></p>` : ''}
${pendingSection(view, loaded, options.pending)}
${actions(view, words, loaded, context, refused)}
${caseWorkSection(view, caseWorkFactsOf(view, loaded), options.caseWork)}
${attachmentsSection(view, loaded, options.attachmentMaxBytes, options.attachment)}
<section aria-labelledby="application-title"><h2 id="application-title">${words.sections.application}</h2>${applicationFacts(view, words, loaded)}</section>
<section aria-labelledby="applicant-title"><h2 id="applicant-title">${words.sections.applicant}</h2>${applicantFacts(view, words, loaded)}</section>
<section aria-labelledby="timeline-title"><h2 id="timeline-title">${words.sections.timeline}</h2>${timelineTable(view, words, [...withAttachmentNames(loaded.steps, loaded.attachments), ...loaded.notes.map((n) => noteAsTimelineStep(n.kind === 'attach' ? { ...n, data: {} } : n))], loaded.escalations, namesOf(view, loaded), loaded.delivery)}</section>
${refusalsSection(view, loaded.refusals, namesOf(view, loaded))}
<section aria-labelledby="payments-title"><h2 id="payments-title">${words.sections.payments}</h2>${paymentsTable(
    view,
    words,
    row.disbursements.map((d) => ({ trancheNumber: d.trancheNumber, amount: d.amount.toFixed(0), paymentReference: d.paymentReference, paidAt: d.paidAt })),
  )}</section>`;
  return consolePage(view, title, main);
}

/** The forms of the steps this person may take now; only the organization holding the case has any. */
function actions(view: ConsoleView, words: CaseWords, loaded: LoadedCase, context: StepFormContext, refused: Refusal | undefined): SafeHtml {
  const person = view.person;
  if (!person || (person.role !== 'agency' && person.role !== 'bank')) return html``;
  const { row } = loaded;
  const facts = {
    agencyId: row.agencyId,
    bankId: row.bankId,
    stage: row.stage,
    reviewStep: row.reviewStep,
    contractSigned: loaded.steps.some((s) => s.step === 'signContract'),
    tranchesPaid: row.disbursements.length,
    pending: pendingNow(loaded),
  };
  const steps = stepsOpenTo(person, facts);
  // A refused form of this person's stays on the page even if the case moved on meanwhile, so its values are not lost.
  if (refused && !steps.includes(refused.step) && stepPerformer[refused.step] === person.role && holds(person, facts)) steps.push(refused.step);
  const body = row.closedAt !== null ? html`<p>${words.closedCase}</p>` : steps.length === 0 ? html`<p>${words.noActions}</p>` : stepForms(context, steps, refused);
  return html`<section class="case-actions" aria-labelledby="actions-title"><h2 id="actions-title">${words.sections.actions}</h2>${body}</section>`;
}

const rials = (view: ConsoleView, amount: { toFixed(places: number): string } | null): string | null =>
  amount === null ? null : `${view.formats.whole(amount.toFixed(0))} ${view.pageWords.rials}`;

function facts(pairs: [label: string, value: SafeHtml | string | null | undefined][]): SafeHtml {
  return html`<dl class="case-facts">${pairs.filter(([, value]) => value !== null && value !== undefined && value !== '').map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;
}

function applicationFacts(view: ConsoleView, words: CaseWords, { row }: LoadedCase): SafeHtml {
  const { pageWords, formats } = view;
  const f = words.fields;
  return facts([
    [f.agencyReference, html`<bdi>${row.agencyReference}</bdi>`],
    [f.stage, pageWords.stages[row.stage as Stage] ?? row.stage],
    [f.reviewStep, row.reviewStep ? (pageWords.steps[row.reviewStep as ReviewStep] ?? row.reviewStep) : null],
    [f.category, row.category ? (pageWords.categories[row.category as keyof typeof pageWords.categories] ?? row.category) : null],
    [f.priority, row.priority ? (words.priorities[row.priority as keyof CaseWords['priorities']] ?? row.priority) : null],
    [f.district, pageWords.districts[row.district as keyof typeof pageWords.districts] ?? row.district],
    [f.requestedAmount, rials(view, row.requestedAmount)],
    [f.approvedAmount, rials(view, row.approvedAmount)],
    [f.approvedTerms, row.approvedTerms ? html`<span dir="auto">${row.approvedTerms}</span>` : null],
    [f.disbursedAmount, row.approvedAmount === null ? null : rials(view, row.disbursedAmount)],
    [f.rejectionReason, row.rejectionReason ? (pageWords.reasons[row.rejectionReason as keyof typeof pageWords.reasons] ?? row.rejectionReason) : null],
    [f.purpose, html`<span dir="auto">${row.purpose}</span>`],
    [f.jobsCommitted, formats.whole(row.jobsCommitted)],
    [f.jobsConfirmed, row.jobsConfirmed === null ? null : formats.whole(row.jobsConfirmed)],
    [f.agency, organizationName(view, row.agency)],
    [f.bank, row.bank ? organizationName(view, row.bank) : null],
    [f.submittedAt, when(view, row.submittedAt)],
  ]);
}

function applicantFacts(view: ConsoleView, words: CaseWords, { row }: LoadedCase): SafeHtml {
  const { applicant } = row;
  const f = words.fields;
  if (applicant.erasedAt) {
    const district = view.pageWords.districts[applicant.district as keyof typeof view.pageWords.districts] ?? applicant.district;
    return html`<p class="notice">${words.erased(when(view, applicant.erasedAt))}</p>${facts([[f.applicantDistrict, district]])}`;
  }
  return facts([
    [f.fullName, html`<span dir="auto">${applicant.fullName}</span>`],
    [f.nationalId, html`<span dir="ltr">${view.formats.digits(applicant.nationalId)}</span>`],
    [f.phone, html`<span dir="ltr">${view.formats.digits(applicant.phone)}</span>`],
    [f.address, html`<span dir="auto">${applicant.address}</span>`],
    [f.applicantDistrict, view.pageWords.districts[applicant.district as keyof typeof view.pageWords.districts] ?? applicant.district],
  ]);
}

/** The applicant's other applications found at submission: counted for all, linked only where this person may look. */
function duplicatesNotice(view: ConsoleView, { row }: LoadedCase): SafeHtml {
  const found = row.duplicatesFound;
  if (found.length === 0) return html``;
  const words = duplicateWords[view.language];
  const count = (kind: string) => found.filter((d) => d.kind === kind).length;
  const visible = view.person ? found.filter((d) => maySee(view.person!.actor, d.earlier)) : [];
  const hidden = found.length - visible.length;
  return html`<section class="notice duplicates" role="note" aria-labelledby="duplicates-title"><h2 id="duplicates-title">${words.heading}</h2>
<p>${words.intro}</p>
<ul>${count('open') > 0 ? html`<li>${words.open(view.formats.whole(count('open')))}</li>` : ''}${count('paid') > 0 ? html`<li>${words.paid(view.formats.whole(count('paid')))}</li>` : ''}</ul>
${visible.length > 0 ? html`<p>${words.yours}</p><ul>${visible.map((d) => html`<li><a href="/console/cases/${d.earlier.id}"><bdi>${d.earlier.agencyReference}</bdi></a> (${words.kinds[d.kind as 'open' | 'paid'] ?? d.kind})</li>`)}</ul>` : ''}
${hidden > 0 ? html`<p>${words.elsewhere(view.formats.whole(hidden))}</p>` : ''}
<p>${words.hint}</p></section>`;
}

/** What the case-work forms read of the case. */
export function caseWorkFactsOf(_view: ConsoleView, { row, organizations }: LoadedCase): CaseWorkFacts {
  return { caseId: row.id, agencyId: row.agencyId, bankId: row.bankId, stage: row.stage, reviewStep: row.reviewStep, closed: row.closedAt !== null, banks: organizations };
}

function caseWorkErrorSummary(view: ConsoleView, loaded: LoadedCase, refused: CaseWorkRefusal, translate: (message: string) => string): SafeHtml {
  const specs = caseWorkFields(view, refused.form, caseWorkFactsOf(view, loaded));
  return formErrorSummary(view, refused.headline, refused.state.errors, specs, caseWorkIdPrefix(refused.form), translate);
}

function namesOf(view: ConsoleView, loaded: LoadedCase): TimelineNames {
  return {
    people: new Map(loaded.people.map((p) => [p.id, p.name])),
    organizations: new Map(loaded.organizations.map((o) => [o.id, organizationName(view, o)])),
  };
}
