/** What a maintenance firing is and what it did, shared by the run workflow, its activities and the API. */
export type MaintenanceTrigger = 'schedule' | 'condition' | 'manual';

export interface MaintenanceRunOutcome {
  assetId: string;
  /** opened: the ticket exists (now or from an earlier attempt); failed: intake refused it; plan_gone/asset_gone: deleted meanwhile */
  status: 'opened' | 'failed' | 'plan_gone' | 'asset_gone';
  ticketId: string | null;
  /** false when an earlier attempt of the same firing had already recorded it */
  created: boolean;
  error?: string;
}
