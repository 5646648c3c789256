import { type Request, type Response, Router } from 'express';
import type { Actor } from '../../domain/commands';
import type { PrismaClient } from '../../generated/prisma/client';
import type { StepName } from '../../domain/commands';
import { checkHolder, type StepOutcome, submitApplication, takeStep } from '../application-commands';
import { toProblem } from '../error-handler';
import { sendPage } from '../pages/page-requests';
import type { FieldError, HttpProblem } from '../problem';
import { deadlineOf } from '../request-deadline';
import { idParams } from '../schemas/listing';
import { stepBodies, stepSegments } from '../schemas/steps';
import { submissionBody } from '../schemas/submission';
import { validationProblem } from '../validate';
import { casePage, type LoadedCase, loadCase, stepContextOf } from './case-page';
import type { ConsoleDependencies } from './console-routes';
import { consoleNotFound, consoleRole } from './console-session';
import { consoleView, personOf } from './console-view';
import { bodyOf, emptyForm, valuesOf } from './form-fields';
import { allSubmissionFields, newApplicationPage } from './new-application-page';
import { fourEyesNotice } from './four-eyes-section';
import { stepFields } from './step-forms';
import { caseWorkFormNames } from './case-work-forms';
import { caseWorkWords } from './words/case-work';
import { caseWords } from './words/case-words';
import { withLinkedAttachments } from './attachments-section';
import { attachmentWords } from './words/attachments';

const formIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * The Update id of a form sent: its own id (a UUID it was rendered with), so the same form sent
 * twice acts once, and per person, so nobody else's form can reach that Update. Anything else: none.
 */
export const formUpdateIdOf = (userId: string, body: unknown): string | undefined => {
  const formId = (body as { formId?: unknown } | undefined)?.formId;
  return typeof formId === 'string' && formIdPattern.test(formId) ? `console-${userId}-${formId}` : undefined;
};

/**
 * The case page, its step forms and the new-application form. A step or a submission goes
 * through the same checks and workflow calls as the JSON API (api/application-commands.ts),
 * its form through the same zod schema; a refusal shows the page again, 4xx, changing nothing;
 * success redirects to the case page (POST-redirect-GET).
 */
