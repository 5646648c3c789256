import { DefaultLogger, Runtime } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributes } from '../../domain/contract';

/** The Temporal CLI that scripts/test.sh found or built; tests never download one. */
export function temporalCliPath(): string {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEMPORAL_CLI_PATH is not set: run the tests through `npm test`');
  return cli;
}

let runtimeInstalled = false;

/** A real Temporal dev server for one test file. */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // Worker lifecycle chatter at INFO would drown the test output.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      extraArgs: ['--log-level', 'error'],
      searchAttributes: allSearchAttributes,
    },
  });
}
