/**
 * The server that ships inside the .vsix: a wheel of mcparse in `server/`, installed on first start
 * into a virtual environment in the extension's global storage, so that a user with only Python
 * needs no `pip install` of their own.
 *
 * The environment is reused while its stamp (extension version, wheel name and SHA-256) matches
 * the shipped wheel; a new version of the extension, or a rebuilt wheel, installs afresh. The
 * stamp is written last, so an install that was interrupted is never taken for a finished one.
 *
 * Only the mcparse wheel is bundled. Its dependencies (lark, pydantic, pygls, regex and theirs) come from
 * the package index pip is configured for: pydantic-core is compiled per operating system,
 * processor and Python version, and shipping every combination would make the .vsix tens of MB,
 * or need one .vsix per platform that still could not cover every Python. An offline machine gets
 * the dependencies the way it gets any others, through pip's own configuration (PIP_INDEX_URL,
 * PIP_FIND_LINKS, pip.conf), which the install inherits.
 *
 * Nothing here imports `vscode`: the caller injects the process runner, the file system and the
 * progress notification, which keeps this testable outside the editor.
 */

import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** The Python versions mcparse supports (`requires-python` in pyproject.toml). */
export const MIN_PYTHON: readonly [number, number] = [3, 10];
/** Folder of the .vsix that holds the wheel. */
export const BUNDLE_DIR = 'server';
/** Folder in the global storage that holds the environment. */
export const VENV_DIR = 'server-venv';
/** The stamp in the environment that says which wheel it holds. */
export const STAMP_FILE = 'mcparse-install.json';

const VENV_TIMEOUT_MS = 120_000;
/** pip downloads pydantic-core (a few MB) and friends; slow links need a while. */
const PIP_TIMEOUT_MS = 600_000;
/** Another window installing longer than this has died; its lock is taken over. */
const LOCK_STALE_MS = PIP_TIMEOUT_MS + VENV_TIMEOUT_MS;
const LOCK_POLL_MS = 1_000;

export interface RunResult {
  /** Exit code; null when the process could not be started, was killed or timed out. */
  code: number | null;
  output: string;
}

/** A way to run Python: a program and the arguments that come before ours (`py -3` on Windows). */
export interface PythonCandidate {
  command: string;
  args: string[];
  /** Where the candidate came from, for the log: "mcparse.interpreter", "PATH", ... */
  label: string;
}

export interface BundleFileSystem {
  readdir(directory: string): Promise<string[]>;
  readFile(file: string): Promise<Buffer>;
  writeFile(file: string, text: string): Promise<void>;
  /** Remove a file or folder tree; no error when it does not exist. */
  remove(target: string): Promise<void>;
  mkdirp(directory: string): Promise<void>;
  /** Create `directory`, failing when it exists: the install lock. */
  mkdirExclusive(directory: string): Promise<boolean>;
  /** Modification time in ms, or undefined when `target` does not exist. */
  mtime(target: string): Promise<number | undefined>;
  isExecutableFile(candidate: string): Promise<boolean>;
}

