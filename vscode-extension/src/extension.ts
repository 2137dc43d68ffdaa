/** Entry point: wires the output channel, the commands and the server controller together. */

import * as vscode from 'vscode';

import { CfPreview } from './cfPreview';
import { LANGUAGE_ID, ServerController } from './client';
import { PREVIEW_COMMAND, PREVIEW_SCHEME } from './preview';
import { withTemplateAssociations } from './settings';

let controller: ServerController | undefined;

async function associateTemplates(): Promise<void> {
  const files = vscode.workspace.getConfiguration('files');
  const target =
    vscode.workspace.workspaceFolders === undefined ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
  const inspected = files.inspect<Record<string, string>>('associations');
  const current = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
  await files.update('associations', withTemplateAssociations(current, LANGUAGE_ID), target);
  void vscode.window.showInformationMessage('mcparse: *.mc.j2, *.mc.jinja and *.mc.erb files now open as sendmail .mc.');
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('mcparse', { log: true });
  const server = new ServerController(output, context);
  controller = server;
  const preview = new CfPreview(async (uri) => {
    const text = await server.executeCommand(PREVIEW_COMMAND, [uri]);
    if (typeof text !== 'string') {
      throw new Error('the server sent no sendmail.cf text');
    }
    return text;
  }, LANGUAGE_ID);
  context.subscriptions.push(
    output,
    controller,
    preview,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
    vscode.commands.registerCommand('mcparse.restartServer', () => controller?.restart()),
    vscode.commands.registerCommand('mcparse.showOutput', () => output.show()),
    vscode.commands.registerCommand('mcparse.associateTemplates', associateTemplates),
    vscode.commands.registerCommand('mcparse.previewCf', (...args: unknown[]) => preview.show(...args)),
  );
  await controller.restart();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
