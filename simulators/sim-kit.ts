import { createHash } from 'node:crypto';
import { HttpResponse } from 'msw';
import { signedPayload } from '../activities/integrations/http-call';
import { verifyWebhook } from '../activities/webhook-signature';
import type { SimulatorInbox } from './inbox';

/** How one simulated system behaves: `POST /sim/config {"system":"erp","latencyMs":…}`. */
export interface SystemBehaviour {
  /** added before every answer */
  latencyMs: number;
  /** share of requests answered 503 at random (0 in tests) */
  failureRate: number;
  /** how long one step of a simulated process takes: a call ringing, a parcel moving on, a refund clearing */
  progressMs: number;
}

export const DEFAULT_BEHAVIOUR: SystemBehaviour = { latencyMs: 10, failureRate: 0, progressMs: 1000 };

/** Shared by the handlers of all systems: the ledger and each system's behaviour. */
export class SimulatorState {
  private readonly behaviours = new Map<string, SystemBehaviour>();
  constructor(
    readonly inbox: SimulatorInbox,
    private readonly defaults: SystemBehaviour = DEFAULT_BEHAVIOUR,
  ) {}

  behaviour(system: string): SystemBehaviour {
    return this.behaviours.get(system) ?? { ...this.defaults };
  }

  configure(system: string, change: Partial<SystemBehaviour>): SystemBehaviour {
    const next = { ...this.behaviour(system), ...change };
    this.behaviours.set(system, next);
    return next;
  }

  reset(system: string): SystemBehaviour {
    this.behaviours.delete(system);
    return this.behaviour(system);
  }
}

/** A stable number from a string: simulated data is derived from ids, so it is the same every run. */
export function hash32(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

export const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
export const problem = (status: number, error: string) => json({ error }, status);

export interface SimRequest {
  request: Request;
  params: Record<string, string | readonly string[] | undefined>;
  /** the parsed JSON body (null for a GET) */
  body: any;
  idempotencyKey: string | null;
  path: string;
}

/**
 * Wraps a handler with what every simulated system does the same way: latency and random
 * outages, the API key (401), the request signature where the system checks one (401), the call
 * log, and a JSON body.
 */
export function simulated(
  state: SimulatorState,
  system: string,
  credentials: { apiKey: string; secret?: string },
  handle: (req: SimRequest) => Response | Promise<Response>,
) {
  return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
    const b = state.behaviour(system);
    if (b.latencyMs > 0) await new Promise((r) => setTimeout(r, b.latencyMs));
    const url = new URL(request.url);
    const idempotencyKey = request.headers.get('idempotency-key');
    const log = (status: number, duplicate = false, simulatedAs?: 'failure_rate') =>
      state.inbox.logCall({
        system,
        method: request.method,
        path: url.pathname,
        status,
        idempotencyKey,
        duplicate,
        simulated: simulatedAs,
      });
    if (b.failureRate > 0 && Math.random() < b.failureRate) {
      log(503, false, 'failure_rate');
      return problem(503, `${system} sandbox: simulated outage`);
    }
    const raw = await request.text();
    const answer = await (async (): Promise<Response> => {
      if (request.headers.get('x-api-key') !== credentials.apiKey) return problem(401, 'invalid or missing API key (X-Api-Key)');
      if (credentials.secret) {
        const sig = request.headers.get('x-fixflow-signature') ?? '';
        if (!verifyWebhook(credentials.secret, signedPayload(request.method, request.url, raw), sig, Date.now() / 1000))
          return problem(401, 'invalid or missing request signature (X-Fixflow-Signature)');
      }
      let body: unknown = null;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return problem(400, 'the body is not JSON');
        }
      }
      return handle({ request, params, body, idempotencyKey, path: url.pathname });
    })();
    const duplicate = answer.headers.get('x-sim-duplicate') === '1';
    log(answer.status, duplicate);
    return answer;
  };
}

/**
 * A write done once per idempotency key: the first request runs `effect` and is entered in the
 * ledger with its answer; a repeat gets that answer again (200, `duplicate: true`); the same key
 * with another request is refused (422), as payment APIs do. A refused write leaves no entry, so a
 * corrected retry may use the key again.
 */
export function once(
  state: SimulatorState,
  system: string,
  req: SimRequest,
  effect: () => { status: number; body: Record<string, unknown> },
): Response {
  const key = req.idempotencyKey;
  if (!key) return problem(400, 'an Idempotency-Key header is required on writes');
  const earlier = state.inbox.find(system, key);
  if (earlier) {
    if (earlier.path !== req.path || JSON.stringify(earlier.body) !== JSON.stringify(req.body))
      return problem(422, `Idempotency-Key ${key} was already used for a different request`);
    return HttpResponse.json({ ...(earlier.result as object), duplicate: true }, { status: 200, headers: { 'x-sim-duplicate': '1' } });
  }
  const out = effect();
  if (out.status >= 300) return json(out.body, out.status);
  state.inbox.record({ system, path: req.path, idempotencyKey: key, body: req.body, result: out.body });
  return json({ ...out.body, duplicate: false }, out.status);
}

/** `params.x` as one string. */
export const param = (req: SimRequest, name: string): string => String(req.params[name] ?? '');
