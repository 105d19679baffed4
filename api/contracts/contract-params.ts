import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { contractIdSchema } from '../../domain/contracts/contract';
import { HttpProblem } from '../http/problem';

export const contractIdParams = z.object({ id: contractIdSchema });

/**
 * `If-Match: "3"` (or 3) must name the contract's current version. Required on a change: contracts
 * decide what customers get for free, so an edit must not silently overwrite someone else's.
 */
export function checkContractVersion(header: string | undefined, version: number, required: boolean): void {
  if (header === undefined) {
    if (!required) return;
    throw new HttpProblem(428, 'precondition_required', 'Precondition required', `send If-Match: "${version}" (the version you read)`, [
      { field: 'header.If-Match', message: 'required' },
    ]);
  }
  const wanted = header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (wanted !== String(version)) {
    throw new HttpProblem(
      412,
      'version_mismatch',
      'Precondition failed',
      `the contract is at version ${version}; If-Match named ${header.trim()}`,
      [{ field: 'header.If-Match', message: `the contract is at version ${version}` }],
    );
  }
}

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
