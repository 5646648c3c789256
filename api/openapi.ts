import { z } from 'zod';
import { stepPerformer } from '../domain/commands';
import { historyQuery } from './routes/history';
import { refusalList, refusalsQuery } from './routes/refusals';
import { applicationHistory, applicationPage, applicationResource, health, problem, stepList } from './schemas/resources';
import { stalledCaseList, stalledCasesQuery } from './schemas/stalled-cases';
import { idParams, listQuery } from './schemas/listing';
import { cancelPendingBody, stepBodies, stepSegments } from './schemas/steps';
import { submissionBody } from './schemas/submission';
import { adminEmailPaths } from './openapi-admin-emails';
import { caseWorkPaths } from './openapi-case-work';
import { attachmentPaths } from './openapi-attachments';
import { allocationPaths, figurePaths } from './openapi-figures';
import { bodyErrors, errors, idempotencyErrors, idempotencyKey, json, parametersOf, problemResponse, ref, schemaOf, secured } from './openapi-parts';

function stepPaths() {
  return Object.fromEntries(
    Object.entries(stepSegments).map(([segment, step]) => [
      `/applications/{id}/steps/${segment}`,
      {
        post: {
          operationId: step,
          tags: ['steps'],
          summary: `${step} (by the ${stepPerformer[step]})`,
          description: `Runs the ${step} step as a Temporal Update; the answer says at once whether it was accepted.`,
          ...secured,
          parameters: [...parametersOf(idParams, 'path'), idempotencyKey],
          requestBody: { required: true, ...json(schemaOf(stepBodies[step], 'input')) },
          responses: {
            200: { description: 'The step was taken', ...json(ref('Application')) },
            ...(fourEyesSteps.includes(step) ? { 202: { description: fourEyesNote, ...json(ref('Application')) } } : {}),
            ...errors,
            ...bodyErrors,
            ...idempotencyErrors,
          },
        },
      },
    ]),
  );
}

const fourEyesSteps: readonly string[] = ['disburseTranche', 'approve'];
const fourEyesNote =
  'Four eyes (the bank’s setting, on by default; for approve only above SECOND_APPROVAL_ABOVE_RIAL): the first user’s call records the item, which the answer shows as pendingTranche / pendingApproval, and nothing is paid or approved. A different user of the same bank posting the same data confirms it (200); the same user is refused (409, WRONG_PARTY), other data is refused (422).';

