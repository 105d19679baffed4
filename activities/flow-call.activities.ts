import { ApplicationFailure, Context } from '@temporalio/activity';
import type { IntegrationEndpoints } from './integrations/endpoints';
import { createErpClient } from './integrations/erp-client';
import { integrationKey } from './integrations/integration-key';
import { createLogisticsClient, type PickupInput } from './integrations/logistics-client';
import { createOmsClient } from './integrations/oms-client';
import { createWmsClient } from './integrations/wms-client';
import type { DataSource } from 'typeorm';
import { visitCallHandlers } from './visit-calls';

/**
 * The one activity through which flow-interpreted work (RMAs, visits) calls the outside world:
 * `runFlowCall` looks the flow's activity name up in FLOW_CALL_HANDLERS and runs its handler
 * against the integration clients. Every write carries `integrationKey(workflowId, callId[, part])`,
 * which stays the same across retries and worker restarts, so a retried call never does twice what
 * it did once (the systems answer a repeated key with the first result).
 *
 * Failures are the clients' own: IntegrationRejected (a 4xx: not retried; the shell feeds it to the
 * flow as `activity-failed`), IntegrationUnavailable (retried by Temporal), and FlowCallUnknown /
 * FlowCallInvalid (an activity name without a handler, or data the call cannot be made without).
 */
export interface FlowCallInput {
  kind: 'rma' | 'visit';
  workId: string;
  workflowId: string;
  /** the interpreter's call id: unique within the work, stable across replays */
  callId: string;
  activity: string;
  /** the flow's resolved input for the call */
  input: Record<string, unknown>;
  compensation: boolean;
  /** the work item and flow variables when the call was made (what the flow's input leaves out) */
  work: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** workflow time when the call was made: anything time-dependent in a request derives from it, so retries send the same body */
  at: string;
}

export interface FlowCallContext {
  call: FlowCallInput;
  /** the idempotency key of this call's write; `part` tells apart several writes of one call */
  key(part?: string): string;
}

export type FlowCallHandler = (ctx: FlowCallContext) => Promise<unknown>;

