import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Express } from 'express';
import { apiRoutes, createApp } from '../api/app';
import { issueToken } from '../api/auth/api-tokens';
import { permits, ROLES, type Permission } from '../api/auth/permissions';
import { Harness } from './support/harness';

/**
 * The API authorization matrix (issue 8): every route × every role. A token of each role calls each
 * route with dummy values; the answer is 403 `forbidden` exactly when the role lacks the route's
 * permission. The tables below are the reviewed truth: a route added without an entry here, or
 * whose permission differs from its entry, fails the test, and so does a route mounted on the app
 * outside apiRoutes() that is not listed in OUTSIDE_ROUTES.
 */

/** `METHOD path` → the permission the route must declare ('public': no sign-in at all). */
const EXPECTED: Record<string, Permission | 'public'> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'POST /api/v1/tickets': 'tickets:create',
  'GET /api/v1/tickets': 'tickets:read',
  'GET /api/v1/tickets/:ticketId': 'tickets:read',
  'GET /api/v1/tickets/:ticketId/events': 'tickets:read',
  'GET /api/v1/tickets/:ticketId/decisions': 'tickets:read',
  'POST /api/v1/tickets/:ticketId/rule-set': 'rules:manage',
  'GET /api/v1/tickets/:ticketId/flow': 'tickets:read',
  'POST /api/v1/tickets/:ticketId/actions/:action': 'tickets:act',
  'GET /api/v1/tickets/queues': 'tickets:read',
  'POST /api/v1/tickets/bulk-actions': 'tickets:act',
  'GET /api/v1/saved-filters': 'tickets:read',
  'POST /api/v1/saved-filters': 'tickets:read',
  'GET /api/v1/saved-filters/:id': 'tickets:read',
  'PATCH /api/v1/saved-filters/:id': 'tickets:read',
  'DELETE /api/v1/saved-filters/:id': 'tickets:read',
  'GET /api/v1/stream/tickets': 'tickets:read',
  'POST /api/v1/tokens': 'tokens:manage',
  'GET /api/v1/dictionaries/:type': 'tickets:read',
  'GET /api/v1/flows': 'flows:read',
  'GET /api/v1/flows/:key/versions': 'flows:read',
  'GET /api/v1/flows/:key/versions/:version': 'flows:read',
  'GET /api/v1/flows/:key/draft': 'flows:read',
  'PUT /api/v1/flows/:key/draft': 'flows:manage',
  'POST /api/v1/flows/:key/draft': 'flows:manage',
  'DELETE /api/v1/flows/:key/draft': 'flows:manage',
  'POST /api/v1/flows/:key/publish': 'flows:manage',
  'POST /api/v1/flows/:key/versions/:version/republish': 'flows:manage',
  'GET /api/v1/flows/:key/diff': 'flows:read',
  'GET /api/v1/flows/:key/usage': 'flows:read',
  'POST /api/v1/flows/:key/backtest': 'flows:read',
  'POST /api/v1/flows/:key/migrations': 'flows:manage',
  'POST /api/v1/flows/validate': 'flows:read',
  'POST /api/v1/dictionaries/:type': 'dictionaries:manage',
  'POST /api/v1/webhooks': 'webhooks:manage',
  'GET /api/v1/webhooks': 'webhooks:manage',
  'DELETE /api/v1/webhooks/:id': 'webhooks:manage',
  'GET /api/v1/webhooks/:id/deliveries': 'webhooks:manage',
  'POST /api/v1/webhooks/deliveries/:deliveryId/replay': 'webhooks:manage',
  'GET /api/v1/customers': 'archives:read',
  'POST /api/v1/customers': 'archives:manage',
  'GET /api/v1/customers/:id': 'archives:read',
  'PATCH /api/v1/customers/:id': 'archives:manage',
  'DELETE /api/v1/customers/:id': 'archives:manage',
  'GET /api/v1/projects': 'archives:read',
  'POST /api/v1/projects': 'archives:manage',
  'GET /api/v1/projects/:id': 'archives:read',
  'PATCH /api/v1/projects/:id': 'archives:manage',
  'DELETE /api/v1/projects/:id': 'archives:manage',
  'GET /api/v1/sites': 'archives:read',
  'POST /api/v1/sites': 'archives:manage',
  'GET /api/v1/sites/:id': 'archives:read',
  'PATCH /api/v1/sites/:id': 'archives:manage',
  'DELETE /api/v1/sites/:id': 'archives:manage',
  'GET /api/v1/assets/:id/qr.svg': 'archives:read',
  'GET /api/v1/assets': 'archives:read',
  'POST /api/v1/assets': 'archives:manage',
  'GET /api/v1/assets/:id': 'archives:read',
  'PATCH /api/v1/assets/:id': 'archives:manage',
  'DELETE /api/v1/assets/:id': 'archives:manage',
  'GET /api/v1/providers': 'archives:read',
  'POST /api/v1/providers': 'archives:manage',
  'GET /api/v1/providers/:id': 'archives:read',
  'PATCH /api/v1/providers/:id': 'archives:manage',
  'DELETE /api/v1/providers/:id': 'archives:manage',
  'GET /api/v1/public/assets/:qrToken': 'public',
  'GET /api/v1/ui-config': 'public',
  'GET /api/v1/contracts/expiring': 'contracts:read',
  'POST /api/v1/contracts': 'contracts:manage',
  'GET /api/v1/contracts': 'contracts:read',
  'GET /api/v1/contracts/:id': 'contracts:read',
  'PATCH /api/v1/contracts/:id': 'contracts:manage',
  'POST /api/v1/contracts/:id/terminate': 'contracts:manage',
  'GET /api/v1/contracts/:id/usage': 'contracts:read',
  'GET /api/v1/customers/:id/entitlements': 'contracts:read',
  'GET /api/v1/customers/:id/360': 'archives:read',
  'POST /api/v1/maintenance-plans': 'maintenance:manage',
  'GET /api/v1/maintenance-plans': 'archives:read',
  'GET /api/v1/maintenance-plans/:id': 'archives:read',
  'PATCH /api/v1/maintenance-plans/:id': 'maintenance:manage',
  'DELETE /api/v1/maintenance-plans/:id': 'maintenance:manage',
  'POST /api/v1/maintenance-plans/:id/pause': 'maintenance:manage',
  'POST /api/v1/maintenance-plans/:id/resume': 'maintenance:manage',
  'POST /api/v1/maintenance-plans/:id/skip': 'maintenance:manage',
  'POST /api/v1/maintenance-plans/:id/backfill': 'maintenance:manage',
  'POST /api/v1/maintenance-plans/:id/trigger': 'maintenance:manage',
  'GET /api/v1/maintenance-plans/:id/runs': 'archives:read',
  'POST /api/v1/iot/events': 'iot:ingest',
  'POST /api/v1/iot/sources': 'maintenance:manage',
  'GET /api/v1/iot/sources': 'maintenance:manage',
  'DELETE /api/v1/iot/sources/:id': 'maintenance:manage',
  'GET /api/v1/iot/alarm-rules': 'archives:read',
  'POST /api/v1/iot/alarm-rules': 'maintenance:manage',
  'PATCH /api/v1/iot/alarm-rules/:id': 'maintenance:manage',
  'GET /api/v1/iot/alarms': 'archives:read',
  'GET /api/v1/iot/assets/:assetId/telemetry': 'archives:read',
  'GET /api/v1/knowledge/search': 'knowledge:read',
  'POST /api/v1/knowledge/articles': 'knowledge:manage',
  'GET /api/v1/knowledge/articles': 'knowledge:read',
  'GET /api/v1/knowledge/articles/:id': 'knowledge:read',
  'PATCH /api/v1/knowledge/articles/:id': 'knowledge:manage',
  'POST /api/v1/knowledge/articles/:id/publish': 'knowledge:manage',
  'POST /api/v1/knowledge/articles/:id/archive': 'knowledge:manage',
  'DELETE /api/v1/knowledge/articles/:id': 'knowledge:manage',
  'GET /api/v1/tickets/:ticketId/suggested-articles': 'knowledge:read',
  'GET /api/v1/inbox': 'inbox:read',
  'GET /api/v1/inbox/unread-count': 'inbox:read',
  'POST /api/v1/inbox/:id/read': 'inbox:read',
  'POST /api/v1/inbox/read-all': 'inbox:read',
  'POST /api/v1/imports/customers': 'archives:manage',
  'POST /api/v1/imports/projects': 'archives:manage',
  'POST /api/v1/imports/sites': 'archives:manage',
  'POST /api/v1/imports/assets': 'archives:manage',
  'GET /api/v1/exports/customers': 'archives:read',
  'GET /api/v1/exports/projects': 'archives:read',
  'GET /api/v1/exports/sites': 'archives:read',
  'GET /api/v1/exports/assets': 'archives:read',
  'GET /api/v1/exports/providers': 'archives:read',
  'GET /api/v1/exports/tickets': 'tickets:read',
  'POST /api/v1/agents': 'routing:manage',
  'GET /api/v1/agents': 'routing:read',
  'GET /api/v1/agents/:id': 'routing:read',
  'PATCH /api/v1/agents/:id': 'routing:manage',
  'DELETE /api/v1/agents/:id': 'routing:manage',
  'POST /api/v1/groups': 'routing:manage',
  'GET /api/v1/groups': 'routing:read',
  'GET /api/v1/groups/:id': 'routing:read',
  'PATCH /api/v1/groups/:id': 'routing:manage',
  'DELETE /api/v1/groups/:id': 'routing:manage',
  'POST /api/v1/rosters': 'routing:manage',
  'GET /api/v1/rosters': 'routing:read',
  'DELETE /api/v1/rosters/:id': 'routing:manage',
  'POST /api/v1/routing/decide': 'routing:read',
  'POST /api/v1/routing/assign': 'tickets:act',
  'GET /api/v1/routing/queue': 'routing:read',
  'POST /api/v1/dispatch/candidates': 'routing:read',
  'POST /api/v1/dispatch/route': 'routing:read',
  'POST /api/v1/rules': 'rules:manage',
  'GET /api/v1/rules': 'rules:read',
  'GET /api/v1/rules/variables': 'rules:read',
  'GET /api/v1/rules/:key': 'rules:read',
  'PATCH /api/v1/rules/:key': 'rules:manage',
  'DELETE /api/v1/rules/:key': 'rules:manage',
  'POST /api/v1/rules/:key/test': 'rules:read',
  'POST /api/v1/rule-sets/:setKey/publish': 'rules:manage',
  'GET /api/v1/rule-sets/:setKey/versions': 'rules:read',
  'GET /api/v1/rule-sets/:setKey/versions/:version': 'rules:read',
  'POST /api/v1/rule-sets/:setKey/backtest': 'rules:read',
  'GET /api/v1/pii-rules': 'pii:manage',
  'POST /api/v1/pii-rules': 'pii:manage',
  'GET /api/v1/pii-rules/:id': 'pii:manage',
  'PATCH /api/v1/pii-rules/:id': 'pii:manage',
  'DELETE /api/v1/pii-rules/:id': 'pii:manage',
  'GET /api/v1/audit': 'audit:read',
  'GET /api/v1/form-templates/resolve': 'forms:read',
  'GET /api/v1/form-templates': 'forms:read',
  'POST /api/v1/form-templates': 'forms:manage',
  'GET /api/v1/form-templates/:key': 'forms:read',
  'GET /api/v1/form-templates/:key/versions/:version': 'forms:read',
  'PUT /api/v1/form-templates/:key/draft': 'forms:manage',
  'POST /api/v1/form-templates/:key/publish': 'forms:manage',
  'POST /api/v1/attachments': 'attachments:write',
  'GET /api/v1/attachments': 'attachments:read',
  'GET /api/v1/attachments/:id': 'attachments:read',
  'GET /api/v1/attachments/:id/content': 'public',
  'DELETE /api/v1/attachments/:id': 'attachments:write',
  'POST /api/v1/parts': 'parts:manage',
  'GET /api/v1/parts': 'parts:read',
  'GET /api/v1/parts/:code': 'parts:read',
  'PATCH /api/v1/parts/:code': 'parts:manage',
  'DELETE /api/v1/parts/:code': 'parts:manage',
  'GET /api/v1/parts/:code/stock': 'parts:read',
  'POST /api/v1/stock-locations': 'parts:manage',
  'GET /api/v1/stock-locations': 'parts:read',
  'GET /api/v1/stock': 'parts:read',
  'GET /api/v1/stock/movements': 'parts:read',
  'POST /api/v1/stock/receipts': 'parts:manage',
  'POST /api/v1/stock/transfers': 'parts:manage',
  'GET /api/v1/stock/transfers': 'parts:read',
  'GET /api/v1/stock/transfers/:id': 'parts:read',
  'POST /api/v1/stock/transfers/:id/receive': 'parts:manage',
  'POST /api/v1/stock/reservations': 'parts:manage',
  'GET /api/v1/stock/reservations': 'parts:read',
  'GET /api/v1/stock/reservations/:id': 'parts:read',
  'POST /api/v1/stock/reservations/:id/release': 'parts:manage',
  'POST /api/v1/stock/reservations/:id/issue': 'parts:manage',
  'POST /api/v1/stock/reservations/:id/consume': 'parts:manage',
  'POST /api/v1/stock/reservations/:id/return': 'parts:manage',
  'GET /api/v1/purchase-requests': 'parts:read',
  'PATCH /api/v1/purchase-requests/:id': 'parts:manage',
  'POST /api/v1/rmas': 'rmas:create',
  'GET /api/v1/rmas': 'rmas:read',
  'GET /api/v1/rmas/:rmaId': 'rmas:read',
  'GET /api/v1/rmas/:rmaId/events': 'rmas:read',
  'POST /api/v1/rmas/:rmaId/actions/:action': 'rmas:act',
  'POST /api/v1/public/progress': 'public',
  'GET /api/v1/public/assets/:qrToken/work': 'public',
  'POST /api/v1/public/reports': 'public',
  'GET /api/v1/public/work/:number': 'public',
  'POST /api/v1/public/work/:number/notes': 'public',
  'POST /api/v1/public/work/:number/attachments': 'public',
  'POST /api/v1/public/work/:number/reschedule': 'public',
  'POST /api/v1/public/work/:number/cancel': 'public',
  'POST /api/v1/public/work/:number/rating': 'public',
  'GET /api/v1/tickets/:ticketId/work': 'tickets:read',
  'POST /api/v1/visits': 'visits:create',
  'GET /api/v1/visits': 'visits:read',
  'GET /api/v1/visits/:id': 'visits:read',
  'GET /api/v1/visits/:id/events': 'visits:read',
  'POST /api/v1/visits/:id/actions/:action': 'visits:act',
  'GET /api/v1/me/visits': 'visits:read',
  'GET /api/v1/me/van-stock': 'parts:read',
  'POST /api/v1/auth/sign-in': 'public',
  'GET /api/v1/auth/me': 'account:self',
  'GET /api/v1/openapi.json': 'account:self',
  'POST /api/v1/auth/sign-out': 'public',
  'POST /api/v1/auth/password': 'account:self',
  'GET /api/v1/users': 'users:manage',
  'GET /api/v1/users/:id': 'users:manage',
  'POST /api/v1/users': 'users:manage',
  'PATCH /api/v1/users/:id': 'users:manage',
  'POST /api/v1/users/:id/deactivate': 'users:manage',
  'POST /api/v1/users/:id/password-reset': 'users:manage',
  'GET /api/v1/roles': 'users:manage',
  'GET /api/v1/reports': 'reports:read',
  'POST /api/v1/reports/run': 'reports:read',
  'POST /api/v1/reports/export': 'reports:read',
  'GET /api/v1/reports/saved': 'reports:read',
  'POST /api/v1/reports/saved': 'reports:read',
  'GET /api/v1/reports/saved/:id': 'reports:read',
  'PATCH /api/v1/reports/saved/:id': 'reports:read',
  'DELETE /api/v1/reports/saved/:id': 'reports:read',
  'GET /api/v1/dashboards/service': 'dashboards:read',
};

