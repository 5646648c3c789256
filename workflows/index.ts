export { loanApplicationWorkflow } from './loan-application';
export { weeklyDigestWorkflow } from './weekly-digest';
export { particularsRetentionWorkflow } from './particulars-retention';
