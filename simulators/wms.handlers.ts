import { http } from 'msw';
import { SANDBOX_CREDENTIALS } from '../activities/integrations/sandbox-credentials';
import { hash32, json, once, param, problem, simulated, type SimulatorState } from './sim-kit';

export const SANDBOX_WAREHOUSES = [
  { warehouseId: 'WH-SH', name: '上海中心仓' },
  { warehouseId: 'WH-GZ', name: '广州仓' },
  { warehouseId: 'WH-CD', name: '成都仓' },
];

/**
 * The simulated warehouse (WMS). Every SKU starts with 0–29 units per warehouse, from the hash of
 * SKU and warehouse; reservations and transfers really move them (409 when short). A returned
 * parcel is received against its RMA, and its inspection is decided by the RMA id: `customer` in
 * it → damage by the customer, `logistics` → damaged in transit, `good` → intact and resellable,
 * otherwise mostly (7 in 9) a confirmed manufacturing fault.
 */
export function wmsHandlers(state: SimulatorState, base: string) {
  const route = (handle: Parameters<typeof simulated>[3]) => simulated(state, 'wms', SANDBOX_CREDENTIALS.wms, handle);
  const stock = new Map<string, { available: number; reserved: number }>();
  const reservations = new Map<
    string,
    { reservationId: string; sku: string; warehouseId: string; quantity: number; status: 'reserved' | 'released' }
  >();
  const receipts = new Map<string, { receiptId: string; rmaId: string; warehouseId: string; receivedAt: string }>();
  let seq = 0;

  const level = (sku: string, warehouseId: string) => {
    const k = `${sku}@${warehouseId}`;
    let s = stock.get(k);
    if (!s) stock.set(k, (s = { available: hash32(k) % 30, reserved: 0 }));
    return s;
  };
  const known = (warehouseId: unknown) => SANDBOX_WAREHOUSES.some((w) => w.warehouseId === warehouseId);
  const positive = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;

  const inspect = (rmaId: string, receiptId: string, receivedAt: string) => {
    const base = { rmaId, receiptId, photos: [1, 2].map((n) => `https://wms.sandbox.invalid/inspection/${receiptId}-${n}.jpg`) };
    const inspectedAt = new Date(Date.parse(receivedAt) + 1000).toISOString();
    if (/good/i.test(rmaId))
      return {
        ...base,
        result: 'pass',
        responsibility: 'customer',
        grade: 'good',
        notes: '外观完好、功能正常，可二次销售 (intact and working: resellable)',
        inspectedAt,
      };
    const h = hash32(`inspect:${rmaId}`);
    const who = /customer/i.test(rmaId)
      ? 'customer'
      : /logistics/i.test(rmaId)
        ? 'logistics'
        : h % 9 === 7
          ? 'customer'
          : h % 9 === 8
            ? 'logistics'
            : 'manufacturer';
    const notes = {
      manufacturer: '检测确认主板故障，非人为损坏，判定为产品质量问题 (fault confirmed: main board, not user damage)',
      customer: '外壳有明显磕碰及进水痕迹，判定为人为损坏 (impact and water damage by the user)',
      logistics: '外包装破损、机身压痕，判定为运输损坏 (crushed in transit)',
    }[who];
    return { ...base, result: who === 'customer' ? 'fail' : 'pass', responsibility: who, grade: 'defective', notes, inspectedAt };
  };

  return [
    http.get(
      `${base}/wms/stock/:sku`,
      route((req) => {
        const sku = param(req, 'sku');
        return json({ sku, warehouses: SANDBOX_WAREHOUSES.map((w) => ({ ...w, ...level(sku, w.warehouseId) })) });
      }),
    ),
    http.post(
      `${base}/wms/reservations`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.sku !== 'string' || !positive(b.quantity) || typeof b.reference !== 'string')
          return problem(422, 'sku, reference and a positive whole quantity are required');
        if (!known(b.warehouseId)) return problem(422, `unknown warehouse ${b.warehouseId}`);
        return once(state, 'wms', req, () => {
          const s = level(b.sku, b.warehouseId);
          if (s.available < b.quantity)
            return {
              status: 409,
              body: { error: `库存不足 (short): ${b.warehouseId} has ${s.available} of ${b.sku}, ${b.quantity} asked` },
            };
          s.available -= b.quantity;
          s.reserved += b.quantity;
          const r = {
            reservationId: `RSV${++seq}`,
            sku: b.sku,
            warehouseId: b.warehouseId,
            quantity: b.quantity,
            status: 'reserved' as const,
          };
          reservations.set(r.reservationId, r);
          return { status: 201, body: { ...r } };
        });
      }),
    ),
    http.post(
      `${base}/wms/reservations/:id/release`,
      route((req) => {
        const r = reservations.get(param(req, 'id'));
        if (!r) return problem(404, `reservation ${param(req, 'id')} not found`);
        return once(state, 'wms', req, () => {
          if (r.status === 'reserved') {
            const s = level(r.sku, r.warehouseId);
            s.available += r.quantity;
            s.reserved -= r.quantity;
            r.status = 'released';
          }
          return { status: 200, body: { ...r } };
        });
      }),
    ),
    http.post(
      `${base}/wms/inbound`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.rmaId !== 'string' || typeof b.waybillNo !== 'string' || !Array.isArray(b.items) || b.items.length === 0)
          return problem(422, 'rmaId, waybillNo and at least one item are required');
        if (!known(b.warehouseId)) return problem(422, `unknown warehouse ${b.warehouseId}`);
        return once(state, 'wms', req, () => {
          const earlier = receipts.get(b.rmaId);
          if (earlier) return { status: 409, body: { error: `RMA ${b.rmaId} was already received as ${earlier.receiptId}` } };
          const receipt = { receiptId: `RCV${++seq}`, rmaId: b.rmaId, warehouseId: b.warehouseId, receivedAt: new Date().toISOString() };
          receipts.set(b.rmaId, receipt);
          return { status: 201, body: { ...receipt } };
        });
      }),
    ),
    http.get(
      `${base}/wms/inbound/:rmaId/inspection`,
      route((req) => {
        const receipt = receipts.get(param(req, 'rmaId'));
        if (!receipt) return problem(404, `no parcel received for RMA ${param(req, 'rmaId')} (未入库)`);
        return json(inspect(receipt.rmaId, receipt.receiptId, receipt.receivedAt));
      }),
    ),
    http.post(
      `${base}/wms/transfers`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.sku !== 'string' || !positive(b.quantity) || typeof b.reference !== 'string')
          return problem(422, 'sku, reference and a positive whole quantity are required');
        if (!known(b.fromWarehouseId) || !known(b.toWarehouseId) || b.fromWarehouseId === b.toWarehouseId)
          return problem(422, 'fromWarehouseId and toWarehouseId must be two known warehouses');
        return once(state, 'wms', req, () => {
          const from = level(b.sku, b.fromWarehouseId);
          if (from.available < b.quantity)
            return {
              status: 409,
              body: { error: `库存不足 (short): ${b.fromWarehouseId} has ${from.available} of ${b.sku}, ${b.quantity} asked` },
            };
          from.available -= b.quantity;
          level(b.sku, b.toWarehouseId).available += b.quantity;
          return {
            status: 201,
            body: {
              transferId: `TRF${++seq}`,
              sku: b.sku,
              fromWarehouseId: b.fromWarehouseId,
              toWarehouseId: b.toWarehouseId,
              quantity: b.quantity,
              status: 'completed',
            },
          };
        });
      }),
    ),
  ];
}
