import type { Connection } from '@temporalio/client';
import { type MetricMeter, noopMetricMeter, type PayloadCodec } from '@temporalio/common';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { TrustProxy } from '../config/config';
import type { Weekday } from '../domain/calendar';
import type { PrismaClient } from '../generated/prisma/client';
import { workflowIdFor } from '../domain/contract';
import { ApiKeyCache, DEFAULT_API_KEY_CACHE_TTL_MS } from './api-key-cache';
import { authenticate } from './auth';
import { consoleRoutes } from './console/console-routes';
import { defaultSessionPolicy, type SessionPolicy } from './console/sessions';
import { docsRoutes } from './docs/docs-routes';
import { errorHandler, notFoundHandler } from './error-handler';
import { healthRoutes } from './health';
import { httpMetrics } from './http-metrics';
import { idempotency, type IdempotencyOptions } from './idempotency';
import { openApiDocument } from './openapi';
import { addressRateLimit, type RateLimitOptions, userRateLimit } from './rate-limit';
import { DEFAULT_REQUEST_DEADLINE_MS, requestDeadline } from './request-deadline';
import { jsonBody, jsonOnly, nestingLimit, pathGuard } from './request-guards';
import { defaultLogger, requestLogging } from './request-logging';
import { figureRoutes } from './routes/figures';
import { pageSecurityPolicy } from './pages/page-requests';
import { assetRoutes } from './routes/assets';
import { publicFigureRoutes } from './routes/public-figures';
import { adminEmailRoutes } from './routes/admin-emails';
import { allocationRoutes } from './routes/allocations';
import { applicationStepRoutes } from './routes/application-steps';
import { attachmentRoutes } from './routes/attachments';
import { attachmentLimitsOf } from './attachments';
import { applicationRoutes } from './routes/applications';
import { historyRoutes } from './routes/history';
import { refusalRoutes } from './routes/refusals';
import { caseWorkRoutes } from './routes/case-work';
import { codecRoutes } from './routes/codec';
import { stalledCaseRoutes } from './routes/stalled-cases';
import type { WorkflowGateway } from './workflow-gateway';
import type { Mailer } from '../mail/mailer';
import type { FieldCipher } from '../security/field-cipher';

export interface AppDependencies {
  prisma: PrismaClient;
  /** Seals the applicants' particulars the API stores, opens those it shows (security/field-cipher.ts). */
  fields: FieldCipher;
  workflows: WorkflowGateway;
  config: {
    PUBLIC_BASE_URL: string;
    TEMPORAL_UI_URL: string;
    TEMPORAL_NAMESPACE: string;
    LOG_LEVEL?: string;
    /** Seconds a request may take; default 20. */
    REQUEST_DEADLINE_SECONDS?: number;
    /** Express's `trust proxy`; default false. */
    TRUST_PROXY?: TrustProxy;
    /** The working week's days off, for the figures' working days; default Friday. */
    WEEKEND?: readonly Weekday[];
    /** The sender of a resent email (MAIL_FROM); needed with `mailer`. */
    MAIL_FROM?: string;
    /** Bytes per attachment and per application; default 10 MiB and 50 MiB. */
    ATTACHMENT_MAX_BYTES?: number;
    ATTACHMENTS_MAX_BYTES_PER_CASE?: number;
    /** Approvals above this many rials need a second user of the bank; default ten billion. */
    SECOND_APPROVAL_ABOVE_RIAL?: string;
    /** How long an API key read from the database is trusted (api/api-key-cache.ts); default 5 s, 0 reads it on every request. */
    API_KEY_CACHE_TTL_MS?: number;
  };
  /** Sends an unconfirmed email again when an admin asks; without it a resend is refused (503). */
  mailer?: Mailer;
  /** The Temporal client's connection, for /readyz; without it a probe query is used. */
  temporalConnection?: Pick<Connection, 'healthService'>;
  logger?: Logger;
  /** Where request counts and durations are recorded (the SDK runtime's meter); default: nowhere. */
  metricMeter?: MetricMeter;
  rateLimit?: RateLimitOptions;
  idempotency?: IdempotencyOptions;
  /** The console's session lifetimes; default 30 minutes idle, 12 hours in all. */
  sessionPolicy?: SessionPolicy;
  /** The codec of Temporal payloads: with it, /codec/decode serves the Web UI (admins only). */
  payloadCodec?: PayloadCodec;
  /** The API keys read recently; default: one built from API_KEY_CACHE_TTL_MS. */
  apiKeyCache?: ApiKeyCache;
  /** A span per request (api/request-spans.ts), when tracing is on; first, so every handler runs inside it. */
  requestSpans?: RequestHandler;
}

/** Where each router is mounted; tests read it (app.locals.mounts) to check the OpenAPI document. */
export interface Mount {
  path: string;
  router: Router;
}

