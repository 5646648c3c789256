export { loanApplicationWorkflow } from './loan-application';
