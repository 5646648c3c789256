import { randomUUID } from 'node:crypto';
import type { CaseAttachment } from '../attachment-store';
import { html, type SafeHtml } from '../pages/html';
import type { FieldError } from '../problem';
import { when } from './case-timeline';
import { csrfField } from './console-layout';
import { type ConsoleView, organizationName } from './console-view';
import { type FieldSpec, formErrorSummary } from './form-fields';
import { attachmentMessageIn, attachmentWords } from './words/attachments';

/** What the attachments section reads of a loaded case (see case-page's loadCase). */
export interface CaseWithAttachments {
  row: { id: string; stage: string; agencyId: string; bankId: string | null; closedAt: Date | null };
  steps: { sequence: number; step: string; data: unknown }[];
  organizations: { id: string; name: string; nameFa: string }[];
  attachments: CaseAttachment[];
}

/** An upload refused: the messages beside the file field, and the headline of the summary. */
export interface AttachmentRefusal {
  errors: FieldError[];
  headline: string;
}

const ID_PREFIX = 'field-attachment-';

/** The agency attaches to its own case, the bank to the one referred to it, until it is closed. */
export function mayAttach(view: ConsoleView, row: CaseWithAttachments['row']): boolean {
  const person = view.person;
  if (!person || row.closedAt !== null) return false;
  return person.role === 'agency' ? row.agencyId === person.organizationId : person.role === 'bank' && row.bankId === person.organizationId;
}

/** The latest return for documents while the case waits on it, else undefined. */
function pendingReturn({ row, steps }: CaseWithAttachments) {
  if (row.stage !== 'returned_for_documents') return undefined;
  return [...steps].reverse().find((s) => s.step === 'returnForDocuments');
}

/** What the case was returned for, while it waits for the documents. */
export function missingDocumentsOf(loaded: CaseWithAttachments): string[] {
  const data = pendingReturn(loaded)?.data as { missingDocuments?: unknown } | undefined;
  return Array.isArray(data?.missingDocuments) ? data.missingDocuments.map(String) : [];
}

/** The files attached since the case was returned: a resubmission from the console brings them. */
export function attachmentsSinceReturn(loaded: CaseWithAttachments): string[] {
  const returned = pendingReturn(loaded);
  return returned ? loaded.attachments.filter((a) => a.afterSequence >= returned.sequence).map((a) => a.sha256) : [];
}

/** What the return and resubmission forms say about the case's documents. */
export interface CaseDocuments {
  missing: string[];
  attached: string[];
  brought: string[];
}

export function caseDocumentsOf(loaded: CaseWithAttachments): CaseDocuments {
  const since = new Set(attachmentsSinceReturn(loaded));
  return {
    missing: missingDocumentsOf(loaded),
    attached: loaded.attachments.map((a) => a.fileName),
    brought: loaded.attachments.filter((a) => since.has(a.sha256)).map((a) => a.fileName),
  };
}

/** Inside the return form, the files already there; inside the resubmission, what was asked for and what it brings. */
export function documentsNote(view: ConsoleView, step: string, documents: CaseDocuments | undefined): SafeHtml {
  if (!documents) return html``;
  const words = attachmentWords[view.language].forms;
  const list = (items: string[]) => html`<ul>${items.map((item) => html`<li dir="auto">${item}</li>`)}</ul>`;
  if (step === 'returnForDocuments' && documents.attached.length > 0) return html`<div class="hint documents-note"><p>${words.attached}</p>${list(documents.attached)}</div>`;
  if (step !== 'resubmitDocuments') return html``;
  return html`<div class="hint documents-note">${documents.missing.length > 0 ? html`<p>${words.missing}</p>${list(documents.missing)}` : ''}${
    documents.brought.length > 0 ? html`<p>${words.brought}</p>${list(documents.brought)}` : html`<p>${words.nothingBrought}</p>`
  }</div>`;
}

/** A resubmission from the console brings the files attached since the return (the API's callers name them). */
export function withLinkedAttachments(step: string, data: object, loaded: CaseWithAttachments): Record<string, unknown> {
  const linked = step === 'resubmitDocuments' ? attachmentsSinceReturn(loaded) : [];
  return linked.length > 0 ? { ...data, attachments: linked } : { ...data };
}

