import { z } from 'zod';
import { audit } from '../../db/audit-log';
import { evidenceSchema, RMA_RESOLUTIONS } from '../../domain/rma/rma-actions';
import { TICKET_ID_PATTERN } from '../tickets/ticket-gateway';
import type { ApiContext } from '../context';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { newRmaId, RmaGateway, rmaWorkOf } from './rma-gateway';
import { readRmaRow } from './rma-read';
import { actorOf } from '../auth/api-tokens';

const text = (max: number) => z.string().trim().min(1).max(max);

export const createRmaBody = z
  .object({
    orderId: text(100),
    customerId: text(100),
    sku: text(100).optional(),
    serialNo: text(100).optional(),
    /** an asset from the archives; fills sku and serialNo */
    assetId: text(100).optional(),
    ticketId: z.string().regex(TICKET_ID_PATTERN, 'not a ticket number (TK-YYYYMMDD-XXXXXXXX)').optional(),
    symptoms: text(4000),
    /** attachment ids from /api/v1/attachments, or URLs */
    evidence: z.array(evidenceSchema).max(50).default([]),
    requestedResolution: z.enum(RMA_RESOLUTIONS),
    claimAmountFen: z.number().int().min(0).max(100_000_000_00),
    pickup: z
      .object({
        address: z.object({ province: text(50), city: text(50), district: text(50).optional(), detail: text(500) }).strict(),
        contact: z.object({ name: text(100), phone: z.string().regex(/^1\d{10}$/, 'an 11-digit mobile number') }).strict(),
      })
      .strict(),
    refundMethod: z.enum(['original', 'bank', 'coupon']).default('original'),
    bankAccount: text(64).optional(),
    invoiceTitle: text(200).optional(),
  })
  .strict()
  .refine((b) => b.assetId || b.sku, { message: 'give sku (and serialNo) or assetId', path: ['sku'] })
  .refine((b) => b.refundMethod !== 'bank' || b.bankAccount, { message: 'a bank refund needs bankAccount', path: ['bankAccount'] });

const invalid = (field: string, message: string) =>
  new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);

export const createRmaRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/rmas',
    permission: 'rmas:create',
    summary: 'Open an RMA (寄修退换): runs the published flow rma-default. Idempotency-Key honoured.',
    body: createRmaBody,
    async handler({ req, body, principal }) {
      const actor = actorOf(principal);
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const receivedAt = new Date();
      let { sku, serialNo } = body;
      if (body.assetId) {
        const [asset] = (await ctx.dataSource.query(`SELECT sku, serial_no, customer_id FROM assets WHERE id = $1`, [body.assetId])) as {
          sku: string | null;
          serial_no: string;
          customer_id: string | null;
        }[];
        if (!asset) throw invalid('assetId', `no asset ${body.assetId}`);
        if (asset.customer_id && asset.customer_id !== body.customerId) throw invalid('assetId', "the asset is another customer's");
        sku ??= asset.sku ?? undefined;
        serialNo ??= asset.serial_no;
        if (!sku) throw invalid('sku', 'the asset has no SKU; give sku');
      }
      if (body.ticketId) {
        const found: unknown[] = await ctx.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [body.ticketId]);
        if (!found.length) throw invalid('ticketId', `no ticket ${body.ticketId}`);
      }
      const decided = await ctx.dataSource.transaction(async (tx) => {
        const candidate = newRmaId(receivedAt);
        const claim = key
          ? await claimIdempotencyKey(tx, {
              scope: `token:${principal!.id}`,
              key,
              hash: requestHash(body),
              resourceType: 'rma',
              candidateId: candidate,
            })
          : { resourceId: candidate, replay: false };
        if (!claim.replay)
          await audit(tx, actor, 'rma.create', 'rma', claim.resourceId, {
            orderId: body.orderId,
            ticketId: body.ticketId ?? null,
            requestedResolution: body.requestedResolution,
            claimAmountFen: body.claimAmountFen,
          });
        return claim;
      });
      const rmaId = decided.resourceId;
      const work = rmaWorkOf(rmaId, body, { sku, serialNo });
      const view = (await new RmaGateway(ctx.temporal).create(rmaId, work, actor, receivedAt)) ?? (await readRmaRow(ctx.dataSource, rmaId));
      if (!view) throw HttpProblem.unavailable('the RMA is being created; retry with the same Idempotency-Key');
      return {
        status: decided.replay ? 200 : 201,
        headers: (decided.replay ? { 'Idempotent-Replayed': 'true' } : { Location: `/api/v1/rmas/${rmaId}` }) as Record<string, string>,
        body: view,
      };
    },
  });
