/**
 * "mcparse: Preview sendmail.cf": the preview's name, which .mc a command is about, the message
 * when there is no preview, and the provider against a fake `vscode` with a fake server.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { PREVIEW_COMMAND, PREVIEW_SCHEME, previewFailure, previewPath, previewSource } from '../../src/preview';
import { createFakeVscode, FakeUri, loadWithFakeVscode } from './fake-vscode';

type CfPreviewModule = typeof import('../../src/cfPreview');

const root = path.resolve(__dirname, '..', '..', '..');
// The compiled src/cfPreview.js next to this test's output (out-test/src/).
const cfPreviewModule = path.resolve(__dirname, '..', '..', 'src', 'cfPreview.js');

describe('previewPath', () => {
  it('puts sendmail.cf where the .mc is', () => {
    assert.equal(previewPath('/etc/mail/sendmail.mc'), '/etc/mail/sendmail.cf');
    assert.equal(previewPath('/etc/mail/submit.MC'), '/etc/mail/submit.cf');
    assert.equal(previewPath('/srv/roles/mail/templates/sendmail.mc.j2'), '/srv/roles/mail/templates/sendmail.cf');
  });

  it('names documents that are not .mc files too', () => {
    assert.equal(previewPath('Untitled-1'), 'Untitled-1.cf');
    assert.equal(previewPath('/tmp/.mc'), '/tmp/sendmail.cf');
  });
});

describe('previewSource', () => {
  const isString = (value: unknown): value is string => typeof value === 'string';

  it('takes the URI the editor title menu passes', () => {
    assert.equal(previewSource(['file:///a.mc', { groupId: 1 }], isString, undefined, 'sendmail-mc'), 'file:///a.mc');
  });

  it('falls back to the active editor, only when it is a sendmail .mc', () => {
    const active = { uri: 'file:///b.mc', languageId: 'sendmail-mc' };
    assert.equal(previewSource([], isString, active, 'sendmail-mc'), 'file:///b.mc');
    assert.equal(previewSource([42], isString, active, 'sendmail-mc'), 'file:///b.mc');
    assert.equal(previewSource([], isString, { uri: 'file:///c.py', languageId: 'python' }, 'sendmail-mc'), undefined);
    assert.equal(previewSource([], isString, undefined, 'sendmail-mc'), undefined);
  });
});

describe('previewFailure', () => {
  it("passes the server's message on", () => {
    const error = new Error('Cannot preview sendmail.cf: no sendmail-cf found (looked for m4/cf.m4)');
    assert.equal(previewFailure(error), 'mcparse: Cannot preview sendmail.cf: no sendmail-cf found (looked for m4/cf.m4)');
    assert.equal(previewFailure({ code: -32803, message: 'not open' }), 'mcparse: not open');
    assert.equal(previewFailure(new Error('')), 'mcparse: the sendmail.cf preview failed');
  });
});

describe('package.json: the preview command', () => {
  const contributes = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).contributes;

  it('is contributed under the id the server declares, in the title bar of sendmail .mc editors', () => {
    const command = contributes.commands.find((entry: { command: string }) => entry.command === PREVIEW_COMMAND);
    assert.equal(command?.title, 'Preview sendmail.cf');
    assert.equal(command?.category, 'mcparse');
    const title = contributes.menus['editor/title'].find((entry: { command: string }) => entry.command === PREVIEW_COMMAND);
    assert.equal(title?.when, 'editorLangId == sendmail-mc');
  });
});

describe('CfPreview', () => {
  const source = FakeUri.from({ scheme: 'file', path: '/etc/mail/sendmail.mc' });

  function load(fetch: (uri: string) => Promise<string>) {
    const { vscode, recorder } = createFakeVscode({ settings: {} });
    const { CfPreview } = loadWithFakeVscode<CfPreviewModule>(cfPreviewModule, vscode);
    return { preview: new CfPreview(fetch, 'sendmail-mc'), vscode, recorder };
  }

  it("shows the server's sendmail.cf beside the .mc, as a read-only document of its own scheme", async () => {
    const asked: string[] = [];
    const { preview, recorder } = load(async (uri) => {
      asked.push(uri);
      return 'V10/Berkeley\nO LogLevel=9\n';
    });
    await preview.show(source, { groupId: 1 });
    assert.deepEqual(asked, [source.toString()]);
    assert.equal(recorder.shown.length, 1);
    const [{ uri, options }] = recorder.shown;
    assert.equal(uri.scheme, PREVIEW_SCHEME);
    assert.equal(uri.path, '/etc/mail/sendmail.cf');
    assert.equal(uri.query, source.toString());
    assert.deepEqual(options, { viewColumn: -2, preserveFocus: true, preview: true });
    assert.equal(await preview.provideTextDocumentContent(uri as never), 'V10/Berkeley\nO LogLevel=9\n');
    assert.deepEqual(asked, [source.toString()]); // the provider reuses what the command fetched
  });

  it('uses the active sendmail .mc when the palette passes nothing', async () => {
    const { preview, vscode, recorder } = load(async () => 'V10/Berkeley\n');
    (vscode.window as { activeTextEditor: unknown }).activeTextEditor = { document: { uri: source, languageId: 'sendmail-mc' } };
    await preview.show();
    assert.equal(recorder.shown[0]?.uri.query, source.toString());
  });

  it("says why there is no preview, in the server's words, and opens nothing", async () => {
    const { preview, recorder } = load(async () => {
      throw new Error('Cannot preview sendmail.cf: /tmp/empty is not a sendmail-cf directory');
    });
    await preview.show(source);
    assert.deepEqual(recorder.shown, []);
    assert.deepEqual(
      recorder.errors.map((error) => error.message),
      ['mcparse: Cannot preview sendmail.cf: /tmp/empty is not a sendmail-cf directory'],
    );
  });

  it('asks for a .mc when there is none', async () => {
    const { preview, recorder } = load(async () => 'unused');
    await preview.show();
    assert.deepEqual(recorder.shown, []);
    assert.match(recorder.errors[0]?.message ?? '', /open a sendmail \.mc file/);
  });
});
