import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { apiRoutes } from '../app';
import type { ApiContext } from '../context';
import { buildOpenApi, inputJsonSchema, openApiPath } from './openapi';

// The route factories only keep their dependencies for the handlers, which this test never calls.
const ctx = { dataSource: {} as DataSource, log: console } as unknown as ApiContext;

describe('OpenAPI document from the route table', () => {
  const routes = apiRoutes(ctx);
  const doc = buildOpenApi(routes);

  it('documents every route, with its permission and path parameters', () => {
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method] as Record<string, any> | undefined;
      assert.ok(op, `${r.method.toUpperCase()} ${r.path} is missing`);
      assert.equal(op['x-permission'], r.permission);
      const inPath = (op.parameters as { in: string; name: string }[]).filter((p) => p.in === 'path').map((p) => p.name);
      assert.deepEqual(
        inPath,
        [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]),
      );
      assert.ok(!openApiPath(r.path).includes(':'), r.path);
      if (r.permission === 'public') assert.deepEqual(op.security, []);
      else assert.ok(op.responses['401'] && op.responses['403'], `${r.path} documents 401/403`);
    }
    const count = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    assert.equal(count, routes.length, 'one operation per route, no two routes on one method and path');
    assert.ok(doc.paths['/api/v1/openapi.json']?.get, 'the document lists itself');
  });

  it('converts every params, query and body schema to JSON Schema', () => {
    for (const r of routes) {
      for (const [where, schema] of [
        ['params', r.params],
        ['query', r.query],
        ['body', r.body],
      ] as const) {
        if (!schema) continue;
        assert.doesNotThrow(() => JSON.stringify(inputJsonSchema(schema)), `${r.method} ${r.path} ${where}`);
      }
    }
  });

  it('answers errors as problem+json and declares the bearer scheme', () => {
    assert.deepEqual(doc.components.securitySchemes.bearer, {
      type: 'http',
      scheme: 'bearer',
      description: 'An API token (POST /api/v1/tokens) or the console session cookie',
    });
    const post = doc.paths['/api/v1/tickets']!.post as Record<string, any>;
    assert.ok(post.requestBody.content['application/json'].schema.properties.description);
    for (const code of ['401', '403', '415', '422']) assert.equal(post.responses[code].$ref, `#/components/responses/Problem${code}`);
    const p = doc.components.responses.Problem422 as Record<string, any>;
    assert.ok(p.content['application/problem+json']);
  });

  it('turns express parameters into OpenAPI ones', () => {
    assert.equal(openApiPath('/api/v1/tickets/:ticketId/actions/:action'), '/api/v1/tickets/{ticketId}/actions/{action}');
  });
});
