import { z } from 'zod';
import { IntegrationClient, seg, type SystemSetting } from './integration-client';

const fen = z.number().int();
const isoDate = z.iso.datetime({ offset: true });

export const omsOrderSchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  status: z.enum(['paid', 'shipped', 'delivered', 'completed', 'cancelled']),
  paidAt: isoDate,
  shippedAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  /** what the customer paid, in fen */
  amountFen: fen,
  items: z
    .array(
      z.object({
        sku: z.string(),
        name: z.string(),
        serial: z.string().nullable(),
        quantity: z.number().int().positive(),
        priceFen: fen,
        warrantyMonths: z.number().int().min(0),
      }),
    )
    .min(1),
});
export type OmsOrder = z.infer<typeof omsOrderSchema>;

export const omsShipmentsSchema = z.object({
  orderId: z.string(),
  shipments: z.array(
    z.object({
      shipmentNo: z.string(),
      carrier: z.string(),
      waybillNo: z.string(),
      status: z.enum(['shipped', 'in_transit', 'delivered']),
      shippedAt: isoDate,
      deliveredAt: isoDate.nullable(),
    }),
  ),
});
export type OmsShipments = z.infer<typeof omsShipmentsSchema>;

const verdict = z.object({ eligible: z.boolean(), until: isoDate.nullable(), reason: z.string() });
export const omsEligibilitySchema = z.object({
  orderId: z.string(),
  checkedAt: isoDate,
  deliveredAt: isoDate.nullable(),
  /** 7-day no-reason return (七天无理由退货) */
  return: verdict,
  /** 15-day exchange for a quality problem (十五天质量问题换货) */
  exchange: verdict,
  /** repair within the warranty (保修期内维修) */
  repair: verdict,
});
export type OmsEligibility = z.infer<typeof omsEligibilitySchema>;

const writeBackAck = z.object({ recordId: z.string(), duplicate: z.boolean() });
export type OmsWriteBackAck = z.infer<typeof writeBackAck>;

export interface OmsLogisticsWriteBack {
  orderId: string;
  rmaId: string;
  direction: 'return' | 'outbound';
  carrier: string;
  pickupNo?: string;
  waybillNo: string;
}

export interface OmsRefundWriteBack {
  orderId: string;
  rmaId: string;
  refundId: string;
  amountFen: number;
  status: 'started' | 'succeeded' | 'failed';
}

/** The order system: orders, shipments, after-sales eligibility, and what we write back to it. */
export function createOmsClient(setting: SystemSetting) {
  const c = new IntegrationClient(setting);
  return {
    configured: c.configured,
    getOrder: (orderId: string): Promise<OmsOrder> => c.get(`/orders/${seg(orderId)}`, omsOrderSchema),
    getShipments: (orderId: string): Promise<OmsShipments> => c.get(`/orders/${seg(orderId)}/shipments`, omsShipmentsSchema),
    checkEligibility: (orderId: string): Promise<OmsEligibility> => c.get(`/orders/${seg(orderId)}/eligibility`, omsEligibilitySchema),
    writeBackLogistics: (input: OmsLogisticsWriteBack, idempotencyKey: string): Promise<OmsWriteBackAck> =>
      c.post(`/orders/${seg(input.orderId)}/after-sales/logistics`, input, idempotencyKey, writeBackAck),
    writeBackRefund: (input: OmsRefundWriteBack, idempotencyKey: string): Promise<OmsWriteBackAck> =>
      c.post(`/orders/${seg(input.orderId)}/after-sales/refund`, input, idempotencyKey, writeBackAck),
  };
}
export type OmsClient = ReturnType<typeof createOmsClient>;
