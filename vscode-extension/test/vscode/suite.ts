/**
 * Runs inside a real VS Code (the extension host that @vscode/test-electron starts, see
 * scripts/run-vscode-tests.mjs), with this extension loaded from its folder: open a sendmail .mc
 * file and wait for the server's diagnostics. No sleeping: it waits on VS Code's own event.
 */

import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const DIAGNOSTICS_TIMEOUT_MS = 90_000;

/** The server's diagnostics for `uri`, as soon as VS Code has some. */
function diagnosticsFor(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no diagnostics for ${uri.fsPath} within ${DIAGNOSTICS_TIMEOUT_MS} ms (see the mcparse output channel in the log)`));
    }, DIAGNOSTICS_TIMEOUT_MS);
    const check = (): boolean => {
      const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'mc-check');
      if (found.length === 0) {
        return false;
      }
      clearTimeout(timer);
      listener.dispose();
      resolve(found);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) {
        check();
      }
    });
    check();
  });
}

function code(diagnostic: vscode.Diagnostic): string {
  const value = diagnostic.code;
  return String(typeof value === 'object' && value !== null ? value.value : value);
}

/** The entry point @vscode/test-electron calls; a rejection fails the run. */
export async function run(): Promise<void> {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  assert.ok(workspace !== undefined, 'the runner opens a workspace folder');
  const uri = vscode.Uri.file(path.join(workspace.uri.fsPath, 'broken-submission.mc'));
  const arrived = diagnosticsFor(uri);

  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'sendmail-mc', 'a .mc file whose first line is divert(-1) opens as sendmail .mc');
  const extension = vscode.extensions.getExtension('mcparse.mcparse');
  assert.ok(extension !== undefined, 'the extension under test is loaded');

  const diagnostics = await arrived;
  const codes = diagnostics.map(code).sort();
  console.log(`diagnostics: ${codes.join(', ')}`);
  // examples/broken-submission.mc is there to break these rules (see its comments).
  for (const expected of ['MC101', 'MC201']) {
    assert.ok(codes.includes(expected), `expected ${expected} among ${codes.join(', ')}`);
  }
  assert.ok(extension.isActive, 'opening the file activated the extension');
}
