import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { toProblem } from '../../api/error-handler';
import { WorkflowDeadlineExceeded } from '../../api/workflow-gateway';
import { ErrorCode } from '../../domain/errors';

const refused = (type: string, message: string) => new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));

describe('how errors become HTTP answers', () => {
  test('data the database refused after the edge let it through → 422 with the workflow’s reason, not a 500', () => {
    const problem = toProblem(refused(ErrorCode.Unstorable, 'the database cannot store this step’s data'));
    expect({ status: problem.status, code: problem.code, message: problem.message }).toEqual({
      status: 422,
      code: 'unstorable',
      message: 'the database cannot store this step’s data',
    });
  });

  test('a workflow that did not answer by the deadline → 503 with Retry-After, telling to retry with the same Idempotency-Key', () => {
    const problem = toProblem(new WorkflowDeadlineExceeded({ cause: new Error('DEADLINE_EXCEEDED') }));
    expect(problem.status).toBe(503);
    expect(problem.headers['Retry-After']).toMatch(/^\d+$/);
    expect(problem.message).toContain('same Idempotency-Key');
  });

  test('an Update a worker never took up (Temporal’s UnprocessedUpdate, after the gateway’s own retries) → 503 with Retry-After, not a 500', () => {
    const problem = toProblem(refused('UnprocessedUpdate', 'Workflow Update is rejected because it wasn’t processed by worker.'));
    expect({ status: problem.status, code: problem.code }).toEqual({ status: 503, code: 'not-processed' });
    expect(problem.headers['Retry-After']).toMatch(/^\d+$/);
  });

  // As body-parser and the router raise them: a 4xx `status`, `expose`, and a `type` for the body's.
  const readingError = (message: string, status: number, type?: string) => Object.assign(new Error(message), { status, statusCode: status, expose: true, ...(type ? { type } : {}) });
  test.each([
    ['an unsupported charset', 415, readingError('unsupported charset "LATIN1"', 415, 'charset.unsupported')],
    ['an unknown Content-Encoding', 415, readingError('unsupported content encoding "x"', 415, 'encoding.unsupported')],
    ['a body that does not inflate', 400, readingError('incorrect header check', 400)],
    ['a body cut short', 400, readingError('request aborted', 400, 'request.aborted')],
    ['a path parameter that does not decode', 400, readingError("Failed to decode param '%zz'", 400)],
  ])('a request that cannot be read (%s) → %i, in our words', (_what, status, error) => {
    const problem = toProblem(error);
    expect(problem.status).toBe(status);
    expect(problem.message).not.toMatch(/LATIN1|header check|decode param/);
  });

  test('anything else stays a 500 that says nothing of its cause', () => {
    const problem = toProblem(new Error('connection to 10.0.0.5:5432 refused'));
    expect({ status: problem.status, message: problem.message }).toEqual({ status: 500, message: 'an internal error occurred' });
  });
});
