import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode } from '../domain/errors';
import { Prisma } from '../generated/prisma/client';
import { HttpProblem, notFound, problemBody, rememberProblem } from './problem';
import { isServiceUnavailable } from './service-unavailable';
import { isUnprocessedUpdate, WorkflowDeadlineExceeded } from './workflow-gateway';

/** How a refused step maps to HTTP: the rule's code decides the status. */
const statusOfRefusal: Record<string, number> = {
  [ErrorCode.StepOutOfOrder]: 409,
  [ErrorCode.AlreadySubmitted]: 409,
  [ErrorCode.NotSubmitted]: 409,
  [ErrorCode.WrongParty]: 403,
  [ErrorCode.InvalidStepData]: 422,
  // The database refused data the edge let through: the step was not taken.
  [ErrorCode.Unstorable]: 422,
  // The bank's lending allocation for the year has no room: the step was not taken; it can be once the allocation is raised.
  [ErrorCode.ExceedsLendingLimit]: 409,
};

/** The workflow's refusal of a step (a validator's or the database's), with its rule as `type`; else undefined. */
export function refusalOf(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type && cause.type in statusOfRefusal ? cause : undefined;
}

/** The field at fault that a refusal names, if any (the validator puts it in the failure's details). */
export const refusedField = (refusal: ApplicationFailure): string | undefined => (refusal.details?.[0] as { field?: string } | undefined)?.field;

/** What went wrong reading a request's body (body-parser's `type`), said in the client's terms. */
const bodyProblems: Record<string, [status: number, code: string, message: string]> = {
  'entity.too.large': [413, 'too-large', 'the request body is too large'],
  'entity.parse.failed': [400, 'malformed-json', 'the request body is not valid JSON'],
  'charset.unsupported': [415, 'unsupported-charset', 'the request body must be JSON in UTF-8'],
  'encoding.unsupported': [415, 'unsupported-content-encoding', 'Content-Encoding must be identity, gzip, deflate or br'],
  'request.size.invalid': [400, 'unreadable-body', 'the request body is not as long as its Content-Length says'],
  'request.aborted': [400, 'unreadable-body', 'the request body was not sent completely'],
};

/** The Retry-After of an answer that says "try again shortly". */
const RETRY_AFTER_SECONDS = '5';

export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const refusal = refusalOf(error);
  if (refusal) {
    const field = refusedField(refusal);
    const code = refusal.type!.toLowerCase().replace(/_/g, '-');
    return new HttpProblem(statusOfRefusal[refusal.type!]!, code, refusal.message, field ? [{ field, message: refusal.message }] : []);
  }
  if (isUnprocessedUpdate(error)) {
    return new HttpProblem(503, 'not-processed', 'the workflow did not take the request up, and nothing was done; retry it', [], { 'Retry-After': RETRY_AFTER_SECONDS });
  }
  if (error instanceof WorkflowDeadlineExceeded) {
    return new HttpProblem(
      503,
      'not-confirmed-in-time',
      'the workflow did not confirm the request in time; it may still complete. Retry with the same Idempotency-Key (a submission: the same body) to get its outcome',
      [],
      { 'Retry-After': RETRY_AFTER_SECONDS },
    );
  }
  if (error instanceof WorkflowNotFoundError) return notFound('the application');
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new HttpProblem(409, 'already-exists', 'this application already exists');
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    return new HttpProblem(409, 'already-exists', 'a record with the same unique values already exists');
  }
  if (isServiceUnavailable(error)) {
    return new HttpProblem(
      503,
      'unavailable',
      'the database or Temporal is briefly unavailable; retry (with the same Idempotency-Key, a write is done at most once)',
      [],
      { 'Retry-After': RETRY_AFTER_SECONDS },
    );
  }
  return requestReadingProblem(error) ?? new HttpProblem(500, 'internal', 'an internal error occurred');
}

/**
 * Errors of reading the request (body-parser, the router's parameter decoding) carry a 4xx
 * `status` and `expose`; they are the client's fault, never a 500. Their own text may quote
 * library internals, so the client gets ours.
 */
function requestReadingProblem(error: unknown): HttpProblem | undefined {
  const { type, status, expose } = (error ?? {}) as { type?: unknown; status?: unknown; expose?: unknown };
  const known = typeof type === 'string' ? bodyProblems[type] : undefined;
  if (known) return new HttpProblem(...known);
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    return new HttpProblem(status, 'unreadable-request', 'the request could not be read (its body could not be decoded, or its URL is malformed)');
  }
  return undefined;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => next(notFound(`${req.method} ${req.path}`));

/** The one place errors become responses: every error leaves with a body and no stack trace. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = toProblem(error);
  if (res.headersSent) {
    // The request deadline answered first; the handler's late outcome is only logged.
    req.log?.warn({ err: error }, 'outcome after the answer was sent');
    return;
  }
  if (problem.status >= 500) req.log?.error({ err: error }, 'request failed');
  rememberProblem(res, problem);
  res.status(problem.status).set(problem.headers).type('application/problem+json').json(problemBody(problem, req.originalUrl));
};
