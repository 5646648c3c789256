import { z } from 'zod';
import { stepPerformer } from '../domain/commands';
import { historyQuery } from './routes/history';
import { publicFiguresResponse } from './routes/public-figures';
import { applicationHistory, applicationPage, applicationResource, health, problem, stepList } from './schemas/resources';
import { agencyFiguresResponse, bankFiguresResponse, categoryFiguresResponse, districtFiguresResponse, figuresQuery } from './schemas/figures';
import { fairDistributionResponse } from './schemas/figures-fair-distribution';
import { stalledCaseList, stalledCasesQuery } from './schemas/stalled-cases';
import { allocationParams, allocationsResponse, jobsTargetBody, jobsTargetResource, lendingAllocationBody, lendingAllocationResource, yearParams } from './schemas/allocations';
import { absorptionFiguresResponse } from './schemas/figures-absorption';
import { idParams, listQuery } from './schemas/listing';
import { stepBodies, stepSegments } from './schemas/steps';
import { submissionBody } from './schemas/submission';

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return json;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } };

const errors = {
  400: problemResponse('The request could not be read: malformed JSON, a body not in UTF-8 or nested too deeply, a malformed URL path'),
  401: problemResponse('No API key, or one not valid or revoked'),
  403: problemResponse('The caller’s role may not do this'),
  404: problemResponse('Not found, or not visible to the caller’s organization'),
  422: problemResponse('Validation failed: `errors` names each field'),
  429: { ...problemResponse('Too many requests; see the RateLimit headers'), headers: retryAfter },
  503: { ...problemResponse('No answer within the request deadline (REQUEST_DEADLINE_SECONDS); retry later'), headers: retryAfter },
};

/** What a request with a body may also be answered. */
const bodyErrors = {
  413: problemResponse('The body is larger than 100 kB'),
  415: problemResponse('The body is not application/json in UTF-8, or its Content-Encoding is not identity, gzip, deflate or br'),
};

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A unique key per intended action (e.g. a UUID), kept 24 h per user. A retry with the same key and body gets the first response again (header `Idempotent-Replayed: true`); the same key with another body is refused with 422; while the first request still runs, 409.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};
const idempotencyErrors = {
  409: problemResponse('Refused by the workflow (step out of order, already done, the application is closed; an approval past the bank’s remaining lending allocation for the year: `exceeds-lending-limit`), or the same Idempotency-Key is still being processed'),
  503: {
    ...problemResponse('The workflow did not confirm the request within the deadline; it may still complete. Retry after Retry-After seconds with the same Idempotency-Key to get its outcome'),
    headers: retryAfter,
  },
};

