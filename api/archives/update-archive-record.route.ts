import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { actorOf, archiveIdParams, audit, checkVersion, uniqueConflict, viewFor } from './archive-http';
import type { ArchiveSpec } from './archive-kinds';
import { findAssetBySerial, getRecordView, loadRecord } from './archive-queries';
import { checkOwnerChange, checkReferences } from './archive-references';
import { differingFields, storedFields, updateRecord } from './archive-writes';

type Obj = Record<string, unknown>;

export const updateArchiveRecordRoute = (ctx: ApiContext, spec: ArchiveSpec) =>
  defineRoute({
    method: 'patch',
    path: `${spec.path}/:id`,
    permission: 'archives:manage',
    summary:
      `Change a ${spec.noun}: fields left out keep their value, an optional field set to null is cleared. ` +
      'The result is checked as a whole record (dates against each other, references). If-Match: "<version>" (412) or a version field (409) guards against overwriting someone else’s edit.',
    params: archiveIdParams,
    body: spec.update,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const { version, ...patch } = body as Obj & { version?: number };
      if (Object.keys(patch).length === 0) {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'body: nothing to change', [
          { field: 'body', message: 'nothing to change' },
        ]);
      }
      await ctx.dataSource.transaction(async (tx) => {
        const current = await loadRecord(tx, spec, params.id, { lock: true });
        if (!current) throw HttpProblem.notFound(`${spec.noun} ${params.id} does not exist`);
        checkVersion(spec, params.id, current.version as number, req.header('If-Match'), version);
        const before = storedFields(spec, current);
        const merged: Obj = { ...before };
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) delete merged[k];
          else if (v !== undefined) merged[k] = v;
        }
        const parsed = spec.create.safeParse(merged);
        if (!parsed.success) throw HttpProblem.validation(parsed.error, 'body');
        const value = parsed.data;
        const changed = differingFields(spec, current, value);
        if (changed.length === 0) return;
        await checkReferences(tx, spec.kind, value);
        const naturalKey = spec.naturalKey;
        if (naturalKey && changed.includes(naturalKey)) {
          const holder = await findAssetBySerial(tx, String(value[naturalKey]));
          if (holder) {
            throw new HttpProblem(
              409,
              'conflict',
              'Conflict',
              `serial number ${String(value[naturalKey])} belongs to ${spec.noun} ${String(holder.id)}`,
              [{ field: naturalKey, message: `already the serial number of ${spec.noun} ${String(holder.id)}` }],
            );
          }
        }
        await checkOwnerChange(tx, spec.kind, params.id, before, value);
        try {
          await updateRecord(tx, spec, params.id, value, actor);
        } catch (err) {
          throw uniqueConflict(err, spec.naturalKey ?? 'id') ?? err;
        }
        const [from, to] = [spec.mask(before), spec.mask(value)];
        await audit(tx, actor, 'updated', spec, params.id, {
          version: (current.version as number) + 1,
          changes: Object.fromEntries(changed.map((f) => [f, { from: from[f] ?? null, to: to[f] ?? null }])),
        });
      });
      const view = await getRecordView(ctx.dataSource, spec, params.id);
      if (!view) throw HttpProblem.notFound(`${spec.noun} ${params.id} was deleted meanwhile`);
      return { headers: { ETag: `"${String(view.version)}"` }, body: viewFor(spec, principal, view) };
    },
  });
