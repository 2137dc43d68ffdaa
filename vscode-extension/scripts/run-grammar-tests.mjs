// Run the grammar assertion tests and the snapshot tests, then print one summary line that CI
// can read. Both tools exit non-zero on a failure; this keeps that exit code.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const toolDir = path.dirname(require.resolve('vscode-tmgrammar-test/package.json'));
const grammar = 'syntaxes/sendmail-mc.tmLanguage.json';
const update = process.argv.includes('--update');

const listed = (folder, keep) =>
  readdirSync(path.join(root, folder))
    .filter(keep)
    .sort()
    .map((name) => path.posix.join(folder, name));
const assertions = listed('test/grammar/unit', (name) => name.endsWith('.test.mc'));
const snapshots = [
  ...listed('test/grammar/examples', (name) => name.endsWith('.mc')),
  // Corpus copies keep their original names (.mc, .mc.erb, .mc.j2); their .snap files are skipped.
  ...listed('test/grammar/corpus', (name) => !name.endsWith('.snap') && !name.endsWith('.md')),
];

function run(script, args) {
  const result = spawnSync(process.execPath, [path.join(toolDir, 'dist', script), ...args], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

// One file per run, so the summary counts files, not tool invocations.
let passed = 0;
let failed = 0;
const count = (ok) => (ok ? (passed += 1) : (failed += 1));
if (!update) {
  for (const file of assertions) {
    count(run('unit.js', ['-g', grammar, file]));
  }
}
for (const file of snapshots) {
  count(run('snapshot.js', ['-s', 'source.sendmail-mc', '-g', grammar, ...(update ? ['--updateSnapshot'] : []), file]));
}
console.log(`grammar: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
