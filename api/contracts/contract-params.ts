import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { contractIdSchema } from '../../domain/contracts/contract';
import { HttpProblem } from '../http/problem';

export const contractIdParams = z.object({ id: contractIdSchema });

/** A 422 naming the field at fault, for checks zod cannot make alone (they need the database). */
export function invalidField(field: string, message: string): HttpProblem {
  return new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);
}

/** The customer must exist, and the assets a contract names must be that customer's. */
export async function checkContractRefs(
  db: Pick<EntityManager, 'query'>,
  refs: { customerId: string; assetIds: readonly string[] },
  checkCustomer = true,
): Promise<void> {
  if (checkCustomer) {
    const found: unknown[] = await db.query(`SELECT 1 FROM customers WHERE id = $1`, [refs.customerId]);
    if (!found.length) throw invalidField('customerId', `no customer ${refs.customerId}`);
  }
  if (!refs.assetIds.length) return;
  const rows = (await db.query(`SELECT id, customer_id FROM assets WHERE id = ANY($1)`, [refs.assetIds])) as {
    id: string;
    customer_id: string | null;
  }[];
  const owner = new Map(rows.map((r) => [r.id, r.customer_id]));
  refs.assetIds.forEach((id, i) => {
    if (!owner.has(id)) throw invalidField(`coverage.assetIds.${i}`, `no asset ${id}`);
    if (owner.get(id) !== refs.customerId) throw invalidField(`coverage.assetIds.${i}`, `asset ${id} is not this customer's`);
  });
}
