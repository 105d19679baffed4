import { http, HttpResponse } from 'msw';
import type { SimulatorInbox } from './inbox';

/** A simulated call centre (CTI): outbound calls for P1 alerts, confirmations and surveys. */
export function ctiHandlers(inbox: SimulatorInbox, base: string) {
  return [
    http.post(`${base}/cti/calls`, async ({ request }) => {
      const body = (await request.json().catch(() => null)) as { to?: string } | null;
      if (!body?.to) return HttpResponse.json({ error: 'to is required' }, { status: 400 });
      const { entry, duplicate } = inbox.record({
        system: 'cti',
        path: '/cti/calls',
        idempotencyKey: request.headers.get('idempotency-key'),
        body,
      });
      return HttpResponse.json(
        { callId: `call-${Date.parse(entry.receivedAt)}`, status: 'dialing', duplicate },
        { status: duplicate ? 200 : 201 },
      );
    }),
  ];
}