/** Four eyes: cancelling a pending tranche or approval, with a reason, by any user of the bank. */
function cancelPaths() {
  return Object.fromEntries(
    (['tranche', 'approval'] as const).map((item) => [
      `/applications/{id}/steps/cancel-${item}`,
      {
        post: {
          operationId: item === 'tranche' ? 'cancelTranche' : 'cancelApproval',
          tags: ['steps'],
          summary: `Cancel the pending ${item} (by the bank)`,
          description: `Four eyes: the ${item} recorded by one user and not yet confirmed is dropped, with the reason kept as a case note; 409 when none is pending.`,
          ...secured,
          parameters: [...parametersOf(idParams, 'path'), idempotencyKey],
          requestBody: { required: true, ...json(schemaOf(cancelPendingBody, 'input')) },
          responses: { 200: { description: `The ${item} is no longer pending`, ...json(ref('Application')) }, ...errors, ...bodyErrors, ...idempotencyErrors },
        },
      },
    ]),
  );
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lahijan employment-loan applications',
      version: '0.1.0',
      description:
        'Agencies submit, banks review and disburse, officials watch. Amounts are rials as strings of digits; Persian digits are accepted in amounts and ids. References and ids are normalized (ASCII digits, Persian letters, NFC); text that cannot be stored (NUL, lone surrogates) is refused everywhere, and control and bidirectional-control characters in names, references and ids.',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: serverUrl }],
    tags: [{ name: 'applications' }, { name: 'steps' }, { name: 'case work' }, { name: 'operations' }, { name: 'admin' }],
    paths: {
      '/healthz': { get: { operationId: 'healthz', tags: ['operations'], summary: 'The process is alive', responses: { 200: { description: 'Alive', ...json(schemaOf(health, 'output')) } } } },
      '/readyz': {
        get: {
          operationId: 'readyz',
          tags: ['operations'],
          summary: 'The database and Temporal answer',
          responses: { 200: { description: 'Ready', ...json(schemaOf(health, 'output')) }, 503: problemResponse('Not ready; `errors` names each dependency that does not answer (the reason is logged, not shown)') },
        },
      },
      '/openapi.json': { get: { operationId: 'openapi', tags: ['operations'], summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1 document', ...json({ type: 'object' }) } } } },
      '/docs': { get: { operationId: 'docs', tags: ['operations'], summary: 'A browsable reference of this document', responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } } } },
      '/applications': {
        post: {
          operationId: 'submitApplication',
          tags: ['applications'],
          summary: 'Submit an application (agency)',
          description:
            'One application per agency and `agencyReference` (compared after normalizing: Persian and Arabic-Indic digits as ASCII, Arabic ي ى ك as Persian ی ک, Unicode NFC, spaces trimmed): a repeat answers 200 with the existing application, and of identical submissions sent at once only the one that created it answers 201.',
          ...secured,
          parameters: [idempotencyKey],
          requestBody: { required: true, ...json(schemaOf(submissionBody, 'input')) },
          responses: {
            201: { description: 'Submitted', ...json(ref('Application')) },
            200: { description: 'Already submitted: the existing application', ...json(ref('Application')) },
            ...errors,
            ...bodyErrors,
            ...idempotencyErrors,
          },
        },
        get: {
          operationId: 'listApplications',
          tags: ['applications'],
          summary: 'List the applications the caller may see, newest first',
          ...secured,
          parameters: parametersOf(listQuery, 'query'),
          responses: { 200: { description: 'One page', ...json(schemaOf(applicationPage, 'output')) }, ...errors },
        },
      },
      '/applications/{id}': {
        get: {
          operationId: 'getApplication',
          tags: ['applications'],
          ...secured,
          parameters: parametersOf(idParams, 'path'),
          responses: { 200: { description: 'The application', ...json(ref('Application')) }, ...errors },
        },
      },
      '/applications/{id}/steps': {
        get: {
          operationId: 'listSteps',
          tags: ['applications'],
          summary: 'The audit trail: every transition in order, and the reminders and escalations sent',
          ...secured,
          parameters: parametersOf(idParams, 'path'),
          responses: { 200: { description: 'The steps', ...json(schemaOf(stepList, 'output')) }, ...errors },
        },
      },
      '/applications/{id}/history': {
        get: {
          operationId: 'getApplicationHistory',
          tags: ['applications'],
          summary: 'The workflow history as a readable timeline (admins and officials)',
          description:
            'Built from the Temporal workflow history: each step accepted and completed with who took it, timers, reminders and escalations, persistence, activity retries and failures, search-attribute changes (and removals), a run continued as new. Only the current run is shown; a continued run begins with the run it came from. Steps refused by the workflow’s validators are answered to their caller at once and never enter the history. `links.workflowUi` opens the workflow in the Temporal Web UI.',
          ...secured,
          parameters: [...parametersOf(idParams, 'path'), ...parametersOf(historyQuery, 'query')],
          responses: { 200: { description: 'The timeline', ...json(schemaOf(applicationHistory, 'output')) }, ...errors },
        },
      },
      '/applications/{id}/refusals': {
        get: {
          operationId: 'listRefusedSteps',
          tags: ['applications'],
          summary: 'The steps the workflow refused on this application, newest first (officials and admins)',
          description:
            'Each step the workflow refused (wrong party, out of order, invalid data, refused by the database, past the bank’s lending allocation): who tried it (user, organization, role), which step, the rule (the error code, e.g. `STEP_OUT_OF_ORDER`), the field at fault if any, the message the caller got, when, and the request id. Requests refused before they reach the workflow (authentication, validation of the body, the caller’s role) are not listed.',
          ...secured,
          parameters: [...parametersOf(idParams, 'path'), ...parametersOf(refusalsQuery, 'query')],
          responses: { 200: { description: 'The refused attempts, newest first', ...json(schemaOf(refusalList, 'output')) }, ...errors },
        },
      },
      ...stepPaths(),
      ...cancelPaths(),
      ...caseWorkPaths(),
      ...attachmentPaths(),
      '/stalled-cases': {
        get: {
          operationId: 'listStalledCases',
          tags: ['applications'],
          summary: 'Cases past their deadline (officials and admins: all; an agency or bank: those it holds)',
          description:
            'Running applications whose current wait is past its deadline, the longest overdue first (ties by application id), a page at a time: pass the answer’s `nextCursor` as `cursor` for the next page. Cases awaiting their follow-up period and closed cases have no deadline and are never listed.',
          ...secured,
          parameters: parametersOf(stalledCasesQuery, 'query'),
          responses: { 200: { description: 'The stalled cases, longest overdue first', ...json(schemaOf(stalledCaseList, 'output')) }, ...errors },
        },
      },
      ...figurePaths(),
      ...allocationPaths(),
      ...adminEmailPaths(),
    },
    components: {
      schemas: { Application: schemaOf(applicationResource, 'output'), Problem: schemaOf(problem, 'output') },
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key issued by an admin (`npm run admin -- issue-key`).' } },
    },
  };
}
