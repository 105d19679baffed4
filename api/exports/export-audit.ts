import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Exports are audited (MISSION §13): the record is written before the first row leaves, naming
 * who asked for what; when the download is complete it gains the row count.
 */
export async function auditExport(
  ds: DataSource,
  opts: { actor: string; kind: string; format: string; filters: Record<string, unknown>; masked: boolean },
): Promise<{ exportId: string; finish(rows: number, completed: boolean): Promise<void> }> {
  const exportId = randomUUID();
  const [row] = (await ds.query(
    `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'archive.exported', $2, $3, $4) RETURNING id`,
    [opts.actor, opts.kind, exportId, JSON.stringify({ format: opts.format, filters: opts.filters, piiMasked: opts.masked })],
  )) as { id: string }[];
  return {
    exportId,
    async finish(rows, completed) {
      await ds.query(`UPDATE audit_log SET details = details || $2::jsonb WHERE id = $1`, [row!.id, JSON.stringify({ rows, completed })]);
    },
  };
}
