import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode } from '../domain/errors';
import { Prisma } from '../generated/prisma/client';
import { HttpProblem, notFound, problemBody } from './problem';

/** How a refused step maps to HTTP: the rule's code decides the status. */
const statusOfRefusal: Record<string, number> = {
  [ErrorCode.StepOutOfOrder]: 409,
  [ErrorCode.AlreadySubmitted]: 409,
  [ErrorCode.NotSubmitted]: 409,
  [ErrorCode.WrongParty]: 403,
  [ErrorCode.InvalidStepData]: 422,
};

function refusalOf(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type && cause.type in statusOfRefusal ? cause : undefined;
}

export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const refusal = refusalOf(error);
  if (refusal) {
    const field = (refusal.details?.[0] as { field?: string } | undefined)?.field;
    const code = refusal.type!.toLowerCase().replace(/_/g, '-');
    return new HttpProblem(statusOfRefusal[refusal.type!]!, code, refusal.message, field ? [{ field, message: refusal.message }] : []);
  }
  if (error instanceof WorkflowNotFoundError) return notFound('the application');
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new HttpProblem(409, 'already-exists', 'this application already exists');
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    return new HttpProblem(409, 'already-exists', 'a record with the same unique values already exists');
  }
  const bodyError = error as { type?: string; status?: number };
  if (bodyError?.type === 'entity.too.large') return new HttpProblem(413, 'too-large', 'the request body is too large');
  if (bodyError?.type === 'entity.parse.failed') return new HttpProblem(400, 'malformed-json', 'the request body is not valid JSON');
  return new HttpProblem(500, 'internal', 'an internal error occurred');
}

export const notFoundHandler: RequestHandler = (req, _res, next) => next(notFound(`${req.method} ${req.path}`));

/** The one place errors become responses: every error leaves with a body and no stack trace. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = toProblem(error);
  if (problem.status >= 500) req.log?.error({ err: error }, 'request failed');
  res.status(problem.status).type('application/problem+json').json(problemBody(problem, req.originalUrl));
};
