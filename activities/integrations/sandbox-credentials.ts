/**
 * The fixed keys and secrets of the simulated outside systems (`simulators/`). They are not
 * secrets: they only open the sandbox, and the defaults in endpoints.ts use them whenever a system
 * falls back to the simulator. Real systems get their own through OMS_API_KEY, OMS_SECRET, ….
 */
export const SANDBOX_CREDENTIALS = {
  oms: { apiKey: 'sandbox-oms-key', secret: 'sandbox-oms-secret' },
  wms: { apiKey: 'sandbox-wms-key' },
  erp: { apiKey: 'sandbox-erp-key', secret: 'sandbox-erp-secret' },
  logistics: { apiKey: 'sandbox-logistics-key' },
  cti: { apiKey: 'sandbox-cti-key' },
} as const satisfies Record<string, { apiKey: string; secret?: string }>;

export type SystemName = keyof typeof SANDBOX_CREDENTIALS;
