import { type Response, Router } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { issueApiKey, revokeApiKey } from '../api-keys';
import { html } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { adminTable, adminWordsOf, answeringFrom, refusalPage, dayOf, rowAction, selectField, sendSecret, textField } from './admin-parts';
import { consolePage, csrfField, errorSummary, type FieldError } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound } from './console-session';
import { consoleView, type ConsoleView, organizationName } from './console-view';

const MAX_LABEL = 200;

/** API keys: every key's label, owner and state (never the key), a new key shown once, a revocation. */
export function keyRoutes({ prisma }: ConsoleDependencies): Router {
  const router = Router();

  router.get('/keys', async (req, res) => {
    const view = consoleView(req, res);
    const words = adminWordsOf(view);
    const t = words.keys;
    const keys = await prisma.apiKey.findMany({ include: { user: { include: { organization: true } } }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
    const revoked = keys.find((k) => k.id === view.query.revoked && k.revokedAt);
    const rows = keys.map(
      (k) => html`<tr><th scope="row"><span dir="auto">${k.label}</span></th>
<td><span dir="auto">${k.user.name}</span> <span class="record-id" dir="ltr">${k.user.username ?? k.user.id}</span></td>
<td>${organizationName(view, k.user.organization)}</td>
<td>${dayOf(view, k.createdAt)}</td>
<td>${k.revokedAt ? t.revokedOn(view.formats.day(k.revokedAt).jalali) : html`<span class="badge">${t.active}</span>`}</td>
<td>${k.revokedAt ? '' : rowAction(view, `/console/admin/keys/${encodeURIComponent(k.id)}/revoke`, t.revoke, k.label)}</td></tr>`,
    );
    const main = html`<h1>${t.title}</h1>
${revoked ? html`<p class="notice" role="status">${t.revoked(revoked.label)}</p>` : ''}
<p><a href="/console/admin/keys/new" class="action-link">${t.issue}</a></p>
${adminTable(t.caption, [t.label, t.user, t.organization, t.created, t.state, t.action], rows)}`;
    sendPage(res, consolePage(view, t.title, main));
  });

  router.get('/keys/new', (req, res) => sendKeyForm(prisma, res, consoleView(req, res), { user: '', label: '' }));

  router.post('/keys', async (req, res) => {
    const view = consoleView(req, res);
    const words = adminWordsOf(view);
    const sent = (req.body ?? {}) as Record<string, unknown>;
    const form = { user: typeof sent.user === 'string' ? sent.user.trim() : '', label: typeof sent.label === 'string' ? sent.label.trim() : '' };
    const errors: FieldError[] = [];
    const user = form.user ? await prisma.user.findUnique({ where: { id: form.user } }) : null;
    if (!form.user) errors.push({ field: 'user', message: words.problems.required });
    else if (!user) errors.push({ field: 'user', message: words.problems.unknownUser });
    if (!form.label) errors.push({ field: 'label', message: words.problems.required });
    else if (form.label.length > MAX_LABEL) errors.push({ field: 'label', message: words.problems.tooLong(MAX_LABEL) });
    if (!user || errors.length > 0) return sendKeyForm(prisma, res, view, form, errors, 422);
    const key = await issueApiKey(prisma, user.id, form.label);
    const t = words.secret;
    sendSecret(
      res,
      view,
      { title: t.keyTitle, intro: t.key(form.label, user.username ?? user.id), label: t.keyLabel, secret: key, once: t.keyOnce, back: { href: '/console/admin/keys', text: t.backToKeys } },
      201,
    );
  });

  router.post('/keys/:id/revoke', async (req, res) => {
    const id = String(req.params.id);
    const key = await prisma.apiKey.findUnique({ where: { id }, select: { id: true } });
    if (!key) return consoleNotFound(req, res);
    if (!(await revokeApiKey(prisma, id))) return refusalPage(req, res, adminWordsOf(consoleView(req, res)).problems.alreadyRevoked, 409, '/console/admin/keys');
    res.redirect(303, `/console/admin/keys?revoked=${encodeURIComponent(id)}`);
  });

  return router;
}

async function sendKeyForm(prisma: PrismaClient, res: Response, asked: ConsoleView, form: { user: string; label: string }, errors: FieldError[] = [], status = 200): Promise<void> {
  const view = answeringFrom(asked, '/console/admin/keys/new');
  const words = adminWordsOf(view);
  const t = words.keys;
  const users = await prisma.user.findMany({ include: { organization: true }, orderBy: [{ organizationId: 'asc' }, { id: 'asc' }] });
  const options = users.map((u) => ({ value: u.id, label: `${u.name} (${u.username ?? u.id}) — ${organizationName(view, u.organization)}` }));
  const main = html`<h1>${t.newTitle}</h1>
${errorSummary(view, errors)}
<form method="post" action="/console/admin/keys" class="console-form" novalidate>
${csrfField(view)}
${selectField({ name: 'user', label: t.user, value: form.user, options, placeholder: words.newPerson.choose, errors, required: true })}
${textField({ name: 'label', label: t.label, hint: t.labelHint, value: form.label, errors, required: true, autocomplete: 'off' })}
<button type="submit">${t.submit}</button>
</form>`;
  sendPage(res, consolePage(view, t.newTitle, main), status);
}
