// Take the README screenshots (media/diagnostics.png, media/hover.png, and with
// --expect-bundled-install media/install.png) from a real editor session,
// and check on the way that the packaged extension works: it activates on a .mc file, finds the
// server through its fallback chain, shows diagnostics and hover, applies a quick fix and restarts
// the server on command.
//
// The desktop VS Code cannot be downloaded on our build machines, so this drives code-server
// (VS Code in the browser, from the npm registry) with headless Chromium. A manual step, never run
// by `npm test` or CI. Setup and usage: see "Screenshots" in ../CONTRIBUTING.md.
//
//   node scripts/screenshots.mjs --tools /tmp/cs [--chromium /usr/bin/chromium] [--vsix FILE] [--out media]
//                                [--expect-bundled-install]
//
// Everything it creates lives in a temporary folder that is removed at the end, and the
// code-server and Chromium processes it starts are stopped whatever happens.

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const { values: options } = parseArgs({
  options: {
    tools: { type: 'string', default: '/tmp/cs' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    vsix: { type: 'string', default: path.join(root, `${manifest.name}-${manifest.version}.vsix`) },
    out: { type: 'string', default: path.join(root, 'media') },
    example: { type: 'string', default: path.join(root, '..', 'examples', 'broken-submission.mc') },
    // Expect the bundled server to be installed on this start (no mcparse on PATH): check and
    // screenshot the progress notification (media/install.png).
    'expect-bundled-install': { type: 'boolean', default: false },
  },
});

const MAX_PNG_BYTES = 200 * 1024;
const codeServer = path.join(options.tools, 'node_modules', '.bin', 'code-server');
for (const needed of [codeServer, options.chromium, options.vsix, options.example]) {
  if (!existsSync(needed)) {
    console.error(`missing ${needed} (see "Screenshots" in CONTRIBUTING.md)`);
    process.exit(2);
  }
}
// playwright-core lives with code-server in the tools folder, not in this package's dependencies.
const { chromium } = createRequire(path.join(options.tools, 'package.json'))('playwright-core');

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mcparse-screenshots-'));
const dirs = Object.fromEntries(
  ['userData', 'extensions', 'workspace', 'chrome', 'xdgConfig', 'xdgData', 'xdgCache'].map((name) => [name, path.join(scratch, name)]),
);
for (const dir of Object.values(dirs)) {
  mkdirSync(dir, { recursive: true });
}
const exampleName = path.basename(options.example);
const exampleCopy = path.join(dirs.workspace, exampleName);
copyFileSync(options.example, exampleCopy);

// code-server and Chromium write config, caches and crash reports under the XDG folders (a
// device id, dconf, ...): keep all of it in the scratch folder.
const env = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache };
const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

