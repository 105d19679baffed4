import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { RMA_ID_PATTERN } from '../../domain/rma/rma-ids';
import { HttpProblem } from '../http/problem';
import type { RmaView } from './rma-gateway';

export const rmaIdParams = z.object({ rmaId: z.string().regex(RMA_ID_PATTERN, 'not an RMA number (RMA-YYYYMMDD-XXXXXXXX)') });

interface RmaRow {
  rma_id: string;
  status: string;
  data: Record<string, unknown>;
  approvals: unknown[];
  closed_at: Date | null;
}

/** The RMA as last projected; an ended RMA's workflow no longer answers queries. */
export function rowToView(r: RmaRow): RmaView {
  return { ...r.data, rmaId: r.rma_id, status: r.status, approvals: r.approvals, availableActions: [] };
}

export async function readRmaRow(ds: DataSource, rmaId: string): Promise<RmaView | null> {
  const [row] = (await ds.query(`SELECT rma_id, status, data, approvals, closed_at FROM rmas WHERE rma_id = $1`, [rmaId])) as RmaRow[];
  return row ? rowToView(row) : null;
}

export async function requireRmaRow(ds: DataSource, rmaId: string): Promise<RmaView> {
  const view = await readRmaRow(ds, rmaId);
  if (!view) throw HttpProblem.notFound(`RMA ${rmaId} does not exist`);
  return view;
}