export function invalidCall(message: string): never {
  throw ApplicationFailure.create({ message, type: 'FlowCallInvalid', nonRetryable: true });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const need = (v: unknown, what: string, activity: string): string => str(v) ?? invalidCall(`${activity}: ${what} is missing`);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
/** The flow's amounts are yuan (its thresholds are written in yuan); the systems take fen. */
const toFen = (yuan: unknown, activity: string): number => {
  const n = typeof yuan === 'number' ? yuan : Number(yuan);
  if (!Number.isFinite(n) || n <= 0) invalidCall(`${activity}: amount must be a positive number of yuan, got ${String(yuan)}`);
  return Math.round(n * 100);
};

/** Where the sandbox warehouses ship from (a real WMS would answer this). */
const WAREHOUSE_SITES: Record<string, { address: PickupInput['address']; contact: PickupInput['contact'] }> = {
  'WH-SH': {
    address: { province: '上海市', city: '上海市', district: '嘉定区', detail: '安亭镇墨玉路 88 号 上海中心仓' },
    contact: { name: '上海中心仓发货组', phone: '13800000001' },
  },
  'WH-GZ': {
    address: { province: '广东省', city: '广州市', district: '白云区', detail: '太和镇物流园 6 号库 广州仓' },
    contact: { name: '广州仓发货组', phone: '13800000002' },
  },
  'WH-CD': {
    address: { province: '四川省', city: '成都市', district: '双流区', detail: '西航港物流中心 3 号库 成都仓' },
    contact: { name: '成都仓发货组', phone: '13800000003' },
  },
};
const DEFAULT_RETURN_WAREHOUSE = 'WH-SH';
const HOUR = 3_600_000;

/** The pickup window: from two hours after the call was made, for a day (the same on every retry). */
const pickupWindow = (at: string) => {
  const t = Date.parse(at);
  return { from: new Date(t + 2 * HOUR).toISOString(), to: new Date(t + 26 * HOUR).toISOString() };
};

/** Which OMS after-sales policy an RMA's requested resolution falls under. */
const POLICY_OF = { refund: 'return', replace: 'exchange', price_change: 'exchange', repair: 'repair' } as const;

/**
 * The RMA flow's activities (domain/flow/flow-vocabulary.ts RMA_ACTIVITIES) on the sandbox's systems.
 * The carrier here only books pickups: a reverse-logistics order is a pickup at the customer's
 * address bound for the return warehouse (its pickup number is the return-order number), and an
 * outbound shipment (replacement, repaired unit) is a pickup at the warehouse bound for the customer.
 */
function rmaCallHandlers(endpoints: IntegrationEndpoints): Record<string, FlowCallHandler> {
  const { systems } = endpoints;
  const oms = createOmsClient(systems.oms);
  const wms = createWmsClient(systems.wms);
  const erp = createErpClient(systems.erp);
  const logistics = createLogisticsClient(systems.logistics);

  const outboundPickup = async ({ call, key }: FlowCallContext, warehouseId: string) => {
    const site = WAREHOUSE_SITES[warehouseId] ?? WAREHOUSE_SITES[DEFAULT_RETURN_WAREHOUSE]!;
    const customerId = need(call.input.customerId ?? call.work.customerId, 'customerId', call.activity);
    const p = await logistics.createPickup(
      {
        rmaId: call.workId,
        address: site.address,
        contact: site.contact,
        window: pickupWindow(call.at),
        toWarehouseId: `customer:${customerId}`,
      },
      key('pickup'),
    );
    return { outboundNo: p.waybillNo, pickupNo: p.pickupNo, waybillNo: p.waybillNo, carrier: p.carrier, warehouseId };
  };

  return {
    'oms.check-eligibility': async ({ call }) => {
      const orderId = need(call.input.orderId, 'orderId', call.activity);
      const resolution = need(call.input.requestedResolution, 'requestedResolution', call.activity) as keyof typeof POLICY_OF;
      let order;
      try {
        order = await oms.getOrder(orderId);
      } catch (err) {
        const details = (err as ApplicationFailure).details?.[0] as { status?: number } | undefined;
        if ((err as ApplicationFailure).type === 'IntegrationRejected' && details?.status === 404)
          return { eligible: false, reason: `订单 ${orderId} 不存在 (order not found)`, inWarranty: false, orderAmount: null };
        throw err;
      }
      const verdicts = await oms.checkEligibility(orderId);
      const policy = POLICY_OF[resolution] ?? 'return';
      const verdict = verdicts[policy];
      const sku = str(call.input.sku);
      const claimFen =
        call.input.claimAmount === null || call.input.claimAmount === undefined ? 0 : toFen(call.input.claimAmount, call.activity);
      const base = {
        policy,
        until: verdict.until,
        inWarranty: verdicts.repair.eligible,
        orderAmount: order.amountFen / 100,
        orderAmountFen: order.amountFen,
      };
      if (sku && !order.items.some((i) => i.sku === sku))
        return { ...base, eligible: false, reason: `订单 ${orderId} 中没有商品 ${sku} (the SKU is not on the order)` };
      if (claimFen > order.amountFen)
        return { ...base, eligible: false, reason: `申请金额超过订单实付金额 (claim ${claimFen} fen > paid ${order.amountFen} fen)` };
      return { ...base, eligible: verdict.eligible, reason: verdict.reason };
    },

    'logistics.create-return-order': async ({ call, key }) => {
      const address = obj(call.work.pickupAddress);
      const contact = obj(call.work.pickupContact);
      if (!str(address.city) || !str(contact.phone)) invalidCall(`${call.activity}: the RMA has no pickup address and contact`);
      const p = await logistics.createPickup(
        {
          rmaId: need(call.input.rmaId, 'rmaId', call.activity),
          address: address as unknown as PickupInput['address'],
          contact: contact as unknown as PickupInput['contact'],
          window: pickupWindow(call.at),
          toWarehouseId: str(call.work.returnWarehouseId) ?? DEFAULT_RETURN_WAREHOUSE,
        },
        key(),
      );
      return { returnOrderNo: p.pickupNo, pickupNo: p.pickupNo, waybillNo: p.waybillNo, carrier: p.carrier, window: p.window };
    },

    /** The booked pickup on the order, so the OMS (and the customer's order page) shows the return waybill. */
    'logistics.book-pickup': async ({ call, key }) => {
      const ro = obj(call.vars.returnOrder);
      const waybillNo = need(ro.waybillNo, 'the return order (vars.returnOrder)', call.activity);
      const ack = await oms.writeBackLogistics(
        {
          orderId: need(call.work.orderId, 'orderId', call.activity),
          rmaId: need(call.input.rmaId, 'rmaId', call.activity),
          direction: 'return',
          carrier: str(ro.carrier) ?? '',
          pickupNo: need(ro.pickupNo, 'pickupNo', call.activity),
          waybillNo,
        },
        key(),
      );
      return { pickupNo: ro.pickupNo, waybillNo, carrier: ro.carrier, window: ro.window, omsRecordId: ack.recordId };
    },

    'logistics.cancel-pickup': async ({ call, key }) => {
      const p = await logistics.cancelPickup(need(call.input.pickupNo, 'pickupNo', call.activity), key());
      return { pickupNo: p.pickupNo, status: p.status };
    },

    'logistics.cancel-return-order': async ({ call, key }) => {
      const p = await logistics.cancelPickup(need(call.input.returnOrderNo, 'returnOrderNo', call.activity), key());
      return { returnOrderNo: p.pickupNo, status: p.status };
    },

    'wms.inspect-inbound': async ({ call, key }) => {
      const rmaId = need(call.input.rmaId, 'rmaId', call.activity);
      const ro = obj(call.vars.returnOrder);
      const warehouseId = str(call.work.warehouseId) ?? str(call.work.returnWarehouseId) ?? DEFAULT_RETURN_WAREHOUSE;
      const sku = need(call.input.sku ?? call.work.sku, 'sku', call.activity);
      const serial = str(call.input.serialNo);
      const receipt = await wms.receiveInbound(
        {
          rmaId,
          warehouseId,
          waybillNo: need(ro.waybillNo, 'the return waybill (vars.returnOrder)', call.activity),
          items: [{ sku, ...(serial ? { serial } : {}), quantity: 1 }],
        },
        key('inbound'),
      );
      const i = await wms.getInspection(rmaId);
      return {
        receiptId: receipt.receiptId,
        warehouseId: receipt.warehouseId,
        result: i.result,
        responsibility: i.responsibility,
        grade: i.grade,
        note: i.notes,
        photos: i.photos,
        inspectedAt: i.inspectedAt,
        priceDifference: 0,
      };
    },

    'erp.refund': async ({ call, key }) => {
      const r = await erp.refund(
        {
          rmaId: need(call.input.rmaId, 'rmaId', call.activity),
          orderId: need(call.input.orderId, 'orderId', call.activity),
          amountFen: toFen(call.input.amount, call.activity),
          method: (str(call.work.refundMethod) as 'original' | 'bank' | 'coupon' | undefined) ?? 'original',
          ...(str(call.work.bankAccount) ? { bankAccount: str(call.work.bankAccount) } : {}),
          reason: `RMA ${call.workId} 退款`,
        },
        key(),
      );
      return { refundNo: r.refundId, amountFen: r.amountFen, method: r.method, status: r.status, duplicate: r.duplicate };
    },

    'erp.settle-price-difference': async ({ call, key }) => {
      const s = await erp.settle(
        {
          reference: need(call.input.rmaId, 'rmaId', call.activity),
          orderId: need(call.input.orderId, 'orderId', call.activity),
          amountFen: toFen(call.input.amount, call.activity),
          reason: `RMA ${call.workId} 补差价`,
        },
        key(),
      );
      return { settlementNo: s.settlementId, amountFen: s.amountFen };
    },

    /**
     * Money back to the customer — a refund, or a price difference settled in their favour (a positive
     * settlement: the claim they are owed) — is a red invoice (红冲); a difference they pay is a blue one.
     */
    'erp.issue-invoice': async ({ call, key }) => {
      const refundNo = str(call.input.refundNo);
      const amountFen = refundNo ? Number(obj(call.vars.refund).amountFen) : Math.abs(Number(obj(call.vars.settlement).amountFen));
      if (!Number.isInteger(amountFen) || amountFen <= 0) invalidCall(`${call.activity}: nothing was refunded or settled to invoice`);
      const inv = await erp.invoice(
        {
          orderId: need(call.input.orderId, 'orderId', call.activity),
          reference: refundNo ?? need(call.input.settlementNo, 'refundNo or settlementNo', call.activity),
          kind: refundNo || Number(obj(call.vars.settlement).amountFen) > 0 ? 'red' : 'blue',
          title: str(call.work.invoiceTitle) ?? '个人',
          amountFen,
        },
        key(),
      );
      return { invoiceNo: inv.invoiceNo, kind: inv.kind, amountFen: inv.amountFen, taxFen: inv.taxFen };
    },

    /** A replacement unit: reserved at a warehouse that stocks it, then collected there by the carrier. */
    'wms.ship-replacement': async (ctx) => {
      const { call, key } = ctx;
      const sku = need(call.input.sku, 'sku', call.activity);
      const stock = await wms.getStock(sku);
      // available + reserved does not change when our own reservation moves a unit, so a retry picks the same warehouse
      const preferred = str(call.work.warehouseId);
      const held = stock.warehouses.filter((w) => w.available + w.reserved > 0);
      const wh = held.find((w) => w.warehouseId === preferred) ?? held[0];
      if (!wh) invalidCall(`${call.activity}: no warehouse stocks ${sku} (无库存)`);
      const r = await wms.reserve({ sku, warehouseId: wh.warehouseId, quantity: 1, reference: call.workId }, key('reserve'));
      return { ...(await outboundPickup(ctx, r.warehouseId)), reservationId: r.reservationId };
    },

    'logistics.ship-back': async (ctx) =>
      outboundPickup(ctx, str(obj(ctx.call.vars.inspection).warehouseId) ?? str(ctx.call.work.warehouseId) ?? DEFAULT_RETURN_WAREHOUSE),

    /** The outcome on the order: the refund, or the outbound shipment, recorded in the OMS. */
    'oms.write-back': async ({ call, key }) => {
      const orderId = need(call.input.orderId, 'orderId', call.activity);
      const rmaId = need(call.input.rmaId, 'rmaId', call.activity);
      const out: Record<string, unknown> = {};
      const refundNo = str(call.input.refundNo);
      if (refundNo) {
        const ack = await oms.writeBackRefund(
          { orderId, rmaId, refundId: refundNo, amountFen: Number(obj(call.vars.refund).amountFen), status: 'succeeded' },
          key('refund'),
        );
        out.refundRecordId = ack.recordId;
      }
      // A price difference is the customer's claim paid back on the order; the OMS keeps money
      // returned on an order as a refund record, so it goes there under the settlement number.
      const settlement = obj(call.vars.settlement);
      if (str(settlement.settlementNo)) {
        const ack = await oms.writeBackRefund(
          {
            orderId,
            rmaId,
            refundId: String(settlement.settlementNo),
            amountFen: Math.abs(Number(settlement.amountFen)),
            status: 'succeeded',
          },
          key('price-difference'),
        );
        out.priceDifferenceRecordId = ack.recordId;
      }
      const outbound = obj(call.vars.outbound);
      if (str(outbound.waybillNo)) {
        const ack = await oms.writeBackLogistics(
          {
            orderId,
            rmaId,
            direction: 'outbound',
            carrier: str(outbound.carrier) ?? '',
            pickupNo: str(outbound.pickupNo),
            waybillNo: String(outbound.waybillNo),
          },
          key('outbound'),
        );
        out.outboundRecordId = ack.recordId;
      }
      return out;
    },
  };
}

/**
 * Every flow activity name and its handler, in one place. Visits add theirs here
 * (`...visitCallHandlers(deps)` for calendar.*, cti.confirm-call, parts.*, receipt.issue).
 */
export function flowCallHandlers(deps: { endpoints: IntegrationEndpoints; dataSource?: DataSource }): Record<string, FlowCallHandler> {
  return {
    ...rmaCallHandlers(deps.endpoints),
    ...(deps.dataSource ? visitCallHandlers(deps.dataSource, deps.endpoints) : {}),
  };
}

export function createFlowCallActivities(deps: { endpoints: IntegrationEndpoints; dataSource?: DataSource }) {
  const handlers = flowCallHandlers(deps);
  return {
    async runFlowCall(call: FlowCallInput): Promise<unknown> {
      const handler = handlers[call.activity];
      if (!handler)
        throw ApplicationFailure.create({
          message: `no handler for flow activity '${call.activity}'`,
          type: 'FlowCallUnknown',
          nonRetryable: true,
        });
      // Heartbeats let Temporal retry the call elsewhere within seconds when this worker dies mid-call.
      const ctx = Context.current();
      const beat = setInterval(() => ctx.heartbeat(), 1000);
      try {
        ctx.heartbeat();
        return await handler({ call, key: (part?: string) => integrationKey(call.workflowId, call.callId, ...(part ? [part] : [])) });
      } finally {
        clearInterval(beat);
      }
    },
  };
}