function parametersOf(schema: z.ZodObject, where: 'query' | 'path') {
  const json = schemaOf(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const secured = { security: [{ apiKey: [] }] };

const csv = { 'text/csv': { schema: { type: 'string', description: 'UTF-8 with a byte-order mark; a header row of the JSON field paths, one row per organization, category or district, then a `county` row.' } } };
const page = { 'text/html': { schema: { type: 'string', description: 'The figures as a page (Persian, right to left; English with `lang=en`), with charts and tables, for `?format=html` or an Accept that prefers text/html.' } } };
const pageLanguage = { name: 'lang', in: 'query', required: false, description: 'The page’s language (pages only): fa (default) or en.', schema: { type: 'string', enum: ['fa', 'en'] } };
const periodDescription =
  'For a period: `from`/`to` (dates, `to` exclusive) or a Jalali `year` with an optional `quarter` or `month`; boundaries are 00:00 Tehran time; without any, the current Jalali year. Counts are of steps in the period; fields ending in `Now` are the state when asked. Officials and admins see every organization; a bank or an agency its own row and the county totals; everyone sees every category and district. `?format=csv` or `Accept: text/csv` answers CSV as an attachment.';

function figurePaths() {
  const operation = (operationId: string, summary: string, schema: z.ZodType) => ({
    get: {
      operationId,
      tags: ['figures'],
      summary,
      description: periodDescription,
      ...secured,
      parameters: [...parametersOf(figuresQuery, 'query'), pageLanguage],
      responses: { 200: { description: 'The figures', content: { ...json(schemaOf(schema, 'output')).content, ...csv, ...page } }, ...errors },
    },
  });
  const families = { type: 'object', properties: { families: { type: 'array', items: { type: 'object', properties: { family: { type: 'string' }, href: { type: 'string' } }, required: ['family', 'href'] } } }, required: ['families'] };
  return {
    '/figures': {
      get: {
        operationId: 'figuresIndex',
        tags: ['figures'],
        summary: 'Every family of figures, as links (as a page: with the period chooser)',
        ...secured,
        parameters: [...parametersOf(figuresQuery, 'query'), pageLanguage],
        responses: { 200: { description: 'The families', content: { ...json(families).content, ...page } }, ...errors },
      },
    },
    '/public/figures': {
      get: {
        operationId: 'publicFigures',
        tags: ['figures'],
        summary: 'The public summary: county and per-organization totals, without a key',
        description: 'Aggregates only (no applicant, no application, no id of either), for the same periods and filters as /figures. A page by default; `?format=json` or `Accept: application/json` for JSON, `?format=csv` or `Accept: text/csv` for CSV (one row per bank, agency and district, then the county).',
        parameters: [...parametersOf(figuresQuery, 'query'), pageLanguage],
        responses: {
          200: { description: 'The summary', content: { ...page, ...json(schemaOf(publicFiguresResponse, 'output')).content, ...csv } },
          422: errors[422],
          429: errors[429],
          503: errors[503],
        },
      },
    },
    '/figures/banks': operation('bankFigures', 'Figures per operating bank, with the county totals', bankFiguresResponse),
    '/figures/agencies': operation('agencyFigures', 'Figures per agency and support institution, with the county totals', agencyFiguresResponse),
    '/figures/categories': operation('categoryFigures', 'Figures per category, with the county totals', categoryFiguresResponse),
    '/figures/districts': operation('districtFigures', 'Figures per district, with the county totals', districtFiguresResponse),
    '/figures/absorption': operation('absorptionFigures', 'Absorption of each bank’s lending allocation and each agency’s jobs target for a Jalali year', absorptionFiguresResponse),
    '/figures/fair-distribution': operation('fairDistribution', "Each area's share of the money paid against its share of the county's people at the census", fairDistributionResponse),
  };
}

/** Annual allocations: admins only. */
function allocationPaths() {
  const admins = 'Admins only. Years are Jalali.';
  const put = (operationId: string, summary: string, body: z.ZodType, answer: z.ZodType) => ({
    put: {
      operationId,
      tags: ['allocations'],
      summary,
      description: `${admins} Idempotent: the same value again answers \`changed: false\` and logs nothing; any other change is logged with who made it and the value before and after.`,
      ...secured,
      parameters: parametersOf(allocationParams, 'path'),
      requestBody: { required: true, ...json(schemaOf(body, 'input')) },
      responses: { 200: { description: 'The value now held', ...json(schemaOf(answer, 'output')) }, ...errors, ...bodyErrors },
    },
  });
  return {
    '/allocations/{year}': {
      get: {
        operationId: 'getAllocations',
        tags: ['allocations'],
        summary: 'The year’s lending allocations and jobs targets, and their changes',
        description: admins,
        ...secured,
        parameters: parametersOf(yearParams, 'path'),
        responses: { 200: { description: 'The allocations', ...json(schemaOf(allocationsResponse, 'output')) }, ...errors },
      },
    },
    '/allocations/{year}/banks/{organizationId}': put(
      'setLendingAllocation',
      'Set a bank’s lending allocation for the year: approvals past it are then refused (409 exceeds-lending-limit)',
      lendingAllocationBody,
      lendingAllocationResource,
    ),
    '/allocations/{year}/organizations/{organizationId}': put('setJobsTarget', 'Set an agency’s or support institution’s jobs target for the year', jobsTargetBody, jobsTargetResource),
  };
}

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
          responses: { 200: { description: 'The step was taken', ...json(ref('Application')) }, ...errors, ...bodyErrors, ...idempotencyErrors },
        },
      },
    ]),
  );
}

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
    tags: [{ name: 'applications' }, { name: 'steps' }, { name: 'operations' }],
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
      ...stepPaths(),
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
    },
    components: {
      schemas: { Application: schemaOf(applicationResource, 'output'), Problem: schemaOf(problem, 'output') },
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key issued by an admin (`npm run admin -- issue-key`).' } },
    },
  };
}
