import type { HistoryBreakdown } from './breakdown';
import type { LatencySummary } from './stats';
import type { Verification } from './verify';
import type { MemoryPeaks } from './worker-protocol';

export interface Figures {
  n: number;
  concurrency: number;
  tranches: number;
  updatesPerApplication: number;
  followUpAfterMs: number;
  idempotencyKeys: boolean;
  lifecycle: {
    seconds: number;
    applicationsPerSecond: number;
    stepLatency: LatencySummary;
    /** The Temporal Update inside each step call (the gateway's executeUpdate), persistence included. */
    updateLatency: LatencySummary;
    followUpWait: LatencySummary;
    polls: number;
    worker: MemoryPeaks;
    history: HistoryBreakdown;
  };
  bare: {
    seconds: number;
    workflowsPerSecond: number;
    updateLatency: LatencySummary;
    unfinished: number;
    worker: MemoryPeaks;
    history: HistoryBreakdown;
  };
  ratio: number;
  verification: Verification;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ms = (s: LatencySummary) => `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms (${s.count} calls)`;

export function humanReport(f: Figures): string {
  const v = f.verification;
  return [
    `lifecycle bench: N=${f.n}, concurrency=${f.concurrency}, ${f.tranches} tranches, ${f.updatesPerApplication} Updates per application, follow-up after ${f.followUpAfterMs} ms, ${f.idempotencyKeys ? 'with' : 'without'} Idempotency-Keys`,
    `  lifecycle (HTTP API)   ${f.lifecycle.applicationsPerSecond.toFixed(2)} applications/s (${f.lifecycle.seconds.toFixed(2)} s)`,
    `    step latency         ${ms(f.lifecycle.stepLatency)}`,
    `      of which Update    ${ms(f.lifecycle.updateLatency)}`,
    `    follow-up wait       ${ms(f.lifecycle.followUpWait).replace('calls', 'applications')}, ${f.lifecycle.polls} GET polls`,
    `    worker memory        peak RSS ${mib(f.lifecycle.worker.peakRssBytes)}, peak heap used ${mib(f.lifecycle.worker.peakHeapUsedBytes)} (heap total ${mib(f.lifecycle.worker.peakHeapTotalBytes)}, ${f.lifecycle.worker.samples} samples)`,
    history(f.lifecycle.history),
    `  bare (Temporal client) ${f.bare.workflowsPerSecond.toFixed(2)} workflows/s (${f.bare.seconds.toFixed(2)} s), unfinished ${f.bare.unfinished}`,
    `    update latency       ${ms(f.bare.updateLatency)}`,
    `    worker memory        peak RSS ${mib(f.bare.worker.peakRssBytes)}, peak heap used ${mib(f.bare.worker.peakHeapUsedBytes)}`,
    history(f.bare.history),
    `  lifecycle / bare       ${f.ratio.toFixed(2)} (aim >= 0.6, issue 13)`,
    `  database check         ${v.ok ? 'OK' : 'FAILED'}: ${v.closed}/${v.applications} closed, ${v.withExpectedSteps} with the ${v.expectedStepRowsPerApplication} expected step rows (${v.stepRows} rows)`,
    ...v.problems.map((p) => `    ${p}`),
  ].join('\n');
}

const p50 = (s: LatencySummary) => `${s.p50Ms}/${s.p99Ms} ms`;

function history(h: HistoryBreakdown): string {
  return (
    `    history (p50/p99)    workflow task queued ${p50(h.workflowTaskQueue)}, run ${p50(h.workflowTaskRun)}; ` +
    (h.activitiesPerWorkflow > 0 ? `activity queued ${p50(h.activityQueue)}, run ${p50(h.activityRun)}; ` : '') +
    `${h.workflowTasksPerWorkflow} workflow tasks and ${h.activitiesPerWorkflow} activities per workflow (${h.workflows} sampled)`
  );
}
