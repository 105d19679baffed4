import type { ApiContext } from '../context';
import { VisitGateway } from './visit-gateway';

export type PartsSource = { purchaseRequestId: number } | { transferId: number };

/**
 * A purchase received, or a transfer received at the visit's warehouse: every visit waiting for it
 * is told `parts-arrived`, so it checks (and holds) its parts again. Once per visit and source (the
 * update id), however often it is sent. A visit that cannot be told now keeps waiting; a
 * dispatcher can send parts-arrived by hand.
 */
export async function tellVisitsPartsArrived(ctx: ApiContext, src: PartsSource): Promise<string[]> {
  const [field, id, tag] =
    'transferId' in src
      ? (['transferIds', src.transferId, `transfer:${src.transferId}`] as const)
      : (['purchaseRequestIds', src.purchaseRequestId, String(src.purchaseRequestId)] as const);
  const rows = (await ctx.dataSource.query(
    `SELECT visit_id FROM visits WHERE status = 'waiting_parts' AND parts->'supply'->$1 @> to_jsonb(ARRAY[$2::int])`,
    [field, id],
  )) as { visit_id: string }[];
  const gateway = new VisitGateway(ctx.temporal);
  const told: string[] = [];
  for (const { visit_id } of rows) {
    try {
      await gateway.act(
        visit_id,
        { action: 'parts-arrived', payload: { ...src }, actor: 'system:parts' },
        `parts-arrived:${tag}:${visit_id}`,
      );
      told.push(visit_id);
    } catch (err) {
      ctx.log.warn('could not tell the visit its parts arrived', { err: String(err), visitId: visit_id, ...src });
    }
  }
  return told;
}
