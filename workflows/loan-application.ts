import { patched } from '@temporalio/workflow';
import type { ApplicationState } from '../domain/application-state';
import type { LoanApplicationInput } from '../domain/contract';
import { runLifecycle } from './application-lifecycle';
import { legacyLoanApplication } from './legacy/loan-application-v1';

/**
 * One workflow per application, from submission to the employment follow-up. Decided once, at
 * the start: workflows begun before 'lifecycle-v2' (a serialized transition gate, bounded
 * persistence, notices that never hold up the clock, a capped ladder, continue-as-new) replay
 * and run on as they began.
 */
export async function loanApplicationWorkflow(input: LoanApplicationInput): Promise<ApplicationState | null> {
  return patched('lifecycle-v2') ? runLifecycle(input) : legacyLoanApplication(input);
}
