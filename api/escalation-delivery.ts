import { type DeliveryStatus, deliveryStatusOf } from '../domain/delivery-status';
import type { PrismaClient } from '../generated/prisma/client';
import { outgoingEmailIdFor } from '../mail/outbox-ids';

export interface EmailInterventionFact {
  emailId: string;
  action: string;
  reason: string;
  adminUserId: string;
  at: Date;
}

export interface EscalationDelivery {
  emailId: string;
  /** The outbox row's own status; null when the escalation has none. */
  emailStatus: string | null;
  status: DeliveryStatus;
  interventions: EmailInterventionFact[];
}

interface EscalationFacts {
  applicationId: string;
  escalationKey: string;
  createdAt: Date;
}

/**
 * Each escalation's delivery status, by escalation key, read in two queries. The wait an
 * escalation was about has ended once its application changed after it was recorded (the
 * application's updatedAt is its last transition's time): its notice is no longer retried.
 */
export async function deliveriesOf(prisma: PrismaClient, escalations: readonly EscalationFacts[]): Promise<Map<string, EscalationDelivery>> {
  if (escalations.length === 0) return new Map();
  const ids = escalations.map((e) => outgoingEmailIdFor(e.escalationKey));
  const [emails, applications] = await Promise.all([
    prisma.outgoingEmail.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, interventions: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } } }),
    prisma.application.findMany({ where: { id: { in: [...new Set(escalations.map((e) => e.applicationId))] } }, select: { id: true, updatedAt: true } }),
  ]);
  const emailById = new Map(emails.map((e) => [e.id, e]));
  const updatedAt = new Map(applications.map((a) => [a.id, a.updatedAt]));
  return new Map(
    escalations.map((escalation) => {
      const emailId = outgoingEmailIdFor(escalation.escalationKey);
      const email = emailById.get(emailId);
      const waitEnded = (updatedAt.get(escalation.applicationId)?.getTime() ?? 0) > escalation.createdAt.getTime();
      const delivery: EscalationDelivery = {
        emailId,
        emailStatus: email?.status ?? null,
        status: deliveryStatusOf({ emailStatus: email?.status ?? null, waitEnded }),
        interventions: (email?.interventions ?? []).map(({ emailId: id, action, reason, adminUserId, at }) => ({ emailId: id, action, reason, adminUserId, at })),
      };
      return [escalation.escalationKey, delivery];
    }),
  );
}

/** What the case page's timeline shows of its escalations' emails: each one's status, and the admins' actions. */
export interface TimelineDelivery {
  statuses: Map<string, DeliveryStatus>;
  interventions: Array<EmailInterventionFact & { adminName: string }>;
}

/** The interventions (with their reasons) only for those who act on them or oversee: officials and admins. */
export async function timelineDeliveries(prisma: PrismaClient, escalations: readonly EscalationFacts[], withInterventions: boolean): Promise<TimelineDelivery> {
  const deliveries = await deliveriesOf(prisma, escalations);
  const statuses = new Map([...deliveries].map(([key, d]) => [key, d.status]));
  const facts = withInterventions ? [...deliveries.values()].flatMap((d) => d.interventions) : [];
  if (facts.length === 0) return { statuses, interventions: [] };
  const admins = await prisma.user.findMany({ where: { id: { in: [...new Set(facts.map((f) => f.adminUserId))] } }, select: { id: true, name: true } });
  const names = new Map(admins.map((a) => [a.id, a.name]));
  return { statuses, interventions: facts.map((f) => ({ ...f, adminName: names.get(f.adminUserId) ?? f.adminUserId })) };
}
