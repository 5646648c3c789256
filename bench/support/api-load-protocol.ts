import type { LatencySummary } from './stats';

/** Messages between the API bench and the load generator it runs in a child process. */

export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadPlan {
  type: 'run';
  title: string;
  /** Origin of the server under load, e.g. http://127.0.0.1:41234. */
  origin: string;
  connections: number;
  /**
   * `each`: every request below is sent exactly once (a step cannot be repeated);
   * `for-seconds`: they are sent round robin for that long.
   */
  mode: { kind: 'each' } | { kind: 'for-seconds'; seconds: number };
  requests: PlannedRequest[];
  /** Per-request timeout; a timed-out request counts as failed. */
  timeoutS: number;
}

export interface LoadResult {
  title: string;
  seconds: number;
  /** Responses with a 2xx status, per second of the run. */
  requestsPerSecond: number;
  /** Call to full response, every response (2xx or not), in ms. */
  latency: LatencySummary;
  ok: number;
  /** Responses by status, e.g. { "200": 1000 }. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts: requests that got no response at all. */
  errors: number;
  timeouts: number;
  /** Requests the plan had no entry for (the `each` mode ran out): must be 0. */
  overrun: number;
  /** CPU the load generator itself used during the run, in cores. */
  generatorCores: number;
}

export type ToLoad = LoadPlan;

export type FromLoad = { type: 'ready' } | { type: 'result'; result: LoadResult } | { type: 'failed'; message: string };
