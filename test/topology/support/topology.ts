import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { WorkflowGateway } from '../../../api/workflow-gateway';
import type { PrismaClient } from '../../../generated/prisma/client';
import { seedOrganizations } from '../../../support/fixtures';
import { startDevServer } from '../../support/temporal';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database';
import { startWorkerProcess, stopAllWorkerProcesses, type WorkerProcess } from '../../../support/worker-process';
import { type BundleFile, writeWorkflowBundle } from '../../../support/workflow-bundle';

/**
 * One dev server and one database shared by separate worker processes, with the test
 * process acting as the API: it only talks to Temporal through the WorkflowGateway.
 */
export interface Topology {
  env: TestWorkflowEnvironment;
  prisma: PrismaClient;
  taskQueue: string;
  workflows: WorkflowGateway;
  startWorker(): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

export async function startTopology(options: { followUpAfterMs: number }): Promise<Topology> {
  let env: TestWorkflowEnvironment | undefined;
  let database: TestDatabase | undefined;
  let bundle: BundleFile | undefined;
  const stop = async () => {
    // Workers first: a worker outliving its server only retries, but outliving the test leaks.
    await stopAllWorkerProcesses();
    await env?.teardown();
    await database?.drop();
    await bundle?.remove();
  };
  try {
    [env, database, bundle] = await Promise.all([startDevServer(), createTestDatabase(), writeWorkflowBundle()]);
    await seedOrganizations(database.prisma);
  } catch (error) {
    await stop();
    throw error;
  }
  const taskQueue = `loans-topology-${randomUUID()}`;
  const settings = { databaseUrl: database.url, temporalAddress: env.address, taskQueue, workflowBundlePath: bundle.path };
  return {
    env,
    prisma: database.prisma,
    taskQueue,
    workflows: new WorkflowGateway(env.client, taskQueue, options.followUpAfterMs),
    startWorker: () => startWorkerProcess(settings),
    stop,
  };
}
