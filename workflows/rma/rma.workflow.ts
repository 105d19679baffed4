import { applyRmaAction, parseRmaPayload } from '../../domain/rma/rma-actions';
import { runFlowWork, type FlowWorkHooks, type FlowWorkInput, type FlowWorkSnapshot } from '../flow-work/flow-work';

export const DEFAULT_RMA_FLOW_KEY = 'rma-default';

const rmaHooks: FlowWorkHooks = {
  parsePayload: parseRmaPayload,
  applyAction: applyRmaAction,
  notifyVars: (rma) => ({
    orderId: rma.orderId ?? null,
    sku: rma.sku ?? null,
    resolution: rma.resolution ?? rma.requestedResolution ?? null,
  }),
};

/**
 * One RMA (寄修退换), started by POST /api/v1/rmas with update-with-start: the published flow
 * `rma-default` (or `flowKey`) run by the generic flow-work shell. The work item's fields are what
 * the flow reads as `rma.<field>`: rmaId, ticketId, orderId, customerId, sku, serialNo,
 * requestedResolution, claimAmount (yuan, what the approval thresholds are written in),
 * claimAmountFen, pickupAddress, pickupContact, symptoms, evidence.
 */
export async function RmaWorkflow(input: FlowWorkInput): Promise<FlowWorkSnapshot> {
  return runFlowWork(input, rmaHooks);
}
