import express, { type Express } from 'express';
import type { PrismaClient } from '../generated/prisma/client';
import { authenticate } from './auth';
import { errorHandler, notFoundHandler } from './error-handler';
import { applicationRoutes } from './routes/applications';
import type { WorkflowGateway } from './workflow-gateway';

export interface AppDependencies {
  prisma: PrismaClient;
  workflows: WorkflowGateway;
  config: { PUBLIC_BASE_URL: string; TEMPORAL_UI_URL: string; TEMPORAL_NAMESPACE: string };
}

/** Builds the HTTP API from what it depends on; `server/` listens and shuts it down. */
export function createApp({ prisma, workflows, config }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '100kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(
    '/applications',
    authenticate(prisma),
    applicationRoutes({
      prisma,
      workflows,
      publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, ''),
      temporalUiUrl: config.TEMPORAL_UI_URL.replace(/\/$/, ''),
      namespace: config.TEMPORAL_NAMESPACE,
    }),
  );

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
