import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { droppedWorkflowSpans, type WorkerTracingOptions } from './tracing-options';

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
  /** Activities (notices, digests) run at once; unset: DEFAULT_CONCURRENT_ACTIVITIES. */
  maxConcurrentActivities?: number;
  /** Workflows kept in memory between tasks (the sticky cache); unset: the SDK's default. */
  maxCachedWorkflows?: number;
  /** Interceptors and sink that trace workflows and activities (worker/tracing-options.ts); unset: no tracing. */
  tracing?: WorkerTracingOptions;
  /** The payload codec that encrypts what the worker writes to Temporal (server/payload-codec.ts); unset: plain. */
  dataConverter?: WorkerOptions['dataConverter'];
}

/**
 * Notices spend most of their time waiting on SMTP (the pool's queue, the exchange), holding no
 * database connection: many at once keep the SMTP pool's connections busy.
 */
export const DEFAULT_CONCURRENT_ACTIVITIES = 100;

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
    ...(settings.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: settings.maxCachedWorkflows }),
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivities ?? DEFAULT_CONCURRENT_ACTIVITIES,
    ...(settings.tracing ?? { sinks: droppedWorkflowSpans }),
    ...(settings.dataConverter ? { dataConverter: settings.dataConverter } : {}),
  });
}
