import type { DataSource } from 'typeorm';
import { HttpProblem } from '../http/problem';
import type { VisitGateway } from '../visits/visit-gateway';

export type WorkKind = 'ticket' | 'rma' | 'visit';

/** What a customer may do now on their work, as the H5 page shows buttons. */
export type CustomerAction = 'add-material' | 'reschedule' | 'cancel' | 'rate';

export interface PublicWork {
  kind: WorkKind;
  number: string;
  status: string;
  open: boolean;
  rated: boolean;
  engineerId: string | null;
}

export const kindOf = (number: string): WorkKind => (number.startsWith('RMA-') ? 'rma' : number.startsWith('VS-') ? 'visit' : 'ticket');

/** Finished for the customer: a resolved ticket, a closed visit (or one awaiting its follow-up call), an RMA that ended. */
const RATABLE: Record<WorkKind, string[]> = {
  ticket: ['resolved', 'closed'],
  visit: ['pending_followup', 'closed'],
  rma: ['closed', 'returned'],
};

export async function loadPublicWork(db: DataSource, number: string): Promise<PublicWork> {
  const kind = kindOf(number);
  const sql = {
    ticket: `SELECT status, status NOT IN ('resolved', 'closed') AS open, NULL::text AS engineer_id FROM tickets WHERE ticket_id = $1`,
    rma: `SELECT status, closed_at IS NULL AS open, NULL::text AS engineer_id FROM rmas WHERE rma_id = $1`,
    visit: `SELECT status, closed_at IS NULL AND status NOT IN ('closed', 'cancelled') AS open, engineer_id FROM visits WHERE visit_id = $1`,
  }[kind];
  const [row] = (await db.query(sql, [number])) as { status: string; open: boolean; engineer_id: string | null }[];
  // Only reachable with a valid token, so the work existed when it was verified.
  if (!row) throw HttpProblem.notFound('no service request matches this number');
  const rated = (await db.query(`SELECT 1 FROM service_ratings WHERE work_kind = $1 AND work_id = $2`, [kind, number])).length > 0;
  return { kind, number, status: row.status, open: row.open, rated, engineerId: row.engineer_id };
}

/** A visit's reschedule and cancel are offered only when its flow allows them now (the live workflow says). */
export async function customerActions(work: PublicWork, visits: VisitGateway): Promise<CustomerAction[]> {
  const actions: CustomerAction[] = [];
  if (work.open) actions.push('add-material');
  if (work.kind === 'visit' && work.open) {
    const live = await visits.get(work.number).catch(() => null);
    const allowed = live?.availableActions ?? [];
    // Once the engineer is on site the window is no longer the customer's to move.
    if (allowed.includes('reschedule') && !['on_site', 'pending_signature'].includes(work.status)) actions.push('reschedule');
    if (allowed.includes('cancel') && !['on_site', 'pending_signature'].includes(work.status)) actions.push('cancel');
  }
  if (!work.rated && RATABLE[work.kind].includes(work.status)) actions.push('rate');
  return actions;
}

export const isRatable = (work: PublicWork) => RATABLE[work.kind].includes(work.status);

/** 409 naming the state and what the customer may do now. */
export function notAllowedNow(work: PublicWork, what: string, allowed: CustomerAction[]): HttpProblem {
  return new HttpProblem(
    409,
    'not_allowed_now',
    'Not allowed now',
    `${what} is not possible while the ${work.kind} is ${work.status}; allowed now: ${allowed.join(', ') || 'nothing'}`,
    undefined,
    {},
    { status: work.status, allowedActions: allowed },
  );
}
