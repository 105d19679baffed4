import type { ApiContext } from '../context';
import { VisitGateway } from './visit-gateway';

/**
 * A purchase received: every visit waiting for it is told `parts-arrived`, so it checks (and
 * holds) its parts again. Once per visit and purchase (the update id), however often it is sent.
 * A visit that cannot be told now keeps waiting; a dispatcher can send parts-arrived by hand.
 */
export async function tellVisitsPartsArrived(ctx: ApiContext, purchaseRequestId: number): Promise<string[]> {
  const rows = (await ctx.dataSource.query(
    `SELECT visit_id FROM visits WHERE status = 'waiting_parts' AND parts->'supply'->'purchaseRequestIds' @> to_jsonb(ARRAY[$1::int])`,
    [purchaseRequestId],
  )) as { visit_id: string }[];
  const gateway = new VisitGateway(ctx.temporal);
  const told: string[] = [];
  for (const { visit_id } of rows) {
    try {
      await gateway.act(
        visit_id,
        { action: 'parts-arrived', payload: { purchaseRequestId }, actor: 'system:parts' },
        `parts-arrived:${purchaseRequestId}:${visit_id}`,
      );
      told.push(visit_id);
    } catch (err) {
      ctx.log.warn('could not tell the visit its parts arrived', { err: String(err), visitId: visit_id, purchaseRequestId });
    }
  }
  return told;
}
