import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { ctiHandlers } from './cti.handlers';
import { SimulatorInbox } from './inbox';
import { notificationHandlers } from './notification.handlers';

export interface SimulatorServer {
  url: string;
  inbox: SimulatorInbox;
  /** make every request to `system` fail with this status until cleared (to test retries) */
  failNext(system: string, count: number, status?: number): void;
  close(): Promise<void>;
}

/**
 * Serves the msw handlers of the simulated outside systems over real HTTP, so activities talk to
 * them exactly as they would to the real ones. `GET /sim/inbox[?system=]` shows what arrived;
 * `POST /sim/fail` makes a system answer errors for its next requests.
 */
export async function startSimulatorServer(port = 0, host = '127.0.0.1'): Promise<SimulatorServer> {
  const inbox = new SimulatorInbox();
  const failures = new Map<string, { count: number; status: number }>();
  let handlers: RequestHandler[] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    if (url.pathname === '/sim/fail' && req.method === 'POST') {
      // tests make a system fail for a while: { "system": "sms", "count": 3, "status": 503 }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const { system, count, status } = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
        system: string;
        count: number;
        status?: number;
      };
      failures.set(system, { count, status: status ?? 503 });
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/sim/inbox') {
      if (req.method === 'DELETE') inbox.clear();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: inbox.list(url.searchParams.get('system') ?? undefined) }));
      return;
    }
    const system = url.pathname.split('/')[1] ?? '';
    const failure = failures.get(system);
    if (failure && failure.count > 0) {
      failure.count--;
      res.writeHead(failure.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'simulated outage' }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]],
      ),
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const response = await getResponse(handlers, request);
    if (!response) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no simulated endpoint ${req.method} ${url.pathname}` }));
      return;
    }
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  handlers = [...notificationHandlers(inbox, url), ...ctiHandlers(inbox, url)];
  return {
    url,
    inbox,
    failNext: (system, count, status = 503) => failures.set(system, { count, status }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
