import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/api-tokens';
import { can } from '../auth/permissions';

type Db = Pick<EntityManager, 'query'>;

export interface LinkedRma {
  rmaId: string;
  ticketId: string | null;
  status: string;
  requestedResolution: string;
  resolution: string | null;
  claimAmountFen: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface LinkedVisit {
  visitId: string;
  ticketId: string | null;
  status: string;
  engineerId: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  checkInFlagged: boolean;
  rating: number | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

const RMA_SUMMARY = `rma_id AS "rmaId", ticket_id AS "ticketId", status, resolution_requested AS "requestedResolution", resolution,
  claim_amount_fen::int AS "claimAmountFen", created_at AS "createdAt", updated_at AS "updatedAt", closed_at AS "closedAt"`;
const VISIT_SUMMARY = `visit_id AS "visitId", ticket_id AS "ticketId", status, engineer_id AS "engineerId", window_start AS "windowStart",
  window_end AS "windowEnd", check_in_flagged AS "checkInFlagged", rating, created_at AS "createdAt", updated_at AS "updatedAt", closed_at AS "closedAt"`;

/** How many of a customer's RMAs or visits a summary shows, newest first. */
export const LINKED_LIMIT = 50;

/**
 * The RMAs and visits opened for a ticket or a customer, each only if the caller may read that
 * kind of work (a viewer of tickets is not necessarily one of RMAs); `null` says "not yours to see".
 */
export async function linkedWork(
  db: Db,
  principal: Principal | null,
  by: { ticketId: string } | { customerId: string },
): Promise<{ rmas: LinkedRma[] | null; visits: LinkedVisit[] | null }> {
  const roles = principal?.roles ?? [];
  const [column, value] = 'ticketId' in by ? ['ticket_id', by.ticketId] : ['customer_id', by.customerId];
  const [rmas, visits] = await Promise.all([
    can(roles, 'rmas:read')
      ? (db.query(`SELECT ${RMA_SUMMARY} FROM rmas WHERE ${column} = $1 ORDER BY created_at DESC LIMIT ${LINKED_LIMIT}`, [
          value,
        ]) as Promise<LinkedRma[]>)
      : null,
    can(roles, 'visits:read')
      ? (db.query(`SELECT ${VISIT_SUMMARY} FROM visits WHERE ${column} = $1 ORDER BY created_at DESC LIMIT ${LINKED_LIMIT}`, [
          value,
        ]) as Promise<LinkedVisit[]>)
      : null,
  ]);
  return { rmas, visits };
}
