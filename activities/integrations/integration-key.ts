/**
 * The idempotency key of one write to an outside system, from what stays the same when the
 * activity is retried or the worker dies mid-call: the workflow id, the step, and whatever else
 * tells repeated steps apart (an RMA id, a line number) — never the attempt or a clock.
 * Pure, with no imports, so workflow code can derive keys too.
 */
export function integrationKey(workflowId: string, step: string, ...parts: (string | number)[]): string {
  const all = [workflowId, step, ...parts.map(String)];
  const empty = all.findIndex((p) => p.trim() === '');
  if (empty >= 0) throw new TypeError(`integrationKey: part ${empty + 1} is empty`);
  return all.join(':');
}
