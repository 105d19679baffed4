import { http } from 'msw';
import { SANDBOX_CREDENTIALS } from '../activities/integrations/sandbox-credentials';
import { json, once, param, problem, simulated, type SimulatorState } from './sim-kit';

const METHODS = ['original', 'bank', 'coupon'];
const COST_CATEGORIES = ['visit', 'parts', 'logistics', 'refund', 'outsourcing'];
const whole = (n: unknown): n is number => Number.isInteger(n);

/**
 * The simulated finance system (ERP). Refunds are paid once: a repeat with the same
 * idempotency key answers the first refund (200, `duplicate: true`), and a second refund for an
 * RMA under another key is refused (409). A refund is `processing` for one progress step, then
 * `succeeded`. The ledger (`GET /sim/ledger?system=erp`) lists every refund, settlement, invoice
 * and cost posting. Requests are signed.
 */
export function erpHandlers(state: SimulatorState, base: string) {
  const route = (handle: Parameters<typeof simulated>[3]) => simulated(state, 'erp', SANDBOX_CREDENTIALS.erp, handle);
  const refunds = new Map<
    string,
    { refundId: string; rmaId: string; orderId: string; amountFen: number; method: string; createdAt: string }
  >();
  const byRma = new Map<string, string>();
  let seq = 0;
  const id = (prefix: string) => `${prefix}${new Date().toISOString().slice(0, 10).replace(/-/g, '')}${String(++seq).padStart(5, '0')}`;
  const view = (r: NonNullable<ReturnType<typeof refunds.get>>) => ({
    ...r,
    status: Date.now() - Date.parse(r.createdAt) >= state.behaviour('erp').progressMs ? 'succeeded' : 'processing',
  });

  return [
    http.post(
      `${base}/erp/refunds`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.rmaId !== 'string' || typeof b.orderId !== 'string') return problem(422, 'rmaId and orderId are required');
        if (!whole(b.amountFen) || b.amountFen <= 0) return problem(422, 'amountFen must be a positive whole number of fen');
        if (!METHODS.includes(b.method)) return problem(422, `method must be one of ${METHODS.join(', ')}`);
        if (b.method === 'bank' && !b.bankAccount)
          return problem(422, '退款方式为 bank 时必须提供 bankAccount (a bank refund needs bankAccount)');
        return once(state, 'erp', req, () => {
          const earlier = byRma.get(b.rmaId);
          if (earlier) return { status: 409, body: { error: `RMA ${b.rmaId} was already refunded as ${earlier} (重复退款)` } };
          const r = {
            refundId: id('RF'),
            rmaId: b.rmaId,
            orderId: b.orderId,
            amountFen: b.amountFen,
            method: b.method,
            createdAt: new Date().toISOString(),
          };
          refunds.set(r.refundId, r);
          byRma.set(r.rmaId, r.refundId);
          return { status: 201, body: { ...r, status: 'processing' } };
        });
      }),
    ),
    http.get(
      `${base}/erp/refunds/:refundId`,
      route((req) => {
        const r = refunds.get(param(req, 'refundId'));
        return r ? json({ ...view(r), duplicate: false }) : problem(404, `refund ${param(req, 'refundId')} not found`);
      }),
    ),
    http.post(
      `${base}/erp/settlements`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.reference !== 'string' || typeof b.orderId !== 'string' || !whole(b.amountFen) || b.amountFen === 0)
          return problem(422, 'reference, orderId and a non-zero whole amountFen are required');
        return once(state, 'erp', req, () => ({ status: 201, body: { settlementId: id('ST'), amountFen: b.amountFen, status: 'posted' } }));
      }),
    ),
    http.post(
      `${base}/erp/invoices`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.orderId !== 'string' || typeof b.title !== 'string' || !['blue', 'red'].includes(b.kind))
          return problem(422, 'orderId, title and kind (blue|red) are required');
        if (!whole(b.amountFen) || b.amountFen <= 0) return problem(422, 'amountFen must be a positive whole number of fen');
        if (b.taxNo !== undefined && !/^[0-9A-Z]{15,20}$/.test(b.taxNo))
          return problem(422, `taxNo ${b.taxNo} is not a valid 纳税人识别号`);
        // 13 % VAT, included in the amount
        const taxFen = Math.round((b.amountFen * 13) / 113);
        return once(state, 'erp', req, () => ({
          status: 201,
          body: {
            invoiceNo: id(b.kind === 'red' ? 'INVR' : 'INV'),
            kind: b.kind,
            amountFen: b.amountFen,
            taxFen,
            issuedAt: new Date().toISOString(),
          },
        }));
      }),
    ),
    http.post(
      `${base}/erp/costs`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.reference !== 'string' || !COST_CATEGORIES.includes(b.category))
          return problem(422, `reference and category (${COST_CATEGORIES.join('|')}) are required`);
        if (!whole(b.amountFen) || b.amountFen <= 0) return problem(422, 'amountFen must be a positive whole number of fen');
        return once(state, 'erp', req, () => ({ status: 201, body: { entryId: id('CE'), amountFen: b.amountFen } }));
      }),
    ),
  ];
}
