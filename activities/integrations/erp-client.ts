import { z } from 'zod';
import { IntegrationClient, seg, type SystemSetting } from './integration-client';

const fen = z.number().int();
const isoDate = z.iso.datetime({ offset: true });

export const erpRefundSchema = z.object({
  refundId: z.string(),
  rmaId: z.string(),
  orderId: z.string(),
  amountFen: fen.positive(),
  method: z.enum(['original', 'bank', 'coupon']),
  status: z.enum(['processing', 'succeeded', 'failed']),
  createdAt: isoDate,
  /** true when this answers a repeat of an earlier request with the same idempotency key */
  duplicate: z.boolean(),
});
export type ErpRefund = z.infer<typeof erpRefundSchema>;

export const erpSettlementSchema = z.object({
  settlementId: z.string(),
  amountFen: fen,
  status: z.enum(['posted']),
  duplicate: z.boolean(),
});
export type ErpSettlement = z.infer<typeof erpSettlementSchema>;

export const erpInvoiceSchema = z.object({
  invoiceNo: z.string(),
  kind: z.enum(['blue', 'red']),
  amountFen: fen,
  taxFen: fen,
  issuedAt: isoDate,
  duplicate: z.boolean(),
});
export type ErpInvoice = z.infer<typeof erpInvoiceSchema>;

export const erpCostSchema = z.object({ entryId: z.string(), amountFen: fen, duplicate: z.boolean() });
export type ErpCost = z.infer<typeof erpCostSchema>;

export interface ErpRefundInput {
  rmaId: string;
  orderId: string;
  amountFen: number;
  /** original: back the way it was paid; bank: to `bankAccount`; coupon: as store credit */
  method: 'original' | 'bank' | 'coupon';
  bankAccount?: string;
  reason: string;
}

export interface ErpSettlementInput {
  reference: string;
  orderId: string;
  /** positive: the customer pays the difference (补差); negative: we pay it back */
  amountFen: number;
  reason: string;
}

export interface ErpInvoiceInput {
  orderId: string;
  reference: string;
  /** blue: a normal invoice; red: the credit note that cancels one (红冲) */
  kind: 'blue' | 'red';
  title: string;
  taxNo?: string;
  amountFen: number;
}

export interface ErpCostInput {
  reference: string;
  category: 'visit' | 'parts' | 'logistics' | 'refund' | 'outsourcing';
  amountFen: number;
  sku?: string;
  region?: string;
}

/**
 * Finance. A refund is deduplicated by the ERP on its idempotency key: a repeat answers the first
 * refund (`duplicate: true`), so a retried activity never pays twice.
 */
export function createErpClient(setting: SystemSetting) {
  const c = new IntegrationClient(setting);
  return {
    configured: c.configured,
    refund: (input: ErpRefundInput, idempotencyKey: string): Promise<ErpRefund> =>
      c.post('/refunds', input, idempotencyKey, erpRefundSchema),
    getRefund: (refundId: string): Promise<ErpRefund> => c.get(`/refunds/${seg(refundId)}`, erpRefundSchema),
    settle: (input: ErpSettlementInput, idempotencyKey: string): Promise<ErpSettlement> =>
      c.post('/settlements', input, idempotencyKey, erpSettlementSchema),
    invoice: (input: ErpInvoiceInput, idempotencyKey: string): Promise<ErpInvoice> =>
      c.post('/invoices', input, idempotencyKey, erpInvoiceSchema),
    postCost: (input: ErpCostInput, idempotencyKey: string): Promise<ErpCost> => c.post('/costs', input, idempotencyKey, erpCostSchema),
  };
}
export type ErpClient = ReturnType<typeof createErpClient>;
