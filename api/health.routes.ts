import type { ApiContext } from './context';
import { defineRoute } from './http/route';

async function check(name: string, fn: () => Promise<unknown>, timeoutMs: number): Promise<[string, string]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
    return [name, 'ok'];
  } catch (err) {
    return [name, `unavailable: ${(err as Error).message.split('\n')[0]}`];
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes = (ctx: ApiContext) => [
  defineRoute({
    method: 'get',
    path: '/healthz',
    permission: 'public',
    summary: 'The process is up.',
    async handler() {
      return { body: { status: 'ok' } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    permission: 'public',
    summary: 'Temporal and PostgreSQL are reachable (503 otherwise).',
    async handler() {
      const checks = Object.fromEntries(
        await Promise.all([
          check('database', () => ctx.dataSource.query('SELECT 1'), 2000),
          check(
            'temporal',
            () => ctx.temporal.connection.withDeadline(Date.now() + 2000, () => ctx.temporal.connection.workflowService.getSystemInfo({})),
            2500,
          ),
        ]),
      );
      const ready = Object.values(checks).every((v) => v === 'ok');
      return {
        status: ready ? 200 : 503,
        headers: ready ? undefined : { 'Retry-After': '5' },
        body: { status: ready ? 'ready' : 'not ready', checks },
      };
    },
  }),
];
