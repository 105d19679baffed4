import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Unset or empty (docker-compose passes `${OMS_URL:-}` as ""): both mean not configured. */
const unlessEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

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
  CTI_URL: unlessEmpty(z.string().url()),
  CTI_API_KEY: unlessEmpty(z.string().min(1)),
  /** order system: orders, shipments, after-sales eligibility, write-back (README "Outside systems") */
  OMS_URL: unlessEmpty(z.string().url()),
  OMS_API_KEY: unlessEmpty(z.string().min(1)),
  /** HMAC-SHA256 key the OMS checks request signatures with */
  OMS_SECRET: unlessEmpty(z.string().min(1)),
  /** warehouse: stock, reservations, inbound inspection, transfers */
  WMS_URL: unlessEmpty(z.string().url()),
  WMS_API_KEY: unlessEmpty(z.string().min(1)),
  /** finance: refunds, settlements, invoices, cost postings */
  ERP_URL: unlessEmpty(z.string().url()),
  ERP_API_KEY: unlessEmpty(z.string().min(1)),
  ERP_SECRET: unlessEmpty(z.string().min(1)),
  /** carrier: pickups and tracking */
  LOGISTICS_URL: unlessEmpty(z.string().url()),
  LOGISTICS_API_KEY: unlessEmpty(z.string().min(1)),
  /** time-out of one call to an outside system; Temporal retries the activity after it */
  INTEGRATION_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(10_000),
  /** share of sandbox requests the simulator fails with 503 (npm start only; tests keep 0) */
  FIXFLOW_SIM_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  /** where attachment bytes live: `local` = FIXFLOW_DATA_DIR/attachments, `s3` = an S3-compatible bucket (AWS, MinIO, Ceph, OSS) */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  /** the S3 service URL (path-style requests: <endpoint>/<bucket>/<key>) */
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** signs short-lived attachment links; unset = generated once into FIXFLOW_DATA_DIR (set it when API replicas share no disk) */
  ATTACHMENT_URL_SECRET: z.string().min(32, 'ATTACHMENT_URL_SECRET must be at least 32 characters').optional(),
  /** who P1 alerts call: a number or a CTI hunt group */
  FIXFLOW_ONDUTY_TARGET: z.string().min(1).default('group:on_duty'),
  /** largest JSON request body the API reads, in KiB (uploads have their own limit); over it = 413 */
  API_JSON_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(65_536).default(256),
  /** per token / signed-in user (per IP on public routes): sustained requests per second, refilled continuously */
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0.01).max(100_000).default(100),
  /** per token / user / IP: requests allowed at once above the sustained rate; over it = 429 with Retry-After */
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  /** how long one API call waits on Temporal before answering 503 with Retry-After */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
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
