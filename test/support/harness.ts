import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { ActivityDependencies } from '../../activities';
import { WorkflowGateway } from '../../api/workflow-gateway';
import type { EscalationPolicy } from '../../domain/deadlines';
import type { PrismaClient } from '../../generated/prisma/client';
import { createWorker } from '../../worker/create-worker';
import { seedOrganizations } from '../../support/fixtures';
import { startDevServer } from './temporal';
import { workflowBundle } from '../../support/workflow-bundle';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { testFieldCipher } from '../../support/test-field-cipher';

/** A real dev server, a real migrated database and a running worker, for one test file. */
export interface Harness {
  env: TestWorkflowEnvironment;
  prisma: PrismaClient;
  database: TestDatabase;
  taskQueue: string;
  workflows: WorkflowGateway;
  worker: RunningWorker;
  startWorker(): Promise<RunningWorker>;
  stop(): Promise<void>;
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  followUpAfterMs?: number;
  /** Deadlines and escalation for the workflows that `workflows` starts. */
  escalation?: EscalationPolicy;
  /** How the worker mails notices (a real SMTP server in tests that need mail). */
  notifications?: ActivityDependencies['notifications'];
  /** Events after which new workflows continue as new. */
  continueAsNewAfterEvents?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const [env, database, bundle] = await Promise.all([startDevServer(), createTestDatabase(), workflowBundle()]);
  await seedOrganizations(database.prisma);
  const taskQueue = `loans-${randomUUID()}`;

  const startWorker = async (): Promise<RunningWorker> => {
    const worker = await createWorker(
      { connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle: { code: bundle.code } },
      { prisma: database.prisma, fields: testFieldCipher, ...(options.notifications ? { notifications: options.notifications } : {}) },
    );
    return runningWorker(worker);
  };

  const harness: Harness = {
    env,
    prisma: database.prisma,
    database,
    taskQueue,
    workflows: new WorkflowGateway(
      env.client,
      taskQueue,
      options.followUpAfterMs ?? 0,
      options.escalation,
      options.continueAsNewAfterEvents ? { continueAsNewAfterEvents: options.continueAsNewAfterEvents } : {},
    ),
    worker: await startWorker(),
    startWorker,
    async stop() {
      // Tests may replace the worker; the current one must stop before the server goes.
      await harness.worker.stop();
      await env.teardown();
      await database.drop();
    },
  };
  return harness;
}

/** Runs the worker until `stop()`, which shuts it down (once) and waits for it to finish. */
export function runningWorker(worker: Worker): RunningWorker {
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
