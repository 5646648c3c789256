import { Router } from 'express';
import { casesPage } from './cases-page';
import type { ConsoleDependencies } from './console-routes';
import { consoleRole } from './console-session';
import { escalationEmailPage, escalationsPage } from './escalations-page';
import { inboxPage } from './inbox-page';
import { stalledPage } from './stalled-page';

/**
 * The console's lists: the inbox of the cases an organization holds, every case a person may
 * see, and for officials the stalled cases and the escalations with their emails.
 */
export function inboxRoutes(deps: ConsoleDependencies): Router {
  const router = Router();
  const overseers = consoleRole('official', 'admin');
  router.get('/inbox', consoleRole('agency', 'bank'), inboxPage(deps));
  router.get('/cases', casesPage(deps));
  router.get('/stalled', overseers, stalledPage(deps));
  router.get('/escalations', overseers, escalationsPage(deps));
  router.get('/escalations/:id', overseers, escalationEmailPage(deps));
  return router;
}
