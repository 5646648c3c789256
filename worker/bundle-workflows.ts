import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** Webpack's progress chatter is noise; only its errors are worth printing. */
const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

export const applicationWorkflowsPath = path.resolve(__dirname, '../workflows');
/** OpenTelemetry's workflow interceptors, bundled when a worker traces (OTEL_EXPORTER_OTLP_ENDPOINT). */
export const workflowTracingInterceptorsPath = path.resolve(__dirname, '../workflows/tracing-interceptors');

export interface BundleOptions {
  /** Include the tracing interceptors (the prebuilt production bundle does, so its workers can trace). */
  withTracingInterceptors?: boolean;
}

/** Bundles workflow code (the application's by default) for a worker, without webpack's logs. */
export function bundleWorkflows(workflowsPath = applicationWorkflowsPath, options: BundleOptions = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    logger: quietLogger,
    ...(options.withTracingInterceptors ? { workflowInterceptorModules: [workflowTracingInterceptorsPath] } : {}),
  });
}
