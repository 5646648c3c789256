import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetryWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { Tracing } from '../observability/tracing';
import { workflowTracingInterceptorsPath } from './bundle-workflows';

export type WorkerTracingOptions = Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>>;

/**
 * The worker's part of a trace: workflow spans from the interceptors inside the sandbox leave
 * through the `exporter` sink into the process's span processor; each activity (the persistence
 * local activities too) runs in a span that continues the workflow's, from the activity headers.
 */
export function workerTracingOptions(tracing: Tracing): WorkerTracingOptions {
  const exporter = makeWorkflowExporter(tracing.spanProcessor, tracing.resource);
  const sinks: InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> = {
    exporter: { export: { ...exporter.export, fn: (info, spans) => exporter.export.fn(identifiersOf(info), spans) } },
  };
  return {
    interceptors: {
      // Used when the worker bundles from source; a prebuilt bundle carries the module already.
      workflowModules: [workflowTracingInterceptorsPath],
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks,
  };
}

/**
 * Without tracing, a prebuilt bundle (which always carries the interceptors) still calls the
 * `exporter` sink: it is answered by dropping the spans, instead of an error logged per call.
 */
export const droppedWorkflowSpans: InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> = {
  exporter: { export: { fn: () => undefined, callDuringReplay: false } },
};

/**
 * The exporter copies every field of the workflow's info onto each of its spans: memo, search
 * attributes, last result and failure among them. Only the identifiers go: nothing a workflow
 * carries about an applicant can reach a tracing backend that way.
 */
function identifiersOf(info: WorkflowInfo): WorkflowInfo {
  const { workflowId, runId, workflowType, taskQueue, namespace, attempt } = info;
  // The exporter only spreads the object onto span attributes; the rest of the type is not read.
  return { workflowId, runId, workflowType, taskQueue, namespace, attempt } as WorkflowInfo;
}
