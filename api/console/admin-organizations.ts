import { Router } from 'express';
import type { OrganizationKind } from '../../domain/organization-kinds';
import { html } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { adminTable, adminWordsOf } from './admin-parts';
import { consolePage } from './console-layout';
import type { ConsoleDependencies } from './console-routes';
import { consoleView, organizationName } from './console-view';

/** Every organization, with its kind and how many people and programs it has. New ones come from `npm run admin`. */
export function organizationRoutes({ prisma }: ConsoleDependencies): Router {
  const router = Router();

  router.get('/organizations', async (req, res) => {
    const view = consoleView(req, res);
    const words = adminWordsOf(view);
    const organizations = await prisma.organization.findMany({ include: { _count: { select: { users: true } } }, orderBy: [{ kind: 'asc' }, { id: 'asc' }] });
    const rows = organizations.map(
      (o) => html`<tr><th scope="row">${organizationName(view, o)}</th>
<td dir="ltr">${o.id}</td>
<td>${words.kinds[o.kind as OrganizationKind] ?? o.kind}</td>
<td dir="ltr">${o.contactEmail ?? words.none}</td>
<td class="num">${view.formats.whole(o._count.users)}</td></tr>`,
    );
    const t = words.organizations;
    const main = html`<h1>${t.title}</h1>
${adminTable(t.caption, [t.name, t.id, t.kind, t.contact, t.people], rows)}`;
    sendPage(res, consolePage(view, t.title, main));
  });

  return router;
}
