import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import { HttpProblem } from '../http/problem';

export const idParams = z.object({ id: routingIdSchema }).strict();

export { actorOf } from '../auth/api-tokens';

export { audit } from '../../db/audit-log';

const invalid = (field: string, message: string) =>
  new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);

/** Named groups must exist; a mentor must exist, not be the agent, and not be a new hire themselves. */
export async function checkAgentRefs(tx: EntityManager, agentId: string, refs: { groups?: string[]; mentorId?: string | null }) {
  if (refs.groups?.length) {
    const found = (await tx.query(`SELECT id FROM routing_groups WHERE id = ANY($1)`, [refs.groups])) as { id: string }[];
    const have = new Set(found.map((f) => f.id));
    const i = refs.groups.findIndex((g) => !have.has(g));
    if (i >= 0) throw invalid(`groups.${i}`, `no group ${refs.groups[i]}`);
  }
  if (refs.mentorId) {
    if (refs.mentorId === agentId) throw invalid('mentorId', 'an agent cannot mentor themselves');
    const [m] = (await tx.query(`SELECT new_hire FROM agents WHERE id = $1`, [refs.mentorId])) as { new_hire: boolean | null }[];
    if (!m) throw invalid('mentorId', `no agent ${refs.mentorId}`);
    if (m.new_hire === true) throw invalid('mentorId', 'a new hire cannot be a mentor');
  }
}

export { checkIfMatch } from '../http/if-match';
