import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { issueToken } from '../../api/auth/api-tokens';
import { integrationEndpoints } from '../../activities/integrations/endpoints';
import { startApiServer, type ApiServer } from '../../api/server';
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { createDataSource } from '../../db/data-source';
import { connectWorker } from '../../temporal/connection';
import { stopChild } from '../../temporal/dev-server';
import { createWorker } from '../../temporal/worker';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * One test file's slice of the product on the real engines the test runner started: its own task
 * queue (so files never see each other's work), an API on a free port, an admin token.
 */
export class Harness {
  readonly taskQueue = `test-${randomUUID()}`;
  readonly config: ReturnType<typeof loadConfig>;

  private constructor(temporal?: { address: string; namespace: string }) {
    const config = loadConfig();
    this.config = temporal ? { ...config, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace } : config;
  }
  dataSource!: DataSource;
  api!: ApiServer;
  token!: string;
  private worker?: Worker;
  private workerRun?: Promise<void>;
  private workerChild?: ChildProcess;
  private workerEnv: Record<string, string> = {};

  /**
   * `temporal` points this harness at another Temporal server than the suite's dev server, e.g. the
   * time-skipping test server of an SLA test.
   */
  static async start(
    opts: {
      worker?: 'in-process' | 'child' | 'none';
      temporal?: { address: string; namespace: string };
      workerEnv?: Record<string, string>;
    } = {},
  ): Promise<Harness> {
    const h = new Harness(opts.temporal);
    h.workerEnv = opts.workerEnv ?? {};
    if (!h.config.DATABASE_URL || !h.config.TEMPORAL_ADDRESS)
      throw new Error('run tests through `npm test`, which starts PostgreSQL and Temporal');
    h.dataSource = createDataSource(h.config.DATABASE_URL, { poolSize: 4 });
    await h.dataSource.initialize();
    const mode = opts.worker ?? 'in-process';
    if (mode === 'in-process') await h.startInProcessWorker();
    if (mode === 'child') await h.startChildWorker();
    h.api = await startApiServer({
      config: { ...h.config, TEMPORAL_TASK_QUEUE: h.taskQueue },
      temporalAddress: h.config.TEMPORAL_ADDRESS,
      dataSource: h.dataSource,
      port: 0,
      log: createLogger('test-api', 'error'),
    });
    h.token = (await issueToken(h.dataSource, { name: `test-admin-${h.taskQueue}`, roles: ['admin'], actor: 'test' })).token;
    return h;
  }

  async startInProcessWorker(): Promise<void> {
    const connection = await connectWorker(this.config.TEMPORAL_ADDRESS!);
    this.worker = await createWorker({
      connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.taskQueue,
      dataSource: this.dataSource,
      endpoints: integrationEndpoints(this.config),
    });
    this.workerRun = this.worker.run().finally(() => connection.close());
  }

  /** The worker as a separate OS process, so a test can kill -9 it like a crash would. */
  async startChildWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/run-worker.ts'], {
      cwd: root,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: this.config.TEMPORAL_ADDRESS,
        TEMPORAL_NAMESPACE: this.config.TEMPORAL_NAMESPACE,
        TEMPORAL_TASK_QUEUE: this.taskQueue,
        LOG_LEVEL: 'info',
        ...this.workerEnv,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.workerChild = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('worker polling')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
    return child;
  }

  killChildWorker(): Promise<void> {
    const child = this.workerChild!;
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${this.token}`, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.api.url + path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  async stop(): Promise<void> {
    await this.api?.close();
    if (this.worker) {
      this.worker.shutdown();
      await this.workerRun;
    }
    if (this.workerChild) await stopChild(this.workerChild);
    await this.dataSource?.destroy();
  }
}

/** The create payload of seed 002 §14, with a customer id unique to the calling test. */
export function seedTicket(overrides: Record<string, unknown> = {}) {
  return {
    orderId: `o_${randomUUID().slice(0, 8)}`,
    customerId: `c_${randomUUID().slice(0, 8)}`,
    channel: 'chat',
    category1: '质量问题',
    category2: '功能异常',
    category3: '开机失败',
    priority: 'P2',
    description: '开机后黑屏伴随蜂鸣，已重启无效',
    attachments: ['https://cdn.example.com/img/xxx.jpg'],
    region: '华东',
    sku: 'ABC-123',
    entitlement: 'in_warranty',
    ...overrides,
  };
}

export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
