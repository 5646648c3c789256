import type { Actor } from '../../domain/commands';
import { escalationLevelNumber } from '../../domain/contract';
import { clockCarryingSteps, currentWait, type CurrentWait, type TrailStep } from '../../domain/current-wait';
import type { EscalationPolicy } from '../../domain/deadlines';
import type { NotificationLevel } from '../../domain/escalation';
import type { Stage } from '../../domain/vocabulary';
import type { PrismaClient } from '../../generated/prisma/client';
import type { FieldCipher } from '../../security/field-cipher';
import { visibleTo } from '../access';
import { filtersWhere, type ListFilters } from './list-filters';

/** The stages in which each kind of organization holds a case (domain/deadlines.ts `waitOf`). */
export const heldStages: Record<'agency' | 'bank', readonly Stage[]> = {
  agency: ['categorization', 'returned_for_documents', 'information_requested', 'employment_follow_up'],
  bank: ['bank_review', 'disbursement'],
};

export interface InboxCase {
  id: string;
  agencyReference: string;
  applicantName: string;
  stage: Stage;
  wait: CurrentWait;
  /** The highest notice sent about this wait; null when none was. */
  escalation: NotificationLevel | null;
}

/**
 * The cases waiting for the actor's organization, the earliest deadline first (so the overdue
 * lead), those without a deadline last. Three queries however many cases: the applications, the
 * columns of their trails the clock needs, and their escalations.
 */
export async function inboxCases(
  { prisma, fields }: { prisma: PrismaClient; fields: FieldCipher },
  actor: Actor & { role: 'agency' | 'bank' },
  filters: ListFilters,
  policy: EscalationPolicy | undefined,
  now: Date,
): Promise<InboxCase[]> {
  const applications = await prisma.application.findMany({
    where: { AND: [visibleTo(actor), { stage: { in: [...heldStages[actor.role]] } }, ...filtersWhere(filters, fields)] },
    select: { id: true, agencyReference: true, stage: true, reviewStep: true, agencyId: true, bankId: true, category: true, extensionWaitId: true, extensionDays: true, applicant: { select: { fullName: true } } },
  });
  if (applications.length === 0) return [];
  const ids = applications.map((a) => a.id);
  const [steps, escalations] = await Promise.all([
    trailsFrom(prisma, ids),
    // Only notices to this organization: the current wait is its own.
    prisma.escalation.findMany({ where: { applicationId: { in: ids }, holderOrgId: actor.organizationId }, select: { applicationId: true, escalationKey: true, level: true } }),
  ]);
  const trails = groupBy(steps, (s) => s.applicationId);
  const notices = groupBy(escalations, (e) => e.applicationId);

  const cases: InboxCase[] = [];
  for (const application of applications) {
    const wait = currentWait(application, trails.get(application.id) ?? [], policy, now);
    // Only the organization's own waits: a bank's case waiting on the agency is not in its inbox.
    if (!wait || wait.holderOrganizationId !== actor.organizationId) continue;
    // Escalation keys are `<application>/<waitId>/<level>/<round>`: this wait's notices only.
    const prefix = `${application.id}/${wait.waitId}/`;
    const levels = (notices.get(application.id) ?? []).filter((n) => n.escalationKey.startsWith(prefix)).map((n) => n.level as NotificationLevel);
    cases.push({
      id: application.id,
      agencyReference: application.agencyReference,
      applicantName: fields.open(application.applicant.fullName),
      stage: application.stage as Stage,
      wait,
      escalation: highest(levels),
    });
  }
  return cases.sort(byDeadline);
}

/**
 * The trail of each application from its last step that no clock carries across: all that the
 * current wait's clock depends on (a few rows per case instead of the whole history).
 */
const trailsFrom = (prisma: PrismaClient, ids: string[]) => prisma.$queryRaw<(TrailStep & { applicationId: string })[]>`
  WITH starts AS (
    SELECT application_id, max(sequence) AS sequence FROM application_steps
    WHERE application_id = ANY(${ids}) AND step <> ALL(${[...clockCarryingSteps]})
    GROUP BY application_id)
  SELECT s.application_id AS "applicationId", s.sequence, s.step, s.stage_after AS "stageAfter", s.occurred_at AS "occurredAt"
  FROM application_steps s JOIN starts ON s.application_id = starts.application_id AND s.sequence >= starts.sequence`;

const highest = (levels: NotificationLevel[]): NotificationLevel | null =>
  levels.reduce<NotificationLevel | null>((top, level) => (top === null || escalationLevelNumber[level] > escalationLevelNumber[top] ? level : top), null);

const byDeadline = (a: InboxCase, b: InboxCase): number => {
  const due = (c: InboxCase) => c.wait.deadline?.getTime() ?? Number.POSITIVE_INFINITY;
  return due(a) - due(b) || a.wait.since.getTime() - b.wait.since.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
};

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
