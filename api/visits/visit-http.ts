import type { DataSource } from 'typeorm';
import type { FlowWorkSnapshot } from '../../workflows/flow-work/flow-work';
import { HttpProblem } from '../http/problem';
import type { VisitGateway } from './visit-gateway';
import { loadVisit } from './visit-queries';

/** Who an audit row names: one definition, in api/auth. */
export { actorOf } from '../auth/api-tokens';

export const invalid = (field: string, message: string) =>
  new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);

/** The projected visit with what can be done now (from the live workflow's answer, when there is one). */
export async function visitAnswer(ds: DataSource, gateway: VisitGateway, visitId: string, snapshot?: FlowWorkSnapshot) {
  const view = await loadVisit(ds, visitId);
  const live = snapshot ?? (await gateway.get(visitId).catch(() => null));
  return { ...view, availableActions: live?.availableActions ?? [] };
}

/** Attachments a payload names must be uploaded against this visit. */
export async function checkVisitAttachments(ds: DataSource, visitId: string, refs: { field: string; id: string }[]): Promise<void> {
  if (!refs.length) return;
  const rows = (await ds.query(
    `SELECT id FROM attachments WHERE id = ANY($1) AND owner_type = 'visit' AND owner_id = $2 AND deleted_at IS NULL`,
    [refs.map((r) => r.id), visitId],
  )) as { id: string }[];
  const found = new Set(rows.map((r) => r.id));
  const missing = refs.find((r) => !found.has(r.id));
  if (missing) throw invalid(missing.field, `no attachment ${missing.id} on visit ${visitId}`);
}
