/**
 * Owns the language client: finds the server (server.ts), starts it, restarts it when the way to
 * start it changes, maps the `mcparse` settings for the server, and runs the server's commands.
 */

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  type DynamicFeature,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';

import { onInterpreterChanged, selectedInterpreter } from './python';
import { INSTALL_DOCS_URL, installMessage, resolveServerCommand, type ServerCommand } from './server';
import { readLaunchSettings, RESTART_SETTINGS, toServerSettings, type PathContext } from './settings';
import { findExecutable, pythonHasServer } from './system';

export const LANGUAGE_ID = 'sendmail-mc';
const SECTION = 'mcparse';

function pathContext(scopeUri?: string): PathContext {
  const folder =
    (scopeUri !== undefined ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(scopeUri)) : undefined) ??
    vscode.workspace.workspaceFolders?.[0];
  return { workspaceFolder: folder?.uri.fsPath, home: os.homedir() };
}

/** The file the server is being started for: the Python extension picks interpreters per folder. */
function currentResource(): vscode.Uri | undefined {
  return vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

/**
 * vscode-languageclient registers a VS Code command for each command the server declares, and VS
 * Code refuses a second registration of an id (the client would then fail to start). The
 * extension registers `mcparse.previewCf` itself, because its command opens the preview rather
 * than only asking for the text, so this client leaves workspace/executeCommand to the extension
 * (ServerController.executeCommand). Matched on the LSP method, not the library's class name.
 */
class McparseLanguageClient extends LanguageClient {
  registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    const method = (feature as { registrationType?: { method?: string } }).registrationType?.method;
    if (method === ExecuteCommandRequest.method) {
      return;
    }
    super.registerFeature(feature);
  }
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private server: ServerCommand | undefined;
  private toldToInstall = false;
  private busy: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
          this.output.info('A setting that chooses the server changed; restarting.');
          void this.restart();
        }
      }),
    );
    void onInterpreterChanged(() => {
      // Only a server that came from the Python extension, or no server at all, can change.
      if (this.server === undefined || this.server.source === 'python-extension') {
        this.output.info('The Python extension selected another interpreter; restarting.');
        void this.restart();
      }
    }).then((disposable) => {
      if (disposable !== undefined) {
        this.disposables.push(disposable);
      }
    });
  }

  /** Start, stop and restart run one at a time, so a burst of setting changes starts one server. */
  restart(): Promise<void> {
    this.busy = this.busy.then(async () => {
      await this.stopClient();
      await this.startClient();
    });
    return this.busy;
  }

  /** Run one of the server's commands (workspace/executeCommand); rejects with the server's error message. */
  async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    await this.busy;
    const client = this.client;
    if (client === undefined || !client.isRunning()) {
      throw new Error('the mcparse language server is not running (mcparse: Show Output says why).');
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  stop(): Promise<void> {
    this.busy = this.busy.then(() => this.stopClient());
    return this.busy;
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
    void this.stop();
  }

  private async startClient(): Promise<void> {
    const settings = readLaunchSettings(vscode.workspace.getConfiguration(SECTION), pathContext());
    this.output.info('Looking for the mcparse language server.');
    this.server = await resolveServerCommand({
      settings,
      pythonExtensionInterpreter: () => selectedInterpreter(currentResource()),
      findExecutable,
      pythonHasServer,
      log: (message) => this.output.info(message),
    });
    if (this.server === undefined) {
      this.tellHowToInstall();
      return;
    }

    // No `transport` on purpose: with TransportKind.stdio the client appends `--stdio` to the
    // command, and the server speaks stdio by default without any flag.
    const serverOptions: ServerOptions = {
      command: this.server.command,
      args: this.server.args,
      options: { cwd: pathContext().workspaceFolder, env: { ...process.env, PYTHONUNBUFFERED: '1' } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: LANGUAGE_ID },
        { scheme: 'untitled', language: LANGUAGE_ID },
      ],
      outputChannel: this.output,
      traceOutputChannel: this.output,
      synchronize: { configurationSection: SECTION },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) {
              return answer;
            }
            return answer.map((value: unknown, index: number) => {
              const item = params.items[index];
              return item?.section === SECTION ? toServerSettings(value, pathContext(item.scopeUri)) : value;
            });
          },
        },
      },
    };
    this.client = new McparseLanguageClient(SECTION, 'mcparse', serverOptions, clientOptions);
    try {
      await this.client.start();
      this.output.info(`Server started (${this.server.source}).`);
    } catch (error) {
      this.output.error(`The server did not start: ${String(error)}`);
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.stop();
    } catch (error) {
      this.output.warn(`Stopping the server failed: ${String(error)}`);
    }
  }

  private tellHowToInstall(): void {
    this.output.error(installMessage());
    if (this.toldToInstall) {
      return;
    }
    this.toldToInstall = true;
    const openDocs = 'How to Install';
    const showOutput = 'Show Output';
    void vscode.window.showErrorMessage(installMessage(), openDocs, showOutput).then((choice) => {
      if (choice === openDocs) {
        void vscode.env.openExternal(vscode.Uri.parse(INSTALL_DOCS_URL));
      } else if (choice === showOutput) {
        this.output.show();
      }
    });
  }
}
