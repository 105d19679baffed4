import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { authRoutes } from './auth/auth.routes';
import { authRuntime } from './auth/auth-runtime';
import { userRoutes } from './users/users.routes';
import { reportRoutes } from './reports/report.routes';
import { dashboardRoutes } from './dashboards/dashboard.routes';
import type { ApiContext } from './context';
import { archiveRoutes } from './archives/archive.routes';
import { contractRoutes } from './contracts/contract.routes';
import { getCustomer360Route } from './customer-360/get-customer-360.route';
import { knowledgeRoutes } from './knowledge/knowledge.routes';
import { importExportRoutes } from './imports/import-export.routes';
import { routingRoutes } from './routing/routing.routes';
import { partsRoutes } from './parts/parts.routes';
import { rmaRoutes } from './rmas/rma.routes';
import { ruleRoutes } from './rules/rule.routes';
import { piiRoutes } from './pii/pii.routes';
import { formTemplateRoutes } from './forms/form-template.routes';
import { attachmentRoutes } from './attachments/attachment.routes';
import { progressRoutes } from './progress/progress.routes';
import { publicRoutes } from './public/public.routes';
import { listTicketWorkRoute } from './linked-work/list-ticket-work.route';
import { visitRoutes } from './visits/visit.routes';
import { meRoutes } from './me/me.routes';
import { createPiiResponseGuard } from './pii/pii-response-guard';
import { maintenanceRoutes } from './maintenance/maintenance.routes';
import { addDictionaryEntryRoute } from './dictionaries/add-dictionary-entry.route';
import { listDictionaryRoute } from './dictionaries/list-dictionary.route';
import { flowRoutes } from './flows/flow.routes';
import { listTicketDecisionsRoute } from './tickets/list-ticket-decisions.route';
import { migrateRuleSetRoute } from './tickets/migrate-rule-set.route';
import { getTicketFlowRoute } from './tickets/get-ticket-flow.route';
import { healthRoutes } from './health.routes';
import { HttpProblem, sendProblem } from './http/problem';
import { openApiRoute } from './http/openapi';
import { dataExceptionProblem } from './http/data-exception';
import { mountRoutes, type RouteSpec } from './http/route';
import { createRateLimiter, type RateLimitOptions } from './http/rate-limit';
import { actOnTicketRoute } from './tickets/act-on-ticket.route';
import { createTicketRoute } from './tickets/create-ticket.route';
import { getTicketRoute } from './tickets/get-ticket.route';
import { listTicketEventsRoute } from './tickets/list-ticket-events.route';
import { listTicketsRoute } from './tickets/list-tickets.route';
import { ticketQueueCountsRoute } from './tickets/ticket-queue-counts.route';
import { bulkTicketActionsRoute } from './tickets/bulk-ticket-actions.route';
import { savedFilterRoutes } from './saved-filters/saved-filter.routes';
import { streamTicketsRoute } from './stream/stream-tickets.route';
import { issueTokenRoute } from './tokens/issue-token.route';
import { createWebhookRoute } from './webhooks/create-webhook.route';
import { deleteWebhookRoute } from './webhooks/delete-webhook.route';
import { listWebhookDeliveriesRoute } from './webhooks/list-webhook-deliveries.route';
import { listWebhooksRoute } from './webhooks/list-webhooks.route';
import { replayWebhookDeliveryRoute } from './webhooks/replay-webhook-delivery.route';

const uiDist = fileURLToPath(new URL('../designer-ui/dist', import.meta.url));

export function apiRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    ...healthRoutes(ctx),
    createTicketRoute(ctx),
    listTicketsRoute(ctx),
    // before /tickets/:ticketId, which would take "queues" for a ticket number
    ticketQueueCountsRoute(ctx),
    bulkTicketActionsRoute(ctx),
    ...savedFilterRoutes(ctx),
    streamTicketsRoute(ctx),
    getTicketRoute(ctx),
    listTicketEventsRoute(ctx),
    listTicketDecisionsRoute(ctx),
    migrateRuleSetRoute(ctx),
    getTicketFlowRoute(ctx),
    actOnTicketRoute(ctx),
    issueTokenRoute(ctx),
    listDictionaryRoute(ctx),
    ...flowRoutes(ctx),
    addDictionaryEntryRoute(ctx),
    createWebhookRoute(ctx),
    listWebhooksRoute(ctx),
    deleteWebhookRoute(ctx),
    listWebhookDeliveriesRoute(ctx),
    replayWebhookDeliveryRoute(ctx),
    ...archiveRoutes(ctx),
    ...contractRoutes(ctx),
    getCustomer360Route(ctx),
    ...maintenanceRoutes(ctx),
    ...knowledgeRoutes(ctx),
    ...importExportRoutes(ctx),
    ...routingRoutes(ctx),
    ...ruleRoutes(ctx),
    ...piiRoutes(ctx),
    ...formTemplateRoutes(ctx),
    ...attachmentRoutes(ctx),
    ...partsRoutes(ctx),
    ...rmaRoutes(ctx),
    ...progressRoutes(ctx),
    ...publicRoutes(ctx),
    listTicketWorkRoute(ctx),
    ...visitRoutes(ctx),
    ...meRoutes(ctx),
    ...authRoutes(ctx),
    ...userRoutes(ctx),
    ...reportRoutes(ctx),
    ...dashboardRoutes(ctx),
    openApiRoute(() => apiRoutes(ctx)),
  ];
}