/** Routes public on purpose: health probes, the customer pages, signed attachment links, sign-in/out. */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /api/v1/public/assets/:qrToken',
  'GET /api/v1/public/assets/:qrToken/work',
  'POST /api/v1/public/progress',
  // the customer H5: reporting proves itself with the product + a phone on record, the rest with the
  // look-up's short-lived signed access token (api/public/customer-access.ts)
  'POST /api/v1/public/reports',
  'GET /api/v1/public/work/:number',
  'POST /api/v1/public/work/:number/notes',
  'POST /api/v1/public/work/:number/attachments',
  'POST /api/v1/public/work/:number/reschedule',
  'POST /api/v1/public/work/:number/cancel',
  'POST /api/v1/public/work/:number/rating',
  // a short-lived signed link (the signature is the authorization), for <img src>
  'GET /api/v1/attachments/:id/content',
  'POST /api/v1/auth/sign-in',
  // ends the caller's own cookie session (and checks its CSRF token); without one it only clears cookies
  'POST /api/v1/auth/sign-out',
  // the operator's map tile source (FIXFLOW_MAP_TILE_URL), no data behind it
  'GET /api/v1/ui-config',
];

/**
 * Routes mounted on the express app itself rather than through apiRoutes() (raw streams, server-sent
 * events…), with the permission they enforce. The console's app shell is public (it holds no data).
 */
