import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inboxMessageKey, parseRecipient, renderInboxMessage, ticketLink } from './inbox-messages';

describe('in-app messages', () => {
  it('renders zh-CN texts from the ticket', () => {
    assert.deepEqual(renderInboxMessage('assigned', { ticketId: 'TK-1', priority: 'P2', category: '质量问题 / 功能异常 / 开机失败' }), {
      title: '新工单待接单：TK-1',
      body: '工单 TK-1（P2，质量问题 / 功能异常 / 开机失败）已分配给您，请及时接单。',
    });
  });

  it('names the SLA clock and shows the deadline in Beijing time', () => {
    const m = renderInboxMessage('sla_warning', { ticketId: 'TK-1', priority: 'P1', metric: 'frt', dueAt: '2026-11-25T06:30:00.000Z' });
    assert.equal(m.body, '工单 TK-1（P1）的首次响应时限将于 2026-11-25 14:30 到期，请尽快处理。');
  });

  it('says why a ticket was escalated', () => {
    assert.match(
      renderInboxMessage('escalated', { ticketId: 'TK-1', priority: 'P1', escalation: 'sla', metric: 'ttr', level: 2 }).body,
      /（解决超时，第 2 级升级）/,
    );
    assert.match(
      renderInboxMessage('escalated', { ticketId: 'TK-1', priority: 'P2', level: 'L2', note: '需要厂家支持' }).body,
      /（升级至 L2：需要厂家支持）/,
    );
  });

  it('leaves no empty brackets when a value is missing', () => {
    assert.equal(
      renderInboxMessage('assigned', { ticketId: 'TK-1', priority: 'P3', category: '' }).body,
      '工单 TK-1（P3）已分配给您，请及时接单。',
    );
    assert.equal(
      renderInboxMessage('task_done', { ticketId: 'TK-1', category: '咨询', resolution: null }).body,
      '您创建的工单 TK-1（咨询）已处理完成',
    );
  });

  it('keys a message by event, kind and recipient', () => {
    assert.equal(inboxMessageKey('TK-1', 3, 'assigned', { type: 'user', id: 'agent_li' }), 'TK-1:3:assigned:user:agent_li');
    assert.equal(ticketLink('TK-20261122-7F3K9Q2M'), '/#/tickets/TK-20261122-7F3K9Q2M');
  });

  it('parses recipients: a user id or group:<name>', () => {
    assert.deepEqual(parseRecipient('agent_li'), { type: 'user', id: 'agent_li' });
    assert.deepEqual(parseRecipient('group:team_lead'), { type: 'group', id: 'team_lead' });
    assert.equal(parseRecipient('group:'), null);
    assert.equal(parseRecipient('a:b:c'), null);
  });
});
