/**
 * Error codes carried as ApplicationFailure `type` from workflow validators and as the
 * problem `type` suffix in HTTP answers. Never rely on an error class name surviving bundling.
 */
export const ErrorCode = {
  StepOutOfOrder: 'STEP_OUT_OF_ORDER',
  WrongParty: 'WRONG_PARTY',
  InvalidStepData: 'INVALID_STEP_DATA',
  AlreadySubmitted: 'ALREADY_SUBMITTED',
  NotSubmitted: 'NOT_SUBMITTED',
  /** The database refused the step's data (a bug the edge let through): nothing was recorded. */
  Unstorable: 'UNSTORABLE',
  /** An approval past the bank's remaining lending allocation for the year: nothing was recorded. */
  ExceedsLendingLimit: 'EXCEEDS_LENDING_LIMIT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A step refused by the rules; the workflow turns it into a non-retryable ApplicationFailure. */
export class StepRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'StepRefusal';
  }
}
