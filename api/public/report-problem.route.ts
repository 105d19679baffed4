import { z } from 'zod';
import { phoneSchema } from '../../domain/archives/archive-fields';
import { QR_TOKEN_PATTERN } from '../archives/archive-ids';
import type { ApiContext } from '../context';
import { readIdempotencyKey } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { recordFailedLookup, refuseIfThrottled } from '../progress/lookup-throttle';
import { intakeTicket } from '../tickets/ticket-intake';
import { issueAccess } from './customer-access';

const text = (max: number) => z.string().trim().min(1).max(max);

const body = z
  .object({
    /** the product, by the token its QR code carries … */
    qrToken: z.string().trim().regex(QR_TOKEN_PATTERN, 'not a product QR code').optional(),
    /** … or by its serial number (then `phone` must be one on record for its owner) */
    serialNo: z.string().trim().min(3).max(64).optional(),
    /** a phone on record for the product's owner (theirs or a contact's); its last four digits then follow the ticket */
    phone: phoneSchema,
    description: z.string().trim().min(5, 'describe the problem in at least 5 characters').max(2000),
    contactName: text(64).optional(),
    address: text(200).optional(),
  })
  .strict()
  .superRefine((b, c) => {
    if (!b.qrToken === !b.serialNo)
      c.addIssue({
        code: 'custom',
        path: ['serialNo'],
        message: 'give the product: scan its QR code (qrToken) or type its serial number (serialNo)',
      });
  });

// One answer for an unknown product and a phone not on record, so neither can be probed.
const noMatch = () => HttpProblem.notFound('no product on record matches these details');

const digits = (s: string) => s.replace(/\D/g, '');

export const reportProblemRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/public/reports',
    permission: 'public',
    summary:
      'A customer reports a problem without an account: the product by its QR token or serial number, plus a phone on record for its owner, a description, contact and address. Opens a ticket through the normal intake (channel h5); answers its number, the verification hint for following it, and a 30-minute upload token for its photos. Idempotency-Key makes a retry answer the same ticket. Wrong details are counted like progress look-ups (429).',
    body,
    async handler({ req, body }) {
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const subject = body.qrToken ? `qr:${body.qrToken}` : `sn:${body.serialNo!.toUpperCase()}`;
      await refuseIfThrottled(ctx.dataSource, subject, address);
      const [asset] = (await ctx.dataSource.query(
        `SELECT a.id, a.customer_id, c.phone,
                COALESCE((SELECT array_agg(x->>'phone') FROM jsonb_array_elements(c.contacts) x WHERE x->>'phone' IS NOT NULL), '{}') AS contact_phones
           FROM assets a JOIN customers c ON c.id = a.customer_id
          WHERE ${body.qrToken ? 'a.qr_token = $1' : 'upper(a.serial_no) = upper($1)'}`,
        [body.qrToken ?? body.serialNo],
      )) as { id: string; customer_id: string; phone: string | null; contact_phones: string[] }[];
      const given = digits(body.phone);
      const onRecord = asset ? [asset.phone, ...asset.contact_phones].some((p) => p && digits(p) === given) : false;
      if (!asset || !onRecord) {
        await recordFailedLookup(ctx.dataSource, subject, address);
        throw noMatch();
      }
      const contact = [
        body.contactName ? `联系人：${body.contactName}` : null,
        `电话：${body.phone}`,
        body.address ? `地址：${body.address}` : null,
      ].filter(Boolean);
      const result = await intakeTicket(ctx, {
        ticket: {
          customerId: asset.customer_id,
          channel: 'h5',
          assetId: asset.id,
          priority: 'P3',
          description: `${body.description}\n\n${contact.join('；')}`,
          attachments: [],
          tags: ['h5'],
        },
        actor: 'customer',
        // Keys come from anonymous pages: one namespace for all of them, the request hash tells a reuse.
        idempotencyScope: 'public.report',
        idempotencyKey: readIdempotencyKey(req.header('Idempotency-Key')),
      });
      const upload = issueAccess(ctx.attachments.urlSecret(), 'upload', result.ticketId);
      return {
        status: result.status,
        headers: { 'Cache-Control': 'no-store', ...(result.replay ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: {
          number: result.ticketId,
          verification: {
            hint: `凭工单号和手机尾号 ${given.slice(-4)} 查询进度`,
            hintEn: `follow it with this number and the last four digits (${given.slice(-4)}) of the phone you gave`,
            last4: given.slice(-4),
          },
          upload: { token: upload.token, expiresAt: upload.expiresAt },
        },
      };
    },
  });
