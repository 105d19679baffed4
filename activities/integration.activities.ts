import type { CtiCall, CtiCallInput } from './integrations/cti-client';
import { createCtiClient } from './integrations/cti-client';
import type { IntegrationEndpoints } from './integrations/endpoints';
import {
  createErpClient,
  type ErpCostInput,
  type ErpInvoiceInput,
  type ErpRefundInput,
  type ErpSettlementInput,
} from './integrations/erp-client';
import { createLogisticsClient, type PickupInput } from './integrations/logistics-client';
import { createOmsClient, type OmsLogisticsWriteBack, type OmsRefundWriteBack } from './integrations/oms-client';
import { createWmsClient, type WmsInboundInput, type WmsReserveInput, type WmsTransferInput } from './integrations/wms-client';

/** A write's input: what to send plus its idempotency key (integrationKey(workflowId, step, …)). */
type Write<T> = T & { idempotencyKey: string };

const split = <T extends { idempotencyKey: string }>(input: T): [Omit<T, 'idempotencyKey'>, string] => {
  const { idempotencyKey, ...rest } = input;
  return [rest, idempotencyKey];
};

/**
 * The outside systems as activities. Failures come out as ApplicationFailures of type
 * IntegrationUnavailable (retryable: time-out, 5xx), IntegrationRejected (not retryable: the
 * system's 4xx answer and its reason, for an agent to read), IntegrationBadResponse and
 * IntegrationNotConfigured (not retryable). Every write is idempotent on the caller's key, so a
 * retry after a lost answer gets the first result back instead of doing the thing twice.
 */
export function createIntegrationActivities(deps: { endpoints: IntegrationEndpoints }) {
  const { systems } = deps.endpoints;
  const oms = createOmsClient(systems.oms);
  const wms = createWmsClient(systems.wms);
  const erp = createErpClient(systems.erp);
  const logistics = createLogisticsClient(systems.logistics);
  const cti = createCtiClient(systems.cti);

  return {
    omsGetOrder: (orderId: string) => oms.getOrder(orderId),
    omsGetShipments: (orderId: string) => oms.getShipments(orderId),
    omsCheckEligibility: (orderId: string) => oms.checkEligibility(orderId),
    omsWriteBackLogistics: (input: Write<OmsLogisticsWriteBack>) => oms.writeBackLogistics(...split(input)),
    omsWriteBackRefund: (input: Write<OmsRefundWriteBack>) => oms.writeBackRefund(...split(input)),

    wmsGetStock: (sku: string) => wms.getStock(sku),
    wmsReserve: (input: Write<WmsReserveInput>) => wms.reserve(...split(input)),
    wmsRelease: (input: Write<{ reservationId: string }>) => wms.release(input.reservationId, input.idempotencyKey),
    wmsReceiveInbound: (input: Write<WmsInboundInput>) => wms.receiveInbound(...split(input)),
    wmsInspection: (rmaId: string) => wms.getInspection(rmaId),
    wmsTransfer: (input: Write<WmsTransferInput>) => wms.transfer(...split(input)),

    erpRefund: (input: Write<ErpRefundInput>) => erp.refund(...split(input)),
    erpGetRefund: (refundId: string) => erp.getRefund(refundId),
    erpSettle: (input: Write<ErpSettlementInput>) => erp.settle(...split(input)),
    erpInvoice: (input: Write<ErpInvoiceInput>) => erp.invoice(...split(input)),
    erpPostCost: (input: Write<ErpCostInput>) => erp.postCost(...split(input)),

    logisticsCreatePickup: (input: Write<PickupInput>) => logistics.createPickup(...split(input)),
    logisticsCancelPickup: (input: Write<{ pickupNo: string }>) => logistics.cancelPickup(input.pickupNo, input.idempotencyKey),
    logisticsTrack: (waybillNo: string) => logistics.track(waybillNo),

    ctiCall: (input: Write<CtiCallInput>): Promise<CtiCall> => cti.placeCall(...split(input)),
    ctiCallResult: (callId: string): Promise<CtiCall> => cti.getCall(callId),
  };
}

export type IntegrationActivities = ReturnType<typeof createIntegrationActivities>;
