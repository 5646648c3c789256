import type { z } from 'zod';
import { publicFiguresResponse } from './routes/public-figures';
import { allocationParams, allocationsResponse, jobsTargetBody, jobsTargetResource, lendingAllocationBody, lendingAllocationResource, yearParams } from './schemas/allocations';
import { agencyFiguresResponse, bankFiguresResponse, categoryFiguresResponse, districtFiguresResponse, figuresQuery } from './schemas/figures';
import { absorptionFiguresResponse } from './schemas/figures-absorption';
import { fairDistributionResponse } from './schemas/figures-fair-distribution';
import { bodyErrors, errors, json, parametersOf, schemaOf, secured } from './openapi-parts';

/** The OpenAPI paths of the figures (JSON, CSV and pages) and of the annual allocations. */

const csv = { 'text/csv': { schema: { type: 'string', description: 'UTF-8 with a byte-order mark; a header row of the JSON field paths, one row per organization, category or district, then a `county` row.' } } };
const page = { 'text/html': { schema: { type: 'string', description: 'The figures as a page (Persian, right to left; English with `lang=en`), with charts and tables, for `?format=html` or an Accept that prefers text/html.' } } };
const pageLanguage = { name: 'lang', in: 'query', required: false, description: 'The page’s language (pages only): fa (default) or en.', schema: { type: 'string', enum: ['fa', 'en'] } };
const periodDescription =
  'For a period: `from`/`to` (dates, `to` exclusive) or a Jalali `year` with an optional `quarter` or `month`; boundaries are 00:00 Tehran time; without any, the current Jalali year. Counts are of steps in the period; fields ending in `Now` are the state when asked. Officials and admins see every organization; a bank or an agency its own row and the county totals; everyone sees every category and district. `?format=csv` or `Accept: text/csv` answers CSV as an attachment.';

export function figurePaths() {
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
export function allocationPaths() {
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
