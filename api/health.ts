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

  // The probe answers anyone: it names what is down, while the reason (hosts, database names,
  // driver messages) goes to the log only.
  router.get('/readyz', async (req, res) => {
    const checks = { database: () => prisma.$queryRaw`SELECT 1`.then(() => undefined), temporal: temporalCheck };
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return { name, ok: true };
        } catch (error) {
          req.log?.warn({ err: error, check: name }, 'readiness check failed');
          return { name, ok: false };
        }
      }),
    );
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    if (failed.length > 0) {
      throw new HttpProblem(503, 'not-ready', `not ready: ${failed.join(', ')}`, failed.map((name) => ({ field: name, message: 'not answering' })));
    }
    res.json({ status: 'ready', checks: Object.fromEntries(results.map((r) => [r.name, 'ok'])) });
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
