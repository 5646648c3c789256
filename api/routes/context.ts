import type { PrismaClient } from '../../generated/prisma/client';
import type { WorkflowGateway } from '../workflow-gateway';

/** What the application routers share. */
export interface RouteContext {
  prisma: PrismaClient;
  workflows: WorkflowGateway;
  links(id: string): { self: string; workflowUi: string };
  /** SECOND_APPROVAL_ABOVE_RIAL, for the steps' four eyes. */
  secondApprovalAboveRial?: string | undefined;
}
