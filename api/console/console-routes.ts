import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import type { FieldCipher } from '../../security/field-cipher';
import type { Logger } from 'pino';
import { toProblem } from '../error-handler';
import { pageSecurityPolicy, sendPage } from '../pages/page-requests';
import type { EmailMailing } from '../email-interventions';
import type { WorkflowGateway } from '../workflow-gateway';
import type { AttachmentLimits } from '../attachments';
import { adminRoutes } from './admin-routes';
import { attachmentConsoleRoutes } from './attachments-routes';
import { caseRoutes } from './case-routes';
import { caseWorkRoutes } from './case-work-routes';
import { fourEyesRoutes } from './four-eyes-routes';
import { homeOf, messagePage } from './console-layout';
import { consoleLanguage, consoleNotFound, refuseUnreadableInput, requireCsrf, requireSession } from './console-session';
import { consoleView, personOf } from './console-view';
import { inboxRoutes } from './inbox-routes';
import type { SessionPolicy } from './sessions';
import { signInRoutes } from './sign-in-routes';

/** What the console's pages use: the API's own parts, so a step taken here is the API's step. */
export interface ConsoleDependencies {
  prisma: PrismaClient;
  /** Opens the applicants' sealed particulars; finds them by their blind indexes. */
  fields: FieldCipher;
  workflows: WorkflowGateway;
  links(id: string): { self: string; workflowUi: string };
  config: { TEMPORAL_UI_URL: string; TEMPORAL_NAMESPACE: string; SECOND_APPROVAL_ABOVE_RIAL?: string | undefined };
  sessionPolicy: SessionPolicy;
  /** The figures' router, served again under /console/figures for a signed-in person. */
  figures: Router;
  /** Rate limit per signed-in person, as the API's per key. */
  perUser: RequestHandler;
  /** Resends an unconfirmed email from the admins' page; absent when the process has no mailer. */
  mailing?: EmailMailing;
  logger?: Logger;
  /** ATTACHMENT_MAX_BYTES and ATTACHMENTS_MAX_BYTES_PER_CASE, as the JSON API has them. */
  attachmentLimits: AttachmentLimits;
}

/**
 * The console: server-rendered pages for people, under /console, signed in with a session (an
 * API key never opens it). No script: every action is a plain form carrying the CSRF token.
 */
export function consoleRoutes(deps: ConsoleDependencies): Router {
  const router = Router();
  router.use(pageSecurityPolicy, consoleLanguage, express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 300 }), refuseUnreadableInput);
  router.use(signInRoutes(deps.prisma, deps.sessionPolicy));
  // The upload form is multipart: read before the CSRF check that needs its fields (its routes carry the guards).
  router.use(attachmentConsoleRoutes(deps));
  router.use(requireSession(deps.prisma, deps.sessionPolicy), deps.perUser, requireCsrf);
  router.get('/', (_req, res) => res.redirect(303, homeOf(personOf(res).role)));
  router.use(inboxRoutes(deps), caseRoutes(deps), caseWorkRoutes(deps), fourEyesRoutes(deps));
  router.use('/admin', adminRoutes(deps));
  router.use('/figures', deps.figures);
  router.use(consoleNotFound);
  router.use(consoleErrors);
  return router;
}

/** A refusal the pages did not show themselves becomes a page; a failure is a page too, without its details. */
const consoleErrors: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const problem = toProblem(error);
  const view = consoleView(req, res);
  if (problem.status === 404) return consoleNotFound(req, res);
  if (problem.status >= 500) res.locals.err = error;
  const message = problem.status >= 500 ? 'Something went wrong on our side; the request may not have been completed. Please try again.' : problem.message;
  sendPage(res, messagePage(view, view.words.errors.title, message), problem.status);
};
