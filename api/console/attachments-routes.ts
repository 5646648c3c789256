import { Router } from 'express';
import { sha256Pattern } from '../../domain/attachments';
import { visibleTo } from '../access';
import { attachFile, type Upload } from '../attachments';
import { readAttachment } from '../attachment-store';
import { HttpProblem } from '../problem';
import { deadlineOf } from '../request-deadline';
import { sendAttachment } from '../routes/attachments';
import { casePage, loadCase } from './case-page';
import { caseIdOf, errorsOf, showRefusedForm, formUpdateIdOf, shownOrThrown } from './case-routes';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound, consoleRole, requireCsrf, requireSession } from './console-session';
import { consoleView, personOf } from './console-view';
import { multipartForm } from './attachments-multipart';
import { attachmentWords } from './words/attachments';


const chooseAFile = () => new HttpProblem(422, 'validation', 'choose a file to attach', [{ field: 'file', message: 'choose a file to attach' }]);

/**
 * The case page's attachments: the upload form (multipart, so it is read here, before the CSRF
 * check that needs its fields; the console mounts this before its own session and CSRF guards)
 * and the download of a file by anyone who sees the case. The upload goes through the same
 * checks and workflow Update as the JSON API's; a refusal shows the page again beside the field.
 */
export function attachmentConsoleRoutes(deps: ConsoleDependencies): Router {
  const { prisma, attachmentLimits: limits } = deps;
  const session = requireSession(prisma, deps.sessionPolicy);
  const router = Router();

  router.post('/cases/:id/attachments', session, deps.perUser, multipartForm(limits.maxBytes), requireCsrf, consoleRole('agency', 'bank'), async (req, res) => {
    const id = caseIdOf(req.params.id);
    const person = personOf(res);
    const loaded = id && (await loadCase(deps, id, person.actor));
    if (!id || !loaded) return consoleNotFound(req, res);
    const view = consoleView(req, res);
    const upload = res.locals.upload as Upload | undefined;
    try {
      // A form sent without choosing a file carries an empty, nameless part.
      if (!upload || (upload.bytes.length === 0 && !upload.truncated && !upload.name)) throw chooseAFile();
      await attachFile(deps, id, person.actor, upload, limits, {
        requestId: String(req.id),
        updateId: formUpdateIdOf(person.userId, req.body),
        deadline: deadlineOf(res),
      });
    } catch (error) {
      const problem = shownOrThrown(error);
      const attachment = { errors: errorsOf(problem).map((e) => (e.field === '' ? { ...e, field: 'file' } : e)), headline: attachmentWords[view.language].refusedHeadline };
      return showRefusedForm(req, res, problem, { deps, loaded, actor: person.actor }, (now) => casePage(view, now, { attachment, attachmentMaxBytes: limits.maxBytes }));
    }
    res.redirect(303, `/console/cases/${id}?attached=1`);
  });

  // A refused upload's page has this URL; its language link (a GET) goes back to the case.
  router.get('/cases/:id/attachments', session, deps.perUser, (req, res) => {
    const id = caseIdOf(req.params.id);
    if (!id) return consoleNotFound(req, res);
    res.redirect(303, `/console/cases/${encodeURIComponent(id)}`);
  });

  router.get('/cases/:id/attachments/:sha256', session, deps.perUser, async (req, res) => {
    const id = caseIdOf(req.params.id);
    const sha256 = String(req.params.sha256);
    const visible = id && sha256Pattern.test(sha256) && (await prisma.application.findFirst({ where: { AND: [{ id }, visibleTo(personOf(res).actor)] }, select: { id: true } }));
    const found = visible && (await readAttachment(prisma, visible.id, sha256));
    if (!found) return consoleNotFound(req, res);
    sendAttachment(res, found.attachment.fileName, found.attachment.contentType, found.bytes);
  });

  return router;
}
