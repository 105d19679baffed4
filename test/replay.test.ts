import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../temporal/worker';

const dir = new URL('./histories/', import.meta.url);

/**
 * Histories recorded from earlier versions of our workflows (FIXFLOW_RECORD_HISTORIES=1 npm test
 * writes them). If a workflow change would break tickets already running, replay fails here.
 */
describe('recorded workflow histories replay on the current code', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has recorded histories to check', () => {
    assert.ok(files.length > 0, 'no histories in test/histories');
  });

  for (const file of files) {
    it(`replays ${file} without non-determinism`, async () => {
      const history = historyFromJSON(JSON.parse(fs.readFileSync(new URL(file, dir), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `replay-${file}`);
    });
  }
});
