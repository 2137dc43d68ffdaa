import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { findOnPath, installMessage, resolveServerCommand, SERVER_MODULE } from '../../src/server';
import { fakeDeps, fakePathEnvironment } from './fakes';

describe('resolveServerCommand: the fallback chain', () => {
  it('uses mcparse.server.command first, with its arguments, without probing any Python', async () => {
    const deps = fakeDeps(
      { serverCommand: ['/opt/mcparse/bin/mcparse-lsp', '--log-level', 'debug'], interpreter: '/usr/bin/python3' },
      { executables: ['/opt/mcparse/bin/mcparse-lsp', '/usr/bin/python3', '/usr/bin/mcparse-lsp'], pythonsWithServer: ['/usr/bin/python3'] },
    );
    const found = await resolveServerCommand(deps);
    assert.deepEqual(found, { command: '/opt/mcparse/bin/mcparse-lsp', args: ['--log-level', 'debug'], source: 'setting' });
    assert.deepEqual(deps.probed, []);
  });

  it('finds a bare program name of mcparse.server.command on PATH', async () => {
    const deps = fakeDeps({ serverCommand: ['mcparse-lsp'] }, { executables: ['/usr/bin/mcparse-lsp'] });
    assert.deepEqual(await resolveServerCommand(deps), { command: '/usr/bin/mcparse-lsp', args: [], source: 'setting' });
  });

  it('falls through a broken explicit command to mcparse.interpreter and says so', async () => {
    const deps = fakeDeps(
      { serverCommand: ['/nowhere/mcparse-lsp'], interpreter: '/venv/bin/python' },
      { executables: ['/venv/bin/python'], pythonsWithServer: ['/venv/bin/python'] },
    );
    const found = await resolveServerCommand(deps);
    assert.deepEqual(found, { command: '/venv/bin/python', args: ['-m', SERVER_MODULE], source: 'interpreter' });
    assert.match(deps.lines.join('\n'), /mcparse\.server\.command: \/nowhere\/mcparse-lsp cannot be run/);
  });

  it('skips an interpreter without mcparse and takes the Python extension one', async () => {
    const deps = fakeDeps(
      { interpreter: '/usr/bin/python3' },
      { executables: ['/usr/bin/python3', '/proj/.venv/bin/python'], pythonsWithServer: ['/proj/.venv/bin/python'], pythonExtension: '/proj/.venv/bin/python' },
    );
    const found = await resolveServerCommand(deps);
    assert.deepEqual(found, { command: '/proj/.venv/bin/python', args: ['-m', SERVER_MODULE], source: 'python-extension' });
    assert.deepEqual(deps.probed, ['/usr/bin/python3', '/proj/.venv/bin/python']);
    assert.match(deps.lines.join('\n'), /\/usr\/bin\/python3 has no mcparse_lsp module/);
  });

  it('falls back to mcparse-lsp on PATH when the Python extension has no mcparse', async () => {
    const deps = fakeDeps({}, { executables: ['/proj/.venv/bin/python', '/home/me/.local/bin/mcparse-lsp'], pythonExtension: '/proj/.venv/bin/python', path: '/usr/bin:/home/me/.local/bin' });
    assert.deepEqual(await resolveServerCommand(deps), { command: '/home/me/.local/bin/mcparse-lsp', args: [], source: 'path' });
  });

  it('survives a Python extension whose API throws', async () => {
    const deps = fakeDeps({}, { executables: ['/usr/bin/mcparse-lsp'], pythonExtension: new Error('API not ready') });
    assert.equal((await resolveServerCommand(deps))?.source, 'path');
    assert.match(deps.lines.join('\n'), /could not ask for its interpreter \(Error: API not ready\)/);
  });

  it('returns undefined when nothing works, after logging every step', async () => {
    const deps = fakeDeps({ interpreter: '/usr/bin/python3' }, { executables: ['/usr/bin/python3'] });
    assert.equal(await resolveServerCommand(deps), undefined);
    const log = deps.lines.join('\n');
    for (const step of ['mcparse.server.command', 'mcparse.interpreter', 'Python extension', 'PATH']) {
      assert.ok(log.includes(step), `the log should mention ${step}:\n${log}`);
    }
  });

  it('tells the user how to install from a checkout', () => {
    assert.match(installMessage(), /pip install \/path\/to\/mcparse/);
  });
});

describe('findOnPath', () => {
  it('returns the first PATH directory holding the program', async () => {
    const env = fakePathEnvironment({ executables: ['/b/mcparse-lsp', '/c/mcparse-lsp'], path: '/a:/b:/c' });
    assert.equal(await findOnPath('mcparse-lsp', env), '/b/mcparse-lsp');
  });

  it('takes a path with a slash as is and does not search PATH for it', async () => {
    const env = fakePathEnvironment({ executables: ['/usr/bin/python3'], path: '/usr/bin' });
    assert.equal(await findOnPath('./python3', env), undefined);
    assert.equal(await findOnPath('/usr/bin/python3', env), '/usr/bin/python3');
  });

  it('tries PATHEXT suffixes on Windows', async () => {
    const env = {
      ...fakePathEnvironment({ executables: ['C:\\Py\\Scripts\\mcparse-lsp.exe'] }),
      platform: 'win32',
      path: 'C:\\Windows;C:\\Py\\Scripts',
      pathExt: '.COM;.EXE',
      joinPath: (directory: string, name: string) => `${directory}\\${name}`,
    };
    assert.equal(await findOnPath('mcparse-lsp', env), 'C:\\Py\\Scripts\\mcparse-lsp.exe');
  });

  it('finds nothing for an empty name or an empty PATH', async () => {
    const env = fakePathEnvironment({ executables: ['/usr/bin/mcparse-lsp'], path: '' });
    assert.equal(await findOnPath('', env), undefined);
    assert.equal(await findOnPath('mcparse-lsp', env), undefined);
  });
});
