/**
 * The bundled server: install into the extension's storage on first start, reuse afterwards,
 * install again for another wheel, and say why when it cannot. First against a fake machine (each
 * case exactly), then once for real: a real venv and a real pip, with a tiny wheel, offline.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  type BundleDeps,
  type BundleFileSystem,
  ensureBundledServer,
  parsePythonVersion,
  type PythonCandidate,
  type RunResult,
  STAMP_FILE,
  venvPython,
} from '../../src/bundled';
import { basePythonCandidates, bundleProblemMessage, resolveServerCommand, SERVER_MODULE } from '../../src/server';
import { nodeBundleFileSystem, runProcess } from '../../src/system';
import { fakeDeps } from './fakes';

const EXT = '/ext';
const STORAGE = '/storage';
const WHEEL = '/ext/server/mcparse-0.1.0-py3-none-any.whl';
const VENV = '/storage/server-venv';
const VENV_PYTHON = '/storage/server-venv/bin/python';

/** A machine in memory: files, folders, and Pythons that answer the version probe. */
function fakeMachine(options: {
  files?: Record<string, string>;
  pythons?: Record<string, string>;
  venvOutput?: { code: number; output: string };
  pipOutput?: { code: number; output: string };
}) {
  const files = new Map<string, string>(Object.entries(options.files ?? { [WHEEL]: 'wheel v1' }));
  const dirs = new Set<string>();
  const runs: string[] = [];
  const logs: string[] = [];
  const progress: string[] = [];
  const removeTree = (target: string): void => {
    for (const name of [...files.keys()]) {
      if (name === target || name.startsWith(`${target}/`)) {
        files.delete(name);
      }
    }
    for (const name of [...dirs]) {
      if (name === target || name.startsWith(`${target}/`)) {
        dirs.delete(name);
      }
    }
  };
  const fs: BundleFileSystem = {
    readdir: async (directory) => {
      const names = [...files.keys()].filter((name) => path.posix.dirname(name) === directory).map((name) => path.posix.basename(name));
      if (names.length === 0) {
        throw new Error(`ENOENT ${directory}`);
      }
      return names;
    },
    readFile: async (file) => {
      const text = files.get(file);
      if (text === undefined) {
        throw new Error(`ENOENT ${file}`);
      }
      return Buffer.from(text);
    },
    writeFile: async (file, text) => {
      files.set(file, text);
    },
    remove: async (target) => removeTree(target),
    mkdirp: async (directory) => {
      dirs.add(directory);
    },
    mkdirExclusive: async (directory) => {
      if (dirs.has(directory)) {
        return false;
      }
      dirs.add(directory);
      return true;
    },
    mtime: async (target) => (dirs.has(target) ? Date.now() : undefined),
    isExecutableFile: async (candidate) => files.has(candidate),
  };
  const envs: Record<string, string>[] = [];
  const run = async (command: string, args: string[], _timeoutMs: number, env: Record<string, string> = {}): Promise<RunResult> => {
    runs.push([command, ...args].join(' '));
    envs.push(env);
    if (args.includes('-c')) {
      const version = options.pythons?.[command];
      return version === undefined ? { code: 1, output: 'not a python' } : { code: 0, output: `${version}\n` };
    }
    if (args.includes('venv')) {
      const result = options.venvOutput ?? { code: 0, output: '' };
      if (result.code === 0) {
        files.set(VENV_PYTHON, 'python');
      }
      return result;
    }
    if (args.includes('pip')) {
      return options.pipOutput ?? { code: 0, output: 'Successfully installed mcparse-0.1.0 lark pydantic pygls' };
    }
    return { code: 127, output: `unexpected ${command}` };
  };
  const candidates: PythonCandidate[] = Object.keys(options.pythons ?? {}).map((command) => ({ command, args: [], label: 'PATH' }));
  const deps: BundleDeps = {
    extensionDir: EXT,
    storageDir: STORAGE,
    extensionVersion: '0.1.0',
    platform: 'linux',
    basePythons: async () => candidates,
    run,
    fs,
    withProgress: async (title, task) => {
      progress.push(title);
      return task((message) => progress.push(message));
    },
    log: (message) => logs.push(message),
    sleep: async () => undefined,
  };
  return { deps, files, dirs, runs, envs, logs, progress };
}

