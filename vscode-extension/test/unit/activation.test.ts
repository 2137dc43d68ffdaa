/**
 * The bundled extension (dist/extension.js, what the .vsix ships) activated against a fake
 * `vscode` on a machine with no mcparse: one notification, a working docs button, a logged chain.
 */

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { INSTALL_DOCS_URL } from '../../src/server';
import { createFakeVscode, fakeContext, loadWithFakeVscode } from './fake-vscode';

interface ExtensionModule {
  activate(context: { subscriptions: { dispose(): void }[] }): Promise<void>;
  deactivate(): Promise<void>;
}

const bundle = path.resolve(__dirname, '..', '..', '..', 'dist', 'extension.js');
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('activation without mcparse installed', () => {
  let emptyBin: string;
  let savedPath: string | undefined;
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'mcparse-ext-home-'));
    emptyBin = mkdtempSync(path.join(tmpdir(), 'mcparse-ext-'));
    // A "python" that lacks mcparse_lsp: the import probe exits non-zero.
    const python = path.join(emptyBin, 'python3');
    writeFileSync(python, '#!/bin/sh\nexit 3\n');
    chmodSync(python, 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = emptyBin;
  });

  after(() => {
    process.env.PATH = savedPath;
    rmSync(emptyBin, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows one notification that says how to install, and its button opens the docs', { skip: process.platform === 'win32' }, async () => {
    const { vscode, recorder } = createFakeVscode({
      settings: { 'mcparse.interpreter': path.join(emptyBin, 'python3'), 'mcparse.server.command': [] },
      errorChoice: 'How to Install',
    });
    const extension = loadWithFakeVscode<ExtensionModule>(bundle, vscode);
    // Run from a source folder: there is no bundled wheel, so the chain ends with the install docs.
    const context = fakeContext(path.join(scratch, 'source-folder'), path.join(scratch, 'storage'));
    await extension.activate(context);
    await settle();

    assert.equal(recorder.errors.length, 1);
    assert.match(recorder.errors[0].message, /pip install \/path\/to\/mcparse/);
    assert.deepEqual(recorder.errors[0].items, ['How to Install', 'Show Output']);
    assert.deepEqual(recorder.opened, [INSTALL_DOCS_URL]);
    const log = recorder.log.join('\n');
    assert.match(log, /mcparse\.interpreter: .*python3 has no mcparse_lsp module/);
    assert.match(log, /PATH: no mcparse-lsp found/);
    assert.match(log, /Bundled server: no mcparse wheel in /);

    // A restart, by command or by a setting change, logs again but does not nag again.
    await recorder.commands.get('mcparse.restartServer')?.();
    for (const listener of recorder.configListeners) {
      listener({ affectsConfiguration: (section) => section === 'mcparse.interpreter' });
    }
    await settle();
    assert.equal(recorder.errors.length, 1);
    assert.equal(recorder.log.filter((line) => line.startsWith('PATH: no mcparse-lsp')).length, 3);

    await recorder.commands.get('mcparse.showOutput')?.();
    assert.ok(recorder.log.includes('<shown>'));
    await extension.deactivate();
    for (const disposable of context.subscriptions) {
      disposable.dispose();
    }
  });

  it('with a bundled wheel but no usable Python, says so and offers the interpreter setting', { skip: process.platform === 'win32' }, async () => {
    const installed = path.join(scratch, 'installed-extension');
    mkdirSync(path.join(installed, 'server'), { recursive: true });
    writeFileSync(path.join(installed, 'server', 'mcparse-0.1.0-py3-none-any.whl'), 'not read before a Python is found');
    const { vscode, recorder } = createFakeVscode({ settings: { 'mcparse.server.command': [] }, errorChoice: 'Open Settings' });
    const extension = loadWithFakeVscode<ExtensionModule>(bundle, vscode);
    const context = fakeContext(installed, path.join(scratch, 'storage'));
    await extension.activate(context);
    await settle();

    assert.equal(recorder.errors.length, 1);
    assert.match(recorder.errors[0].message, /needs Python 3\.10 or newer/);
    assert.deepEqual(recorder.errors[0].items, ['Open Settings', 'Show Output']);
    assert.deepEqual(recorder.executed, [['workbench.action.openSettings', 'mcparse.interpreter']]);
    assert.deepEqual(recorder.progress, [], 'no progress notification without a Python to install with');
    // The fake python3 on PATH exits 3 for every question, so the version probe fails too.
    assert.match(recorder.log.join('\n'), /Bundled server: .*python3 \(PATH\) did not answer with its version/);
    await extension.deactivate();
    for (const disposable of context.subscriptions) {
      disposable.dispose();
    }
  });

  it('registers exactly the contributed commands and maps templates on request', async () => {
    const { vscode, recorder } = createFakeVscode({ settings: { 'files.associations': { '*.cf': 'plaintext' } } });
    const extension = loadWithFakeVscode<ExtensionModule>(bundle, vscode);
    await extension.activate(fakeContext(path.join(scratch, 'source-folder'), path.join(scratch, 'storage')));
    assert.deepEqual([...recorder.commands.keys()].sort(), [
      'mcparse.associateTemplates',
      'mcparse.previewCf',
      'mcparse.restartServer',
      'mcparse.showOutput',
    ]);
    assert.ok(recorder.providers.has('mcparse-cf'), 'the preview documents need their content provider');
    await recorder.commands.get('mcparse.associateTemplates')?.();
    assert.deepEqual(recorder.updates, [
      { section: 'files', key: 'associations', value: { '*.cf': 'plaintext', '*.mc.j2': 'sendmail-mc', '*.mc.jinja': 'sendmail-mc', '*.mc.erb': 'sendmail-mc' }, target: 1 },
    ]);
    await extension.deactivate();
  });
});
