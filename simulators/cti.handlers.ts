import { http } from 'msw';
import { SANDBOX_CREDENTIALS } from '../activities/integrations/sandbox-credentials';
import { hash32, json, once, param, problem, simulated, type SimulatorState } from './sim-kit';

type CallResult = 'answered' | 'no_answer' | 'busy' | 'failed';

/**
 * A simulated call centre (CTI): outbound calls for P1 alerts, confirmations and surveys. A call
 * rings for one progress step, then ends; how is decided by the number: `busy`, `noanswer` or
 * `fail` in it give those results, anything else is answered. An answered call of the
 * `appointment_confirmation` script is keyed 1 (confirm) by the callee, 2 (decline) when the number
 * contains `decline`, nothing when it contains `silent` — so a test picks the outcome by the number.
 */
export function ctiHandlers(state: SimulatorState, base: string) {
  const route = (handle: Parameters<typeof simulated>[3]) => simulated(state, 'cti', SANDBOX_CREDENTIALS.cti, handle);
  const calls = new Map<string, { callId: string; to: string; result: CallResult; keys: string | null; startedAt: number }>();
  let seq = 0;
  const view = (c: NonNullable<ReturnType<typeof calls.get>>) => {
    const endedAt = c.startedAt + state.behaviour('cti').progressMs;
    const done = Date.now() >= endedAt;
    return {
      callId: c.callId,
      to: c.to,
      status: done ? 'completed' : 'dialing',
      result: done ? c.result : null,
      durationSec: done ? (c.result === 'answered' ? 15 + (hash32(c.callId) % 90) : 0) : null,
      keys: done && c.result === 'answered' ? c.keys : null,
      startedAt: new Date(c.startedAt).toISOString(),
      endedAt: done ? new Date(endedAt).toISOString() : null,
    };
  };

  return [
    http.post(
      `${base}/cti/calls`,
      route((req) => {
        const to = req.body?.to;
        if (typeof to !== 'string' || !to) return problem(400, 'to is required');
        return once(state, 'cti', req, () => {
          const result: CallResult = /busy/i.test(to)
            ? 'busy'
            : /no_?answer/i.test(to)
              ? 'no_answer'
              : /fail/i.test(to)
                ? 'failed'
                : 'answered';
          const keys =
            req.body?.script === 'appointment_confirmation' ? (/decline/i.test(to) ? '2' : /silent/i.test(to) ? null : '1') : null;
          const c = { callId: `call-${Date.now()}-${++seq}`, to, result, keys, startedAt: Date.now() };
          calls.set(c.callId, c);
          return { status: 201, body: view(c) };
        });
      }),
    ),
    http.get(
      `${base}/cti/calls/:callId`,
      route((req) => {
        const c = calls.get(param(req, 'callId'));
        return c ? json(view(c)) : problem(404, `call ${param(req, 'callId')} not found`);
      }),
    ),
  ];
}
