import { http } from 'msw';
import { SANDBOX_CREDENTIALS } from '../activities/integrations/sandbox-credentials';
import { hash32, json, once, param, problem, simulated, type SimulatorState } from './sim-kit';

const STAGES = ['picked_up', 'in_transit', 'delivered'] as const;

/**
 * The simulated carrier (顺丰-like): a pickup gets a pickup and a waybill number; the parcel is
 * picked up one progress step after booking, in transit after two, delivered after three
 * (`POST /sim/config {"system":"logistics","progressMs":…}`). A pickup can be cancelled until the
 * courier has it (409 after).
 */
export function logisticsHandlers(state: SimulatorState, base: string) {
  const route = (handle: Parameters<typeof simulated>[3]) => simulated(state, 'logistics', SANDBOX_CREDENTIALS.logistics, handle);
  type PickupRecord = {
    pickupNo: string;
    waybillNo: string;
    carrier: string;
    window: { from: string; to: string };
    city: string;
    toWarehouseId: string;
    bookedAt: number;
    cancelledAt?: number;
  };
  const pickups = new Map<string, PickupRecord>();
  const byWaybill = new Map<string, PickupRecord>();
  let seq = 0;

  /** The stages reached by now; a cancelled pickup reaches none after its cancellation. */
  const reached = (p: PickupRecord, now = Date.now()) => {
    const step = state.behaviour('logistics').progressMs;
    const until = p.cancelledAt ?? now;
    return STAGES.map((status, i) => ({ status, at: p.bookedAt + (i + 1) * step })).filter((s) => s.at <= until);
  };
  const view = (p: PickupRecord) => ({
    pickupNo: p.pickupNo,
    waybillNo: p.waybillNo,
    carrier: p.carrier,
    status: p.cancelledAt ? 'cancelled' : 'scheduled',
    window: p.window,
  });

  return [
    http.post(
      `${base}/logistics/pickups`,
      route((req) => {
        const b = req.body ?? {};
        if (typeof b.rmaId !== 'string' || typeof b.toWarehouseId !== 'string') return problem(422, 'rmaId and toWarehouseId are required');
        if (typeof b.address?.city !== 'string' || typeof b.address?.detail !== 'string')
          return problem(422, 'address.city and address.detail are required');
        if (typeof b.contact?.name !== 'string' || !/^1\d{10}$/.test(String(b.contact?.phone ?? '')))
          return problem(422, `联系电话格式不正确 (contact.phone must be an 11-digit mobile number): ${b.contact?.phone ?? ''}`);
        const from = Date.parse(b.window?.from);
        const to = Date.parse(b.window?.to);
        if (!(from < to)) return problem(422, '取件时间窗无效 (window.from must be before window.to)');
        if (to < Date.now()) return problem(422, '取件时间窗已过 (the pickup window is over)');
        return once(state, 'logistics', req, () => {
          const n = ++seq;
          const h = hash32(`${b.rmaId}:${n}`);
          const p: PickupRecord = {
            pickupNo: `PK${new Date().toISOString().slice(0, 10).replace(/-/g, '')}${String(n).padStart(5, '0')}`,
            waybillNo: `SF${(1_000_000_000_000 + (h % 9_000_000_000_000)).toString()}`,
            carrier: '顺丰速运',
            window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
            city: b.address.city,
            toWarehouseId: b.toWarehouseId,
            bookedAt: Date.now(),
          };
          pickups.set(p.pickupNo, p);
          byWaybill.set(p.waybillNo, p);
          return { status: 201, body: view(p) };
        });
      }),
    ),
    http.post(
      `${base}/logistics/pickups/:pickupNo/cancel`,
      route((req) => {
        const p = pickups.get(param(req, 'pickupNo'));
        if (!p) return problem(404, `pickup ${param(req, 'pickupNo')} not found`);
        return once(state, 'logistics', req, () => {
          if (!p.cancelledAt && reached(p).length > 0)
            return { status: 409, body: { error: `快件已揽收，无法取消 (${p.waybillNo} is already picked up)` } };
          p.cancelledAt ??= Date.now();
          return { status: 200, body: view(p) };
        });
      }),
    ),
    http.get(
      `${base}/logistics/tracking/:waybillNo`,
      route((req) => {
        const p = byWaybill.get(param(req, 'waybillNo'));
        if (!p) return problem(404, `waybill ${param(req, 'waybillNo')} not found (运单不存在)`);
        const where = { picked_up: p.city, in_transit: `${p.city}转运中心`, delivered: p.toWarehouseId };
        const note = { picked_up: '快递员已揽件', in_transit: '快件在运输途中', delivered: '已签收（仓库）' };
        const events = reached(p).map((s) => ({
          at: new Date(s.at).toISOString(),
          status: s.status,
          location: where[s.status],
          note: note[s.status],
        }));
        return json({ waybillNo: p.waybillNo, status: p.cancelledAt ? 'cancelled' : (events.at(-1)?.status ?? 'scheduled'), events });
      }),
    ),
  ];
}
