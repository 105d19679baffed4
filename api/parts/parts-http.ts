import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { partCodeSchema } from '../../domain/parts/part.schema';
import { readIdempotencyKey } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import type { Shortage } from './stock-service';

/** Who an audit row names: one definition, in api/auth. */
export { actorOf } from '../auth/api-tokens';

export { checkIfMatch } from '../routing/routing-writes';
export { audit } from '../../db/audit-log';

export const codeParams = z.object({ code: partCodeSchema }).strict();
export const idParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict();

export const invalid = (field: string, message: string) =>
  new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);

/** The Idempotency-Key header, or the body's idempotencyKey; both must agree when both are sent. */
export function keyOf(header: string | undefined, bodyKey: string | undefined): string | undefined {
  const fromHeader = readIdempotencyKey(header);
  if (fromHeader && bodyKey && fromHeader !== bodyKey) throw invalid('idempotencyKey', 'differs from the Idempotency-Key header');
  return fromHeader ?? bodyKey;
}

/** 409 for a reservation that could not be met, with everything a dispatcher needs to decide next. */
export function insufficientStock(s: Shortage): HttpProblem {
  return new HttpProblem(
    409,
    'insufficient_stock',
    'Insufficient stock',
    `${s.partCode} ${s.partName}: ${s.available} available at ${s.locationId}, ${s.wanted} wanted; purchase request ${s.purchaseRequest.id} (${s.purchaseRequest.status}) will bring ${s.purchaseRequest.qty}`,
    undefined,
    {},
    { ...s },
  );
}

/** Substitutes must be other parts of the catalogue. */
export async function replaceSubstitutes(tx: EntityManager, code: string, substitutes: { code: string; priority: number }[]) {
  const i = substitutes.findIndex((s) => s.code === code);
  if (i >= 0) throw invalid(`substitutes.${i}.code`, 'a part cannot substitute itself');
  if (substitutes.length) {
    const found = (await tx.query(`SELECT code FROM parts WHERE code = ANY($1)`, [substitutes.map((s) => s.code)])) as { code: string }[];
    const have = new Set(found.map((f) => f.code));
    const missing = substitutes.findIndex((s) => !have.has(s.code));
    if (missing >= 0) throw invalid(`substitutes.${missing}.code`, `no part ${substitutes[missing]!.code}`);
  }
  await tx.query(`DELETE FROM part_substitutes WHERE part_code = $1`, [code]);
  if (!substitutes.length) return;
  await tx.query(`INSERT INTO part_substitutes (part_code, substitute_code, priority) SELECT $1, * FROM unnest($2::text[], $3::int[])`, [
    code,
    substitutes.map((s) => s.code),
    substitutes.map((s) => s.priority),
  ]);
}
