/**
 * Two decisions of the visit's outside calls, free of I/O: what a confirmation call's end means
 * for the visit, and how a shortage of parts is supplied (a transfer from another warehouse that
 * has the stock free, else the purchase the shortage opened).
 */

/** How the confirmation call ended, as the visit sees it. */
export type ConfirmCallOutcome = 'confirmed' | 'declined' | 'no_response' | 'no_answer' | 'busy' | 'failed' | 'no_phone';

/** The ended call as the call centre tells it (activities/integrations/cti-client.ts CtiCall). */
export interface EndedCall {
  callId: string;
  result: 'answered' | 'no_answer' | 'busy' | 'failed' | null;
  /** what the callee keyed in the IVR */
  keys?: string | null;
  durationSec: number | null;
  startedAt: string;
  endedAt: string | null;
}

export interface ConfirmCallResult {
  outcome: ConfirmCallOutcome;
  callId: string | null;
  result: EndedCall['result'];
  durationSec: number | null;
  /** the number called, masked */
  to: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** set when confirmed: what a `confirm` action by channel cti would have written */
  confirmedBy: { channel: 'cti'; actor: string; at: string; callId: string } | null;
  /** why the call could not be made (the call centre down), if so */
  error?: string;
}

/** IVR keys of the `appointment_confirmation` script. */
export const CONFIRM_KEY = '1';
export const DECLINE_KEY = '2';

/** null call: there was no number to call. */
export function confirmCallOutcome(call: EndedCall | null, maskedTo: string | null): ConfirmCallResult {
  if (!call)
    return {
      outcome: 'no_phone',
      callId: null,
      result: null,
      durationSec: null,
      to: null,
      startedAt: null,
      endedAt: null,
      confirmedBy: null,
    };
  const keys = (call.keys ?? '').trim();
  const outcome: ConfirmCallOutcome =
    call.result === 'answered'
      ? keys.startsWith(CONFIRM_KEY)
        ? 'confirmed'
        : keys.startsWith(DECLINE_KEY)
          ? 'declined'
          : 'no_response'
      : (call.result ?? 'failed');
  const at = call.endedAt ?? call.startedAt;
  return {
    outcome,
    callId: call.callId,
    result: call.result,
    durationSec: call.durationSec,
    to: maskedTo,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    confirmedBy: outcome === 'confirmed' ? { channel: 'cti', actor: 'system:cti', at, callId: call.callId } : null,
  };
}

export interface ShortLine {
  partCode: string;
  /** units still missing at the visit's warehouse */
  qty: number;
  /** the visit's warehouse */
  locationId: string;
  purchaseRequestId: number;
  availableElsewhere: { locationId: string; kind: string; available: number }[];
}

export interface SupplyPlan {
  /** one shipment per source warehouse, lines sorted by part */
  ship: { fromLocationId: string; toLocationId: string; lines: { partCode: string; qty: number }[] }[];
  /** transfers already on their way for the visit that cover a line */
  awaiting: number[];
  /** lines left to the purchase their shortage opened */
  purchase: ShortLine[];
}

/**
 * Per short line: units already in transit to the visit's warehouse for this visit count first
 * (a second check while a transfer travels asks for nothing more); the rest comes from the first
 * other warehouse with that much free (availableElsewhere is best first), whole — a line is not
 * split over warehouses or between a transfer and a purchase; else it stays with the purchase.
 * Vans are never emptied for another engineer's visit.
 */
export function planSupply(
  shortage: readonly ShortLine[],
  inTransit: readonly { transferId: number; partCode: string; qty: number }[],
): SupplyPlan {
  const ship = new Map<string, SupplyPlan['ship'][number]>();
  const awaiting = new Set<number>();
  const purchase: ShortLine[] = [];
  for (const s of shortage) {
    const coming = inTransit.filter((t) => t.partCode === s.partCode);
    const comingQty = coming.reduce((n, t) => n + t.qty, 0);
    coming.forEach((t) => awaiting.add(t.transferId));
    const need = s.qty - comingQty;
    if (need <= 0) continue;
    const from = s.availableElsewhere.find((e) => e.kind === 'warehouse' && e.locationId !== s.locationId && e.available >= need);
    if (!from) {
      purchase.push({ ...s, qty: need });
      continue;
    }
    const k = `${from.locationId}\u0000${s.locationId}`;
    const shipment = ship.get(k) ?? { fromLocationId: from.locationId, toLocationId: s.locationId, lines: [] };
    shipment.lines.push({ partCode: s.partCode, qty: need });
    ship.set(k, shipment);
  }
  const shipments = [...ship.values()]
    .map((x) => ({ ...x, lines: [...x.lines].sort((a, b) => a.partCode.localeCompare(b.partCode)) }))
    .sort((a, b) => a.fromLocationId.localeCompare(b.fromLocationId));
  return { ship: shipments, awaiting: [...awaiting].sort((a, b) => a - b), purchase };
}