export function caseRoutes(deps: ConsoleDependencies): Router {
  const { prisma } = deps;
  const router = Router();

  router.get('/applications/new', consoleRole('agency'), (req, res) => {
    sendPage(res, newApplicationPage(consoleView(req, res), emptyForm));
  });

  router.post('/applications/new', consoleRole('agency'), async (req, res) => {
    const view = consoleView(req, res);
    const specs = allSubmissionFields(view);
    const values = valuesOf(req.body, specs);
    const refuse = (problem: HttpProblem) =>
      sendPage(res, newApplicationPage(view, { values, errors: errorsOf(problem) }, headlineOf(view.language, problem)), problem.status);
    const parsed = submissionBody.safeParse(bodyOf(values, specs));
    if (!parsed.success) return refuse(validationProblem('body', parsed.error.issues));
    let submitted: { id: string; created: boolean };
    try {
      submitted = await submitApplication(deps, personOf(res).actor, parsed.data, { requestId: String(req.id), deadline: deadlineOf(res) });
    } catch (error) {
      return refuse(shownOrThrown(error));
    }
    // A form sent twice, or a file number used before, finds the application already there.
    res.redirect(303, `/console/cases/${submitted.id}${submitted.created ? '' : '?existing=1'}`);
  });

  router.get('/cases/:id', async (req, res) => {
    const id = caseIdOf(req.params.id);
    const loaded = id && (await loadCase(deps, id, personOf(res).actor));
    if (!loaded) return consoleNotFound(req, res);
    const view = consoleView(req, res);
    const words = caseWords[view.language];
    const done = typeof req.query.done === 'string' ? stepSegments[req.query.done] : undefined;
    const worked = caseWorkFormNames.find((form) => form === req.query.worked);
    const notice =
      fourEyesNotice(view, req.query) ?? (done ? words.done(words.steps[done]) : worked ? caseWorkWords[view.language].forms[worked].done : req.query.existing ? words.existing : undefined);
    const attached = req.query.attached ? attachmentWords[view.language].attached : undefined;
    sendPage(res, casePage(view, loaded, { notice: notice ?? attached, attachmentMaxBytes: deps.attachmentLimits.maxBytes }));
  });

  // A refused form's page has the step's URL; its language link (a GET) goes back to the case.
  router.get('/cases/:id/steps/:segment', (req, res) => {
    const id = caseIdOf(req.params.id);
    if (!id) return consoleNotFound(req, res);
    res.redirect(303, `/console/cases/${encodeURIComponent(id)}`);
  });

  router.post('/cases/:id/steps/:segment', consoleRole('agency', 'bank'), async (req, res) => {
    const id = caseIdOf(req.params.id);
    const step: StepName | undefined = Object.hasOwn(stepSegments, String(req.params.segment)) ? stepSegments[String(req.params.segment)] : undefined;
    const person = personOf(res);
    const loaded = id && step && (await loadCase(deps, id, person.actor));
    if (!id || !step || !loaded) return consoleNotFound(req, res);
    const view = consoleView(req, res);
    const specs = stepFields(step, stepContextOf(view, loaded));
    const values = valuesOf(req.body, specs);
    const refuse = (problem: HttpProblem) =>
      showRefusedForm(req, res, problem, { deps, loaded, actor: person.actor }, (now) => casePage(view, now, {
        refused: { step, state: { values, errors: errorsOf(problem) }, headline: headlineOf(view.language, problem) },
        attachmentMaxBytes: deps.attachmentLimits.maxBytes,
      }));
    let outcome: StepOutcome;
    try {
      // In the JSON API's order: who may act, then what the form holds, then the workflow's rules.
      await checkHolder(prisma, id, person.actor, step);
      const parsed = stepBodies[step].safeParse(bodyOf(values, specs));
      if (!parsed.success) throw validationProblem('body', parsed.error.issues);
      outcome = await takeStep({ ...deps, secondApprovalAboveRial: deps.config.SECOND_APPROVAL_ABOVE_RIAL }, id, step, person.actor, withLinkedAttachments(step, parsed.data, loaded), {
        requestId: String(req.id),
        updateId: formUpdateIdOf(person.userId, req.body),
        deadline: deadlineOf(res),
      });
    } catch (error) {
      return refuse(shownOrThrown(error));
    }
    // Four eyes: recorded and awaiting a second person of the bank, which the page then says.
    const pending = outcome.awaitingConfirmation ? `&pending=${step === 'approve' ? 'approval' : 'tranche'}` : '';
    res.redirect(303, `/console/cases/${id}?done=${req.params.segment}${pending}`);
  });

  return router;
}

export const caseIdOf = (raw: unknown): string | undefined => {
  const parsed = idParams.shape.id.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
};

/** A refusal (4xx, or "not confirmed in time", "not taken up": retry) is shown on the form; a failure goes to the error page. */
export function shownOrThrown(error: unknown): HttpProblem {
  const problem = toProblem(error);
  if (problem.status >= 500 && problem.code !== 'not-confirmed-in-time' && problem.code !== 'not-processed') throw error;
  return problem;
}

/**
 * A refused form's answer: the 404 page for a case the person may not see, else the case page as
 * the case is now (read again) with the form as it was sent, in the refusal's status.
 */
export async function showRefusedForm(
  req: Request,
  res: Response,
  problem: HttpProblem,
  { deps, loaded, actor }: { deps: Pick<ConsoleDependencies, 'prisma' | 'fields'>; loaded: LoadedCase; actor: Actor },
  page: (now: LoadedCase) => string,
): Promise<void> {
  if (problem.status === 404) return consoleNotFound(req, res);
  const now = (await loadCase(deps, loaded.row.id, actor)) ?? loaded;
  sendPage(res, page(now), problem.status);
}

/** The fields at fault; a rule's refusal of no field is said once, in the summary. */
export const errorsOf = (problem: HttpProblem): FieldError[] => (problem.errors.length > 0 ? problem.errors : [{ field: '', message: problem.message }]);

export const headlineOf = (language: 'fa' | 'en', problem: HttpProblem): string => {
  const words = caseWords[language];
  return words.refused[problem.code] ?? words.refusedOther;
};
