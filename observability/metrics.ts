import type { MetricMeter } from '@temporalio/common';
import { type Logger, Runtime } from '@temporalio/worker';

/**
 * Our metrics' names, beside the Temporal SDK's on the same Prometheus endpoint. Counters are
 * exported with Prometheus's `_total` suffix (e.g. `loans_http_requests_total`).
 */
export const metricNames = {
  httpRequests: 'loans_http_requests',
  httpRequestDuration: 'loans_http_request_duration_seconds',
  idempotencyReplays: 'loans_idempotency_replays',
  refusals: 'loans_refusals',
  emails: 'loans_emails',
  escalations: 'loans_escalations',
  emailsUnconfirmed: 'loans_emails_unconfirmed',
} as const;

/** Seconds: from a probe's few milliseconds to the request deadline's order of magnitude. */
export const httpDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsRuntimeOptions {
  /** host:port of the Prometheus endpoint, served at /metrics. */
  bindAddress: string;
  /** Which part of the system this process runs (RUN_MODE), as the `process` label of every metric. */
  processRole: 'all' | 'api' | 'worker';
}

/**
 * Installs the Temporal SDK's runtime with `logger` and, when `metrics` says where, its
 * Prometheus exporter, whose meter it returns: the API and the worker record ours on it. Once
 * per process, before any NativeConnection or Worker.
 */
export function installRuntime({ logger, metrics }: { logger: Logger; metrics?: MetricsRuntimeOptions }): MetricMeter | undefined {
  if (!metrics) {
    Runtime.install({ logger });
    return undefined;
  }
  const { bindAddress, processRole } = metrics;
  const runtime = Runtime.install({
    logger,
    telemetryOptions: {
      metrics: {
        globalTags: { process: processRole },
        prometheus: {
          bindAddress,
          countersTotalSuffix: true,
          // Prometheus's base unit; the SDK's latencies are in milliseconds otherwise.
          useSecondsForDurations: true,
          histogramBucketOverrides: { [metricNames.httpRequestDuration]: httpDurationBuckets },
        },
      },
    },
  });
  return runtime.metricMeter;
}
