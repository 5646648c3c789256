import { Router } from 'express';
import { emailRoutes } from './admin-emails';
import { keyRoutes } from './admin-keys';
import { organizationRoutes } from './admin-organizations';
import { peopleRoutes } from './admin-people';
import type { ConsoleDependencies } from './console-routes';
import { consoleRole } from './console-session';
import { historyPageRoutes } from './history-page';

/**
 * /console/admin: organizations, people, API keys and unconfirmed emails for admins only; a case's workflow
 * history for admins and officials (the governor's office reads it too, as in the JSON API).
 */
export function adminRoutes(deps: ConsoleDependencies): Router {
  const router = Router();
  router.use(historyPageRoutes(deps));
  const adminsOnly = Router();
  adminsOnly.use(consoleRole('admin'), organizationRoutes(deps), peopleRoutes(deps), keyRoutes(deps), emailRoutes(deps));
  router.use(adminsOnly);
  return router;
}
