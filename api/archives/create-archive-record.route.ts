import type { ApiContext } from '../context';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { actorOf, audit, viewFor } from './archive-http';
import { newArchiveId } from './archive-ids';
import type { ArchiveSpec } from './archive-kinds';
import { findAssetBySerial, getRecordView, loadRecord } from './archive-queries';
import { checkReferences } from './archive-references';
import { differingFields, insertRecord } from './archive-writes';

type Obj = Record<string, unknown>;

export const createArchiveRecordRoute = (ctx: ApiContext, spec: ArchiveSpec) =>
  defineRoute({
    method: 'post',
    path: spec.path,
    permission: 'archives:manage',
    summary:
      `Create a ${spec.noun}. Give your own id (CRM/ERP number) or one is generated (${spec.table.idPrefix}-…). ` +
      `Posting the same id${spec.naturalKey ? ' or serial number' : ''} again with the same content answers 200 with the record; ` +
      'with different content 409 naming the fields. Without an id, an Idempotency-Key makes a retry safe.',
    body: spec.create,
    async handler({ req, body, principal }) {
      const actor = actorOf(principal);
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const givenId = body.id as string | undefined;
      const result = await ctx.dataSource.transaction(async (tx) => {
        await checkReferences(tx, spec.kind, body);
        let id = givenId ?? newArchiveId(spec.table.idPrefix);
        if (key && !givenId) {
          const claim = await claimIdempotencyKey(tx, {
            scope: principal!.id,
            key,
            hash: requestHash({ kind: spec.kind, body }),
            resourceType: spec.targetType,
            candidateId: id,
          });
          if (claim.replay) {
            if (!(await loadRecord(tx, spec, claim.resourceId)))
              throw HttpProblem.notFound(`the ${spec.noun} this Idempotency-Key created (${claim.resourceId}) was deleted since`);
            return { id: claim.resourceId, created: false };
          }
          id = claim.resourceId;
        }
        if (await insertRecord(tx, spec, id, body, actor)) {
          await audit(tx, actor, 'created', spec, id, { record: spec.mask(body) });
          return { id, created: true };
        }
        // The key is taken: the same record posted again is answered with it, anything else is a conflict.
        const naturalKey = spec.naturalKey;
        const byId = await loadRecord(tx, spec, id);
        const existing = byId ?? (naturalKey ? await findAssetBySerial(tx, String(body[naturalKey])) : null);
        if (!existing) throw HttpProblem.unavailable(`a generated key collided; retry`, 0);
        if (!byId && givenId) {
          throw new HttpProblem(
            409,
            'conflict',
            'Conflict',
            `serial number ${String(body[naturalKey!])} belongs to ${spec.noun} ${String(existing.id)}`,
            [{ field: naturalKey!, message: `already the serial number of ${spec.noun} ${String(existing.id)}` }],
          );
        }
        const differ = differingFields(spec, existing, body as Obj);
        if (differ.length) {
          throw new HttpProblem(
            409,
            'conflict',
            'Conflict',
            `${spec.noun} ${String(existing.id)} already exists with different ${differ.join(', ')}; change it with PATCH`,
            differ.map((field) => ({ field, message: `differs from the stored ${spec.noun}` })),
          );
        }
        return { id: String(existing.id), created: false };
      });
      const view = await getRecordView(ctx.dataSource, spec, result.id);
      if (!view) throw HttpProblem.notFound(`${spec.noun} ${result.id} was deleted meanwhile`);
      return {
        status: result.created ? 201 : 200,
        headers: {
          Location: `${spec.path}/${encodeURIComponent(result.id)}`,
          ETag: `"${String(view.version)}"`,
          ...(result.created ? {} : { 'Idempotent-Replayed': 'true' }),
        },
        body: viewFor(spec, principal, view),
      };
    },
  });
