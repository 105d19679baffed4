import type { DataSource } from 'typeorm';
import { consumeQuota } from '../api/contracts/consume-quota';
import type { QuotaKind } from '../domain/contracts/contract';
import type { QuotaOutcome } from '../domain/contracts/entitlement';

export interface ConsumeTicketQuotaInput {
  contractId: string;
  kind: QuotaKind;
  ticketId: string;
  /** workflow time of the change that used it (ISO 8601), so a retry counts in the same period */
  at: string;
  actor: string;
}

/** Quota a ticket uses as it goes (a visit), taken once per ticket however often the activity runs. */
export function createContractQuotaActivities(deps: { dataSource: DataSource }) {
  return {
    async consumeTicketQuota(input: ConsumeTicketQuotaInput): Promise<QuotaOutcome> {
      return consumeQuota(deps.dataSource, {
        contractId: input.contractId,
        kind: input.kind,
        sourceType: 'ticket',
        sourceId: input.ticketId,
        at: new Date(input.at),
        actor: input.actor,
      });
    },
  };
}
