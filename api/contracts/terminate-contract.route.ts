import { z } from 'zod';
import { contractDay } from '../../domain/contracts/entitlement';
import { checkIfMatch } from '../http/if-match';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { contractIdParams, invalidField } from './contract-params';
import { contractView, loadContract, loadUsages } from './contract-queries';
import { actorOf } from '../auth/api-tokens';

const body = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    /** the day it ended (YYYY-MM-DD), today or earlier; today by default. To end it in the future, change endsOn instead. */
    effectiveOn: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional(),
  })
  .strict();

export const terminateContractRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/contracts/:id/terminate',
    permission: 'contracts:manage',
    summary:
      'End a contract before its term (解约): from then on it covers no new work and cannot change. A reason is required; If-Match is checked when sent. Terminating twice is 409.',
    params: contractIdParams,
    body,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const today = contractDay(new Date());
      const effectiveOn = body.effectiveOn ?? today;
      if (effectiveOn > today)
        throw invalidField('effectiveOn', `a termination takes effect today (${today}) or earlier; to end later, change endsOn`);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadContract(tx, params.id, true);
        checkIfMatch(req.header('If-Match'), current.version, 'the contract');
        if (current.status === 'terminated') {
          throw new HttpProblem(
            409,
            'contract_terminated',
            'Contract terminated',
            `contract ${current.id} was terminated on ${current.terminated_on}`,
          );
        }
        // The term is cut short so nothing reads it as running past the termination.
        await tx.query(
          `UPDATE contracts SET status = 'terminated', terminated_on = $2, termination_reason = $3,
              ends_on = LEAST(ends_on, GREATEST(starts_on, $2::date)), version = version + 1, updated_by = $4, updated_at = now()
           WHERE id = $1`,
          [current.id, effectiveOn, body.reason, actor],
        );
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'contract.terminated', 'contract', $2, $3)`,
          [actor, current.id, JSON.stringify({ reason: body.reason, effectiveOn, endsOnBefore: current.ends_on })],
        );
        return loadContract(tx, current.id);
      });
      const usages = await loadUsages(ctx.dataSource, [row.id]);
      return { headers: { ETag: `"${row.version}"` }, body: contractView(row, new Date(), usages) };
    },
  });
