import type { Response } from 'express';

/** An HTTP error answered as RFC 9457 `application/problem+json`. */
export interface FieldError {
  field: string;
  message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    /** Sent with the answer, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const notFound = (what: string): HttpProblem => new HttpProblem(404, 'not-found', `${what} was not found`);
export const forbidden = (message: string): HttpProblem => new HttpProblem(403, 'forbidden', message);
export const invalidField = (field: string, message: string): HttpProblem =>
  new HttpProblem(422, 'invalid-field', `${field}: ${message}`, [{ field, message }]);

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problemBody(problem: HttpProblem, instance: string) {
  return {
    type: `/problems/${problem.code}`,
    title: titles[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.message,
    instance,
    ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
  };
}

/** The problem a response answered with, kept for the metrics that count refusals by code. */
export const rememberProblem = (res: Response, problem: HttpProblem): void => {
  res.locals.problemCode = problem.code;
};
export const problemCodeOf = (res: Response): string | undefined => res.locals.problemCode as string | undefined;
