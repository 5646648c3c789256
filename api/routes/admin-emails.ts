import { type Response, Router } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { actorOf, requireRole } from '../auth';
import { deliveryLoggerOf, type EmailMailing, type EmailRow, emailResource, emailsWithStatus, InterventionRefusal, markDelivered, resend } from '../email-interventions';
import { HttpProblem, notFound } from '../problem';
import { type EmailListQuery, emailListQuery, emailParams, interventionBody } from '../schemas/admin-emails';
import { parsed, validate } from '../validate';

export interface AdminEmailDependencies {
  prisma: PrismaClient;
  /** Absent in a process without a mailer: a resend is then refused (503). */
  mailing?: EmailMailing;
}

/**
 * /admin/emails, for admins only: the emails a worker died sending (`unconfirmed`), and the two
 * ways to settle one by hand, each with a reason kept in the audit trail.
 */
export function adminEmailRoutes({ prisma, mailing }: AdminEmailDependencies): Router {
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/emails', validate('query', emailListQuery), async (_req, res) => {
    const { status, limit } = parsed<EmailListQuery>(res, 'query');
    res.json({ items: (await emailsWithStatus(prisma, status, limit)).map(emailResource) });
  });

  const act = (action: (intervention: { emailId: string; reason: string; adminUserId: string }, res: Response) => Promise<EmailRow>) =>
    [
      validate('params', emailParams),
      validate('body', interventionBody),
      async (_req: unknown, res: Response) => {
        const intervention = { emailId: parsed<{ id: string }>(res, 'params').id, reason: parsed<{ reason: string }>(res, 'body').reason, adminUserId: actorOf(res).userId };
        try {
          res.json(emailResource(await action(intervention, res)));
        } catch (error) {
          throw error instanceof InterventionRefusal ? problemOf(error) : error;
        }
      },
    ] as const;

  router.post('/emails/:id/resend', ...act((intervention, res) => resend(prisma, mailing, intervention, deliveryLoggerOf(res.req.log))));
  router.post('/emails/:id/mark-delivered', ...act((intervention) => markDelivered(prisma, intervention)));
  return router;
}

function problemOf(refusal: InterventionRefusal): HttpProblem {
  switch (refusal.reason) {
    case 'not_found':
      return notFound(`outgoing email`);
    case 'not_unconfirmed':
      return new HttpProblem(409, 'email-not-unconfirmed', refusal.message);
    case 'no_mailer':
      return new HttpProblem(503, 'no-mailer', refusal.message);
    case 'not_delivered':
      return new HttpProblem(502, 'email-not-delivered', refusal.message);
  }
}
