import { emailListQuery, emailParams, interventionBody, outgoingEmailList, outgoingEmailResource } from './schemas/admin-emails';
import { bodyErrors, errors, idempotencyKey, json, parametersOf, problemResponse, retryAfter, schemaOf, secured } from './openapi-parts';

const settled = (operationId: string, summary: string, description: string, more: Record<number, object> = {}) => ({
  post: {
    operationId,
    tags: ['admin'],
    summary,
    description,
    ...secured,
    parameters: [...parametersOf(emailParams, 'path'), idempotencyKey],
    requestBody: { required: true, ...json(schemaOf(interventionBody, 'input')) },
    responses: {
      200: { description: 'Done; the email as it is now, with the action in `interventions`', ...json(schemaOf(outgoingEmailResource, 'output')) },
      ...errors,
      ...bodyErrors,
      409: problemResponse('The email is not `unconfirmed` (already settled, perhaps by another admin at the same moment), or the same Idempotency-Key is still being processed'),
      ...more,
    },
  },
});

/** The emails a worker died sending, and how an admin settles one. */
export function adminEmailPaths() {
  return {
    '/admin/emails': {
      get: {
        operationId: 'listOutgoingEmails',
        tags: ['admin'],
        summary: 'Outgoing emails with a status, newest first (admins)',
        description:
          'By default the emails left `unconfirmed`: a worker died during the SMTP exchange, so the mail may have been delivered and is never sent again automatically. Settle each with resend or mark-delivered.',
        ...secured,
        parameters: parametersOf(emailListQuery, 'query'),
        responses: { 200: { description: 'The emails', ...json(schemaOf(outgoingEmailList, 'output')) }, ...errors },
      },
    },
    '/admin/emails/{id}/resend': settled(
      'resendEmail',
      'Send an unconfirmed email again, on purpose (admins)',
      'Only from `unconfirmed`, atomically: of two admins acting at once one resends and the other gets 409. Sends the same message (same Message-ID) to the recipients the server has not answered for yet; recipients who refused it for good are left out. If the server does not take it for every one of them, the email is `unconfirmed` again and the answer is 502.',
      {
        502: problemResponse('The SMTP server did not take the email for every recipient; the email is `unconfirmed` again'),
        503: { ...problemResponse('No answer within the request deadline, or this API process has no mailer'), headers: retryAfter },
      },
    ),
    '/admin/emails/{id}/mark-delivered': settled(
      'markEmailDelivered',
      'Record an unconfirmed email as delivered, without sending anything (admins)',
      'Only from `unconfirmed`, atomically: of two admins acting at once one marks it and the other gets 409. The email becomes `sent`; the reason is kept with the admin’s id in the audit trail.',
    ),
  };
}
