import { districts } from '../../domain/vocabulary';
import { html } from '../pages/html';
import { consolePage, csrfField } from './console-layout';
import type { ConsoleView } from './console-view';
import { type FieldSpec, type FormState, formErrorSummary, renderField } from './form-fields';
import { caseWords, messageIn } from './words/case-words';

/** The inputs' ids are `field-<name>`, the name as in the JSON body: `field-applicant.nationalId`. */
export const NEW_APPLICATION_PREFIX = 'field-';

/** The submission form's fields, named as in `submissionBody` (the JSON of POST /applications). */
export function submissionFields(view: ConsoleView): { applicant: FieldSpec[]; application: FieldSpec[] } {
  const words = caseWords[view.language];
  const f = words.fields;
  const n = words.newApplication;
  const districtChoices = districts.map((d) => [d, view.pageWords.districts[d]] as const);
  return {
    applicant: [
      { name: 'applicant.fullName', label: f.fullName, kind: 'text', required: true, autocomplete: 'off' },
      { name: 'applicant.nationalId', label: f.nationalId, kind: 'text', required: true, ltr: true, numeric: true, hint: n.nationalIdHint, autocomplete: 'off' },
      { name: 'applicant.phone', label: f.phone, kind: 'text', required: true, ltr: true, numeric: true, hint: n.phoneHint, autocomplete: 'off' },
      { name: 'applicant.address', label: f.address, kind: 'textarea', required: true },
      { name: 'applicant.district', label: f.applicantDistrict, kind: 'select', required: true, options: districtChoices, choose: words.choose },
    ],
    application: [
      { name: 'agencyReference', label: f.agencyReference, kind: 'text', required: true, ltr: true, hint: n.referenceHint, autocomplete: 'off' },
      { name: 'requestedAmount', label: f.requestedAmount, kind: 'text', required: true, ltr: true, numeric: true, hint: words.hints.amount },
      { name: 'purpose', label: f.purpose, kind: 'textarea', required: true },
      { name: 'jobsCommitted', label: f.jobsCommitted, kind: 'text', required: true, ltr: true, numeric: true, hint: n.jobsHint },
      { name: 'district', label: f.district, kind: 'select', required: true, options: districtChoices, choose: words.choose },
      { name: 'comment', label: words.stepFields.comment, kind: 'textarea', hint: words.hints.comment },
    ],
  };
}

export const allSubmissionFields = (view: ConsoleView): FieldSpec[] => {
  const { applicant, application } = submissionFields(view);
  return [...applicant, ...application];
};

/** The agency's form for a new application; shown again with its values and errors when refused. */
export function newApplicationPage(view: ConsoleView, state: FormState, headline?: string): string {
  const words = caseWords[view.language];
  const n = words.newApplication;
  const translate = (message: string) => messageIn(words, message);
  const { applicant, application } = submissionFields(view);
  const field = (spec: FieldSpec) => renderField(spec, NEW_APPLICATION_PREFIX, state, translate);
  const main = html`<h1>${n.title}</h1>
${headline ? formErrorSummary(view, headline, state.errors, [...applicant, ...application], NEW_APPLICATION_PREFIX, translate) : ''}
<p class="intro">${n.intro}</p>
<form method="post" action="/console/applications/new" class="console-form" novalidate>
${csrfField(view)}
<fieldset class="form-group"><legend>${n.applicant}</legend>${applicant.map(field)}</fieldset>
<fieldset class="form-group"><legend>${n.application}</legend>${application.map(field)}</fieldset>
<button type="submit">${n.submit}</button>
</form>`;
  return consolePage(view, n.title, main);
}
