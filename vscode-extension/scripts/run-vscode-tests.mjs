// The integration test in a real VS Code (@vscode/test-electron): open a sendmail .mc file with
// this extension loaded and wait for the server's diagnostics (test/vscode/suite.ts).
//
// It needs three things this script cannot always have, and skips cleanly, with the reason and
// exit code 0, when one is missing:
//   - VS Code: $VSCODE_EXECUTABLE, or a download by @vscode/test-electron (version
//     $VSCODE_TEST_VERSION, default "stable") into .vscode-test/;
//   - a display on Linux: $DISPLAY, or xvfb-run on PATH (this script then re-runs itself under it);
//   - a Python that has mcparse: $MCPARSE_TEST_PYTHON, default python3. The test starts the
//     server through mcparse.server.command, so it tests the checkout, not a bundled wheel.
// Once VS Code has started, a failure is a failure (exit 1).
//
//   npm run test:vscode
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const example = path.resolve(root, '..', 'examples', 'broken-submission.mc');
const python = process.env.MCPARSE_TEST_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
const DOWNLOAD_TIMEOUT_MS = 30_000;

function skip(reason) {
  console.log(`vscode: skipped: ${reason}`);
  process.exit(0);
}

function onPath(program) {
  return spawnSync(process.platform === 'win32' ? 'where' : 'which', [program], { encoding: 'utf8' }).status === 0;
}

// 1. A display. Electron cannot start without one on Linux.
if (process.platform === 'linux' && !process.env.DISPLAY) {
  if (process.env.MCPARSE_UNDER_XVFB) {
    skip('xvfb-run started, but DISPLAY is still unset');
  }
  if (!onPath('xvfb-run')) {
    skip('no display: DISPLAY is unset and xvfb-run is not installed (apt-get install xvfb)');
  }
  const rerun = spawnSync('xvfb-run', ['-a', '--server-args=-screen 0 1280x1024x24', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, MCPARSE_UNDER_XVFB: '1' },
  });
  process.exit(rerun.status ?? 1);
}

// 2. A Python with the server.
const probe = spawnSync(python, ['-c', 'import mcparse_lsp'], { encoding: 'utf8' });
if (probe.status !== 0) {
  skip(`${python} cannot import mcparse_lsp (set MCPARSE_TEST_PYTHON to a Python with mcparse installed)`);
}

// 3. VS Code.
let testElectron;
try {
  testElectron = require('@vscode/test-electron');
} catch (error) {
  skip(`@vscode/test-electron is not installed (${error.message.split('\n')[0]})`);
}
let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (vscodeExecutablePath === undefined) {
  try {
    vscodeExecutablePath = await testElectron.download({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      cachePath: path.join(root, '.vscode-test'),
      timeout: DOWNLOAD_TIMEOUT_MS,
    });
  } catch (error) {
    skip(`VS Code could not be downloaded (${String(error.message ?? error).split('\n')[0]}); set VSCODE_EXECUTABLE to use an installed one`);
  }
} else if (!existsSync(vscodeExecutablePath)) {
  skip(`VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`);
}

// Compile the in-editor suite and bundle the extension it loads (package.json's main).
function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}
run([require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'test', 'vscode')]);
run([path.join(root, 'scripts', 'bundle.mjs')]);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mcparse-vscode-test-'));
let failed = false;
try {
  const workspace = path.join(scratch, 'workspace');
  const userData = path.join(scratch, 'user-data');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  copyFileSync(example, path.join(workspace, path.basename(example)));
  // User settings, not workspace ones: mcparse.server.command is machine-overridable, and a
  // fresh profile would ask whether to trust the folder.
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'mcparse.server.command': [python, '-m', 'mcparse_lsp'],
      'mcparse.trace.server': 'messages',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'workbench.startupEditor': 'none',
    }),
  );
  await testElectron.runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out-vscode-test', 'suite.js'),
    launchArgs: [
      workspace,
      '--user-data-dir', userData,
      '--extensions-dir', path.join(scratch, 'extensions'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--disable-gpu',
      '--no-sandbox',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
  console.log('vscode: 1 passed, 0 failed');
} catch (error) {
  failed = true;
  console.error(`vscode: the integration test failed: ${String(error.message ?? error)}`);
  console.log('vscode: 0 passed, 1 failed');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