/** What one caller may send (README "Limits and back-pressure"); from core/config.ts. */
export interface ApiLimits {
  jsonBodyLimitKb: number;
  rateLimit: RateLimitOptions;
}

export const DEFAULT_API_LIMITS: ApiLimits = { jsonBodyLimitKb: 256, rateLimit: { ratePerSecond: 100, burst: 2000 } };

/** Body-parser failures arrive as errors with a `type`; each becomes a clear 4xx. */
function bodyParserProblem(err: { type?: string; message?: string; limit?: number }): HttpProblem | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'malformed_json', 'Malformed JSON', `the body is not valid JSON: ${err.message ?? ''}`.trim());
    case 'entity.too.large':
      return new HttpProblem(
        413,
        'body_too_large',
        'Body too large',
        `the request body exceeds ${Math.round((err.limit ?? 0) / 1024)} KiB`,
        undefined,
        {},
        { limitBytes: err.limit },
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported_media_type', 'Unsupported media type', err.message);
    case 'request.aborted':
      return new HttpProblem(400, 'request_aborted', 'Request aborted');
    default:
      return null;
  }
}

export function createApp(ctx: ApiContext, limits: ApiLimits = DEFAULT_API_LIMITS): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The raw bytes are kept for routes that check a signature over them (IoT events).
  app.use(
    express.json({
      limit: limits.jsonBodyLimitKb * 1024,
      strict: true,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buf) => {
        (req as { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );

  const router = express.Router();
  // A bearer token or the console's session cookie (with CSRF on unsafe requests): api/auth/authenticate.ts.
  // Personal data is masked (or its unmasked read audited) on the way out of every route.
  // Probes are never throttled: an orchestrator polling them must not eat anyone's budget.
  const take = createRateLimiter(limits.rateLimit);
  const rateLimit: Parameters<typeof mountRoutes>[4] = (req, res, principal) => {
    if (req.path !== '/healthz' && req.path !== '/readyz') take(req, res, principal);
  };
  mountRoutes(router, apiRoutes(ctx), authRuntime(ctx).authenticate, createPiiResponseGuard(ctx), rateLimit);
  app.use(router);

  app.use('/api', (req) => {
    throw HttpProblem.notFound(`no route ${req.method} ${req.originalUrl.split('?')[0]}`);
  });

  if (fs.existsSync(path.join(uiDist, 'index.html'))) {
    app.use(express.static(uiDist, { index: 'index.html', maxAge: '1h' }));
    // The UI routes on the client; unknown paths get the app shell.
    app.get('/{*splat}', (_req, res) => res.sendFile(path.join(uiDist, 'index.html')));
  }

  app.use((req: Request) => {
    throw HttpProblem.notFound(`no route ${req.method} ${req.path}`);
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem =
      err instanceof HttpProblem ? err : (bodyParserProblem(err as { type?: string }) ?? overloadProblem(err) ?? dataExceptionProblem(err));
    if (problem) return sendProblem(res, problem, req.originalUrl.split('?')[0]);
    ctx.log.error('unhandled error', { path: req.path, method: req.method, error: err instanceof Error ? err.stack : String(err) });
    sendProblem(
      res,
      new HttpProblem(500, 'internal', 'Internal error', 'an unexpected error occurred; it has been logged'),
      req.originalUrl.split('?')[0],
    );
  });
  return app;
}

/**
 * PostgreSQL's SQLSTATEs for "not now": statement_timeout or lock_timeout hit (57014, 55P03), too many
 * connections (53300), shutting down or starting (57P01–57P03), connection lost (class 08).
 */
const BUSY_SQLSTATE = /^(57014|55P03|53300|53400|57P0[123]|08...)$/;

/** A saturated connection pool or a database that went away is a 503 to retry, not a 500. */
function overloadProblem(err: unknown): HttpProblem | null {
  const message = err instanceof Error ? err.message : '';
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const sqlState = String(e?.driverError?.code ?? e?.code ?? '');
  // A Temporal call past its deadline or to an engine that is away, where a route did not map it
  // itself; the SDK wraps the gRPC error in a ServiceError, so its causes are looked at too.
  for (let c: unknown = err, depth = 0; c && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    if ((isGrpcServiceError(c) && [4, 14].includes(c.code)) || c instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
      return HttpProblem.unavailable('the workflow engine is not reachable right now');
  }
  if (BUSY_SQLSTATE.test(sqlState)) return HttpProblem.unavailable('the database is busy or unreachable right now; retry shortly');
  if (/timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|ECONNRESET|too many clients/i.test(message)) {
    return HttpProblem.unavailable('the database is busy or unreachable right now; retry shortly');
  }
  return null;
}
