// The worker bundles this file: every workflow type Fixflow runs is exported here.
export { TicketWorkflow } from './ticket/ticket.workflow';
export { maintenanceRunWorkflow } from './maintenance/maintenance-run.workflow';
export { VisitWorkflow } from './visit/visit.workflow';
export { RmaWorkflow } from './rma/rma.workflow';
