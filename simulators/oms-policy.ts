/**
 * The sandbox OMS's after-sales rules, from the order dates (a real OMS has its own):
 * 7-day no-reason return (七天无理由退货) and 15-day quality exchange (十五天质量问题换货) from
 * delivery, repair within the warranty (保修期, months from delivery). Pure.
 */
export interface EligibilityVerdict {
  eligible: boolean;
  until: string | null;
  reason: string;
}

const DAY = 86_400_000;

function addMonths(iso: string, months: number): Date {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function afterSalesEligibility(
  order: { deliveredAt: string | null; items: { warrantyMonths: number }[] },
  now: Date,
): { return: EligibilityVerdict; exchange: EligibilityVerdict; repair: EligibilityVerdict } {
  if (!order.deliveredAt) {
    return {
      return: { eligible: true, until: null, reason: '尚未签收，可拒收或申请退款 (not delivered yet: may be refused or refunded)' },
      exchange: { eligible: false, until: null, reason: '尚未签收，不能换货 (not delivered yet)' },
      repair: { eligible: false, until: null, reason: '尚未签收，不能报修 (not delivered yet)' },
    };
  }
  const delivered = Date.parse(order.deliveredAt);
  const window = (days: number, yes: string, no: string): EligibilityVerdict => {
    const until = new Date(delivered + days * DAY);
    return now <= until
      ? { eligible: true, until: until.toISOString(), reason: `${yes}（至 ${day(until)}）` }
      : { eligible: false, until: until.toISOString(), reason: `${no}（已于 ${day(until)} 截止）` };
  };
  const months = Math.max(0, ...order.items.map((i) => i.warrantyMonths));
  const warrantyEnd = addMonths(order.deliveredAt, months);
  return {
    return: window(7, '签收 7 天内，支持七天无理由退货', '已超过七天无理由退货期'),
    exchange: window(15, '签收 15 天内，质量问题可换货', '已超过 15 天质量问题换货期'),
    repair:
      now <= warrantyEnd
        ? { eligible: true, until: warrantyEnd.toISOString(), reason: `在保修期内，可维修（至 ${day(warrantyEnd)}）` }
        : { eligible: false, until: warrantyEnd.toISOString(), reason: `已过保修期（${day(warrantyEnd)} 到期），维修需付费` },
  };
}
