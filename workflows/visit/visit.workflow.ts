import { applyVisitAction, isVisitAction, parseVisitPayload } from '../../domain/visit/visit-actions';
import { runFlowWork, type FlowWorkHooks, type FlowWorkInput, type FlowWorkSnapshot } from '../flow-work/flow-work';

export const DEFAULT_VISIT_FLOW_KEY = 'visit-default';

/** What a visit adds to the generic shell: its action payloads and what each writes on the visit. */
export const visitHooks: FlowWorkHooks = {
  parsePayload(action, payload) {
    if (!isVisitAction(action)) return `unknown action '${action}'`;
    const parsed = parseVisitPayload(action, payload);
    if (parsed.success) return parsed.data as Record<string, unknown>;
    const first = parsed.error.issues[0];
    return `${first?.path.join('.') || '(body)'} ${first?.message ?? 'is invalid'}`;
  },
  applyAction: (work, req, at) => applyVisitAction(work, req.action, req.payload, req.actor, at),
  notifyVars: (work) => ({
    engineerId: work.engineerId ?? null,
    windowStart: work.windowStart ?? null,
    windowEnd: work.windowEnd ?? null,
  }),
};

/**
 * One on-site visit (上门): the published flow `visit-default` (or the one named) run by the flow
 * interpreter in the generic shell — booking, parts, check-in, work record, signature, receipt,
 * follow-up, with reschedule and cancel undoing what was done.
 */
export async function VisitWorkflow(input: FlowWorkInput): Promise<FlowWorkSnapshot> {
  return runFlowWork(input, visitHooks);
}
