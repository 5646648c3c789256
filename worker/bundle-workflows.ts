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

/** Bundles workflow code (the application's by default) for a worker, without webpack's logs. */
export function bundleWorkflows(workflowsPath = applicationWorkflowsPath): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietLogger });
}
