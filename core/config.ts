import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the processes read, parsed once from the environment.
 * docker-compose.yml uses exactly these names; keep the two in step.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  FIXFLOW_DATA_DIR: z.string().min(1).default('./.data'),
  FIXFLOW_CACHE_DIR: z
    .string()
    .min(1)
    .default(path.join(os.homedir(), '.cache', 'fixflow')),
  FIXFLOW_ADMIN_TOKEN: z.string().min(16, 'FIXFLOW_ADMIN_TOKEN must be at least 16 characters').optional(),
  FIXFLOW_PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  FIXFLOW_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('fixflow'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('fixflow'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** workflows a worker keeps in memory (sticky execution); 0 turns the cache and sticky queues off */
  TEMPORAL_WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(0).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** base URL of the simulated outside systems (set by npm start and the tests) */
  FIXFLOW_SIMULATOR_URL: z.string().url().optional(),
  FIXFLOW_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  NOTIFY_SMS_URL: z.string().url().optional(),
  NOTIFY_EMAIL_URL: z.string().url().optional(),
  NOTIFY_WECOM_URL: z.string().url().optional(),
  NOTIFY_DINGTALK_URL: z.string().url().optional(),
  NOTIFY_FEISHU_URL: z.string().url().optional(),
  NOTIFY_WECHAT_URL: z.string().url().optional(),
  CTI_URL: z.string().url().optional(),
  /** who P1 alerts call: a number or a CTI hunt group */
  FIXFLOW_ONDUTY_TARGET: z.string().min(1).default('group:on_duty'),
});

export type AppConfig = z.infer<typeof envSchema> & { dataDir: string; cacheDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.FIXFLOW_DATA_DIR),
    cacheDir: path.resolve(parsed.data.FIXFLOW_CACHE_DIR),
  };
}
