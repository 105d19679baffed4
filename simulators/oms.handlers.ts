import { http } from 'msw';
import { SANDBOX_CREDENTIALS } from '../activities/integrations/sandbox-credentials';
import { afterSalesEligibility } from './oms-policy';
import { hash32, json, once, param, problem, simulated, type SimulatorState } from './sim-kit';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const CATALOGUE = [
  { sku: 'ABC-123', name: '智能空调 ABC-123', priceFen: 329_900, warrantyMonths: 12 },
  { sku: 'AC-9000', name: '变频空调 AC-9000', priceFen: 459_900, warrantyMonths: 36 },
  { sku: 'WM-8KG', name: '滚筒洗衣机 WM-8KG', priceFen: 269_900, warrantyMonths: 12 },
  { sku: 'FR-450', name: '十字对开门冰箱 FR-450', priceFen: 599_900, warrantyMonths: 24 },
  { sku: 'RT-X1', name: 'Wi-Fi 6 路由器 RT-X1', priceFen: 39_900, warrantyMonths: 12 },
  { sku: 'HD-200', name: '吹风机 HD-200', priceFen: 89_900, warrantyMonths: 12 },
];

/**
 * A plausible order for any id, the same for the same id on the same day: the hash of the id picks
 * the products and how long ago it was delivered (0–420 days). `age<N>` in the id pins delivery to
 * N days ago, `undelivered` in it makes an order still on its way, and ids starting `missing` do not exist.
 */
export function synthesiseOrder(orderId: string, now = new Date()) {
  const h = hash32(orderId);
  const age = /age(\d{1,4})/i.exec(orderId);
  const ageDays = age ? Number(age[1]) : h % 421;
  const undelivered = /undelivered/i.test(orderId);
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const delivered = today - ageDays * DAY - HOUR - (h % 10) * HOUR;
  const shipped = delivered - 2 * DAY;
  const paid = shipped - DAY + (h % 5) * HOUR;
  const first = CATALOGUE[h % CATALOGUE.length]!;
  const second = (h >>> 8) % 4 === 0 ? CATALOGUE[(h >>> 12) % CATALOGUE.length]! : undefined;
  const items = [first, ...(second && second.sku !== first.sku ? [second] : [])].map((p, i) => ({
    sku: p.sku,
    name: p.name,
    serial: `SN${p.sku.replace(/[^A-Z0-9]/gi, '')}${((h >>> (i * 4)) % 1_000_000).toString().padStart(6, '0')}`,
    quantity: 1,
    priceFen: p.priceFen,
    warrantyMonths: p.warrantyMonths,
  }));
  return {
    orderId,
    customerId: `c_${(h % 90_000) + 10_000}`,
    status: undelivered ? ('shipped' as const) : ageDays > 15 ? ('completed' as const) : ('delivered' as const),
    paidAt: new Date(paid).toISOString(),
    shippedAt: new Date(undelivered ? Math.min(shipped, now.getTime() - HOUR) : shipped).toISOString(),
    deliveredAt: undelivered ? null : new Date(delivered).toISOString(),
    amountFen: items.reduce((sum, i) => sum + i.priceFen * i.quantity, 0),
    items,
  };
}

/** The simulated order system (订单中心): orders, shipments, after-sales eligibility, write-backs. Signed. */
export function omsHandlers(state: SimulatorState, base: string) {
  const route = (handle: Parameters<typeof simulated>[3]) => simulated(state, 'oms', SANDBOX_CREDENTIALS.oms, handle);
  const orderOf = (id: string) => (id.toLowerCase().startsWith('missing') ? null : synthesiseOrder(id));
  const notFound = (id: string) => problem(404, `order ${id} not found (订单不存在)`);
  let seq = 0;
  return [
    http.get(
      `${base}/oms/orders/:orderId`,
      route((req) => {
        const order = orderOf(param(req, 'orderId'));
        return order ? json(order) : notFound(param(req, 'orderId'));
      }),
    ),
    http.get(
      `${base}/oms/orders/:orderId/shipments`,
      route((req) => {
        const order = orderOf(param(req, 'orderId'));
        if (!order) return notFound(param(req, 'orderId'));
        const h = hash32(`ship:${order.orderId}`);
        return json({
          orderId: order.orderId,
          shipments: [
            {
              shipmentNo: `SH${(h % 100_000_000).toString().padStart(8, '0')}`,
              carrier: '顺丰速运',
              waybillNo: `SF${(1_000_000_000_000 + (h % 9_000_000_000_000)).toString()}`,
              status: order.deliveredAt ? 'delivered' : 'in_transit',
              shippedAt: order.shippedAt,
              deliveredAt: order.deliveredAt,
            },
          ],
        });
      }),
    ),
    http.get(
      `${base}/oms/orders/:orderId/eligibility`,
      route((req) => {
        const order = orderOf(param(req, 'orderId'));
        if (!order) return notFound(param(req, 'orderId'));
        const now = new Date();
        return json({
          orderId: order.orderId,
          checkedAt: now.toISOString(),
          deliveredAt: order.deliveredAt,
          ...afterSalesEligibility(order, now),
        });
      }),
    ),
    http.post(
      `${base}/oms/orders/:orderId/after-sales/logistics`,
      route((req) => {
        const order = orderOf(param(req, 'orderId'));
        if (!order) return notFound(param(req, 'orderId'));
        const b = req.body ?? {};
        if (typeof b.rmaId !== 'string' || typeof b.waybillNo !== 'string' || !['return', 'outbound'].includes(b.direction))
          return problem(422, 'rmaId, waybillNo and direction (return|outbound) are required');
        return once(state, 'oms', req, () => ({ status: 201, body: { recordId: `OMSL${++seq}` } }));
      }),
    ),
    http.post(
      `${base}/oms/orders/:orderId/after-sales/refund`,
      route((req) => {
        const order = orderOf(param(req, 'orderId'));
        if (!order) return notFound(param(req, 'orderId'));
        const b = req.body ?? {};
        if (typeof b.rmaId !== 'string' || typeof b.refundId !== 'string' || !Number.isInteger(b.amountFen) || b.amountFen <= 0)
          return problem(422, 'rmaId, refundId and a positive whole amountFen are required');
        if (b.amountFen > order.amountFen)
          return problem(422, `refund ${b.amountFen} fen exceeds what was paid for order ${order.orderId} (${order.amountFen} fen)`);
        return once(state, 'oms', req, () => ({ status: 201, body: { recordId: `OMSR${++seq}` } }));
      }),
    ),
  ];
}
