import type { Logger } from '../core/logger';

export function requireEnv(value: string | undefined, name: string): string {
  if (!value) {
    console.error(`${name} is required for this process (npm start sets it for you).`);
    process.exit(2);
  }
  return value;
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`second ${signal}: exiting now`);
      process.exit(130);
    }
    stopping = true;
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
