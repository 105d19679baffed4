import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { actorOf, archiveIdParams, audit, checkVersion } from './archive-http';
import type { ArchiveSpec } from './archive-kinds';
import { loadRecord } from './archive-queries';
import { deleteUnreferenced } from './archive-references';
import { storedFields } from './archive-writes';

export const deleteArchiveRecordRoute = (ctx: ApiContext, spec: ArchiveSpec) =>
  defineRoute({
    method: 'delete',
    path: `${spec.path}/:id`,
    permission: 'archives:manage',
    summary: `Delete a ${spec.noun} nothing refers to (409 names what still does: records under it, tickets, plans …). Audited; If-Match is honoured.`,
    params: archiveIdParams,
    async handler({ req, params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const current = await loadRecord(tx, spec, params.id, { lock: true });
        if (!current) throw HttpProblem.notFound(`${spec.noun} ${params.id} does not exist`);
        checkVersion(spec, params.id, current.version as number, req.header('If-Match'));
        await deleteUnreferenced(tx, spec.kind, spec.table.table, spec.noun, params.id);
        // What was deleted stays on record, without the personal data the deletion was meant to remove.
        await audit(tx, actor, 'deleted', spec, params.id, { version: current.version, record: spec.mask(storedFields(spec, current)) });
      });
      return { status: 204, body: undefined };
    },
  });
