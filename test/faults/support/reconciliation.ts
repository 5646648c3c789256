import type pg from 'pg';
import type { ApplicationState } from '../../../domain/application-state';
import type { ReceivedMail } from '../../../support/recording-smtp-server';
import type { ClientLedger } from '../../../support/case-drivers';

export interface Figure {
  lost: number;
  duplicated: number;
}

/** What the clients were told, the database holds, Temporal holds and the SMTP server received, compared. */
export interface Reconciliation {
  applications: Figure;
  steps: Figure;
  payments: Figure;
  emails: Figure;
  /** Applications whose database row disagrees with their workflow (stage, sequence, tranches). */
  disagreeing: number;
  /** Each lost, duplicated or disagreeing item, to say what went wrong. */
  details: string[];
}

/** Emails still to be sent or retried: none may remain once the system is quiet. */
export const UNSETTLED_EMAIL_STATUSES = ['pending', 'sending', 'failed', 'partly_sent'];

const counted = (items: string[]) => items.reduce((map, item) => map.set(item, (map.get(item) ?? 0) + 1), new Map<string, number>());
const extras = (counts: Map<string, number>) => [...counts].filter(([, n]) => n > 1);

/**
 * `ids` are every application the clients were answered for; `workflowState` reads a workflow's
 * state from Temporal. Call once the system is quiet: no request running, no email unsettled.
 */
export async function reconcile(
  ledger: ClientLedger,
  db: pg.Pool,
  workflowState: (id: string) => Promise<ApplicationState | undefined>,
  received: ReceivedMail[],
): Promise<Reconciliation> {
  const details: string[] = [];
  const ids = [...ledger.applications.values()];
  const note = (kind: string, items: string[]) => items.forEach((item) => details.push(`${kind}: ${item}`));

  const rows = (await db.query<{ id: string; agency_reference: string; stage: string; last_sequence: number }>(
    'SELECT id, agency_reference, stage, last_sequence FROM applications WHERE id = ANY($1)', [ids])).rows;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const lostApplications = [...ledger.applications].filter(([, id]) => !byId.has(id)).map(([reference, id]) => `${reference} ${id}`);
  const references = (await db.query<{ agency_reference: string; n: string }>(
    'SELECT agency_reference, count(*) AS n FROM applications WHERE agency_reference = ANY($1) GROUP BY agency_reference HAVING count(*) > 1',
    [[...ledger.applications.keys()]])).rows;
  note('application lost', lostApplications);
  note('application duplicated', references.map((r) => `${r.agency_reference} ×${r.n}`));

  const stepRows = (await db.query<{ application_id: string; step: string; payment: string | null }>(
    "SELECT application_id, step, data->>'paymentReference' AS payment FROM application_steps WHERE application_id = ANY($1)", [ids])).rows;
  const databaseSteps = counted(stepRows.map((r) => `${r.application_id}/${r.step}${r.payment ? `/${r.payment}` : ''}`));
  const lostSteps = ledger.steps.filter((step) => !databaseSteps.has(step));
  const duplicatedSteps = extras(databaseSteps);
  note('step lost', lostSteps);
  note('step duplicated', duplicatedSteps.map(([step, n]) => `${step} ×${n}`));

  const paid = (await db.query<{ application_id: string; payment_reference: string }>(
    'SELECT application_id, payment_reference FROM disbursements WHERE application_id = ANY($1)', [ids])).rows;
  const databasePayments = counted(paid.map((r) => `${r.application_id}/${r.payment_reference}`));
  const lostPayments = ledger.payments.filter((payment) => !databasePayments.has(payment));
  const duplicatedPayments = extras(databasePayments);
  note('payment lost', lostPayments);
  note('payment duplicated', duplicatedPayments.map(([payment, n]) => `${payment} ×${n}`));

  let disagreeing = 0;
  for (const id of ids) {
    const row = byId.get(id);
    const state = await workflowState(id);
    const stepsInDatabase = stepRows.filter((r) => r.application_id === id).length;
    const paymentsInDatabase = paid.filter((r) => r.application_id === id).length;
    if (!row || !state) continue; // counted as lost above, or a workflow missing below
    const agree = state.stage === row.stage && state.sequence === row.last_sequence && state.sequence === stepsInDatabase && state.tranches.length === paymentsInDatabase;
    if (!agree) {
      disagreeing += 1;
      details.push(`disagreeing: ${id} workflow ${state.stage}/${state.sequence}/${state.tranches.length} database ${row.stage}/${row.last_sequence}/${stepsInDatabase} steps/${paymentsInDatabase} paid`);
    }
  }
  const missingWorkflows = (await Promise.all(ids.map(async (id) => ((await workflowState(id)) ? undefined : id)))).filter(Boolean) as string[];
  note('workflow missing', missingWorkflows);

  const emails = await reconcileEmails(db, received);
  details.push(...emails.details);
  return {
    applications: { lost: lostApplications.length + missingWorkflows.length, duplicated: references.reduce((n, r) => n + Number(r.n) - 1, 0) },
    steps: { lost: lostSteps.length, duplicated: duplicatedSteps.reduce((n, [, c]) => n + c - 1, 0) },
    payments: { lost: lostPayments.length, duplicated: duplicatedPayments.reduce((n, [, c]) => n + c - 1, 0) },
    emails: emails.figure,
    disagreeing,
    details,
  };
}

/**
 * An email is lost when the outbox holds it unsettled, or says a recipient accepted it and
 * the SMTP server never received it for that recipient; duplicated when the server received
 * the same Message-ID for the same recipient twice, or a message the outbox never held.
 */
async function reconcileEmails(db: pg.Pool, received: ReceivedMail[]): Promise<{ figure: Figure; details: string[] }> {
  const details: string[] = [];
  // The whole outbox: the database is this test's own, and a digest belongs to no application.
  const outbox = (await db.query<{ message_id: string; status: string; address: string; recipient_status: string }>(
    `SELECT e.message_id, e.status, r.address, r.status AS recipient_status
       FROM outgoing_emails e JOIN email_recipients r ON r.email_id = e.id`)).rows;
  const deliveries = counted(received.flatMap((mail) => mail.envelope.to.map((to) => `${mail.parsed.messageId}|${to}`)));
  const unsettled = [...new Set(outbox.filter((row) => UNSETTLED_EMAIL_STATUSES.includes(row.status)).map((row) => row.message_id))];
  const undelivered = outbox.filter((row) => row.recipient_status === 'accepted' && !deliveries.has(`${row.message_id}|${row.address}`));
  const known = new Set(outbox.map((row) => `${row.message_id}|${row.address}`));
  const duplicated = extras(deliveries);
  const strangers = [...deliveries.keys()].filter((delivery) => !known.has(delivery));
  details.push(...unsettled.map((id) => `email unsettled: ${id}`));
  details.push(...undelivered.map((row) => `email accepted but never received: ${row.message_id} to ${row.address}`));
  details.push(...duplicated.map(([delivery, n]) => `email received ×${n}: ${delivery}`));
  details.push(...strangers.map((delivery) => `email received but not in the outbox: ${delivery}`));
  return {
    figure: { lost: unsettled.length + undelivered.length, duplicated: duplicated.reduce((n, [, c]) => n + c - 1, 0) + strangers.length },
    details,
  };
}
