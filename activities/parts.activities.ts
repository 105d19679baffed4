import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { HttpProblem } from '../api/http/problem';
import { reservationView, type ReservationRow, type ReservationView } from '../api/parts/part-queries';
import {
  consumeReservation,
  issueReservation,
  releaseReservation,
  reserveStock,
  returnReservation,
  type ReserveOutcome,
  type StepResult,
} from '../api/parts/stock-service';
import type { RefType, ReturnCondition, StockLine } from '../domain/parts/part.schema';

/**
 * Spare parts for the visit workflow: the same service as the API. Every call carries a key the
 * workflow derives from its own id (e.g. `visit-V1-reserve`), so a retried activity moves stock once.
 * A request is named by the key it was reserved with (`reservationKey`); each of its lines is
 * stepped under `<key>:<reservation id>`. A shortage is an answer, so the workflow can wait for the
 * purchase and reserve again with the same key; a request the service refuses (unknown part, a step
 * its state does not allow) fails without retries.
 */
const ACTOR = 'workflow:parts';

async function refusalsFail<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HttpProblem && err.status < 500) {
      throw ApplicationFailure.nonRetryable(err.detail ?? err.title, err.code, { status: err.status, errors: err.errors ?? [] });
    }
    throw err;
  }
}

export interface ReservePartsInput {
  key: string;
  refType: RefType;
  refId: string;
  locationId: string;
  lines: StockLine[];
  note?: string;
  actor?: string;
}

export interface ReleasePartsInput {
  key: string;
  reservationKey: string;
  actor?: string;
}

export interface IssuePartsInput {
  key: string;
  reservationKey: string;
  /** the engineer's van */
  toLocationId: string;
  actor?: string;
}

export interface ConsumePartsInput {
  key: string;
  reservationKey: string;
  /** how many of each part were fitted; a part not named is consumed whole */
  used?: StockLine[];
  actor?: string;
}

export interface ReturnPartsInput {
  key: string;
  reservationKey: string;
  condition: ReturnCondition;
  /** only this part of the request (default: every line that can come back) */
  partCode?: string;
  qty?: number;
  toLocationId?: string;
  actor?: string;
}

export interface PartsStepOutcome {
  reservations: ReservationView[];
}

export function createPartsActivities(deps: { dataSource: DataSource }) {
  const ds = deps.dataSource;

  const linesOf = async (reservationKey: string): Promise<ReservationRow[]> => {
    const rows = (await ds.query(`SELECT * FROM stock_reservations WHERE key = $1 ORDER BY part_code`, [
      reservationKey,
    ])) as ReservationRow[];
    if (!rows.length) throw ApplicationFailure.nonRetryable(`no reservation with key ${reservationKey}`, 'not_found');
    return rows;
  };
  const keyFor = (key: string, r: ReservationRow) => `${key}:${r.id}`;
  const views = (results: StepResult[]) => results.map((r) => r.reservation);

  return {
    /** All lines at one location or none; `{ reserved: false, shortages }` when stock is short. */
    async reserveParts(input: ReservePartsInput): Promise<ReserveOutcome> {
      return refusalsFail(() =>
        reserveStock(ds, {
          key: input.key,
          refType: input.refType,
          refId: input.refId,
          locationId: input.locationId,
          lines: input.lines,
          note: input.note,
          actor: input.actor ?? ACTOR,
        }),
      );
    },

    /**
     * Saga compensation for a cancelled visit: reserved lines are released; lines already issued
     * to the engineer go back, good, to the warehouse they came from; consumed lines stay consumed.
     */
    async releasePartsReservation(input: ReleasePartsInput): Promise<{
      released: ReservationView[];
      returned: ReservationView[];
      untouched: ReservationView[];
    }> {
      return refusalsFail(async () => {
        const out = { released: [] as ReservationView[], returned: [] as ReservationView[], untouched: [] as ReservationView[] };
        // Decided by each line's state, so a retry after a partial run (or a line someone released by hand) just reports it.
        for (const r of await linesOf(input.reservationKey)) {
          const common = { reservationId: Number(r.id), key: keyFor(input.key, r), actor: input.actor ?? ACTOR };
          if (r.status === 'reserved') out.released.push((await releaseReservation(ds, common)).reservation);
          else if (r.status === 'issued') out.returned.push((await returnReservation(ds, { ...common, condition: 'good' })).reservation);
          else if (r.status === 'released') out.released.push(reservationView(r));
          else if (r.status === 'returned' && r.consumed_qty === 0) out.returned.push(reservationView(r));
          else out.untouched.push(reservationView(r));
        }
        return out;
      });
    },

    /** Every reserved line of the request to the engineer's van. */
    async issueReservedParts(input: IssuePartsInput): Promise<PartsStepOutcome> {
      return refusalsFail(async () => {
        const done: StepResult[] = [];
        for (const r of await linesOf(input.reservationKey)) {
          done.push(
            await issueReservation(ds, {
              reservationId: Number(r.id),
              toLocationId: input.toLocationId,
              key: keyFor(input.key, r),
              actor: input.actor ?? ACTOR,
            }),
          );
        }
        return { reservations: views(done) };
      });
    },

    /** The parts fitted at the customer's; what was not used stays in the van as free stock. */
    async consumeParts(input: ConsumePartsInput): Promise<PartsStepOutcome> {
      return refusalsFail(async () => {
        const done: StepResult[] = [];
        for (const r of await linesOf(input.reservationKey)) {
          const used = input.used?.find((u) => u.partCode === r.part_code)?.qty;
          done.push(
            await consumeReservation(ds, {
              reservationId: Number(r.id),
              qty: used,
              key: keyFor(input.key, r),
              actor: input.actor ?? ACTOR,
            }),
          );
        }
        return { reservations: views(done) };
      });
    },

    /** Unused parts or the removed old parts back to a warehouse, good or defective. */
    async returnParts(input: ReturnPartsInput): Promise<PartsStepOutcome> {
      return refusalsFail(async () => {
        const lines = (await linesOf(input.reservationKey)).filter((r) => !input.partCode || r.part_code === input.partCode);
        if (!lines.length)
          throw ApplicationFailure.nonRetryable(`no line for part ${input.partCode} under ${input.reservationKey}`, 'not_found');
        const done: StepResult[] = [];
        for (const r of lines) {
          done.push(
            await returnReservation(ds, {
              reservationId: Number(r.id),
              condition: input.condition,
              qty: input.qty,
              toLocationId: input.toLocationId,
              key: keyFor(input.key, r),
              actor: input.actor ?? ACTOR,
            }),
          );
        }
        return { reservations: views(done) };
      });
    },
  };
}
