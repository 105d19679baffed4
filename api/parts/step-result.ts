import type { RouteResult } from '../http/route';
import type { StepResult } from './stock-service';

/** What every step of a reservation answers: the reservation, the movements the step wrote. */
export const stepResponse = (out: StepResult): RouteResult => ({
  headers: { ETag: `"${out.reservation.version}"`, ...(out.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
  body: { ...out.reservation, movements: out.movements, purchaseRequestsOpened: out.purchaseRequestsOpened },
});
