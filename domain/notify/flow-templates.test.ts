import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FLOWS } from '../../db/reference-data';
import { NOTIFICATION_TEMPLATES } from './notification-templates';

/** Every message a default flow sends has a text: an unknown template is a message never sent. */
describe('the default flows’ messages', () => {
  const templatesOf = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.flatMap(templatesOf);
    if (!value || typeof value !== 'object') return [];
    const o = value as Record<string, unknown>;
    const own = o.do === 'notify' && typeof o.template === 'string' ? [o.template] : [];
    return [...own, ...Object.values(o).flatMap(templatesOf)];
  };

  for (const flow of DEFAULT_FLOWS) {
    it(`${flow.key}: every notify step names a template that exists, and so does its escalation`, () => {
      const used = new Set(templatesOf(flow));
      assert.ok(used.size > 0, 'the flow sends messages');
      if (flow.kind !== 'ticket') used.add(`${flow.kind}_escalated`);
      const missing = [...used].filter((t) => !NOTIFICATION_TEMPLATES[t]);
      assert.deepEqual(missing, []);
    });
  }
});
