import type { Request } from 'express';
import { z } from 'zod';
import type { FlowVersionRow } from '../../db/flow-store';
import { FLOW_KINDS } from '../../domain/flow/flow-definition';
import { validateFlow } from '../../domain/flow/flow-validation';
import { flowVocabulary } from '../../domain/flow/flow-vocabulary';
import { HttpProblem } from '../http/problem';

export const flowKey = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'not a flow key');
export const keyParams = z.object({ key: flowKey }).strict();
export const versionNumber = z.coerce.number().int().min(1).max(1_000_000);
/** what a publish or a roll-back says about itself, kept with the version */
export const publishMessage = z.string().trim().min(1).max(500);

/** who the audit rows and events name: `user:<name>` for a signed-in admin, `token:<name>` for a token */
export { actorOf } from '../auth/api-tokens';

/** The graph and vocabulary checks of a definition (drafts may be anything flow-shaped). */
export function checkFlow(definition: unknown) {
  const kind = (definition as { kind?: string })?.kind;
  const vocabulary = flowVocabulary((FLOW_KINDS as readonly string[]).includes(kind ?? '') ? (kind as never) : 'ticket');
  return validateFlow(definition, vocabulary);
}

export function invalidFlow(problems: { path: string; message: string; nodeId?: string; edgeId?: string }[]): HttpProblem {
  return new HttpProblem(
    422,
    'invalid_flow',
    'The flow is not valid',
    problems
      .slice(0, 5)
      .map((x) => `${x.path}: ${x.message}`)
      .join('; '),
    problems.map((x) => ({ field: x.path, message: x.message })),
    {},
    { problems },
  );
}

/** A draft as the designer reads it: the row, what blocks publishing, and its ETag. */
export function draftAnswer(row: FlowVersionRow, status = 200) {
  const result = checkFlow(row.definition);
  return {
    status,
    body: { ...row, problems: result.ok ? [] : result.problems },
    headers: { ETag: `"${row.revision}"` },
  };
}

function tagOf(header: string): string {
  return header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

function conflict(detail: string, current: FlowVersionRow | null): HttpProblem {
  return new HttpProblem(
    412,
    'draft_conflict',
    'The draft changed',
    detail,
    [{ field: 'header.If-Match', message: detail }],
    current ? { ETag: `"${current.revision}"` } : {},
    {
      currentRevision: current?.revision ?? null,
      savedBy: current?.updatedBy ?? null,
      savedAt: current?.updatedAt ?? null,
    },
  );
}

/**
 * The draft's optimistic lock. Changing or discarding an existing draft needs `If-Match: "<revision>"`
 * (428 without it, 412 `draft_conflict` naming the current revision and who saved it when stale);
 * creating one needs nothing, or `If-None-Match: *` to be sure none exists; an If-Match when no
 * draft exists (it was published or discarded meanwhile) is a conflict too.
 */
export function checkDraftPrecondition(req: Request, existing: FlowVersionRow | null): void {
  const ifMatch = req.header('If-Match');
  const ifNoneMatch = req.header('If-None-Match');
  if (!existing) {
    if (ifMatch !== undefined)
      throw conflict('the flow has no draft any more (it was published or discarded); reload and start again', null);
    return;
  }
  const who = `revision ${existing.revision}, saved by ${existing.updatedBy} at ${new Date(existing.updatedAt).toISOString()}`;
  if (ifNoneMatch?.trim() === '*') throw conflict(`a draft already exists (${who})`, existing);
  if (ifMatch === undefined)
    throw new HttpProblem(
      428,
      'precondition_required',
      'Precondition required',
      `send If-Match: "${existing.revision}" (the revision of the draft you edited)`,
      [{ field: 'header.If-Match', message: 'required' }],
    );
  if (ifMatch.trim() !== '*' && tagOf(ifMatch) !== String(existing.revision))
    throw conflict(`the draft is at ${who}; If-Match named ${ifMatch.trim()}`, existing);
}

/** The fields of a version the history and usage lists show (no definition). */
export function versionMeta(row: FlowVersionRow) {
  const { definition: _d, ...meta } = row;
  return meta;
}
