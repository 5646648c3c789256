import type { Connection } from '@temporalio/client';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client';
import { workflowIdFor } from '../domain/contract';
import { authenticate } from './auth';
import { docsPage } from './docs-page';
import { errorHandler, notFoundHandler } from './error-handler';
import { healthRoutes } from './health';
import { idempotency, type IdempotencyOptions } from './idempotency';
import { openApiDocument } from './openapi';
import { HttpProblem } from './problem';
import { type RateLimitOptions, rateLimiting } from './rate-limit';
import { defaultLogger, requestLogging } from './request-logging';
import { applicationStepRoutes } from './routes/application-steps';
import { applicationRoutes } from './routes/applications';
import { historyRoutes } from './routes/history';
import { stalledCaseRoutes } from './routes/stalled-cases';
import type { WorkflowGateway } from './workflow-gateway';

export interface AppDependencies {
  prisma: PrismaClient;
  workflows: WorkflowGateway;
  config: { PUBLIC_BASE_URL: string; TEMPORAL_UI_URL: string; TEMPORAL_NAMESPACE: string; LOG_LEVEL?: string };
  /** The Temporal client's connection, for /readyz; without it a probe query is used. */
  temporalConnection?: Pick<Connection, 'healthService'>;
  logger?: Logger;
  rateLimit?: RateLimitOptions;
  idempotency?: IdempotencyOptions;
}

/** Where each router is mounted; tests read it (app.locals.mounts) to check the OpenAPI document. */
export interface Mount {
  path: string;
  router: Router;
}

/** Builds the HTTP API from what it depends on; `server/` listens and shuts it down. */
export function createApp(deps: AppDependencies): Express {
  const { prisma, workflows, config } = deps;
  const publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/$/, '');
  const temporalUiUrl = config.TEMPORAL_UI_URL.replace(/\/$/, '');
  const links = (id: string) => ({
    self: `${publicBaseUrl}/applications/${id}`,
    workflowUi: `${temporalUiUrl}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${workflowIdFor(id)}`,
  });
  const document = openApiDocument(publicBaseUrl);

  const operations = express.Router();
  operations.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  operations.get('/docs', docsPage);

  const applications = express.Router();
  applications.use(
    applicationRoutes({ prisma, workflows, links }),
    applicationStepRoutes({ prisma, workflows, links }),
    historyRoutes({ prisma, workflows, links }),
  );

  const mounts: Mount[] = [
    { path: '/', router: healthRoutes({ prisma, workflows, ...(deps.temporalConnection ? { temporalConnection: deps.temporalConnection } : {}) }) },
    { path: '/', router: operations },
    { path: '/applications', router: applications },
    { path: '/stalled-cases', router: stalledCaseRoutes({ workflows, links }) },
  ];

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.locals.mounts = mounts;
  app.use(requestLogging(deps.logger ?? defaultLogger(config.LOG_LEVEL ?? 'info')));
  app.use(helmet());
  app.use(mounts[0]!.path, mounts[0]!.router); // probes are not rate limited
  app.use(rateLimiting(deps.rateLimit));
  app.use((req, _res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    next(hasBody && !req.is('application/json') ? new HttpProblem(415, 'unsupported-media-type', 'the request body must be application/json') : undefined);
  });
  app.use(express.json({ limit: '100kb' }));
  app.use(mounts[1]!.path, mounts[1]!.router);
  app.use(mounts[2]!.path, authenticate(prisma), idempotency(prisma, deps.idempotency), mounts[2]!.router);
  app.use(mounts[3]!.path, authenticate(prisma), mounts[3]!.router);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
