import { ApplicationFailure } from '@temporalio/common';
import { checkLendingLimit } from '../../activities/lending-limit';
import { setAllocation } from '../../api/allocation-store';
import type { ApplicationState, TransitionRecord } from '../../domain/application-state';
import { tehran } from '../domain/calendar/tehran';
import { bank, seedOrganizations } from '../../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

// The check on its own against the real database: which Jalali year an approval counts in.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedOrganizations(database.prisma);
  await setAllocation(database.prisma, 'lending_allocation', { year: 1405, organizationId: bank.organizationId, value: '100', changedBy: 'test' });
});
afterAll(async () => {
  await database?.drop();
});

/** Checks an approval of `amount` at `at` (Tehran time), as the persistence activity does. */
async function check(amount: string, at: Date): Promise<string> {
  const state = { applicationId: 'app-boundary', bankId: bank.organizationId, approvedAmount: amount } as ApplicationState;
  const record = { applicationId: 'app-boundary', sequence: 6, step: 'approve', occurredAt: at.toISOString() } as TransitionRecord;
  try {
    await database.prisma.$transaction((tx) => checkLendingLimit(tx, state, record));
    return 'passes';
  } catch (error) {
    if (error instanceof ApplicationFailure) return `${error.type} ${error.nonRetryable ? 'non-retryable' : 'retryable'}`;
    throw error;
  }
}

test('an approval in the last minute of 1405 counts against 1405’s allocation; one at midnight opening 1406 against 1406’s (none set: no limit)', async () => {
  const newYear = tehran('1406/01/01');
  expect(await check('101', new Date(newYear.getTime() - 60_000))).toBe('EXCEEDS_LENDING_LIMIT non-retryable');
  expect(await check('100', new Date(newYear.getTime() - 60_000))).toBe('passes');
  expect(await check('101', newYear)).toBe('passes');
  // And the first minute of 1405 is in 1405 too.
  expect(await check('101', tehran('1405/01/01'))).toBe('EXCEEDS_LENDING_LIMIT non-retryable');
  expect(await check('101', new Date(tehran('1405/01/01').getTime() - 60_000))).toBe('passes');
});
