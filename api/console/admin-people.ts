import { Router } from 'express';
import { html } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { adminTable, adminWordsOf, refusalPage, momentOf, rowAction, sendSecret } from './admin-parts';
import { personFormOf, readPerson, refusalOf, sendPersonForm } from './admin-people-form';
import { consolePage } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound } from './console-session';
import { consoleView, organizationName, personOf } from './console-view';
import { createPerson, resetPassword } from './person-records';

/** People and programs: the list, a new person with a one-time password, a password reset. */
export function peopleRoutes({ prisma }: ConsoleDependencies): Router {
  const router = Router();

  router.get('/people', async (req, res) => {
    const view = consoleView(req, res);
    const words = adminWordsOf(view);
    const t = words.people;
    const me = personOf(res).userId;
    const now = new Date();
    const users = await prisma.user.findMany({
      include: { organization: true, _count: { select: { apiKeys: { where: { revokedAt: null } } } } },
      orderBy: [{ organizationId: 'asc' }, { id: 'asc' }],
    });
    const rows = users.map((u) => {
      const locked = u.lockedUntil && u.lockedUntil > now ? momentOf(view, u.lockedUntil) : words.none;
      const reset = u.username && u.id !== me ? rowAction(view, `/console/admin/people/${encodeURIComponent(u.id)}/reset-password`, t.reset, u.username) : '';
      return html`<tr><th scope="row">${u.username ? html`<span dir="ltr">${u.username}</span>` : t.programOnly}</th>
<td><span dir="auto">${u.name}</span> <span class="record-id" dir="ltr">${u.id}</span></td>
<td>${words.roles[u.role]}</td>
<td>${organizationName(view, u.organization)}</td>
<td>${u.mustChangePassword ? words.yes : words.no}</td>
<td>${locked}</td>
<td class="num">${view.formats.whole(u._count.apiKeys)}</td>
<td>${reset}</td></tr>`;
    });
    const main = html`<h1>${t.title}</h1>
<p><a href="/console/admin/people/new" class="action-link">${t.add}</a></p>
${adminTable(t.caption, [t.username, t.name, t.role, t.organization, t.mustChange, t.lockedUntil, t.keys, t.action], rows)}`;
    sendPage(res, consolePage(view, t.title, main));
  });

  router.get('/people/new', (req, res) => sendPersonForm(prisma, res, consoleView(req, res)));

  router.post('/people', async (req, res) => {
    const view = consoleView(req, res);
    const form = personFormOf(req.body);
    const { person, errors } = readPerson(view, form);
    if (!person) return sendPersonForm(prisma, res, view, form, errors, 422);
    const outcome = await createPerson(prisma, person);
    if (!outcome.ok) {
      const { error, status } = refusalOf(view, outcome.refusal, person.role);
      return sendPersonForm(prisma, res, view, form, [error], status);
    }
    const t = adminWordsOf(view).secret;
    sendSecret(
      res,
      view,
      { title: t.createdTitle, intro: t.created(person.username), label: t.password, secret: outcome.value, once: t.handOver, back: { href: '/console/admin/people', text: t.backToPeople } },
      201,
    );
  });

  router.post('/people/:id/reset-password', async (req, res) => {
    const view = consoleView(req, res);
    const words = adminWordsOf(view);
    const userId = String(req.params.id);
    // Their own password an admin changes on the password page, knowing the current one: a reset here would end their own session.
    if (userId === personOf(res).userId) return refusalPage(req, res, words.problems.self, 409, '/console/admin/people');
    const outcome = await resetPassword(prisma, userId);
    if (!outcome.ok) {
      if (outcome.refusal.problem === 'unknown') return consoleNotFound(req, res);
      return refusalPage(req, res, words.problems.noUsername, 409, '/console/admin/people');
    }
    const t = words.secret;
    const { username, password } = outcome.value;
    sendSecret(res, view, { title: t.resetTitle, intro: t.reset(username), label: t.password, secret: password, once: t.handOver, back: { href: '/console/admin/people', text: t.backToPeople } }, 200);
  });

  return router;
}
