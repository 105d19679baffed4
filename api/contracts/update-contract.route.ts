import { updateContractSchema } from '../../domain/contracts/contract';
import { checkIfMatch } from '../http/if-match';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { checkContractRefs, contractIdParams, invalidField } from './contract-params';
import { contractTerms, contractView, loadContract, loadUsages } from './contract-queries';
import { actorOf } from '../auth/api-tokens';

export const updateContractRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/contracts/:id',
    permission: 'contracts:manage',
    summary:
      'Change a contract’s terms, or suspend (status suspended) and reactivate it. Fields left out keep their value; null clears an optional one. If-Match: "<version>" is required. Quota already used stays used; tickets already open keep the coverage they were opened with.',
    params: contractIdParams,
    body: updateContractSchema,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadContract(tx, params.id, true);
        checkIfMatch(req.header('If-Match'), current.version, 'the contract', { required: true });
        if (current.status === 'terminated') {
          throw new HttpProblem(
            409,
            'contract_terminated',
            'Contract terminated',
            `contract ${current.id} was terminated; it can no longer change`,
          );
        }
        const was = contractTerms(current);
        const next = {
          kind: body.kind ?? was.kind,
          name: body.name ?? was.name,
          startsOn: body.startsOn ?? was.startsOn,
          endsOn: body.endsOn ?? was.endsOn,
          status: body.status ?? was.status,
          entitlement: body.entitlement ?? was.entitlement,
          slaPolicyId: body.slaPolicyId === undefined ? was.slaPolicyId : body.slaPolicyId,
          responseMinutes: body.responseMinutes === undefined ? was.responseMinutes : body.responseMinutes,
          coverage: body.coverage ?? was.coverage,
          quotas: body.quotas ?? was.quotas,
          notes: body.notes === undefined ? current.notes : body.notes,
        };
        if (next.endsOn < next.startsOn)
          throw invalidField(
            body.endsOn ? 'endsOn' : 'startsOn',
            `the term would end (${next.endsOn}) before it starts (${next.startsOn})`,
          );
        if (body.coverage) await checkContractRefs(tx, { customerId: was.customerId, assetIds: next.coverage.assetIds }, false);
        await tx.query(
          `UPDATE contracts SET kind = $2, name = $3, starts_on = $4, ends_on = $5, status = $6, entitlement = $7, sla_policy_id = $8,
              response_minutes = $9, coverage = $10, quotas = $11, notes = $12, version = version + 1, updated_by = $13, updated_at = now()
           WHERE id = $1`,
          [
            current.id,
            next.kind,
            next.name,
            next.startsOn,
            next.endsOn,
            next.status,
            next.entitlement,
            next.slaPolicyId,
            next.responseMinutes,
            JSON.stringify(next.coverage),
            JSON.stringify(next.quotas),
            next.notes,
            actor,
          ],
        );
        const action =
          body.status && body.status !== was.status
            ? body.status === 'suspended'
              ? 'contract.suspended'
              : 'contract.reactivated'
            : 'contract.updated';
        await tx.query(`INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, $2, 'contract', $3, $4)`, [
          actor,
          action,
          current.id,
          JSON.stringify({ fields: Object.keys(body), version: current.version + 1 }),
        ]);
        return loadContract(tx, current.id);
      });
      const usages = await loadUsages(ctx.dataSource, [row.id]);
      return { headers: { ETag: `"${row.version}"` }, body: contractView(row, new Date(), usages) };
    },
  });