describe('ensureBundledServer', () => {
  it('installs on first start: a venv from the first good Python, then pip install of the wheel, with progress', async () => {
    const machine = fakeMachine({ pythons: { '/usr/bin/python3.8': '3.8', '/usr/bin/python3': '3.11' } });
    const result = await ensureBundledServer(machine.deps);
    assert.deepEqual(result, { ok: true, python: VENV_PYTHON, installed: true });
    assert.deepEqual(machine.runs.filter((line) => !line.includes(' -c ')), [
      `/usr/bin/python3 -m venv ${VENV}`,
      `${VENV_PYTHON} -m pip install --disable-pip-version-check --no-input --no-warn-script-location ${WHEEL}`,
    ]);
    assert.deepEqual(machine.progress, ['mcparse: installing the server', 'creating a Python environment…', 'pip install mcparse, lark, pydantic, pygls, regex…']);
    assert.match(machine.logs.join('\n'), /python3\.8 \(PATH\) is Python 3\.8; mcparse needs 3\.10 or newer/);
    assert.deepEqual(machine.envs.at(-1), { PIP_USER: '0' }, 'a user-wide `pip install --user` setting must not break the venv install');
    const stamp = JSON.parse(machine.files.get(`${VENV}/${STAMP_FILE}`) ?? '{}');
    assert.equal(stamp.extensionVersion, '0.1.0');
    assert.equal(stamp.wheel, 'mcparse-0.1.0-py3-none-any.whl');
    assert.match(stamp.sha256, /^[0-9a-f]{64}$/);
    assert.ok(!machine.dirs.has(`${STORAGE}/install.lock`), 'the lock is released');
  });

  it('reuses the environment on later starts without running anything', async () => {
    const machine = fakeMachine({ pythons: { '/usr/bin/python3': '3.12' } });
    await ensureBundledServer(machine.deps);
    machine.runs.length = 0;
    machine.progress.length = 0;
    assert.deepEqual(await ensureBundledServer(machine.deps), { ok: true, python: VENV_PYTHON, installed: false });
    assert.deepEqual(machine.runs, []);
    assert.deepEqual(machine.progress, []);
  });

  it('installs again for a new extension version or a rebuilt wheel, and when the venv Python is gone', async () => {
    const machine = fakeMachine({ pythons: { '/usr/bin/python3': '3.12' } });
    await ensureBundledServer(machine.deps);
    const installs = (): number => machine.runs.filter((line) => line.includes(' -m pip install')).length;

    machine.deps.extensionVersion = '0.2.0';
    assert.equal((await ensureBundledServer(machine.deps)).ok, true);
    assert.equal(installs(), 2);

    machine.files.set(WHEEL, 'wheel v2, same name');
    await ensureBundledServer(machine.deps);
    assert.equal(installs(), 3);

    machine.files.delete(VENV_PYTHON);
    await ensureBundledServer(machine.deps);
    assert.equal(installs(), 4);
    await ensureBundledServer(machine.deps);
    assert.equal(installs(), 4);
  });

  it('reports no-wheel for an extension run from its source folder, and for several wheels', async () => {
    const none = fakeMachine({ files: { '/ext/package.json': '{}' }, pythons: { '/usr/bin/python3': '3.12' } });
    const result = await ensureBundledServer(none.deps);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.problem, 'no-wheel');
    assert.deepEqual(none.runs, []);

    const two = fakeMachine({ files: { [WHEEL]: 'a', '/ext/server/mcparse-0.0.9-py3-none-any.whl': 'b' } });
    const twoResult = await ensureBundledServer(two.deps);
    assert.ok(!twoResult.ok && twoResult.problem === 'no-wheel' && /several/.test(twoResult.detail));
  });

  it('reports no-python, naming what it tried, without a progress notification', async () => {
    const machine = fakeMachine({ pythons: { '/usr/bin/python3': '3.9' } });
    const result = await ensureBundledServer(machine.deps);
    assert.ok(!result.ok);
    assert.equal(result.problem, 'no-python');
    assert.match(result.detail, /\/usr\/bin\/python3: Python 3\.9/);
    assert.deepEqual(machine.progress, []);
    assert.match(bundleProblemMessage(result.problem, result.detail), /needs Python 3\.10 or newer, and no Python 3\.10 or newer was found/);

    const nothing = fakeMachine({});
    const empty = await ensureBundledServer(nothing.deps);
    assert.ok(!empty.ok && empty.problem === 'no-python' && empty.detail === 'no Python was found');
  });

  it('says to install python3-venv when Debian has left out ensurepip, and cleans up', async () => {
    const machine = fakeMachine({
      pythons: { '/usr/bin/python3': '3.11' },
      venvOutput: { code: 1, output: 'The virtual environment was not created successfully because ensurepip is not\navailable. apt install python3.11-venv' },
    });
    const result = await ensureBundledServer(machine.deps);
    assert.ok(!result.ok && result.problem === 'install-failed');
    assert.match(result.detail, /apt install python3-venv/);
    assert.ok(![...machine.files.keys()].some((name) => name.startsWith(VENV)), 'nothing is left in the storage');
  });

  it('leaves no stamp after a failed pip install, so the next start tries again', async () => {
    const machine = fakeMachine({
      pythons: { '/usr/bin/python3': '3.11' },
      pipOutput: { code: 1, output: 'ERROR: Could not find a version that satisfies the requirement lark<2,>=1.1.9' },
    });
    const result = await ensureBundledServer(machine.deps);
    assert.ok(!result.ok && result.problem === 'install-failed');
    assert.match(result.detail, /pip install of mcparse-0\.1\.0-py3-none-any\.whl failed:\nERROR: Could not find a version/);
    assert.match(bundleProblemMessage(result.problem, result.detail), /could not be installed: pip install of mcparse-0\.1\.0-py3-none-any\.whl failed\. The output channel/);
    assert.ok(!machine.files.has(`${VENV}/${STAMP_FILE}`));
    assert.ok(!machine.dirs.has(`${STORAGE}/install.lock`));
  });

  it('waits for another window that holds the install lock, then uses what it installed', async () => {
    const machine = fakeMachine({ pythons: { '/usr/bin/python3': '3.12' } });
    // The other window: installs, then releases the lock after our first look.
    const other = fakeMachine({ pythons: { '/usr/bin/python3': '3.12' } });
    await ensureBundledServer(other.deps);
    machine.dirs.add(`${STORAGE}/install.lock`);
    let polls = 0;
    machine.deps.sleep = async () => {
      polls += 1;
      for (const [name, text] of other.files) {
        machine.files.set(name, text);
      }
      machine.dirs.delete(`${STORAGE}/install.lock`);
    };
    assert.deepEqual(await ensureBundledServer(machine.deps), { ok: true, python: VENV_PYTHON, installed: false });
    assert.equal(polls, 1);
    assert.ok(!machine.runs.some((line) => line.includes('pip install')));
    assert.match(machine.logs.join('\n'), /another window is installing it; waiting/);
  });
});

