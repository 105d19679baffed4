import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '../core/logger';
import { cachedCliPath, locateTemporalCli, TemporalCliNotFoundError } from './cli-locator';

const log = createLogger('test', 'error');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cli-locator-'));
}

function fakeExecutable(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\necho temporal version 0.0.0\n', { mode: 0o755 });
  return file;
}

describe('finding the Temporal CLI', () => {
  it('prefers TEMPORAL_CLI_PATH, then PATH, then the cache', async () => {
    const dir = tmp();
    const explicit = fakeExecutable(path.join(dir, 'explicit', 'temporal'));
    const onPath = fakeExecutable(path.join(dir, 'bin', 'temporal'));
    const cached = fakeExecutable(cachedCliPath(path.join(dir, 'cache')));
    const base = { cacheDir: path.join(dir, 'cache'), log, download: false, goPath: null };
    assert.deepEqual(
      [
        (await locateTemporalCli({ ...base, cliPath: explicit, searchPath: path.join(dir, 'bin') })).source,
        (await locateTemporalCli({ ...base, searchPath: path.join(dir, 'bin') })).source,
        (await locateTemporalCli({ ...base, searchPath: path.join(dir, 'empty') })).path,
      ],
      ['TEMPORAL_CLI_PATH', 'PATH', cached],
    );
    assert.equal((await locateTemporalCli({ ...base, searchPath: path.join(dir, 'bin') })).path, onPath);
  });

  it('fails with a message that says what to install when nothing works', async () => {
    const dir = tmp();
    await assert.rejects(
      locateTemporalCli({
        cliPath: path.join(dir, 'missing'),
        cacheDir: path.join(dir, 'cache'),
        log,
        searchPath: path.join(dir, 'none'),
        download: false,
        goPath: null,
      }),
      (err: Error) => {
        assert.ok(err instanceof TemporalCliNotFoundError);
        assert.match(err.message, /TEMPORAL_CLI_PATH=.*missing is not an executable file/);
        assert.match(err.message, /Go is not installed/);
        assert.match(err.message, /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1/);
        assert.match(err.message, /TEMPORAL_ADDRESS/);
        return true;
      },
    );
  });

  it('reports a failed Go build rather than hanging', async () => {
    const dir = tmp();
    const brokenGo = path.join(dir, 'go');
    fs.writeFileSync(brokenGo, '#!/bin/sh\necho "go: module lookup disabled" >&2\nexit 1\n', { mode: 0o755 });
    await assert.rejects(
      locateTemporalCli({ cacheDir: path.join(dir, 'cache'), log, searchPath: path.join(dir, 'none'), download: false, goPath: brokenGo }),
      /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1 failed/,
    );
  });
});
