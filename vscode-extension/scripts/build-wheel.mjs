// Build the wheel of mcparse that the .vsix ships (server/mcparse-<version>-py3-none-any.whl), from
// this repository's source as it is now. The extension installs it into a virtual environment of
// its own on first start, so a user needs only Python, not a `pip install` of their own.
//
// The build runs on a copy of the repository's files (tracked ones, plus new ones git does not
// ignore): setuptools builds in the source folder and keeps a build/ folder there, whose leftovers
// (a module deleted since the last build) would otherwise end up in the wheel.
//
//   node scripts/build-wheel.mjs            # python3 (python on Windows), or $MCPARSE_BUILD_PYTHON
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repository = path.resolve(root, '..');
const outDir = path.join(root, 'server');
const python = process.env.MCPARSE_BUILD_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
// Only what the wheel is built from; the extension, tests and benchmarks are not part of it.
const SKIP = [/^vscode-extension\//, /^tests\//, /^benchmarks\//, /^examples\//, /^docs\//, /^\.ci\//];

const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: repository,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
})
  .split('\0')
  .filter((name) => name !== '' && !SKIP.some((pattern) => pattern.test(name)));

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mcparse-wheel-'));
try {
  const source = path.join(scratch, 'src');
  for (const name of listed) {
    try {
      cpSync(path.join(repository, name), path.join(source, name));
    } catch (error) {
      // A file git lists but that is gone from the work tree (deleted, not yet committed).
      if (error.code !== 'ENOENT') {
        throw error;
      }
    }
  }
  const built = path.join(scratch, 'wheel');
  execFileSync(python, ['-m', 'pip', 'wheel', '--no-deps', '--disable-pip-version-check', '--quiet', '--wheel-dir', built, source], {
    stdio: 'inherit',
  });
  const wheels = readdirSync(built).filter((name) => /^mcparse-.+-py3-none-any\.whl$/.test(name));
  if (wheels.length !== 1) {
    throw new Error(`expected one pure-Python mcparse wheel, got: ${readdirSync(built).join(', ') || 'nothing'}`);
  }
  // One wheel in server/: the extension refuses a folder with several.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(path.join(built, wheels[0]), path.join(outDir, wheels[0]));
  console.log(`server/${wheels[0]} built from ${listed.length} files of ${repository}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
