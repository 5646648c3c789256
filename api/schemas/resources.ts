import { z } from 'zod';
import { deliveryStatuses } from '../../domain/delivery-status';
import { timelineKinds } from '../history';
import { categories, districts, priorities, rejectionReasons, reviewSteps, roles, stages } from '../../domain/vocabulary';

/** What the API answers, for the OpenAPI document (the handlers build it in representation.ts). */

const rial = z.string().regex(/^\d+$/).meta({ description: 'Rials, as a string of decimal digits', examples: ['150000000000'] });
const instant = z.iso.datetime({ offset: true });
const organization = z.object({ id: z.string(), name: z.string(), nameFa: z.string() });

export const applicationResource = z
  .object({
    id: z.string(),
    agencyReference: z.string(),
    stage: z.enum(stages),
    reviewStep: z.enum(reviewSteps).nullable(),
    agency: organization,
    bank: organization.nullable(),
    applicant: z.object({
      nationalId: z.string(),
      fullName: z.string(),
      phone: z.string(),
      address: z.string(),
      district: z.string(),
      erasedAt: z.iso
        .datetime()
        .nullable()
        .meta({ description: 'When the national id, name, phone and address were erased (RETENTION_AFTER_CLOSURE_DAYS after closure); they are then empty strings' }),
    }),
    requestedAmount: rial,
    purpose: z.string(),
    jobsCommitted: z.number().int(),
    jobsConfirmed: z.number().int().nullable(),
    district: z.enum(districts),
    category: z.enum(categories).nullable(),
    priority: z.enum(priorities).nullable(),
    approvedAmount: rial.nullable(),
    approvedTerms: z.string().nullable(),
    rejectionReason: z.enum(rejectionReasons).nullable(),
    duplicates: z
      .object({
        open: z.number().int().meta({ description: 'Other applications of this applicant (national id) in the county still open at submission' }),
        paid: z.number().int().meta({ description: 'Other applications of this applicant with a tranche paid within DUPLICATE_FACILITY_YEARS before submission' }),
        visible: z.array(z.string()).meta({ description: 'The ids of those the caller may see; the others are only counted' }),
      })
      .meta({ description: 'The applicant’s other applications found when this one was submitted; a bank may reject with `duplicate_facility`.' }),
    disbursedAmount: rial,
    disbursements: z.array(z.object({ tranche: z.number().int(), amount: rial, paymentReference: z.string(), paidAt: instant })),
    pendingTranche: z
      .object({ amount: rial, paymentReference: z.string(), recordedBy: z.string(), recordedAt: instant, awaiting: z.literal('confirmation by a second user of the bank') })
      .nullable()
      .meta({ description: 'Four eyes: a tranche recorded by one bank user, not paid until a second user of the bank posts disburse-tranche with the same data (or cancelled with cancel-tranche).' }),
    pendingApproval: z
      .object({ amount: rial, terms: z.string(), recordedBy: z.string(), recordedAt: instant, awaiting: z.literal('confirmation by a second user of the bank') })
      .nullable()
      .meta({ description: 'Four eyes: an approval above SECOND_APPROVAL_ABOVE_RIAL recorded by one bank user, not approved until a second user of the bank posts approve with the same data (or cancelled with cancel-approval).' }),
    submittedAt: instant,
    updatedAt: instant,
    closedAt: instant.nullable(),
    workflowId: z.string(),
    links: z.object({ self: z.url(), workflowUi: z.url() }),
  })
;

export const applicationPage = z.object({
  items: z.array(applicationResource),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
});

const escalation = z.object({
  step: z.string(),
  level: z.enum(['reminder', 'governors_office', 'province', 'abandoned']),
  holdingOrganizationId: z.string().nullable(),
  waitingSince: instant,
  deadline: instant,
  recordedAt: instant,
  deliveryStatus: z.enum(deliveryStatuses).meta({
    description:
      'How far its email got: `queued` (not sent yet, or retrying), `sent` (accepted, perhaps with some recipients refusing it for good), `unconfirmed` (a worker died mid-send: perhaps delivered, never sent again automatically; an admin settles it at /admin/emails), `failed` (every recipient refused it for good, or retries stopped with nobody reached), `skipped` (nobody to send it to, or the case moved on first).',
  }),
  emailId: z.string().nullable().meta({ description: 'The outgoing email’s id, for /admin/emails.' }),
});

export const stepList = z.object({
  applicationId: z.string(),
  steps: z.array(
    z.object({
      sequence: z.number().int(),
      step: z.string(),
      stageAfter: z.enum(stages),
      actor: z.object({ userId: z.string(), organizationId: z.string(), role: z.enum(roles) }).nullable(),
      comment: z.string().nullable(),
      data: z.unknown(),
      occurredAt: instant,
    }),
  ),
  escalations: z.array(escalation),
});

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ description: 'RFC 9457 problem details; `errors` names each field at fault.' });

export const health = z.object({ status: z.string(), checks: z.record(z.string(), z.string()).optional() });

export const applicationHistory = z.object({
  applicationId: z.string(),
  workflowId: z.string(),
  runId: z.string(),
  status: z.string().meta({ description: 'The workflow execution status: RUNNING, COMPLETED, FAILED, TERMINATED, ...' }),
  links: z.object({ self: z.url(), workflowUi: z.url().meta({ description: 'The same workflow in the Temporal Web UI' }) }),
  timeline: z.array(
    z.object({
      at: instant,
      kind: z.enum(timelineKinds),
      summary: z.string().meta({ description: 'One English sentence' }),
      eventId: z.number().int().optional().meta({ description: 'The history event the entry comes from' }),
      actor: z
        .object({ userId: z.string(), organizationId: z.string(), organizationName: z.string().optional(), role: z.enum(roles) })
        .optional()
        .meta({ description: 'Who took the step' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  events: z.array(z.record(z.string(), z.unknown())).optional().meta({ description: 'With `raw=true`: the Temporal history events as proto JSON' }),
});
