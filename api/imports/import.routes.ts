import { z } from 'zod';
import { IMPORT_KINDS, type ImportKind } from '../../domain/import/archive-columns';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ARCHIVE_SCHEMAS } from '../../domain/archives/archive-schemas';
import { importArchive, importConflict, type ArchiveSchemas } from './archive-import';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, readUploadedTable } from './read-upload';
import { actorOf } from '../auth/api-tokens';

const query = z
  .object({
    dryRun: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
  })
  .strict();

/** Each row is validated by the archive's create schema, as the record it will be. */
const schemas = Object.fromEntries(IMPORT_KINDS.map((k) => [k, ARCHIVE_SCHEMAS[k].create])) as unknown as ArchiveSchemas;

const importRoute = (ctx: ApiContext, kind: ImportKind) =>
  defineRoute({
    method: 'post',
    path: `/api/v1/imports/${kind}`,
    permission: 'archives:manage',
    summary:
      `Bulk import of ${kind} from CSV (UTF-8, zh-CN or English headers) or .xlsx (first sheet), at most ` +
      `${IMPORT_MAX_BYTES / 1024 / 1024} MiB and ${IMPORT_MAX_ROWS} rows. dryRun=true checks every row and writes nothing; ` +
      'a real import writes all rows or, if any row has an error, none (422 with the row errors).',
    query,
    async handler({ req, query, principal }) {
      const upload = await readUploadedTable(req);
      const actor = actorOf(principal);
      const report = await importArchive(ctx.dataSource, schemas, { kind, upload, dryRun: query.dryRun, actor }).catch((err: unknown) => {
        throw importConflict(err) ?? err;
      });
      if (!report.dryRun && report.errorCount > 0) {
        const { errors, ...counts } = report;
        throw new HttpProblem(
          422,
          'import_rejected',
          'The import was refused; nothing was written',
          `${report.errorCount} error(s) in ${report.invalid} row(s); the first: row ${errors[0]!.row}, ${errors[0]!.field}: ${errors[0]!.message}`,
          errors,
          {},
          counts,
        );
      }
      return { body: report };
    },
  });

/** One route per archive kind, so each is permitted, documented and audited on its own. */
export function importRoutes(ctx: ApiContext) {
  return IMPORT_KINDS.map((kind) => importRoute(ctx, kind));
}