const OUTSIDE_ROUTES: Record<string, Permission | 'public'> = {
  'GET /{*splat}': 'public',
};

const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

/** Route paths with every parameter filled by a dummy value. */
const fill = (path: string) =>
  path
    .replace(/\{\*[A-Za-z0-9_]+\}/g, 'matrix')
    .replace(/[{}]/g, '')
    .replace(/[:*][A-Za-z0-9_]+/g, 'matrix-dummy');

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
  name?: string;
}

/** Every method + path the express app answers with a route of its own (nested routers included). */
function mountedRoutes(app: Express): { method: string; path: string; nestedAt?: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push({ method: m, path: layer.route.path });
      } else if (layer.handle?.stack) {
        // Only routers mounted at the root can be read path-for-path; anything else must be listed by hand.
        assert.ok(layer.slash, `a router is mounted below the root (${layer.name}); list its routes in OUTSIDE_ROUTES and walk it`);
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('API authorization matrix: every route × every role', () => {
  let h: Harness;
  const tokens = new Map<string, string>();

  before(async () => {
    h = await Harness.start({ worker: 'none' });
    for (const role of ROLES) {
      tokens.set(role, (await issueToken(h.dataSource, { name: `matrix-${role}-${h.taskQueue}`, roles: [role], actor: 'test' })).token);
    }
  });
  after(async () => {
    await h.stop();
  });

  it('has a reviewed entry for every route of apiRoutes(), with the permission the route declares', () => {
    const routes = apiRoutes(h.api.ctx);
    const seen = new Set<string>();
    for (const r of routes) {
      const k = key(r);
      assert.ok(!seen.has(k), `${k} is declared twice`);
      seen.add(k);
      assert.ok(k in EXPECTED, `${k} (${r.permission}) has no entry in EXPECTED: add it after reviewing who may call it`);
      assert.equal(r.permission, EXPECTED[k], `${k} declares ${r.permission}, EXPECTED says ${EXPECTED[k]}`);
    }
    for (const k of Object.keys(EXPECTED)) assert.ok(seen.has(k), `${k} is in EXPECTED but no longer a route`);
    const publicOnes = routes
      .filter((r) => r.permission === 'public')
      .map(key)
      .sort();
    assert.deepEqual(publicOnes, [...PUBLIC_ROUTES].sort(), 'the public routes are exactly the listed ones');
  });

  it('lists every route mounted outside apiRoutes()', () => {
    const inside = new Set(apiRoutes(h.api.ctx).map(key));
    const mounted = mountedRoutes(createApp(h.api.ctx)).map(key);
    // The walk sees the app's routes at all: every apiRoutes() route is among them.
    const seen = new Set(mounted);
    for (const k of inside) assert.ok(seen.has(k), `${k} not found walking the app's router`);
    const outside = mounted.filter((k) => !inside.has(k));
    for (const k of outside) assert.ok(k in OUTSIDE_ROUTES, `${k} is mounted outside apiRoutes() and missing from OUTSIDE_ROUTES`);
  });

  it('answers 403 exactly when the role lacks the permission, for every route and role', async (t) => {
    const inside = apiRoutes(h.api.ctx).map((r) => ({ method: r.method, path: r.path, permission: r.permission }));
    const mounted = new Set(mountedRoutes(createApp(h.api.ctx)).map(key));
    const outside = Object.entries(OUTSIDE_ROUTES)
      .filter(([k]) => mounted.has(k))
      .map(([k, permission]) => {
        const [method, path] = k.split(' ') as [string, string];
        return { method: method.toLowerCase(), path, permission };
      });
    const cases = [...inside, ...outside].flatMap((route) => ROLES.map((role) => ({ route, role })));
    const wrong: string[] = [];
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const { route, role } = cases[next++]!;
        const method = route.method.toUpperCase();
        const res = await fetch(h.api.url + fill(route.path), {
          method,
          headers: {
            authorization: `Bearer ${tokens.get(role)}`,
            // the ticket stream answers only a client that takes events (else 406)
            accept: 'application/json, text/event-stream',
            ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
          },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        // Only a JSON answer is read: a stream (Server-Sent Events) would never end, so its body is dropped.
        let code: string | undefined;
        if (res.headers.get('content-type')?.includes('json')) {
          const text = await res.text();
          code = text ? (JSON.parse(text) as { code?: string }).code : undefined;
        } else await res.body?.cancel();
        const allowed = route.permission === 'public' || permits({ roles: [role] }, route.permission);
        const refused = res.status === 403 && code === 'forbidden';
        const label = `${method} ${route.path} as ${role} (${route.permission}): ${res.status} ${code ?? ''}`;
        // Past authentication and permission, a route may still want more (the IoT source's signature: 401
        // source_required), but never a 403 and never "who are you".
        if (allowed && (res.status === 403 || (res.status === 401 && code === 'unauthenticated')))
          wrong.push(`allowed but refused — ${label}`);
        if (res.status >= 500) failures.push(label);
        if (!allowed && !refused) wrong.push(`not allowed but answered — ${label}`);
      }
    };
    // A few at a time: the machine is shared.
    await Promise.all(Array.from({ length: 4 }, worker));
    // Dummy values should make a route answer 4xx; a 5xx is someone's bug, reported here, not a matrix failure.
    for (const f of failures) t.diagnostic(`server error with dummy values: ${f}`);
    assert.deepEqual(wrong, [], `${wrong.length} of ${cases.length} calls broke the matrix`);
    assert.ok(cases.length >= inside.length * ROLES.length);
  });
});
