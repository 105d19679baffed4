import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { createTokenVerifier } from './auth/api-tokens';
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
import { listTicketWorkRoute } from './linked-work/list-ticket-work.route';
import { visitRoutes } from './visits/visit.routes';
import { createPiiResponseGuard } from './pii/pii-response-guard';
import { maintenanceRoutes } from './maintenance/maintenance.routes';
import { addDictionaryEntryRoute } from './dictionaries/add-dictionary-entry.route';
import { listDictionaryRoute } from './dictionaries/list-dictionary.route';
import { flowRoutes } from './flows/flow.routes';
import { listTicketDecisionsRoute } from './tickets/list-ticket-decisions.route';
import { migrateRuleSetRoute } from './tickets/migrate-rule-set.route';
import { healthRoutes } from './health.routes';
import { HttpProblem, sendProblem } from './http/problem';
import { mountRoutes, type RouteSpec } from './http/route';
import { actOnTicketRoute } from './tickets/act-on-ticket.route';
import { createTicketRoute } from './tickets/create-ticket.route';
import { getTicketRoute } from './tickets/get-ticket.route';
import { listTicketEventsRoute } from './tickets/list-ticket-events.route';
import { listTicketsRoute } from './tickets/list-tickets.route';
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
    getTicketRoute(ctx),
    listTicketEventsRoute(ctx),
    listTicketDecisionsRoute(ctx),
    migrateRuleSetRoute(ctx),
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
    listTicketWorkRoute(ctx),
    ...visitRoutes(ctx),
  ];
}

function bearerAuth(ctx: ApiContext): RequestHandler {
  const verify = createTokenVerifier(ctx.dataSource);
  return async (req, res, next) => {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="fixflow"');
      throw new HttpProblem(401, 'unauthenticated', 'Authentication required', 'send Authorization: Bearer <token>');
    }
    const principal = await verify(match[1]!);
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="fixflow", error="invalid_token"');
      throw new HttpProblem(401, 'unauthenticated', 'Authentication required', 'the token is unknown or revoked');
    }
    res.locals.principal = principal;
    next();
  };
}

/** Body-parser failures arrive as errors with a `type`; each becomes a clear 4xx. */
function bodyParserProblem(err: { type?: string; message?: string }): HttpProblem | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'malformed_json', 'Malformed JSON', `the body is not valid JSON: ${err.message ?? ''}`.trim());
    case 'entity.too.large':
      return new HttpProblem(413, 'body_too_large', 'Body too large', 'the request body exceeds 256 KiB');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported_media_type', 'Unsupported media type', err.message);
    case 'request.aborted':
      return new HttpProblem(400, 'request_aborted', 'Request aborted');
    default:
      return null;
  }
}

export function createApp(ctx: ApiContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The raw bytes are kept for routes that check a signature over them (IoT events).
  app.use(
    express.json({
      limit: '256kb',
      strict: true,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buf) => {
        (req as { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );

  const router = express.Router();
  // Personal data is masked (or its unmasked read audited) on the way out of every route.
  mountRoutes(router, apiRoutes(ctx), bearerAuth(ctx), createPiiResponseGuard(ctx));
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
    const problem = err instanceof HttpProblem ? err : (bodyParserProblem(err as { type?: string }) ?? overloadProblem(err));
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

/** A saturated connection pool or a database that went away is a 503 to retry, not a 500. */
function overloadProblem(err: unknown): HttpProblem | null {
  const message = err instanceof Error ? err.message : '';
  if (/timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|too many clients/i.test(message)) {
    return HttpProblem.unavailable('the database is busy or unreachable right now; retry shortly');
  }
  return null;
}