describe('the chain ends with the bundled server', () => {
  it('is tried only after every way the user chose, and started as python -m mcparse_lsp', async () => {
    const deps = fakeDeps({}, { executables: ['/usr/bin/python3'] });
    let asked = 0;
    deps.bundledServer = async () => {
      asked += 1;
      return VENV_PYTHON;
    };
    assert.deepEqual(await resolveServerCommand(deps), { command: VENV_PYTHON, args: ['-m', SERVER_MODULE], source: 'bundled' });
    assert.equal(asked, 1);

    const onPath = fakeDeps({}, { executables: ['/usr/bin/mcparse-lsp'] });
    onPath.bundledServer = async () => assert.fail('a mcparse-lsp on PATH wins over the bundled server');
    assert.equal((await resolveServerCommand(onPath))?.source, 'path');

    const explicit = fakeDeps({ serverCommand: ['/opt/mcparse-lsp'] }, { executables: ['/opt/mcparse-lsp'] });
    explicit.bundledServer = async () => assert.fail('mcparse.server.command wins over the bundled server');
    assert.equal((await resolveServerCommand(explicit))?.source, 'setting');
  });

  it('picks base Pythons: the interpreter setting, the Python extension, then PATH, without duplicates', async () => {
    const executables = ['/opt/py/bin/python3', '/usr/bin/python3', '/usr/bin/python'];
    const findExecutable = async (program: string): Promise<string | undefined> =>
      program.includes('/') ? (executables.includes(program) ? program : undefined) : executables.find((file) => path.posix.basename(file) === program);
    const found = await basePythonCandidates({
      interpreter: '/opt/py/bin/python3',
      pythonExtensionInterpreter: async () => '/usr/bin/python3',
      findExecutable,
      platform: 'linux',
    });
    assert.deepEqual(found, [
      { command: '/opt/py/bin/python3', args: [], label: 'mcparse.interpreter' },
      { command: '/usr/bin/python3', args: [], label: 'Python extension' },
      { command: '/usr/bin/python', args: [], label: 'PATH' },
    ]);
    const windows = await basePythonCandidates({
      interpreter: '',
      pythonExtensionInterpreter: async () => {
        throw new Error('the Python extension is still loading');
      },
      findExecutable: async (program) => (program === 'py' ? 'C:\\Windows\\py.exe' : undefined),
      platform: 'win32',
    });
    assert.deepEqual(windows, [{ command: 'C:\\Windows\\py.exe', args: ['-3'], label: 'PATH' }]);
  });

  it('reads Python versions and lays out venvs per platform', () => {
    assert.deepEqual(parsePythonVersion('3.12\n'), [3, 12]);
    assert.equal(parsePythonVersion('Python was not found; run without arguments to install from the Microsoft Store'), undefined);
    assert.equal(venvPython('/s/server-venv', 'linux'), '/s/server-venv/bin/python');
    assert.equal(venvPython('C:\\s\\server-venv', 'win32'), 'C:\\s\\server-venv\\Scripts\\python.exe');
  });
});

