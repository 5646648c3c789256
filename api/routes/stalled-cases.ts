import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { searchAttributes } from '../../domain/contract';
import { actorOf } from '../auth';

export interface StalledCaseRoutesDependencies {
  client: Client;
  temporalUiUrl: string;
  namespace: string;
}

const applicationIdOf = (workflowId: string): string => workflowId.replace(/^loan-application-/, '');

/**
 * Cases past their deadline, straight from Temporal visibility (the workflows keep their stage,
 * holder, deadline and escalation level in search attributes). Officials and admins see all;
 * an agency or a bank sees the stalled cases it holds.
 */
export function stalledCaseRoutes({ client, temporalUiUrl, namespace }: StalledCaseRoutesDependencies): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const actor = actorOf(res);
    const now = new Date();
    const clauses = [`ExecutionStatus = 'Running'`, `${searchAttributes.deadline.name} < '${now.toISOString()}'`];
    if (actor.role === 'agency' || actor.role === 'bank') {
      // Organization ids are ours (seeded or admin-made), but quote-escape them all the same.
      clauses.push(`${searchAttributes.holdingOrganization.name} = '${actor.organizationId.replace(/'/g, "''")}'`);
    }
    const items = [];
    for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
      const attributes = execution.typedSearchAttributes;
      const deadline = attributes.get(searchAttributes.deadline);
      items.push({
        applicationId: applicationIdOf(execution.workflowId),
        stage: attributes.get(searchAttributes.stage) ?? null,
        holdingOrganizationId: attributes.get(searchAttributes.holdingOrganization) ?? null,
        escalationLevel: attributes.get(searchAttributes.escalationLevel) ?? 0,
        deadline: deadline?.toISOString() ?? null,
        hoursOverdue: deadline ? Math.floor((now.getTime() - deadline.getTime()) / 3_600_000) : null,
        workflowUi: `${temporalUiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${execution.workflowId}`,
      });
      if (items.length >= 500) break;
    }
    items.sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? ''));
    res.json({ asOf: now.toISOString(), items });
  });
  return router;
}
