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
   * Local activities (persistence) run at once. Each holds a database connection for its whole
   * transaction, so more than the pool has would only queue for connections and time out.
   */
  maxConcurrentPersistence?: number;
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
    maxConcurrentLocalActivityExecutions: settings.maxConcurrentPersistence ?? 20,
    // Notices spend most of their time in the SMTP exchange, holding no connection: many at once.
    maxConcurrentActivityTaskExecutions: 100,
  });
}
