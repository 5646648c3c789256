import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../server/search-attributes';
import { type ClusterProcess, startClusterProcess, waitUntil } from './cluster-process';
import { serverBinaryOf, type TemporalTools } from './temporal-databases';
import { type TemporalPorts, type TemporalStore, temporalServerConfig } from './temporal-server-config';

export interface TemporalServerOptions {
  tools: TemporalTools;
  store: TemporalStore;
  ports: TemporalPorts;
  /** Holds the rendered configuration; the server runs with it as its root. */
  runDir: string;
  dynamicConfigFile: string;
  namespace: string;
  retentionDays: number;
  onLine?: (line: string) => void;
}

const ALREADY_EXISTS = 6;

/**
 * The Temporal server on PostgreSQL, one process with all four services, ready when its
 * frontend answers and the namespace and the workflow's search attributes are registered.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<ClusterProcess> {
  const configDir = path.join(options.runDir, 'temporal-config');
  await mkdir(configDir, { recursive: true });
  await writeFile(path.join(configDir, 'cluster.yaml'), temporalServerConfig(options.store, options.ports, options.dynamicConfigFile));
  const server = startClusterProcess({
    name: 'temporal',
    command: serverBinaryOf(options.tools),
    args: ['--root', options.runDir, '--config', 'temporal-config', '--env', 'cluster', '--allow-no-auth', 'start'],
    cwd: options.runDir,
    env: process.env,
    onLine: options.onLine,
  });
  try {
    await temporalReady(server, options);
  } catch (error) {
    await server.stop(5_000);
    throw error;
  }
  return server;
}

/** Waits for the frontend, then registers what the application needs (again after a restart: a no-op). */
export async function temporalReady(server: ClusterProcess, options: TemporalServerOptions): Promise<void> {
  const address = `127.0.0.1:${options.ports.frontend}`;
  let connection: Connection | undefined;
  await waitUntil(server, 'frontend', async () => {
    connection = await Connection.connect({ address, connectTimeout: 1_000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  });
  try {
    await registerNamespace(connection!, options.namespace, options.retentionDays);
    // A new namespace reaches the other services at their next cache refresh (seconds).
    await waitUntil(server, 'search attributes', async () => {
      await ensureSearchAttributes(connection!, options.namespace);
      return true;
    });
  } finally {
    await connection!.close();
  }
}

async function registerNamespace(connection: Connection, namespace: string, retentionDays: number): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
  } catch (error) {
    if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
  }
}
