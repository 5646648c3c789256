import type { PrismaClient } from '../../generated/prisma/client';
import type { FieldCipher } from '../../security/field-cipher';
import type { WorkflowGateway } from '../workflow-gateway';

/** What the application routers share. */
export interface RouteContext {
  prisma: PrismaClient;
  /** Opens the applicants' sealed particulars for the representation. */
  fields: FieldCipher;
  workflows: WorkflowGateway;
  links(id: string): { self: string; workflowUi: string };
  /** SECOND_APPROVAL_ABOVE_RIAL, for the steps' four eyes. */
  secondApprovalAboveRial?: string | undefined;
}