export interface BundleDeps {
  /** The extension's install folder (the one holding package.json and `server/`). */
  extensionDir: string;
  /** `ExtensionContext.globalStorageUri.fsPath`. */
  storageDir: string;
  extensionVersion: string;
  platform: string;
  /** Pythons that could create the environment, in order of preference. */
  basePythons: () => Promise<PythonCandidate[]>;
  /** Run a program to its end; `env` is added to the extension host's environment. */
  run: (command: string, args: string[], timeoutMs: number, env?: Record<string, string>) => Promise<RunResult>;
  fs: BundleFileSystem;
  /** Show a progress notification while `task` runs; `report` updates its message. */
  withProgress: <T>(title: string, task: (report: (message: string) => void) => Promise<T>) => Promise<T>;
  log: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export type BundleProblem = 'no-wheel' | 'no-python' | 'install-failed';

export type BundleResult =
  | { ok: true; python: string; installed: boolean }
  | { ok: false; problem: BundleProblem; detail: string };

interface Stamp {
  extensionVersion: string;
  wheel: string;
  sha256: string;
}

/** The environment's Python, as `venv` lays it out on this platform. */
export function venvPython(venvDir: string, platform: string): string {
  return platform === 'win32' ? path.win32.join(venvDir, 'Scripts', 'python.exe') : path.posix.join(venvDir, 'bin', 'python');
}

/** The last lines of a tool's output: enough for a notification or a log line to say why. */
export function tail(output: string, lines = 8): string {
  return output.trim().split(/\r?\n/).slice(-lines).join('\n');
}

const VERSION_SCRIPT = 'import sys; print("%d.%d" % sys.version_info[:2])';

/** "3.11" -> [3, 11]; undefined for anything else. */
export function parsePythonVersion(output: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\s*$/m.exec(output.trim());
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

function supported(version: [number, number]): boolean {
  return version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1]);
}

async function findWheel(deps: BundleDeps): Promise<string | BundleResult> {
  const bundleDir = path.join(deps.extensionDir, BUNDLE_DIR);
  let names: string[];
  try {
    names = await deps.fs.readdir(bundleDir);
  } catch {
    names = [];
  }
  const wheels = names.filter((name) => /^mcparse-.+\.whl$/.test(name));
  if (wheels.length !== 1) {
    const detail =
      wheels.length === 0
        ? `no mcparse wheel in ${bundleDir} (an extension run from its source folder: \`npm run package\` builds one)`
        : `several mcparse wheels in ${bundleDir}: ${wheels.join(', ')}`;
    return { ok: false, problem: 'no-wheel', detail };
  }
  return path.join(bundleDir, wheels[0]);
}

