import type { Connection } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import type { PrismaClient } from '../generated/prisma/client';
import { HttpProblem } from './problem';
import type { WorkflowGateway } from './workflow-gateway';

export interface HealthDependencies {
  prisma: PrismaClient;
  workflows: WorkflowGateway;
  /** The client's Temporal connection; its gRPC health service answers /readyz. */
  temporalConnection?: Pick<Connection, 'healthService'>;
  timeoutMs?: number;
}

const SERVING = 1;

/** `/healthz`: the process answers. `/readyz`: the database and Temporal answer too. */
export function healthRoutes({ prisma, workflows, temporalConnection, timeoutMs = 3000 }: HealthDependencies): Router {
  const router = Router();

  const temporalCheck = async (): Promise<void> => {
    if (temporalConnection) {
      const { status } = await temporalConnection.healthService.check({});
      if (status !== SERVING) throw new Error(`Temporal reports status ${status}`);
      return;
    }
    // Without the connection: a query for a workflow that cannot exist reaches the server.
    await workflows.state('readiness-probe').catch((error: unknown) => {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    });
  };

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks = { database: () => prisma.$queryRaw`SELECT 1`.then(() => undefined), temporal: temporalCheck };
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return { name, ok: true, message: 'ok' };
        } catch (error) {
          return { name, ok: false, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
        }
      }),
    );
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) {
      throw new HttpProblem(503, 'not-ready', `not ready: ${failed.map((f) => f.name).join(', ')}`, failed.map((f) => ({ field: f.name, message: f.message })));
    }
    res.json({ status: 'ready', checks: Object.fromEntries(results.map((r) => [r.name, r.message])) });
  });

  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
