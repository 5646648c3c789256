import { type Request, type Response, Router } from 'express';
import { deliveryLoggerOf, type EmailRow, emailsWithStatus, InterventionRefusal, type InterventionAction, markDelivered, resend } from '../email-interventions';
import { html, type SafeHtml } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { emailParams, interventionBody, MAX_REASON } from '../schemas/admin-emails';
import { adminTable, answeringFrom, momentOf, refusalPage } from './admin-parts';
import { consolePage, csrfField, errorSummary, type FieldError } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound } from './console-session';
import { consoleView, type ConsoleView, personOf } from './console-view';
import { type DeliveryWords, deliveryWords } from './words/delivery';

const LIST = '/console/admin/emails';
const LIMIT = 200;
const segments = new Map<string, InterventionAction>([
  ['resend', 'resend'],
  ['mark-delivered', 'mark_delivered'],
]);

/** What a refused form held: which email and action, the reason typed, and the error beside it. */
interface Posted {
  emailId: string;
  action: InterventionAction;
  reason: string;
  errors: FieldError[];
}

/**
 * /console/admin/emails: the emails a worker died sending, each with a form to resend it and one
 * to mark it delivered, a reason required in both; the same rules as POST /admin/emails/:id/….
 */
export function emailRoutes({ prisma, mailing, logger }: ConsoleDependencies): Router {
  const router = Router();

  router.get('/emails', async (req, res) => sendList(res, consoleView(req, res), await emailsWithStatus(prisma, 'unconfirmed', LIMIT)));

  router.post('/emails/:id/:segment', async (req: Request, res: Response) => {
    const action = segments.get(String(req.params.segment));
    // The API's own check of the id: text the database cannot store is never looked up.
    const params = emailParams.safeParse({ id: String(req.params.id) });
    if (!action || !params.success || !(await prisma.outgoingEmail.findUnique({ where: { id: params.data.id }, select: { id: true } }))) return consoleNotFound(req, res);
    const emailId = params.data.id;
    const view = answeringFrom(consoleView(req, res), LIST);
    const words = deliveryWords[view.language];
    const sent = (req.body ?? {}) as Record<string, unknown>;
    const reason = typeof sent.reason === 'string' ? sent.reason : '';
    const checked = interventionBody.safeParse({ reason });
    if (!checked.success) {
      const message = reason.trim() === '' ? words.problems.required : reason.length > MAX_REASON ? words.problems.tooLong(MAX_REASON) : checked.error.issues[0]!.message;
      const field = fieldName(emailId, action);
      const posted = { emailId, action, reason, errors: [{ field, message, label: words.page.reason }] };
      return sendList(res, view, await emailsWithStatus(prisma, 'unconfirmed', LIMIT), posted, 422);
    }
    const intervention = { emailId, reason: checked.data.reason, adminUserId: personOf(res).userId };
    try {
      if (action === 'resend') await resend(prisma, mailing, intervention, deliveryLoggerOf(logger));
      else await markDelivered(prisma, intervention);
    } catch (error) {
      if (!(error instanceof InterventionRefusal)) throw error;
      const [message, status] = refusalOf(words, error);
      return refusalPage(req, res, message, status, LIST);
    }
    res.redirect(303, `${LIST}?done=${action === 'resend' ? 'resent' : 'marked'}`);
  });

  return router;
}

function refusalOf(words: DeliveryWords, refusal: InterventionRefusal): [string, number] {
  switch (refusal.reason) {
    case 'not_found':
    case 'not_unconfirmed':
      return [words.problems.notUnconfirmed, 409];
    case 'no_mailer':
      return [words.problems.noMailer, 503];
    case 'not_delivered':
      return [words.problems.notDelivered(refusal.message), 502];
  }
}

/** Each form's reason field has its own id, so the error summary links to the one at fault. */
const fieldName = (emailId: string, action: InterventionAction): string => `reason-${emailId}-${action}`;

function sendList(res: Response, view: ConsoleView, emails: EmailRow[], posted?: Posted, status = 200): void {
  const words = deliveryWords[view.language];
  const t = words.page;
  const done = view.query.done === 'resent' ? t.resent : view.query.done === 'marked' ? t.marked : undefined;
  const rows = emails.map(
    (email) => html`<tr><th scope="row">${email.application ? html`<a href="/console/cases/${encodeURIComponent(email.applicationId ?? '')}" dir="auto">${email.application.agencyReference}</a>` : '—'}</th>
<td dir="auto">${email.subject}</td>
<td><ul class="plain-list">${email.recipientStates.map((r) => html`<li dir="ltr">${r.address}</li>`)}</ul></td>
<td>${momentOf(view, email.createdAt)}</td>
<td class="num">${view.formats.digits(email.attempts)}</td>
<td>${actionForm(view, words, email, 'resend', posted)}${actionForm(view, words, email, 'mark_delivered', posted)}</td></tr>`,
  );
  const main = html`<h1>${t.title}</h1>
${errorSummary(view, posted?.errors ?? [])}
${done ? html`<p class="notice" role="status">${done}</p>` : ''}
<p class="intro">${t.intro}</p>
${emails.length === 0 ? html`<p class="notice">${t.empty}</p>` : adminTable(t.caption, [t.case, t.subject, t.recipients, t.created, t.attempts, t.act], rows)}`;
  sendPage(res, consolePage(view, t.title, main), status);
}

function actionForm(view: ConsoleView, words: DeliveryWords, email: EmailRow, action: InterventionAction, posted: Posted | undefined): SafeHtml {
  const t = words.page;
  const field = fieldName(email.id, action);
  const mine = posted?.emailId === email.id && posted.action === action ? posted : undefined;
  const error = mine?.errors.find((e) => e.field === field);
  const id = `field-${field}`;
  const described = `${id}-hint${error ? ` ${id}-error` : ''}`;
  const segment = action === 'resend' ? 'resend' : 'mark-delivered';
  const label = action === 'resend' ? t.resend : t.markDelivered;
  return html`<form method="post" action="${LIST}/${encodeURIComponent(email.id)}/${segment}" class="console-form" novalidate>
${csrfField(view)}
<div class="field${error ? ' field-error' : ''}"><label for="${id}">${t.reason} <span class="visually-hidden">(${label})</span></label>
<p class="hint" id="${id}-hint">${t.reasonHint}</p>
${error ? html`<p class="error-message" id="${id}-error" dir="auto">${error.message}</p>` : ''}
<input id="${id}" name="reason" type="text" required maxlength="${MAX_REASON}" dir="auto" value="${mine?.reason ?? ''}" aria-describedby="${described}"${error ? html` aria-invalid="true"` : ''}></div>
<button type="submit">${label}<span class="visually-hidden"> — ${email.subject}</span></button>
</form>`;
}
