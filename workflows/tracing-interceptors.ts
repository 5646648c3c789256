import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Temporal's OpenTelemetry workflow interceptors: a span for each workflow run, Update and
 * scheduled activity, parented on the trace the client put in the headers. The spans leave
 * the sandbox through the `exporter` sink (observability/worker-tracing.ts). Bundled only
 * when tracing is on, or into the prebuilt bundle (worker/bundle-workflows.ts).
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
