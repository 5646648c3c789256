import type { PrismaClient } from '../../generated/prisma/client';

export interface Verification {
  ok: boolean;
  applications: number;
  closed: number;
  /** Applications whose audit trail is exactly the expected steps, in order. */
  withExpectedSteps: number;
  stepRows: number;
  expectedStepRowsPerApplication: number;
  problems: string[];
}

/** The audit trail of one application that went the whole way, as persist-transition writes it. */
export function expectedSteps(tranches: number): string[] {
  return [
    'submit',
    'categorize',
    'acknowledgeReceipt',
    'checkDocuments',
    'assessCredit',
    'approve',
    'signContract',
    ...Array.from({ length: tranches }, () => 'disburseTranche'),
    'openFollowUp',
    'confirmJobs',
  ];
}

/** Reads PostgreSQL, not the workflows: every application closed, with one row per step. */
export async function verifyApplications(prisma: PrismaClient, ids: string[], tranches: number): Promise<Verification> {
  const expected = expectedSteps(tranches);
  const rows = await prisma.application.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      stage: true,
      steps: { select: { step: true, sequence: true }, orderBy: { sequence: 'asc' } },
      _count: { select: { disbursements: true } },
    },
  });
  const problems: string[] = [];
  if (rows.length !== ids.length) problems.push(`${ids.length - rows.length} applications have no row`);
  let closed = 0;
  let withExpectedSteps = 0;
  let stepRows = 0;
  for (const row of rows) {
    stepRows += row.steps.length;
    if (row.stage === 'closed') closed += 1;
    else problems.push(`${row.id} is at stage ${row.stage}`);
    const trail = row.steps.map((s) => s.step);
    const sequencesInOrder = row.steps.every((s, i) => s.sequence === i + 1);
    if (sequencesInOrder && trail.length === expected.length && trail.every((step, i) => step === expected[i])) withExpectedSteps += 1;
    else problems.push(`${row.id} has steps ${trail.join(',')}`);
    if (row._count.disbursements !== tranches) problems.push(`${row.id} has ${row._count.disbursements} disbursements`);
  }
  return {
    ok: problems.length === 0 && rows.length === ids.length,
    applications: rows.length,
    closed,
    withExpectedSteps,
    stepRows,
    expectedStepRowsPerApplication: expected.length,
    problems: problems.slice(0, 10),
  };
}
