export { loanApplicationWorkflow } from './loan-application';
export { weeklyDigestWorkflow } from './weekly-digest';
