import { Router } from 'express';
import { cancelPendingItem } from '../case-work-commands';
import { deadlineOf } from '../request-deadline';
import { cancelPendingBody } from '../schemas/steps';
import { validationProblem } from '../validate';
import { notFound } from '../problem';
import { casePage, loadCase } from './case-page';
import { caseIdOf, errorsOf, showRefusedForm, formUpdateIdOf, headlineOf, shownOrThrown } from './case-routes';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound } from './console-session';
import { consoleView, personOf } from './console-view';
import { bodyOf, valuesOf } from './form-fields';
import { cancelSpecs, pendingKinds } from './four-eyes-section';

/**
 * Cancelling a pending tranche or approval from the case page: the JSON API's schema and Update
 * (POST …/steps/cancel-tranche); a refusal shows the page again with the form as sent, 4xx.
 * Confirming needs no route of its own: it is the step's form, with the pending item's data.
 */
export function fourEyesRoutes(deps: ConsoleDependencies): Router {
  const { prisma } = deps;
  const router = Router();

  router.post('/cases/:id/pending/:item/cancel', async (req, res) => {
    const id = caseIdOf(req.params.id);
    const item = pendingKinds.find((kind) => kind === req.params.item);
    const person = personOf(res);
    const loaded = id && item && (await loadCase(deps, id, person.actor));
    if (!id || !item || !loaded) return consoleNotFound(req, res);
    const view = consoleView(req, res);
    const values = valuesOf(req.body, cancelSpecs(view));
    try {
      // Only the bank that holds the case; to anyone else the form does not exist.
      if (person.role !== 'bank' || loaded.row.bankId !== person.organizationId) throw notFound(`application ${id}`);
      const parsed = cancelPendingBody.safeParse(bodyOf(values, cancelSpecs(view)));
      if (!parsed.success) throw validationProblem('body', parsed.error.issues);
      await cancelPendingItem(deps, id, person.actor, item === 'tranche' ? 'cancelTranche' : 'cancelApproval', parsed.data.reason, {
        requestId: String(req.id),
        updateId: formUpdateIdOf(person.userId, req.body),
        deadline: deadlineOf(res),
      });
    } catch (error) {
      const problem = shownOrThrown(error);
      const pending = { item, state: { values, errors: errorsOf(problem) }, headline: headlineOf(view.language, problem) };
      return showRefusedForm(req, res, problem, { deps, loaded, actor: person.actor }, (now) => casePage(view, now, { pending }));
    }
    res.redirect(303, `/console/cases/${id}?cancelled=${item}`);
  });

  return router;
}
