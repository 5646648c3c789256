import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ClientOptions } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

export type RunMode = 'all' | 'api' | 'worker';

/** What a process needs to trace: spans go to `spanProcessor`, labelled with `resource`. */
export interface Tracing {
  tracer: Tracer;
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends the spans still buffered and stops; called last on shutdown. */
  shutdown(): Promise<void>;
}

export const serviceNameOf = (runMode: RunMode): string =>
  runMode === 'api' ? 'loans-api' : runMode === 'worker' ? 'loans-worker' : 'loans';

/**
 * Installs a process-wide tracer provider that sends spans over OTLP/HTTP (JSON) to
 * `${endpoint}/v1/traces`, as the standard OTEL_EXPORTER_OTLP_ENDPOINT means. Registering it
 * also installs the async-local-storage context and the W3C trace-context propagator, which
 * Temporal's interceptors use to carry the trace in workflow and activity headers.
 */
export function startTracing(options: { endpoint: string; runMode: RunMode }): Tracing {
  const resource = new Resource({ 'service.name': serviceNameOf(options.runMode) });
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const spanProcessor = new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    tracer: provider.getTracer('lahijan-loans'),
    resource,
    spanProcessor,
    shutdown: () => provider.shutdown(),
  };
}

/** A Temporal client's interceptors: starts, Updates and Queries carry the caller's trace in their headers. */
export function tracedClientOptions(tracing: Tracing | undefined): Pick<ClientOptions, 'interceptors'> {
  return tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {};
}
