import { z } from 'zod';
import { IntegrationClient, seg, type SystemSetting } from './integration-client';

const isoDate = z.iso.datetime({ offset: true });

export const wmsStockSchema = z.object({
  sku: z.string(),
  warehouses: z.array(
    z.object({ warehouseId: z.string(), name: z.string(), available: z.number().int().min(0), reserved: z.number().int().min(0) }),
  ),
});
export type WmsStock = z.infer<typeof wmsStockSchema>;

export const wmsReservationSchema = z.object({
  reservationId: z.string(),
  sku: z.string(),
  warehouseId: z.string(),
  quantity: z.number().int().positive(),
  status: z.enum(['reserved', 'released']),
  duplicate: z.boolean(),
});
export type WmsReservation = z.infer<typeof wmsReservationSchema>;

export const wmsReceiptSchema = z.object({
  receiptId: z.string(),
  rmaId: z.string(),
  warehouseId: z.string(),
  receivedAt: isoDate,
  duplicate: z.boolean(),
});
export type WmsReceipt = z.infer<typeof wmsReceiptSchema>;

export const wmsInspectionSchema = z.object({
  rmaId: z.string(),
  receiptId: z.string(),
  /** pass: the reported fault is confirmed and not the customer's doing */
  result: z.enum(['pass', 'fail']),
  responsibility: z.enum(['customer', 'manufacturer', 'logistics']),
  grade: z.enum(['good', 'defective']),
  notes: z.string(),
  photos: z.array(z.string()),
  inspectedAt: isoDate,
});
export type WmsInspection = z.infer<typeof wmsInspectionSchema>;

export const wmsTransferSchema = z.object({
  transferId: z.string(),
  sku: z.string(),
  fromWarehouseId: z.string(),
  toWarehouseId: z.string(),
  quantity: z.number().int().positive(),
  status: z.enum(['in_transit', 'completed']),
  duplicate: z.boolean(),
});
export type WmsTransfer = z.infer<typeof wmsTransferSchema>;

export interface WmsReserveInput {
  sku: string;
  warehouseId: string;
  quantity: number;
  /** what the parts are for: a ticket, RMA or visit id */
  reference: string;
}

export interface WmsInboundInput {
  rmaId: string;
  warehouseId: string;
  waybillNo: string;
  items: { sku: string; serial?: string; quantity: number }[];
}

export interface WmsTransferInput {
  sku: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  quantity: number;
  reference: string;
}

/** The warehouse: stock per warehouse, reservations, inbound receipt and inspection of returns, transfers. */
export function createWmsClient(setting: SystemSetting) {
  const c = new IntegrationClient(setting);
  return {
    configured: c.configured,
    getStock: (sku: string): Promise<WmsStock> => c.get(`/stock/${seg(sku)}`, wmsStockSchema),
    reserve: (input: WmsReserveInput, idempotencyKey: string): Promise<WmsReservation> =>
      c.post('/reservations', input, idempotencyKey, wmsReservationSchema),
    release: (reservationId: string, idempotencyKey: string): Promise<WmsReservation> =>
      c.post(`/reservations/${seg(reservationId)}/release`, {}, idempotencyKey, wmsReservationSchema),
    receiveInbound: (input: WmsInboundInput, idempotencyKey: string): Promise<WmsReceipt> =>
      c.post('/inbound', input, idempotencyKey, wmsReceiptSchema),
    getInspection: (rmaId: string): Promise<WmsInspection> => c.get(`/inbound/${seg(rmaId)}/inspection`, wmsInspectionSchema),
    transfer: (input: WmsTransferInput, idempotencyKey: string): Promise<WmsTransfer> =>
      c.post('/transfers', input, idempotencyKey, wmsTransferSchema),
  };
}
export type WmsClient = ReturnType<typeof createWmsClient>;