/** The timeline names a resubmission's files rather than their digests. */
export function withAttachmentNames<S extends { step: string; data: unknown }>(steps: S[], attachments: CaseAttachment[]): S[] {
  const names = new Map(attachments.map((a) => [a.sha256, a.fileName]));
  return steps.map((s) => {
    const data = s.data as { attachments?: unknown } | null;
    if (s.step !== 'resubmitDocuments' || !Array.isArray(data?.attachments)) return s;
    return { ...s, data: { ...data, attachments: data.attachments.map((sha) => names.get(String(sha)) ?? String(sha)) } };
  });
}

const fileSpec = (view: ConsoleView): FieldSpec => ({ name: 'file', label: attachmentWords[view.language].upload.label, kind: 'text' });

/** The summary at the top of the page when an upload was refused. */
export function attachmentErrorSummary(view: ConsoleView, refused: AttachmentRefusal): SafeHtml {
  const words = attachmentWords[view.language];
  return formErrorSummary(view, refused.headline, refused.errors, [fileSpec(view)], ID_PREFIX, (m) => attachmentMessageIn(words, m));
}

export function attachmentsSection(view: ConsoleView, loaded: CaseWithAttachments, maxBytes: number | undefined, refused?: AttachmentRefusal): SafeHtml {
  const words = attachmentWords[view.language];
  const { row, attachments } = loaded;
  const fresh = new Set(attachmentsSinceReturn(loaded));
  const missing = missingDocumentsOf(loaded);
  const orgName = new Map(loaded.organizations.map((o) => [o.id, organizationName(view, o)]));
  const c = words.columns;
  const list =
    attachments.length === 0
      ? html`<p>${words.empty}</p>`
      : html`<div class="table-wrap"><table><caption>${words.caption}</caption>
<thead><tr><th scope="col">${c.fileName}</th><th scope="col">${c.type}</th><th scope="col">${c.size}</th><th scope="col">${c.purpose}</th><th scope="col">${c.by}</th><th scope="col">${c.at}</th></tr></thead>
<tbody>${attachments.map(
          (a) => html`<tr><td><a href="/console/cases/${row.id}/attachments/${a.sha256}" download><bdi>${a.fileName}</bdi></a>${fresh.has(a.sha256) ? html` <span class="badge">${words.newSinceReturn}</span>` : ''}</td>
<td>${words.types[a.contentType] ?? a.contentType}</td><td>${words.kilobytes(view.formats.whole(Math.max(1, Math.ceil(a.size / 1024))))}</td>
<td>${words.purposes[a.purpose] ?? a.purpose}</td><td>${orgName.get(a.attachedBy.organizationId) ?? a.attachedBy.organizationId}</td><td>${when(view, a.attachedAt)}</td></tr>`,
        )}</tbody></table></div>`;
  return html`<section aria-labelledby="attachments-title"><h2 id="attachments-title">${words.heading}</h2>
${missing.length > 0 ? html`<div class="notice missing-documents" role="note"><h3>${words.missing.heading}</h3><p>${words.missing.intro}</p><ul>${missing.map((d) => html`<li dir="auto">${d}</li>`)}</ul></div>` : ''}
${list}
${mayAttach(view, row) ? uploadForm(view, row.id, maxBytes, refused) : ''}
</section>`;
}

/** A plain multipart form: no script, the CSRF token first so it is read before the file. */
function uploadForm(view: ConsoleView, caseId: string, maxBytes: number | undefined, refused: AttachmentRefusal | undefined): SafeHtml {
  const words = attachmentWords[view.language];
  const id = `${ID_PREFIX}file`;
  const errors = (refused?.errors ?? []).filter((e) => e.field === 'file' || e.field === '');
  const megabytes = maxBytes === undefined ? undefined : view.formats.decimal(maxBytes / (1024 * 1024), 1);
  const describedBy = [`${id}-hint`, errors.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<h3>${words.upload.heading}</h3>
<form method="post" action="/console/cases/${caseId}/attachments" enctype="multipart/form-data" class="console-form" novalidate>
${csrfField(view)}
<input type="hidden" name="formId" value="${randomUUID()}">
<div class="field${errors.length > 0 ? ' field-error' : ''}"><label for="${id}">${words.upload.label}</label><p class="hint" id="${id}-hint">${words.upload.hint(megabytes)}</p>${
    errors.length > 0 ? html`<p class="error-message" id="${id}-error" dir="auto">${errors.map((e) => attachmentMessageIn(words, e.message)).join(' ')}</p>` : ''
  }<input type="file" id="${id}" name="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" required aria-describedby="${describedBy}"${errors.length > 0 ? html` aria-invalid="true"` : ''}></div>
<button type="submit">${words.upload.submit}</button>
</form>`;
}
