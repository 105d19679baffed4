import { createContractSchema, DEFAULT_ENTITLEMENTS } from '../../domain/contracts/contract';
import type { ApiContext } from '../context';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { checkContractRefs } from './contract-params';
import { contractView, loadContract, loadUsages } from './contract-queries';
import { actorOf } from '../auth/api-tokens';

export const createContractRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/contracts',
    permission: 'contracts:manage',
    summary:
      'Register a service agreement, warranty or extended warranty under its contract number, with coverage (assets, models, SKUs, regions; empty = all), quotas and SLA terms. A number already used is 409; with Idempotency-Key a retry answers the contract it made (200).',
    body: createContractSchema,
    async handler({ req, body, principal }) {
      const actor = actorOf(principal);
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const { row, replay } = await ctx.dataSource.transaction(async (tx) => {
        if (key) {
          const claim = await claimIdempotencyKey(tx, {
            scope: principal!.id,
            key,
            hash: requestHash(body),
            resourceType: 'contract',
            candidateId: body.id,
          });
          if (claim.replay) return { row: await loadContract(tx, claim.resourceId), replay: true };
        }
        await checkContractRefs(tx, { customerId: body.customerId, assetIds: body.coverage.assetIds });
        const inserted: unknown[] = await tx.query(
          `INSERT INTO contracts (id, customer_id, kind, name, starts_on, ends_on, status, entitlement, sla_policy_id, response_minutes,
              coverage, quotas, notes, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            body.id,
            body.customerId,
            body.kind,
            body.name,
            body.startsOn,
            body.endsOn,
            body.status,
            body.entitlement ?? DEFAULT_ENTITLEMENTS[body.kind],
            body.slaPolicyId ?? null,
            body.responseMinutes ?? null,
            JSON.stringify(body.coverage),
            JSON.stringify(body.quotas),
            body.notes ?? null,
            actor,
          ],
        );
        if (!inserted.length) {
          throw new HttpProblem(409, 'contract_exists', 'Contract exists', `contract number ${body.id} is already registered`, [
            { field: 'id', message: 'already registered' },
          ]);
        }
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'contract.created', 'contract', $2, $3)`,
          [actor, body.id, JSON.stringify({ customerId: body.customerId, kind: body.kind, startsOn: body.startsOn, endsOn: body.endsOn })],
        );
        return { row: await loadContract(tx, body.id), replay: false };
      });
      return {
        status: replay ? 200 : 201,
        headers: {
          Location: `/api/v1/contracts/${row.id}`,
          ETag: `"${row.version}"`,
          ...(replay ? { 'Idempotent-Replayed': 'true' } : {}),
        },
        body: contractView(row, new Date(), replay ? await loadUsages(ctx.dataSource, [row.id]) : []),
      };
    },
  });
