import { z } from 'zod';
import { IntegrationClient, seg, type SystemSetting } from './integration-client';

const isoDate = z.iso.datetime({ offset: true });

export const pickupSchema = z.object({
  pickupNo: z.string(),
  waybillNo: z.string(),
  carrier: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  window: z.object({ from: isoDate, to: isoDate }),
  duplicate: z.boolean(),
});
export type Pickup = z.infer<typeof pickupSchema>;

export const trackingSchema = z.object({
  waybillNo: z.string(),
  status: z.enum(['scheduled', 'picked_up', 'in_transit', 'delivered', 'cancelled']),
  events: z.array(
    z.object({ at: isoDate, status: z.enum(['picked_up', 'in_transit', 'delivered']), location: z.string(), note: z.string() }),
  ),
});
export type Tracking = z.infer<typeof trackingSchema>;

export interface PickupInput {
  rmaId: string;
  address: { province: string; city: string; district?: string; detail: string };
  contact: { name: string; phone: string };
  /** when the courier may come */
  window: { from: string; to: string };
  /** the warehouse the parcel goes to */
  toWarehouseId: string;
}

/** The carrier: reverse-logistics pickups and tracking. */
export function createLogisticsClient(setting: SystemSetting) {
  const c = new IntegrationClient(setting);
  return {
    configured: c.configured,
    createPickup: (input: PickupInput, idempotencyKey: string): Promise<Pickup> => c.post('/pickups', input, idempotencyKey, pickupSchema),
    cancelPickup: (pickupNo: string, idempotencyKey: string): Promise<Pickup> =>
      c.post(`/pickups/${seg(pickupNo)}/cancel`, {}, idempotencyKey, pickupSchema),
    track: (waybillNo: string): Promise<Tracking> => c.get(`/tracking/${seg(waybillNo)}`, trackingSchema),
  };
}
export type LogisticsClient = ReturnType<typeof createLogisticsClient>;