async function readStamp(deps: BundleDeps, venvDir: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse((await deps.fs.readFile(path.join(venvDir, STAMP_FILE))).toString('utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

function sameStamp(found: Stamp | undefined, wanted: Stamp): boolean {
  return found !== undefined && found.extensionVersion === wanted.extensionVersion && found.wheel === wanted.wheel && found.sha256 === wanted.sha256;
}

/** The first candidate that runs and is new enough, or why none was. */
async function pickBasePython(deps: BundleDeps): Promise<PythonCandidate | string> {
  const tried: string[] = [];
  for (const candidate of await deps.basePythons()) {
    const shown = [candidate.command, ...candidate.args].join(' ');
    const probe = await deps.run(candidate.command, [...candidate.args, '-c', VERSION_SCRIPT], 15_000);
    const version = probe.code === 0 ? parsePythonVersion(probe.output) : undefined;
    if (version === undefined) {
      deps.log(`Bundled server: ${shown} (${candidate.label}) did not answer with its version; trying the next Python.`);
      tried.push(`${shown}: no answer`);
    } else if (!supported(version)) {
      deps.log(`Bundled server: ${shown} (${candidate.label}) is Python ${version.join('.')}; mcparse needs ${MIN_PYTHON.join('.')} or newer.`);
      tried.push(`${shown}: Python ${version.join('.')}`);
    } else {
      deps.log(`Bundled server: creating the environment with ${shown} (${candidate.label}, Python ${version.join('.')}).`);
      return candidate;
    }
  }
  return tried.length === 0 ? 'no Python was found' : `no Python ${MIN_PYTHON.join('.')} or newer was found (${tried.join('; ')})`;
}

/**
 * Hold the install lock while `task` runs, so two windows starting at once do not install into
 * the same folder. A window that finds the lock waits for it, then `task` sees the finished stamp.
 */
async function withLock<T>(deps: BundleDeps, lockDir: string, task: () => Promise<T>): Promise<T> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  let waited = false;
  while (!(await deps.fs.mkdirExclusive(lockDir))) {
    const since = await deps.fs.mtime(lockDir);
    if (since !== undefined && now() - since > LOCK_STALE_MS) {
      deps.log(`Bundled server: taking over the install lock left at ${new Date(since).toISOString()}.`);
      await deps.fs.remove(lockDir);
      continue;
    }
    if (!waited) {
      deps.log('Bundled server: another window is installing it; waiting.');
      waited = true;
    }
    await sleep(LOCK_POLL_MS);
  }
  try {
    return await task();
  } finally {
    await deps.fs.remove(lockDir);
  }
}

async function install(deps: BundleDeps, wheel: string, venvDir: string, stamp: Stamp): Promise<BundleResult> {
  const base = await pickBasePython(deps);
  if (typeof base === 'string') {
    return { ok: false, problem: 'no-python', detail: base };
  }
  const python = venvPython(venvDir, deps.platform);
  return deps.withProgress('mcparse: installing the server', async (report) => {
    // Whatever is there is from another version or a failed attempt.
    await deps.fs.remove(venvDir);
    report('creating a Python environment…');
    const created = await deps.run(base.command, [...base.args, '-m', 'venv', venvDir], VENV_TIMEOUT_MS);
    if (created.code !== 0) {
      deps.log(created.output);
      await deps.fs.remove(venvDir);
      // Debian and Ubuntu ship venv's pip bootstrap in a package of its own.
      const hint = /ensurepip|python3-venv/.test(created.output) ? ' (on Debian or Ubuntu: apt install python3-venv)' : '';
      return { ok: false, problem: 'install-failed', detail: `${[base.command, ...base.args].join(' ')} -m venv failed${hint}:\n${tail(created.output)}` };
    }
    report('pip install mcparse, lark, pydantic, pygls, regex…');
    const installed = await deps.run(
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--no-warn-script-location', wheel],
      PIP_TIMEOUT_MS,
      // The user's pip configuration applies (index, proxy, find-links), except `user = true`,
      // with which pip refuses to install into a virtual environment.
      { PIP_USER: '0' },
    );
    deps.log(installed.output);
    if (installed.code !== 0) {
      await deps.fs.remove(venvDir);
      return { ok: false, problem: 'install-failed', detail: `pip install of ${path.basename(wheel)} failed:\n${tail(installed.output)}` };
    }
    await deps.fs.writeFile(path.join(venvDir, STAMP_FILE), JSON.stringify(stamp, null, 2));
    deps.log(`Bundled server: installed ${stamp.wheel} into ${venvDir}.`);
    return { ok: true, python, installed: true };
  });
}

/**
 * The Python of the bundled server's environment, installing it first when it is missing or from
 * another wheel; or why that could not be done.
 */
export async function ensureBundledServer(deps: BundleDeps): Promise<BundleResult> {
  const wheel = await findWheel(deps);
  if (typeof wheel !== 'string') {
    deps.log(`Bundled server: ${wheel.ok ? '' : wheel.detail}`);
    return wheel;
  }
  const stamp: Stamp = {
    extensionVersion: deps.extensionVersion,
    wheel: path.basename(wheel),
    sha256: createHash('sha256').update(await deps.fs.readFile(wheel)).digest('hex'),
  };
  const venvDir = path.join(deps.storageDir, VENV_DIR);
  const python = venvPython(venvDir, deps.platform);
  const ready = async (): Promise<boolean> => sameStamp(await readStamp(deps, venvDir), stamp) && (await deps.fs.isExecutableFile(python));
  if (await ready()) {
    deps.log(`Bundled server: using ${python} (${stamp.wheel}, installed before).`);
    return { ok: true, python, installed: false };
  }
  await deps.fs.mkdirp(deps.storageDir);
  const result = await withLock(deps, path.join(deps.storageDir, 'install.lock'), async (): Promise<BundleResult> => {
    // Another window may have finished the install while this one waited for the lock.
    if (await ready()) {
      return { ok: true, python, installed: false };
    }
    return install(deps, wheel, venvDir, stamp);
  });
  if (!result.ok) {
    deps.log(`Bundled server: ${result.detail}`);
  }
  return result;
}
