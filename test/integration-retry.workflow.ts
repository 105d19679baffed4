import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { IntegrationActivities } from '../activities/integration.activities';
import type { ErpRefundInput } from '../activities/integrations/erp-client';

const { erpRefund } = proxyActivities<IntegrationActivities>({
  startToCloseTimeout: '10s',
  // quick retries so the test takes milliseconds; the shape is what an RMA workflow would use
  retry: { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 5 },
});

export type RefundOutcome =
  | { ok: true; refundId: string; duplicate: boolean }
  | {
      ok: false;
      failure: string;
      retryState: string | undefined;
      causeType: string | undefined;
      causeMessage: string;
      nonRetryable: boolean;
    };

/** One ERP refund through an activity with a retry policy, reporting how it ended as data. */
export async function refundWithRetryWorkflow(input: ErpRefundInput & { idempotencyKey: string }): Promise<RefundOutcome> {
  try {
    const refund = await erpRefund(input);
    return { ok: true, refundId: refund.refundId, duplicate: refund.duplicate };
  } catch (err) {
    if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure)) throw err;
    return {
      ok: false,
      failure: err.message,
      retryState: err.retryState === undefined ? undefined : String(err.retryState),
      causeType: err.cause.type ?? undefined,
      causeMessage: err.cause.message,
      nonRetryable: err.cause.nonRetryable === true,
    };
  }
}
