/** The real probes, on real temporary files: what the fallback chain sees on a machine. */

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { findExecutable, pythonHasServer } from '../../src/system';

describe('system probes', { skip: process.platform === 'win32' }, () => {
  let bin: string;
  let savedPath: string | undefined;

  before(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'mcparse-probe-'));
    const script = (name: string, body: string, mode: number): void => {
      writeFileSync(path.join(bin, name), body);
      chmodSync(path.join(bin, name), mode);
    };
    script('mcparse-lsp', '#!/bin/sh\nexit 0\n', 0o755);
    script('not-executable', '#!/bin/sh\nexit 0\n', 0o644);
    script('python-with', '#!/bin/sh\nexit 0\n', 0o755);
    script('python-without', '#!/bin/sh\nexit 3\n', 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `/nonexistent:${bin}`;
  });

  after(() => {
    process.env.PATH = savedPath;
    rmSync(bin, { recursive: true, force: true });
  });

  it('finds an executable on PATH and by path, but not a plain file or a folder', async () => {
    assert.equal(await findExecutable('mcparse-lsp'), path.join(bin, 'mcparse-lsp'));
    assert.equal(await findExecutable(path.join(bin, 'python-with')), path.join(bin, 'python-with'));
    assert.equal(await findExecutable('not-executable'), undefined);
    assert.equal(await findExecutable(bin), undefined);
    assert.equal(await findExecutable('no-such-program'), undefined);
  });

  it('reads the import probe from the exit code, and a missing program is a no', async () => {
    assert.equal(await pythonHasServer(path.join(bin, 'python-with')), true);
    assert.equal(await pythonHasServer(path.join(bin, 'python-without')), false);
    assert.equal(await pythonHasServer(path.join(bin, 'missing-python')), false);
  });
});
