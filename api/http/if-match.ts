import { HttpProblem } from './problem';

/**
 * Optimistic locking for edits: `If-Match: "3"` (also W/"3" or a bare 3) must name the record's
 * current version, else 412 and nothing changes. With `required`, an edit without it is 428: for
 * records where silently overwriting someone else's change is costly (contracts).
 */
export function checkIfMatch(header: string | undefined, current: number, what: string, opts: { required?: boolean } = {}): void {
  if (header === undefined) {
    if (!opts.required) return;
    throw new HttpProblem(428, 'precondition_required', 'Precondition required', `send If-Match: "${current}" (the version you read)`, [
      { field: 'header.If-Match', message: 'required' },
    ]);
  }
  const wanted = header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (wanted !== String(current)) {
    throw new HttpProblem(
      412,
      'version_mismatch',
      'Precondition failed',
      `${what} is at version ${current}; If-Match named ${header.trim()}`,
      [{ field: 'header.If-Match', message: `${what} is at version ${current}` }],
    );
  }
}
