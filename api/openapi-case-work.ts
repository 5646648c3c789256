import { commentBody, extensionBody, noteList, reassignmentBody } from './schemas/case-work';
import { idParams } from './schemas/listing';
import { bodyErrors, errors, idempotencyErrors, idempotencyKey, json, parametersOf, ref, schemaOf, secured } from './openapi-parts';

/** The OpenAPI paths of case work: notes, comments, deadline extensions, reassignments. */
export function caseWorkPaths() {
  const post = (operationId: string, summary: string, description: string, body: Parameters<typeof schemaOf>[0]) => ({
    post: {
      operationId,
      tags: ['case work'],
      summary,
      description,
      ...secured,
      parameters: [...parametersOf(idParams, 'path'), idempotencyKey],
      requestBody: { required: true, ...json(schemaOf(body, 'input')) },
      responses: { 201: { description: 'Taken; the application as it is now', ...json(ref('Application')) }, ...errors, ...bodyErrors, ...idempotencyErrors },
    },
  });
  return {
    '/applications/{id}/notes': {
      get: {
        operationId: 'listCaseNotes',
        tags: ['case work'],
        summary: 'Comments, deadline extensions and the other notes on the case, in order (anyone who sees the case)',
        ...secured,
        parameters: parametersOf(idParams, 'path'),
        responses: { 200: { description: 'The notes', ...json(schemaOf(noteList, 'output')) }, ...errors },
      },
    },
    '/applications/{id}/comments': post(
      'addComment',
      'Comments on the case (anyone who sees it)',
      'A note, not a step: it changes no stage and no deadline. `@organization-id` in the text mentions an organization, which is told by email once; only organizations that can see the case may be mentioned (the agency, the bank it is referred to, the governor’s and the province’s offices).',
      commentBody,
    ),
    '/applications/{id}/deadline-extensions': post(
      'extendDeadline',
      'Grants whoever holds the case more working days on the current wait (officials)',
      'The running timers move by as many working days; a reminder already sent stays sent. The days granted to one wait are capped in all by MAX_EXTENSION_DAYS; a case nobody holds with a deadline is refused with 409.',
      extensionBody,
    ),
    '/applications/{id}/reassignments': post(
      'reassignCase',
      'Re-refers the case from its bank to another (officials)',
      'Possible in bank review and while the agency answers a request for information. The old bank loses access at once and its reminders and escalations stop; the new bank starts at the first review step with fresh deadlines; both banks are told by email once. `fromBankId` (by default the bank the case is with now) makes a request made against an older state fail with 409, so of many officials reassigning at once one succeeds.',
      reassignmentBody,
    ),
  };
}
