import type { Response } from 'express';
import { z } from 'zod';
import { type OrganizationKind, roleFitsKind } from '../../domain/organization-kinds';
import { type Role, roles } from '../../domain/vocabulary';
import type { PrismaClient } from '../../generated/prisma/client';
import { html } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { adminWordsOf, answeringFrom, selectField, textField } from './admin-parts';
import { consolePage, csrfField, errorSummary, type FieldError } from './console-layout';
import { type ConsoleView, organizationName } from './console-view';
import { USERNAME_PATTERN } from './people';
import { type NewPerson, type PersonRefusal, ID_PATTERN } from './person-records';

/** The new-person form: what it asks, how its answers are read, and how a refusal reads beside its field. */

export const PERSON_FIELDS = ['id', 'organization', 'role', 'name', 'email', 'username'] as const;
export type PersonForm = Record<(typeof PERSON_FIELDS)[number], string>;
const MAX_NAME = 200;
const MAX_EMAIL = 254;
const email = z.email();

/** The form's answers as typed (trimmed; usernames and ids lowercased, as people type them on any keyboard). */
export function personFormOf(body: unknown): PersonForm {
  const sent = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof sent[name] === 'string' ? (sent[name] as string).trim() : '');
  return {
    id: text('id').toLowerCase(),
    organization: text('organization'),
    role: text('role'),
    name: text('name'),
    email: text('email'),
    username: text('username').toLowerCase(),
  };
}

/** Every field's fault at once, so the person fixes them in one go; the database's checks (taken, fits) come after. */
export function readPerson(view: ConsoleView, form: PersonForm): { person?: NewPerson; errors: FieldError[] } {
  const p = adminWordsOf(view).problems;
  const errors: FieldError[] = [];
  const fault = (field: string, message: string) => errors.push({ field, message });
  if (!form.id) fault('id', p.required);
  else if (!ID_PATTERN.test(form.id)) fault('id', p.idFormat);
  if (!form.organization) fault('organization', p.required);
  if (!form.role) fault('role', p.required);
  else if (!(roles as readonly string[]).includes(form.role)) fault('role', p.unknownRole);
  if (!form.name) fault('name', p.required);
  else if (form.name.length > MAX_NAME) fault('name', p.tooLong(MAX_NAME));
  if (form.email.length > MAX_EMAIL) fault('email', p.tooLong(MAX_EMAIL));
  else if (form.email && !email.safeParse(form.email).success) fault('email', p.email);
  if (!form.username) fault('username', p.required);
  else if (!USERNAME_PATTERN.test(form.username)) fault('username', p.usernameFormat);
  if (errors.length > 0) return { errors };
  const role = form.role as Role;
  return { person: { id: form.id, organizationId: form.organization, role, name: form.name, email: form.email || undefined, username: form.username }, errors };
}

/** A refusal from the records, as a field's error and the status its page answers with. */
export function refusalOf(view: ConsoleView, refusal: PersonRefusal, role: Role): { error: FieldError; status: number } {
  const words = adminWordsOf(view);
  const p = words.problems;
  if (refusal.problem === 'taken') return { error: { field: refusal.field, message: refusal.field === 'id' ? p.idTaken : p.usernameTaken }, status: 409 };
  if (refusal.problem === 'wrongKind') {
    return { error: { field: 'role', message: p.roleMismatch(words.roles[role], words.kinds[refusal.kind as OrganizationKind] ?? refusal.kind) }, status: 422 };
  }
  if (refusal.problem === 'noUsername') return { error: { field: 'user', message: p.noUsername }, status: 409 };
  return { error: { field: refusal.field, message: refusal.field === 'organization' ? p.unknownOrganization : p.unknownUser }, status: 422 };
}

/** The form, empty or with what was sent and each field's fault. Organizations offer only the roles that fit them, in the hint. */
export async function sendPersonForm(prisma: PrismaClient, res: Response, asked: ConsoleView, form?: PersonForm, errors: FieldError[] = [], status = 200): Promise<void> {
  const view = answeringFrom(asked, '/console/admin/people/new');
  const words = adminWordsOf(view);
  const t = words.newPerson;
  const organizations = await prisma.organization.findMany({ orderBy: [{ kind: 'asc' }, { id: 'asc' }] });
  const organizationOptions = organizations.map((o) => ({ value: o.id, label: `${organizationName(view, o)} — ${words.kinds[o.kind as OrganizationKind] ?? o.kind}` }));
  const chosenKind = organizations.find((o) => o.id === form?.organization)?.kind;
  // Once an organization is chosen, the roles that fit it come first: a plain form cannot filter as the user picks.
  const roleOptions = roles.map((role) => ({ value: role, label: words.roles[role], fits: chosenKind ? roleFitsKind(role, chosenKind) : true }));
  const common = { errors, required: true };
  const main = html`<h1>${t.title}</h1>
${errorSummary(view, errors)}
<p>${t.intro}</p>
<form method="post" action="/console/admin/people" class="console-form" novalidate>
${csrfField(view)}
${textField({ ...common, name: 'id', label: t.id, hint: t.idHint, value: form?.id ?? '', ltr: true, autocomplete: 'off' })}
${selectField({ ...common, name: 'organization', label: t.organization, value: form?.organization ?? '', options: organizationOptions, placeholder: t.choose })}
${selectField({ ...common, name: 'role', label: t.role, hint: t.roleHint, value: form?.role ?? '', options: [...roleOptions.filter((r) => r.fits), ...roleOptions.filter((r) => !r.fits)], placeholder: t.choose })}
${textField({ ...common, name: 'name', label: t.name, value: form?.name ?? '', autocomplete: 'off' })}
${textField({ errors, name: 'email', label: t.email, hint: t.emailHint, value: form?.email ?? '', type: 'email', ltr: true, autocomplete: 'off' })}
${textField({ ...common, name: 'username', label: t.username, hint: t.usernameHint, value: form?.username ?? '', ltr: true, autocomplete: 'off' })}
<button type="submit">${t.submit}</button>
</form>`;
  sendPage(res, consolePage(view, t.title, main), status);
}
