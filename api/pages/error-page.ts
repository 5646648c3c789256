import type { HttpProblem } from '../problem';
import { html } from './html';
import { type PageContext, pageShell } from './layout';

/**
 * A refused request as a page (GOV.UK's error summary): each parameter at fault with the API's
 * own message (in English, as the JSON gives it), and a way back to a period that works.
 */

export function errorPage(context: PageContext, problem: HttpProblem): string {
  const { words } = context;
  const errors = problem.errors.length > 0 ? problem.errors : [{ field: '', message: problem.message }];
  const main = html`<h1>${words.page.errorTitle}</h1>
<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${words.page.errorIntro}</h2>
<ul>
${errors.map(({ field, message }) => html`<li><code lang="en" dir="ltr">${field.replace(/^query\./, '')}</code>: <span lang="en" dir="ltr">${message}</span></li>`)}
</ul>
</div>
<p><a href="${context.path}${words.language === 'en' ? '?lang=en' : ''}">${words.page.errorBack}</a></p>`;
  return pageShell(context, words.page.errorTitle, main);
}
