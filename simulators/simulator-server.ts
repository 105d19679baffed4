import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { ctiHandlers } from './cti.handlers';
import { erpHandlers } from './erp.handlers';
import { SimulatorInbox } from './inbox';
import { logisticsHandlers } from './logistics.handlers';
import { notificationHandlers } from './notification.handlers';
import { omsHandlers } from './oms.handlers';
import { s3Handlers } from './s3.handlers';
import { DEFAULT_BEHAVIOUR, SimulatorState, type SystemBehaviour } from './sim-kit';
import { wmsHandlers } from './wms.handlers';

export interface SimulatorServer {
  url: string;
  inbox: SimulatorInbox;
  state: SimulatorState;
  /** make the next `count` requests to `system` fail with this status (to test retries) */
  failNext(system: string, count: number, status?: number): void;
  close(): Promise<void>;
}

/** The systems /sim/config knows; the first path segment of their URLs. */
export const SIMULATED_SYSTEMS = ['oms', 'wms', 'erp', 'logistics', 'cti', 'sms', 'email', 'wecom', 'dingtalk', 'feishu', 'wechat'];

/**
 * Serves the msw handlers of the simulated outside systems over real HTTP, so activities talk to
 * them exactly as they would to the real ones (README "Outside systems"). Control endpoints:
 *
 *   GET    /sim/inbox[?system=]     what the systems accepted (one entry per idempotent write)
 *   GET    /sim/ledger?system=erp   the same plus every call as it arrived (status, duplicate, …)
 *   DELETE /sim/ledger              forget both
 *   GET    /sim/config              each system's latency, failure rate and progress step
 *   POST   /sim/config              {"system":"erp","latencyMs":800,"failureRate":0.1,"progressMs":500} ({"reset":true} restores)
 *   POST   /sim/fail                {"system":"erp","count":2,"status":503} fails the next requests;
 *                                   with "after":true the system does the work first and the answer is lost
 */
export async function startSimulatorServer(port = 0, host = '127.0.0.1', opts: { failureRate?: number } = {}): Promise<SimulatorServer> {
  const inbox = new SimulatorInbox();
  const state = new SimulatorState(inbox, { ...DEFAULT_BEHAVIOUR, failureRate: opts.failureRate ?? 0 });
  const failures = new Map<string, { count: number; status: number; after: boolean }>();
  let handlers: RequestHandler[] = [];

  const readBody = async (req: http.IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const readJson = async <T>(req: http.IncomingMessage): Promise<T | null> => {
    try {
      return JSON.parse((await readBody(req)).toString() || '{}') as T;
    } catch {
      return null;
    }
  };
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const control = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> => {
    const system = url.searchParams.get('system') ?? undefined;
    if (url.pathname === '/sim/fail' && req.method === 'POST') {
      const b = await readJson<{ system?: string; count?: number; status?: number; after?: boolean }>(req);
      if (!b?.system || !Number.isInteger(b.count)) {
        send(res, 422, { error: 'give {"system": "erp", "count": 2, "status": 503, "after": false}' });
        return true;
      }
      failures.set(b.system, { count: b.count!, status: b.status ?? 503, after: b.after === true });
      res.writeHead(204).end();
      return true;
    }
    if (url.pathname === '/sim/inbox') {
      if (req.method === 'DELETE') inbox.clear();
      send(res, 200, { items: inbox.list(system) });
      return true;
    }
    if (url.pathname === '/sim/ledger') {
      if (req.method === 'DELETE') inbox.clear();
      send(res, 200, { system: system ?? null, items: inbox.list(system), calls: inbox.listCalls(system) });
      return true;
    }
    if (url.pathname === '/sim/config') {
      if (req.method === 'POST') {
        const b = await readJson<Partial<SystemBehaviour> & { system?: string; reset?: boolean }>(req);
        if (!b?.system || !SIMULATED_SYSTEMS.includes(b.system)) {
          send(res, 422, { error: `system must be one of ${SIMULATED_SYSTEMS.join(', ')}` });
          return true;
        }
        const change: Partial<SystemBehaviour> = {};
        for (const k of ['latencyMs', 'failureRate', 'progressMs'] as const) {
          const v = b[k];
          if (v === undefined) continue;
          if (typeof v !== 'number' || v < 0 || (k === 'failureRate' && v > 1)) {
            send(res, 422, { error: `${k} must be a number ≥ 0${k === 'failureRate' ? ' and ≤ 1' : ''}` });
            return true;
          }
          change[k] = v;
        }
        send(res, 200, { system: b.system, ...(b.reset ? state.reset(b.system) : state.configure(b.system, change)) });
        return true;
      }
      send(res, 200, { systems: Object.fromEntries(SIMULATED_SYSTEMS.map((s) => [s, state.behaviour(s)])) });
      return true;
    }
    return false;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    if (url.pathname.startsWith('/sim/') && (await control(req, res, url))) return;
    const system = url.pathname.split('/')[1] ?? '';
    const failure = failures.get(system);
    const failing = failure && failure.count > 0 ? failure : undefined;
    if (failing) failing.count--;
    const failed = (after: boolean) => {
      inbox.logCall({
        system,
        method: req.method ?? 'GET',
        path: url.pathname,
        status: failing!.status,
        idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        duplicate: false,
        simulated: after ? 'fail_after' : 'fail',
      });
      send(res, failing!.status, { error: after ? 'simulated outage (the request was processed, the answer lost)' : 'simulated outage' });
    };
    if (failing && !failing.after) return failed(false);
    const body = await readBody(req);
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]],
      ),
      body: req.method === 'GET' || req.method === 'HEAD' || body.length === 0 ? undefined : body,
    });
    const response = await getResponse(handlers, request);
    if (failing) return failed(true);
    if (!response) return send(res, 404, { error: `no simulated endpoint ${req.method} ${url.pathname}` });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  // A client that hangs up mid-body (an aborted upload) ends its own request, not this process.
  const server = http.createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  handlers = [
    ...notificationHandlers(inbox, url),
    ...ctiHandlers(state, url),
    ...omsHandlers(state, url),
    ...wmsHandlers(state, url),
    ...erpHandlers(state, url),
    ...logisticsHandlers(state, url),
    ...s3Handlers(url),
  ];
  return {
    url,
    inbox,
    state,
    failNext: (system, count, status = 503) => failures.set(system, { count, status, after: false }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