/** Builds the HTTP API from what it depends on; `server/` listens and shuts it down. */
export function createApp(deps: AppDependencies): Express {
  const { prisma, fields, workflows, config } = deps;
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
  operations.use(docsRoutes());

  const applications = express.Router();
  applications.use(
    applicationRoutes({ prisma, fields, workflows, links }),
    applicationStepRoutes({ prisma, fields, workflows, links, secondApprovalAboveRial: config.SECOND_APPROVAL_ABOVE_RIAL }),
    historyRoutes({ prisma, fields, workflows, links }),
    refusalRoutes({ prisma, fields, workflows, links }),
    caseWorkRoutes({ prisma, fields, workflows, links }),
  );

  const allocations = allocationRoutes({ prisma });
  const sessionPolicy = deps.sessionPolicy ?? defaultSessionPolicy;
  const figures = figureRoutes({ prisma, ...(config.WEEKEND ? { weekend: config.WEEKEND } : {}) });
  const publicFigures = publicFigureRoutes({ prisma });
  const mailing = deps.mailer && config.MAIL_FROM ? { mailer: deps.mailer, mailFrom: config.MAIL_FROM } : undefined;
  const adminEmails = adminEmailRoutes({ prisma, ...(mailing ? { mailing } : {}) });
  const deadlineMs = (config.REQUEST_DEADLINE_SECONDS ?? DEFAULT_REQUEST_DEADLINE_MS / 1000) * 1000;
  // No live request holds an Idempotency-Key past its deadline, so a key still held after that
  // (and a margin) belongs to a process that died: the retry may take it over at once.
  const idempotencyOptions: IdempotencyOptions = { leaseMs: deadlineMs + 10_000, ...deps.idempotency };
  const mounts: Mount[] = [
    { path: '/', router: healthRoutes({ prisma, workflows, ...(deps.temporalConnection ? { temporalConnection: deps.temporalConnection } : {}) }) },
    { path: '/', router: operations },
    { path: '/applications', router: applications },
    { path: '/stalled-cases', router: stalledCaseRoutes({ workflows, links }) },
    { path: '/figures', router: figures },
    { path: '/public/figures', router: publicFigures },
    { path: '/allocations', router: allocations },
    { path: '/admin', router: adminEmails },
  ];

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', config.TRUST_PROXY ?? false);
  app.locals.mounts = mounts;
  if (deps.requestSpans) app.use(deps.requestSpans);
  app.use(requestLogging(deps.logger ?? defaultLogger(config.LOG_LEVEL ?? 'info')));
  app.use(httpMetrics(deps.metricMeter ?? noopMetricMeter));
  app.use(helmet());
  app.use(requestDeadline(deadlineMs));
  app.use(pathGuard);
  app.use(mounts[0]!.path, mounts[0]!.router); // probes are not rate limited
  app.use(addressRateLimit(deps.rateLimit));
  // The pages' stylesheet and font: static files, not API operations, so not in `mounts`.
  app.use('/assets', assetRoutes());
  const perUser = userRateLimit(deps.rateLimit);
  const authenticated = authenticate(prisma, sessionPolicy, deps.apiKeyCache ?? new ApiKeyCache({ ttlMs: config.API_KEY_CACHE_TTL_MS ?? DEFAULT_API_KEY_CACHE_TTL_MS }));
  const attachmentLimits = attachmentLimitsOf(config);
  const attachments = attachmentRoutes({ prisma, fields, workflows, links }, attachmentLimits, {
    authenticate: authenticated,
    perUser,
    idempotency: idempotency(prisma, fields, idempotencyOptions),
  });
  mounts.push({ path: '/applications', router: attachments });
  if (deps.payloadCodec) app.use('/codec', codecRoutes({ prisma, codec: deps.payloadCodec, sessionPolicy, uiOrigin: new URL(temporalUiUrl).origin }));
  // The console takes plain forms, so it comes before the API's JSON-only guard.
  const consoleDeps = { prisma, fields, workflows, links, config, sessionPolicy, figures, perUser, attachmentLimits, ...(mailing ? { mailing } : {}), ...(deps.logger ? { logger: deps.logger } : {}) };
  app.use('/console', consoleRoutes(consoleDeps));
  // An upload's body is the file itself, so its routes come before the JSON-only guard and carry their own guards.
  app.use('/applications', attachments);
  app.use(jsonOnly, jsonBody(), nestingLimit);
  app.use(mounts[1]!.path, mounts[1]!.router);
  app.use(['/figures', '/public/figures'], pageSecurityPolicy);
  app.use('/public/figures', publicFigures); // no key: aggregates only
  app.use(mounts[2]!.path, authenticated, perUser, idempotency(prisma, fields, idempotencyOptions), mounts[2]!.router);
  app.use(mounts[3]!.path, authenticated, perUser, mounts[3]!.router);
  app.use(mounts[4]!.path, authenticated, perUser, mounts[4]!.router);
  app.use('/allocations', authenticated, perUser, allocations);
  app.use('/admin', authenticated, perUser, idempotency(prisma, fields, idempotencyOptions), adminEmails);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
