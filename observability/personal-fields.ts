/**
 * pino's `redact` for the applicant's particulars, wherever a log call's object carries them:
 * at the top, one level down (`{ applicant: { … } }`, `{ submission: { applicant } }` two), so a
 * careless `log.info('…', { state })` in a handler or activity prints "[redacted]", not the person.
 */
const fields = ['nationalId', 'fullName', 'phone', 'address'];

export const personalFieldsRedaction = {
  paths: [
    ...fields,
    ...fields.map((field) => `*.${field}`),
    ...fields.map((field) => `*.applicant.${field}`),
    ...fields.map((field) => `*.*.applicant.${field}`),
  ],
  censor: '[redacted]',
};
