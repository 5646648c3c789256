/** Messages between the bench and the worker it runs in a child process. */

export interface WorkerStartMessage {
  type: 'start';
  kind: 'lifecycle' | 'bare';
  address: string;
  namespace: string;
  taskQueue: string;
  bundlePath: string;
  /** The application database; only the lifecycle worker has activities that use it. */
  databaseUrl?: string;
}

export interface MemoryPeaks {
  /** Highest resident set size of the whole worker process (main thread, workflow threads, Core). */
  peakRssBytes: number;
  /** Highest V8 heap in use on the worker's main thread (activities, Core bridge). */
  peakHeapUsedBytes: number;
  peakHeapTotalBytes: number;
  samples: number;
}

export type ToWorker = WorkerStartMessage | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'stopped'; memory: MemoryPeaks }
  | { type: 'failed'; message: string };
