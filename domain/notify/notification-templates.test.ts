import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOTIFICATION_TEMPLATES, renderTemplate } from './notification-templates';

describe('notification templates', () => {
  it('names the SLA clock and gives its deadline in Beijing time', () => {
    const { subject, body } = renderTemplate(NOTIFICATION_TEMPLATES.sla_breached!, {
      ticketId: 'TK-20261125-ABCDEFGH',
      metric: 'frt',
      dueAt: '2026-11-25T06:30:00.000Z',
      targetGroup: 'team_lead',
    });
    assert.equal(subject, '工单 TK-20261125-ABCDEFGH 已超时');
    assert.equal(body, '工单 TK-20261125-ABCDEFGH 的首次响应时限已于 2026-11-25 14:30 超时，已按升级矩阵通知：team_lead。');
  });

  it('leaves no placeholder behind for a warning on the resolution clock', () => {
    const { body } = renderTemplate(NOTIFICATION_TEMPLATES.sla_warning!, {
      ticketId: 'TK-1',
      metric: 'ttr',
      dueAt: '2026-12-31T16:00:00.000Z',
    });
    assert.equal(body, '工单 TK-1 的解决时限将于 2027-01-01 00:00 到期，请尽快处理。');
    assert.doesNotMatch(body, /\{\{/);
  });
});
