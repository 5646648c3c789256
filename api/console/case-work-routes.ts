import { Router } from 'express';
import type { ZodType } from 'zod';
import { commentOn, extendDeadlineOf, reassignCase } from '../case-work-commands';
import type { HttpProblem } from '../problem';
import { deadlineOf } from '../request-deadline';
import { commentBody, extensionBody, reassignmentBody } from '../schemas/case-work';
import { validationProblem } from '../validate';
import { casePage, caseWorkFactsOf, loadCase } from './case-page';
import { caseIdOf, errorsOf, showRefusedForm, formUpdateIdOf, headlineOf, shownOrThrown } from './case-routes';
import { caseWorkFields, caseWorkFormNames } from './case-work-forms';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound } from './console-session';
import { consoleView, personOf } from './console-view';
import { bodyOf, valuesOf } from './form-fields';

/** The form's body by the API's own schema, or the API's own 422. */
function parse<T>(schema: ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationProblem('body', parsed.error.issues);
  return parsed.data;
}

/**
 * The case page's case-work forms: a comment, an extension, a reassignment. Each goes through
 * the same checks and Update as the JSON API (api/case-work-commands.ts) and its body through the
 * same zod schema; a refusal shows the page again with the form as sent, 4xx, changing nothing.
 */
export function caseWorkRoutes(deps: ConsoleDependencies): Router {
  const { prisma } = deps;
  const router = Router();

  router.post('/cases/:id/work/:form', async (req, res) => {
    const id = caseIdOf(req.params.id);
    const form = caseWorkFormNames.find((name) => name === req.params.form);
    const person = personOf(res);
    const loaded = id && form && (await loadCase(deps, id, person.actor));
    if (!id || !form || !loaded) return consoleNotFound(req, res);
    const view = consoleView(req, res);
    const specs = caseWorkFields(view, form, caseWorkFactsOf(view, loaded));
    const values = valuesOf(req.body, specs);
    try {
      const body = bodyOf(values, specs);
      const options = { requestId: String(req.id), updateId: formUpdateIdOf(person.userId, req.body), deadline: deadlineOf(res) };
      if (form === 'comment') await commentOn(deps, id, person.actor, parse(commentBody, body).text, options);
      if (form === 'extension') await extendDeadlineOf(deps, id, person.actor, parse(extensionBody, body), options);
      // The page's own bank: a form filled in before someone else reassigned the case is refused.
      const fromBankId = typeof req.body?.fromBankId === 'string' && req.body.fromBankId !== '' ? req.body.fromBankId : undefined;
      if (form === 'reassignment') await reassignCase(deps, id, person.actor, { ...parse(reassignmentBody, body), fromBankId }, options);
    } catch (error) {
      const problem: HttpProblem = shownOrThrown(error);
      const caseWork = { form, state: { values, errors: errorsOf(problem) }, headline: headlineOf(view.language, problem) };
      return showRefusedForm(req, res, problem, { deps, loaded, actor: person.actor }, (now) => casePage(view, now, { caseWork }));
    }
    // An official who gave the case to another bank still sees it; a comment's author too.
    res.redirect(303, `/console/cases/${id}?worked=${form}`);
  });

  return router;
}
