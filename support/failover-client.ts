/**
 * An API client as a careful integrator writes one against two API processes: each request
 * carries an Idempotency-Key, and a request that gets no answer (connection refused or reset,
 * a process killed mid-request), a 5xx, a 429 or a 409 "key still in use" is sent again with
 * the same key through the next API, until a definitive answer.
 */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  /** Seconds the server asked the client to wait (429, 503), if it said. */
  retryAfter?: number;
}

export interface ClientRecord {
  /** Requests sent again, and why: "ECONNREFUSED", "503 not-processed"... */
  retries: Map<string, number>;
  /** 5xx answers seen, by status and problem code; each was retried, none may be final. */
  serverErrors: Map<string, number>;
  /** Requests not yet answered for good ("POST /applications/…"), by when each was first sent. */
  outstanding: Map<number, { request: string; since: number }>;
}

export const newClientRecord = (): ClientRecord => ({ retries: new Map(), serverErrors: new Map(), outstanding: new Map() });
let requestNumber = 0;

const RETRYABLE_CONFLICT = '/problems/idempotency-key-in-use';
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export class FailoverClient {
  private next = 0;

  constructor(
    private readonly apiUrls: string[],
    private readonly record: ClientRecord,
    private readonly giveUpAfterMs = 600_000,
  ) {}

  async post(path: string, apiKey: string, body: unknown, idempotencyKey: string): Promise<Answer> {
    return this.send('POST', path, apiKey, body, idempotencyKey);
  }

  async get(path: string, apiKey: string): Promise<Answer> {
    return this.send('GET', path, apiKey);
  }

  private async send(method: string, path: string, apiKey: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
    const number = requestNumber++;
    this.record.outstanding.set(number, { request: `${method} ${path}`, since: Date.now() });
    try {
      return await this.untilAnswered(method, path, apiKey, body, idempotencyKey);
    } finally {
      this.record.outstanding.delete(number);
    }
  }

  private async untilAnswered(method: string, path: string, apiKey: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
    const deadline = Date.now() + this.giveUpAfterMs;
    let lastProblem = '';
    const first = this.next++;
    for (let attempt = 0; Date.now() < deadline; attempt += 1) {
      let waitMs = Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random());
      // Requests spread over the APIs, and each retry goes to the next one: a dead API is passed over.
      const url = this.apiUrls[(first + attempt) % this.apiUrls.length]!;
      const answer = await this.once(method, `${url}${path}`, apiKey, body, idempotencyKey);
      if ('problem' in answer) {
        lastProblem = answer.problem;
        count(this.record.retries, answer.problem);
      } else if (answer.status >= 500 || answer.status === 429 || (answer.status === 409 && answer.body.type === RETRYABLE_CONFLICT)) {
        lastProblem = `${answer.status} ${String(answer.body.type ?? '')}`;
        if (answer.status >= 500) count(this.record.serverErrors, lastProblem);
        count(this.record.retries, lastProblem);
        // A client that hammers a rate-limited API keeps its window full for ever: wait as asked.
        if (answer.retryAfter !== undefined) waitMs = Math.min(60, answer.retryAfter) * 1000 * (1 + Math.random() / 4);
      } else {
        return answer;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    throw new Error(`${method} ${path}: no answer in ${this.giveUpAfterMs} ms (last: ${lastProblem})`);
  }

  private async once(method: string, url: string, apiKey: string, body: unknown, idempotencyKey?: string): Promise<Answer | { problem: string }> {
    try {
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { problem: cause?.code ?? (error instanceof Error ? error.name : 'unknown') };
    }
  }
}
