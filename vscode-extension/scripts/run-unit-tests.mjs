// Compile the unit tests (and the pure modules they import) with tsc, then run them with
// node's own test runner. No VS Code is needed: the tests never load the `vscode` module.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out-test');
const require = createRequire(import.meta.url);

rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'test')], { stdio: 'inherit', cwd: root });

const testDir = path.join(outDir, 'test', 'unit');
const files = readdirSync(testDir)
  .filter((name) => name.endsWith('.test.js'))
  .sort()
  .map((name) => path.join(testDir, name));
if (files.length === 0) {
  console.error('no unit test files found in', testDir);
  process.exit(1);
}
try {
  execFileSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
} catch {
  process.exit(1);
}