/** The Python on this machine that can make venvs, or why the real test cannot run. */
function realPython(): string | { skip: string } {
  const python = process.platform === 'win32' ? 'python' : 'python3';
  try {
    const version = execFileSync(python, ['-c', 'import sys, venv, ensurepip; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    const parsed = parsePythonVersion(version);
    if (parsed === undefined || parsed[0] < 3 || (parsed[0] === 3 && parsed[1] < 10)) {
      return { skip: `${python} is Python ${version.trim()}, older than 3.10` };
    }
    return python;
  } catch (error) {
    return { skip: `${python} cannot create virtual environments here (${String(error).split('\n')[0]})` };
  }
}

describe('ensureBundledServer on this machine (a real venv and pip)', () => {
  const python = realPython();
  const skip = typeof python === 'string' ? false : python.skip;
  let scratch: string;
  if (skip !== false) {
    console.log(`skipping the real venv test: ${skip}`);
  }

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'mcparse-bundle-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** A wheel of a stand-in "mcparse" with no dependencies, so pip needs no network. */
  function makeWheel(directory: string, marker: string): void {
    mkdirSync(directory, { recursive: true });
    const script = [
      'import sys, zipfile',
      'out, marker = sys.argv[1], sys.argv[2]',
      'files = {',
      '  "mcparse_lsp/__init__.py": "MARKER = %r\\n" % marker,',
      '  "mcparse-0.1.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: mcparse\\nVersion: 0.1.0\\n",',
      '  "mcparse-0.1.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",',
      '}',
      'names = list(files) + ["mcparse-0.1.0.dist-info/RECORD"]',
      'files["mcparse-0.1.0.dist-info/RECORD"] = "".join(name + ",,\\n" for name in names)',
      'with zipfile.ZipFile(out, "w") as wheel:',
      '  [wheel.writestr(name, text) for name, text in files.items()]',
    ].join('\n');
    execFileSync(python as string, ['-c', script, path.join(directory, 'mcparse-0.1.0-py3-none-any.whl'), marker]);
  }

  it('installs the wheel into a venv in the storage, reuses it, and installs again for a new version', { skip, timeout: 240_000 }, async () => {
    const extensionDir = path.join(scratch, 'extension');
    makeWheel(path.join(extensionDir, 'server'), 'first');
    const logs: string[] = [];
    const deps: BundleDeps = {
      extensionDir,
      storageDir: path.join(scratch, 'storage with space'),
      extensionVersion: '0.1.0',
      platform: process.platform,
      basePythons: async () => [{ command: python as string, args: [], label: 'PATH' }],
      run: runProcess,
      fs: nodeBundleFileSystem,
      withProgress: (_title, task) => task(() => undefined),
      log: (message) => logs.push(message),
    };
    const first = await ensureBundledServer(deps);
    assert.ok(first.ok, logs.join('\n'));
    assert.equal(first.installed, true);
    const marker = (): string => execFileSync(first.python, ['-c', 'import mcparse_lsp; print(mcparse_lsp.MARKER)'], { encoding: 'utf8' }).trim();
    assert.equal(marker(), 'first');

    const again = await ensureBundledServer(deps);
    assert.deepEqual(again, { ok: true, python: first.python, installed: false });

    makeWheel(path.join(extensionDir, 'server'), 'second');
    deps.extensionVersion = '0.2.0';
    const upgraded = await ensureBundledServer(deps);
    assert.ok(upgraded.ok && upgraded.installed);
    assert.equal(marker(), 'second');
    const stamp = JSON.parse(readFileSync(path.join(deps.storageDir, 'server-venv', STAMP_FILE), 'utf8'));
    assert.equal(stamp.extensionVersion, '0.2.0');
    assert.ok(!existsSync(path.join(deps.storageDir, 'install.lock')));
    writeFileSync(path.join(scratch, 'done'), '');
  });
});
