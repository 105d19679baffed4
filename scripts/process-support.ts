import type { Logger } from '../core/logger';

export function requireEnv(value: string | undefined, name: string): string {
  if (!value) {
    console.error(`${name} is required for this process (npm start sets it for you).`);
    process.exit(2);
  }
  return value;
}

/**
 * Runs `stop` once on SIGINT/SIGTERM, then exits. One Ctrl-C reaches a process more than once
 * (the terminal signals the whole process group, and tsx and `npm start` pass it on), so repeats
 * within two seconds are the same request; a later signal means "stop now" and exits at once.
 */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let firstAt = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (firstAt) {
      if (Date.now() - firstAt < 2000) return;
      log.warn(`${signal} again: exiting now`);
      process.exit(130);
    }
    firstAt = Date.now();
    log.info(`${signal}: shutting down gracefully`);
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