const results = [];
function verified(what, ok, detail = '') {
  results.push({ what, ok, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail === '' ? '' : `: ${detail}`}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The mcparse output channel, as written to disk by the LogOutputChannel. */
function outputChannelText() {
  const found = spawnSync('find', [path.join(dirs.userData, 'logs'), '-name', 'mcparse.log'], { encoding: 'utf8' });
  return found.stdout
    .split('\n')
    .filter((file) => file !== '')
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(`timed out waiting for ${what}`);
  return false;
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}

async function goTo(page, line, column) {
  await page.keyboard.press('Control+g');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

/** Show the hover at the cursor and return its text once the server's part has arrived. */
async function showHover(page) {
  await runCommand(page, 'Show or Focus Hover');
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForTimeout(1500);
  return hover.innerText();
}

/**
 * Screenshot the smallest rectangle holding all `targets` (selectors or locators), with a margin;
 * `leftOf` names an element whose left edge starts the picture (the editor, for line numbers).
 */
async function shootAround(page, targets, file, margin = 0, leftOf = undefined) {
  const boxes = [];
  for (const target of targets) {
    const locator = typeof target === 'string' ? page.locator(target).first() : target;
    const box = await locator.boundingBox();
    if (box !== null) {
      boxes.push(box);
    }
  }
  const left = leftOf === undefined ? null : await page.locator(leftOf).first().boundingBox();
  const viewport = page.viewportSize();
  const x = left !== null ? left.x : Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
  const right = Math.min(viewport.width, Math.max(...boxes.map((box) => box.x + box.width)) + margin);
  const bottom = Math.min(viewport.height, Math.max(...boxes.map((box) => box.y + box.height)) + margin);
  await page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
  const size = statSync(file).size;
  verified(`${path.basename(file)} written`, size < MAX_PNG_BYTES, `${size} bytes`);
}

let server;
let context;
let page;
try {
  const install = spawnSync(codeServer, [...common, '--install-extension', options.vsix], { env, encoding: 'utf8' });
  verified('code-server --install-extension', install.status === 0, install.stdout.trim().split('\n').pop());

  // Nothing that chooses the server is set, so the extension walks its whole fallback chain.
  // Tracing makes the LSP traffic visible in the output channel.
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.layoutControl.enabled': false,
        'window.commandCenter': false,
        'chat.commandCenter.enabled': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'editor.minimap.enabled': false,
        // Below the line, so the hover picture shows the line it explains above the help.
        'editor.hover.above': false,
        'mcparse.trace.server': 'messages',
      },
      null,
      2,
    ),
  );

  const port = await freePort();
  // A process group of its own, so stopping it also stops the extension host and the language server.
  server = spawn(
    codeServer,
    [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      dirs.workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverLog = '';
  server.stdout.on('data', (chunk) => (serverLog += chunk));
  server.stderr.on('data', (chunk) => (serverLog += chunk));
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(url, 30_000);
  const version = spawnSync(codeServer, ['--version'], { env, encoding: 'utf8' }).stdout.trim();
  console.log(`code-server ${version}`);

  context = await chromium.launchPersistentContext(dirs.chrome, {
    executablePath: options.chromium,
    // Chromium's crash reporter writes under XDG_CONFIG_HOME whatever the profile folder is.
    env,
    headless: true,
    viewport: { width: 1000, height: 760 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}?folder=${encodeURIComponent(dirs.workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForTimeout(3000);

  // Open the example and hide the side bar, so the editor gets the room.
  await page.keyboard.press('Control+p');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(exampleName);
  // The file search answers after a while on a busy machine; Enter before that opens nothing.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: exampleName }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
  await runCommand(page, 'View: Close Primary Side Bar');

  const mode = await page
    .locator('#status\\.editor\\.mode')
    .innerText({ timeout: 15_000 })
    .catch(() => '');
  verified('language mode of the .mc file', mode.includes('sendmail .mc'), JSON.stringify(mode.trim()));
  const coloured = await page.locator('.view-lines span[class*="mtk"]').evaluateAll(
    (spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size,
  );
  verified('the grammar colours the file', coloured >= 4, `${coloured} distinct token colours`);

  // With no mcparse on PATH, the chain ends at the bundled server: the first start installs it,
  // with a progress notification. Screenshot 0: that notification, as a user sees it.
  if (options['expect-bundled-install']) {
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'mcparse: installing the server' }).first();
    const shown = await toast.waitFor({ state: 'visible', timeout: 60_000 }).then(
      () => true,
      () => false,
    );
    verified('first start shows the install progress notification', shown);
    if (shown) {
      // The pip step is the long one, and says what is being installed.
      await page
        .locator('.notifications-toasts .notification-toast', { hasText: 'pip install' })
        .first()
        .waitFor({ state: 'visible', timeout: 60_000 })
        .catch(() => undefined);
      await page.waitForTimeout(500);
      await shootAround(page, [toast], path.join(options.out, 'install.png'), 10);
    }
  }

  // Long enough for a first-start install (pip downloads pydantic-core and friends).
  const squiggles = await page.waitForSelector('.squiggly-error', { timeout: 240_000 }).then(
    () => true,
    () => false,
  );
  verified('diagnostics squiggles appear', squiggles);
  const channel = outputChannelText();
  const chain = channel
    .split('\n')
    .filter((line) => /mcparse\.server\.command:|mcparse\.interpreter:|Python extension|PATH:|Bundled server: (using|installed)|Server started/.test(line))
    .map((line) => line.replace(/^\S+ \S+ \[\w+\] /, ''));
  verified('server found through the fallback chain', chain.some((line) => line.startsWith('Server started')), chain.join(' | '));

  // Screenshot 1: the editor with the Problems panel.
  await runCommand(page, 'View: Focus Problems');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
  const problems = await page.locator('.markers-panel .monaco-list-row').count();
  verified('Problems panel lists mcparse findings', problems > 1, `${problems} rows`);
  await page.waitForTimeout(800);
  await shootAround(page, ['.part.editor', '.part.panel'], path.join(options.out, 'diagnostics.png'));
  await runCommand(page, 'View: Close Panel');

  // Hover on the `E` modifier of the MSA's DAEMON_OPTIONS: the server explains the modifier.
  const source = readFileSync(exampleCopy, 'utf8').split('\n');
  const msaLine = source.findIndex((line) => line.includes('M=E')) + 1;
  await page.locator('.monaco-editor .view-lines').first().click();
  await goTo(page, msaLine, source[msaLine - 1].indexOf('M=E') + 3);
  const modifierHover = await showHover(page);
  verified('hover on M=E explains the modifier', /M=E:/.test(modifierHover), JSON.stringify(modifierHover.match(/M=E:[^\n]*/)?.[0] ?? modifierHover.slice(0, 120)));
  await page.keyboard.press('Escape');

  // Quick fix: add FEATURE(`no_default_msa') through Ctrl+. on the MSA line, then save.
  await goTo(page, msaLine, 1);
  await page.waitForTimeout(500);
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'no_default_msa' }).first();
  const offered = await fix.waitFor({ state: 'visible', timeout: 15_000 }).then(
    () => true,
    () => false,
  );
  verified('quick fix offered for default-msa-not-disabled', offered);
  let applied = false;
  if (offered) {
    // Keyboard, as a user would: the widget's pointer shield swallows synthetic clicks.
    for (let step = 0; step < 10; step += 1) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label');
      if (focused?.includes('no_default_msa')) {
        break;
      }
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.waitForTimeout(800);
    await page.keyboard.press('Control+s');
    applied = await waitFor(
      // At the start of a line: the example already names the FEATURE in a dnl comment.
      () => /^FEATURE\(`no_default_msa'\)/m.test(readFileSync(exampleCopy, 'utf8')),
      10_000,
      'the fixed file on disk',
    );
    verified('quick fix inserts FEATURE(`no_default_msa\') (saved file)', applied);
  }

  // Screenshot 2: hover on the FEATURE name the quick fix just added.
  if (applied) {
    const fixed = readFileSync(exampleCopy, 'utf8').split('\n');
    const featureLine = fixed.findIndex((line) => line.startsWith("FEATURE(`no_default_msa')")) + 1;
    await page.waitForTimeout(1500);
    await goTo(page, featureLine, fixed[featureLine - 1].indexOf('no_default_msa') + 4);
    const featureHover = await showHover(page);
    verified('hover on a FEATURE name shows its help', featureHover.includes('no_default_msa'), JSON.stringify(featureHover.slice(0, 120)));
    // Anchored: the dnl comment above the daemons names the same FEATURE.
    const line = page.locator('.monaco-editor .view-line', { hasText: /^FEATURE\(`no_default_msa'\)/ }).first();
    await shootAround(page, ['.monaco-hover:not(.hidden)', line], path.join(options.out, 'hover.png'), 10, '.part.editor');
    await page.keyboard.press('Escape');
  }

  // Restart: a second "Server started" line must follow.
  const startsBefore = outputChannelText().split('Server started').length - 1;
  await runCommand(page, 'mcparse: Restart Server');
  const restarted = await waitFor(
    () => outputChannelText().split('Server started').length - 1 > startsBefore,
    30_000,
    'a restarted server',
  );
  verified('mcparse: Restart Server starts a new server', restarted);
  if (options['expect-bundled-install']) {
    // The second start must reuse the environment the first one installed.
    const reused = /Bundled server: using .* \(mcparse-[^ ]+\.whl, installed before\)/.test(outputChannelText());
    verified('the restarted server reuses the bundled environment', reused);
  }
  await runCommand(page, 'mcparse: Show Output');
  const channelShown = await page
    .waitForSelector('.part.panel select', { timeout: 10_000 })
    .then(() => page.locator('.part.panel select').first().evaluate((select) => select.options[select.selectedIndex]?.text ?? ''))
    .catch(() => '');
  verified('mcparse: Show Output opens the channel', channelShown === 'mcparse', JSON.stringify(channelShown));

  if (results.some((result) => !result.ok)) {
    console.log(serverLog.slice(-2000));
  }
} catch (error) {
  // What the window showed when it went wrong, kept outside the scratch folder that is removed.
  const picture = path.join(os.tmpdir(), `mcparse-screenshots-failure-${process.pid}.png`);
  await page?.screenshot({ path: picture }).then(
    () => console.error(`the window at the failure: ${picture}`),
    () => undefined,
  );
  throw error;
} finally {
  await context?.close().catch(() => undefined);
  if (server?.pid !== undefined) {
    try {
      process.kill(-server.pid, 'SIGTERM');
      const gone = await waitFor(() => !groupAlive(server.pid), 10_000, 'code-server to stop');
      if (!gone) {
        process.kill(-server.pid, 'SIGKILL');
      }
    } catch {
      // Already gone.
    }
  }
  rmSync(scratch, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.ok);
console.log(failed.length === 0 ? 'all checks passed' : `${failed.length} check(s) failed`);
process.exit(failed.length === 0 ? 0 : 1);
