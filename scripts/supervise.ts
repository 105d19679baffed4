import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../core/logger';
import { stopChild } from '../temporal/dev-server';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs a TypeScript entry point as a child process and restarts it (with back-off) if it dies
 * while we are not shutting down. The product's processes stay separate, as in production.
 */
export class Supervised {
  private child?: ChildProcess;
  private stopping = false;
  private restarts = 0;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
  ) {}

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], {
      cwd: root,
      env: this.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.child = child;
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - startedAt > 60_000) this.restarts = 0;
      const delay = Math.min(30_000, 1000 * 2 ** this.restarts++);
      this.log.warn(`${this.name} exited (${code ?? signal}); restarting in ${delay} ms`);
      setTimeout(() => !this.stopping && this.start(), delay);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child) await stopChild(this.child, 25_000);
  }
}
