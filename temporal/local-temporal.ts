import path from 'node:path';
import type { Logger } from '../core/logger';
import { cliVersion, locateTemporalCli } from './cli-locator';
import { startDevServer, type DevServer } from './dev-server';

export interface LocalTemporal {
  address: string;
  uiUrl?: string;
  server?: DevServer;
  stop(): Promise<void>;
}

/**
 * TEMPORAL_ADDRESS when given; otherwise a dev server on this machine, its state in
 * `<dataDir>/temporal`, the CLI found or built as cli-locator describes.
 */
export async function useOrStartTemporal(opts: {
  address?: string;
  cliPath?: string;
  cacheDir: string;
  dataDir: string;
  namespace: string;
  port: number;
  uiPort: number;
  ui: boolean;
  log: Logger;
}): Promise<LocalTemporal> {
  if (opts.address) {
    opts.log.info(`using Temporal at ${opts.address} (TEMPORAL_ADDRESS)`);
    return { address: opts.address, stop: async () => {} };
  }
  const cli = await locateTemporalCli({ cliPath: opts.cliPath, cacheDir: opts.cacheDir, log: opts.log });
  opts.log.info(`Temporal CLI from ${cli.source}: ${cli.path} (${cliVersion(cli.path)}), found in ${cli.millis} ms`);
  const started = Date.now();
  const server = await startDevServer({
    cliPath: cli.path,
    dataDir: path.join(opts.dataDir, 'temporal'),
    namespace: opts.namespace,
    port: opts.port,
    uiPort: opts.uiPort,
    ui: opts.ui,
    log: opts.log,
  });
  opts.log.info(`Temporal dev server up at ${server.address} in ${Date.now() - started} ms`);
  return { address: server.address, uiUrl: server.uiUrl, server, stop: () => server.stop() };
}
