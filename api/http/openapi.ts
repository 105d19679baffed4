import { z } from 'zod';
import type { RouteSpec } from './route';

/**
 * The OpenAPI 3.1 document of the API, generated from the route table (apiRoutes()) so it cannot
 * drift from what is mounted: each route's method, path, summary, permission and its zod
 * params/query/body schemas (as their *input* JSON Schema — what a caller sends). Routes declare no
 * response schemas, so success answers are documented only as JSON objects; every error is the one
 * problem+json shape of api/http/problem.ts, listed per route by the checks mountRoutes() applies.
 */

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema>; responses: Record<string, unknown> };
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, unknown>>;
}

/** express `/tickets/:ticketId/actions/:action` → OpenAPI `/tickets/{ticketId}/actions/{action}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

export function pathParamNames(expressPath: string): string[] {
  return [...expressPath.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** A zod schema as the JSON Schema of what a caller may send; what JSON Schema cannot say (a transform's output, a refinement) is left open. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' }, row: { type: 'integer' }, column: { type: 'string' } },
      },
    },
  },
};

const ERROR_TEXT: Record<string, string> = {
  '400': 'Bad request: a path or query parameter is not valid, the body is not valid JSON, or a value is out of what can be stored',
  '401': 'Not signed in: no valid bearer token or session',
  '403': 'Forbidden: the token lacks the permission, or the record is outside its scope',
  '404': 'Not found',
  '409': 'Conflict with the current state of the record',
  '412': 'Precondition failed: If-Match does not match the current version',
  '413': 'The body exceeds 256 KiB',
  '415': 'The body is not application/json',
  '422': 'The body is not valid (errors name each field at fault)',
  '428': 'Precondition required: send If-Match',
  '429': 'Too many requests (Retry-After)',
  '503': 'A dependency (Temporal, PostgreSQL) is unavailable (Retry-After)',
};

/** Object schemas become one parameter per property; anything else is documented as one free-form parameter set. */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', names: string[]): unknown[] {
  const json = schema ? inputJsonSchema(schema) : undefined;
  const props = (json?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json?.required as string[] | undefined) ?? []);
  const keys = where === 'path' ? names : Object.keys(props);
  return keys.map((name) => ({
    name,
    in: where,
    required: where === 'path' ? true : required.has(name),
    schema: props[name] ?? { type: 'string' },
  }));
}

/**
 * The problems a route can answer, from the checks every route gets (mountRoutes, the rate limiter,
 * the error middleware) and its method: sign-in, permission and rate limit apply to every route
 * (public ones check their own access tokens); routes that read their body themselves (uploads,
 * imports, IoT) have no zod body but still answer 415/422.
 */
function errorCodes(route: RouteSpec<any, any, any>): string[] {
  const codes = new Set<string>(['400', '401', '403', '404', '409', '429', '503']);
  if (route.body || route.method !== 'get') ['413', '415', '422'].forEach((c) => codes.add(c));
  if (route.method !== 'get') ['412', '428'].forEach((c) => codes.add(c));
  return [...codes].sort();
}

export function buildOpenApi(routes: RouteSpec<any, any, any>[], opts: { version?: string } = {}): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const p = openApiPath(route.path);
    const responses: Record<string, unknown> = {
      '2XX': { description: 'Success', content: { 'application/json': { schema: { type: 'object' } } } },
      ...(route.method === 'delete' ? { '204': { description: 'Deleted (no body)' } } : {}),
    };
    for (const code of errorCodes(route)) responses[code] = { $ref: `#/components/responses/Problem${code}` };
    const operation: Record<string, unknown> = {
      operationId: `${route.method}${p.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary.split(/(?<=[.:])\s/)[0],
      description: `${route.summary}\n\nPermission: \`${route.permission}\`.`,
      'x-permission': route.permission,
      parameters: [...parametersOf(route.params, 'path', pathParamNames(route.path)), ...parametersOf(route.query, 'query', [])],
      responses,
      ...(route.permission === 'public' ? { security: [] } : {}),
    };
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: inputJsonSchema(route.body) } } };
    }
    (paths[p] ??= {})[route.method] = operation;
  }
  const responses = Object.fromEntries(
    Object.entries(ERROR_TEXT).map(([code, description]) => [
      `Problem${code}`,
      { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fixflow API',
      version: opts.version ?? '1',
      description: 'After-sales service platform. Generated from the route table (api/http/openapi.ts); errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (POST /api/v1/tokens) or the console session cookie' },
      },
      schemas: { Problem: PROBLEM_SCHEMA },
      responses,
    },
    security: [{ bearer: [] }],
    paths,
  };
}

/**
 * GET /api/v1/openapi.json for any signed-in caller (`account:self`): it describes the whole
 * surface including admin routes, which an anonymous visitor has no reason to map; every role may
 * read it because the permissions are in it, not the data. Built once, on first request.
 */
export function openApiRoute(routes: () => RouteSpec<any, any, any>[]): RouteSpec<undefined, undefined, undefined> {
  let doc: OpenApiDocument | undefined;
  return {
    method: 'get',
    path: '/api/v1/openapi.json',
    permission: 'account:self',
    summary: 'The OpenAPI 3.1 document of this API, generated from the route table.',
    // holds no personal data; the guard would otherwise take schema keys such as "phone" for values
    piiMasked: true,
    async handler() {
      doc ??= buildOpenApi(routes());
      return { body: doc };
    },
  };
}
