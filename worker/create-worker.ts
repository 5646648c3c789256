import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (production); without one, workflows are bundled from source at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** How long in-flight activities may finish on shutdown before they are cancelled. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  /**
   * Activities (and local activities) run at once. Each holds a database connection while it
   * writes, so more than the pool has only queues for connections and times transactions out.
   */
  maxConcurrentActivities?: number;
}

export function createWorker(settings: WorkerSettings, dependencies: ActivityDependencies): Promise<Worker> {
  return Worker.create({
    connection: settings.connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    activities: createActivities(dependencies),
    ...(settings.workflowBundle
      ? { workflowBundle: settings.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    shutdownGraceTime: settings.shutdownGraceTime ?? '10 seconds',
    // An activity that ignores cancellation must not keep a stopping worker alive for ever.
    shutdownForceTime: '20 seconds',
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivities ?? 20,
    maxConcurrentLocalActivityExecutions: settings.maxConcurrentActivities ?? 20,
  });
}
