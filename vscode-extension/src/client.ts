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

import { type BundleResult, ensureBundledServer } from './bundled';
import { onInterpreterChanged, selectedInterpreter } from './python';
import {
  basePythonCandidates,
  bundleProblemMessage,
  INSTALL_DOCS_URL,
  installMessage,
  resolveServerCommand,
  type ServerCommand,
} from './server';
import { didChangeConfigurationAsPull, readLaunchSettings, RESTART_SETTINGS, toServerSettings, type PathContext } from './settings';
import { findExecutable, nodeBundleFileSystem, pythonHasServer, runProcess } from './system';

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
  /** Why the bundled server could not be had at the last start, if it was tried. */
  private bundleFailure: Extract<BundleResult, { ok: false }> | undefined;
  private busy: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly context: Pick<vscode.ExtensionContext, 'extensionPath' | 'globalStorageUri' | 'extension'>,
  ) {
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
    this.bundleFailure = undefined;
    const pythonExtensionInterpreter = (): Promise<string | undefined> => selectedInterpreter(currentResource());
    const log = (message: string): void => this.output.info(message);
    this.server = await resolveServerCommand({
      settings,
      pythonExtensionInterpreter,
      findExecutable,
      pythonHasServer,
      bundledServer: async () => {
        const result = await ensureBundledServer({
          extensionDir: this.context.extensionPath,
          storageDir: this.context.globalStorageUri.fsPath,
          extensionVersion: String(this.context.extension.packageJSON.version),
          platform: process.platform,
          basePythons: () =>
            basePythonCandidates({ interpreter: settings.interpreter, pythonExtensionInterpreter, findExecutable, platform: process.platform }),
          run: runProcess,
          fs: nodeBundleFileSystem,
          withProgress: (title, task) =>
            Promise.resolve(
              vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (progress) =>
                task((message) => progress.report({ message })),
              ),
            ),
          log,
        });
        this.bundleFailure = result.ok ? undefined : result;
        return result.ok ? result.python : undefined;
      },
      log,
    });
    if (this.server === undefined) {
      this.tellHowToInstall();
      return;
    }
    this.toldToInstall = false;

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
          didChangeConfiguration: didChangeConfigurationAsPull,
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

  /**
   * Say once per failure streak why there is no server, with the one action that fixes it: the
   * interpreter setting when Python is missing, the log when an install failed, the install docs
   * when there is no bundled server at all (an extension run from its source folder).
   */
  private tellHowToInstall(): void {
    const failure = this.bundleFailure;
    const bundled = failure !== undefined && failure.problem !== 'no-wheel';
    const message = bundled ? bundleProblemMessage(failure.problem, failure.detail) : installMessage();
    this.output.error(message);
    if (this.toldToInstall) {
      return;
    }
    this.toldToInstall = true;
    const openDocs = 'How to Install';
    const openSettings = 'Open Settings';
    const showOutput = 'Show Output';
    const actions = !bundled ? [openDocs, showOutput] : failure.problem === 'no-python' ? [openSettings, showOutput] : [showOutput, openSettings];
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
      if (choice === openDocs) {
        void vscode.env.openExternal(vscode.Uri.parse(INSTALL_DOCS_URL));
      } else if (choice === openSettings) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'mcparse.interpreter');
      } else if (choice === showOutput) {
        this.output.show();
      }
    });
  }
}
