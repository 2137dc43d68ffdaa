/** Entry point: wires the output channel, the commands and the server controller together. */

import * as vscode from 'vscode';

import { LANGUAGE_ID, ServerController } from './client';
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
  controller = new ServerController(output);
  context.subscriptions.push(
    output,
    controller,
    vscode.commands.registerCommand('mcparse.restartServer', () => controller?.restart()),
    vscode.commands.registerCommand('mcparse.showOutput', () => output.show()),
    vscode.commands.registerCommand('mcparse.associateTemplates', associateTemplates),
  );
  await controller.restart();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
