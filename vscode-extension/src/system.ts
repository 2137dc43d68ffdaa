/**
 * The real probes behind the server chain in server.ts: file checks on this machine and a quick
 * "can this Python import the server?" run. Kept apart so server.ts stays free of side effects.
 */

import { execFile } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';

import type { BundleFileSystem, RunResult } from './bundled';
import { findOnPath, SERVER_MODULE } from './server';

/** Seconds a Python gets to answer the import probe; a cold conda env can be slow. */
const PROBE_TIMEOUT_MS = 15_000;

export async function isExecutableFile(candidate: string): Promise<boolean> {
  try {
    const stat = await fs.stat(candidate);
    if (!stat.isFile()) {
      return false;
    }
    // Windows has no execute bit: an existing file with a PATHEXT suffix is runnable.
    if (process.platform !== 'win32') {
      await fs.access(candidate, fsConstants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Full path of `program` if it can be run here (a path, or a name on PATH). */
export function findExecutable(program: string): Promise<string | undefined> {
  return findOnPath(program, {
    path: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    isExecutableFile,
    joinPath: path.join,
    isAbsolute: path.isAbsolute,
  });
}

/** Whether `python` can find the server module, without importing (and so starting) it. */
export function pythonHasServer(python: string): Promise<boolean> {
  const script = `import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(${JSON.stringify(SERVER_MODULE)}) else 3)`;
  return new Promise((resolve) => {
    execFile(python, ['-c', script], { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error) => {
      resolve(error === null);
    });
  });
}

/** Run a program to the end; stdout and stderr together, as a user would read them in a terminal. */
export function runProcess(command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      // pip's output for a fresh install is a few hundred lines; 16 MB is far beyond it.
      { timeout: timeoutMs, windowsHide: true, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PYTHONUNBUFFERED: '1', ...env } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error === null) {
          resolve({ code: 0, output });
        } else {
          const code = typeof error.code === 'number' ? error.code : null;
          resolve({ code, output: output === '' ? String(error.message) : output });
        }
      },
    );
  });
}

/** The file operations the bundled-server install needs, on the real file system. */
export const nodeBundleFileSystem: BundleFileSystem = {
  readdir: (directory) => fs.readdir(directory),
  readFile: (file) => fs.readFile(file),
  writeFile: (file, text) => fs.writeFile(file, text, 'utf8'),
  remove: (target) => fs.rm(target, { recursive: true, force: true, maxRetries: 3 }),
  mkdirp: async (directory) => {
    await fs.mkdir(directory, { recursive: true });
  },
  mkdirExclusive: async (directory) => {
    try {
      await fs.mkdir(directory);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        return false;
      }
      throw error;
    }
  },
  mtime: async (target) => {
    try {
      return (await fs.stat(target)).mtimeMs;
    } catch {
      return undefined;
    }
  },
  isExecutableFile,
};
