/**
 * Just enough of the `vscode` module to load the bundled extension and activate it outside VS
 * Code. It records what the extension asked the editor to do.
 */

import Module from 'node:module';

export interface Recorder {
  errors: { message: string; items: string[] }[];
  infos: string[];
  opened: string[];
  log: string[];
  commands: Map<string, (...args: unknown[]) => unknown>;
  configListeners: ((event: { affectsConfiguration(section: string): boolean }) => void)[];
  updates: { section: string; key: string; value: unknown; target: number }[];
  /** Content providers by scheme. */
  providers: Map<string, unknown>;
  /** Documents shown in an editor, with the options they were shown with. */
  shown: { uri: FakeUri; options: unknown }[];
  /** Progress notifications: their title and the messages reported. */
  progress: { title: string; messages: string[] }[];
  /** Commands the extension ran (`vscode.commands.executeCommand`), with their arguments. */
  executed: unknown[][];
}

/** Enough of `vscode.Uri`: parsed from a string (kept as written) or built from parts. */
export class FakeUri {
  constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query: string,
    private readonly written?: string,
  ) {}

  static parse(value: string): FakeUri {
    const scheme = /^([a-zA-Z][\w+.-]*):/.exec(value)?.[1] ?? 'file';
    return new FakeUri(scheme, value.slice(scheme.length + 1).replace(/^\/\//, ''), '', value);
  }

  static from(parts: { scheme: string; path?: string; query?: string }): FakeUri {
    return new FakeUri(parts.scheme, parts.path ?? '', parts.query ?? '');
  }

  get fsPath(): string {
    return this.written ?? this.path;
  }

  toString(): string {
    return this.written ?? `${this.scheme}://${this.path}${this.query === '' ? '' : `?${encodeURIComponent(this.query)}`}`;
  }
}

/** `vscode.EventEmitter`: listeners called on fire. */
class FakeEventEmitter<T> {
  private readonly listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  };

  fire(value: T): void {
    for (const listener of this.listeners) {
      listener(value);
    }
  }

  dispose(): void {
    this.listeners.length = 0;
  }
}

export interface FakeOptions {
  settings: Record<string, unknown>;
  /** The button the user "clicks" on an error notification. */
  errorChoice?: string;
}

class Stub {}

export function createFakeVscode(options: FakeOptions): { vscode: Record<string, unknown>; recorder: Recorder } {
  const recorder: Recorder = {
    errors: [], infos: [], opened: [], log: [], commands: new Map(), configListeners: [], updates: [], providers: new Map(), shown: [], progress: [], executed: [],
  };
  const disposable = { dispose(): void {} };
  const channel = {
    name: 'mcparse',
    info: (message: string) => recorder.log.push(message),
    warn: (message: string) => recorder.log.push(`warn: ${message}`),
    error: (message: string) => recorder.log.push(`error: ${message}`),
    debug: () => undefined,
    trace: () => undefined,
    append: () => undefined,
    appendLine: (message: string) => recorder.log.push(message),
    replace: () => undefined,
    clear: () => undefined,
    show: () => recorder.log.push('<shown>'),
    hide: () => undefined,
    dispose: () => undefined,
  };
  const vscode: Record<string, unknown> = {
    window: {
      activeTextEditor: undefined,
      createOutputChannel: () => channel,
      showErrorMessage: async (message: string, ...items: string[]) => {
        recorder.errors.push({ message, items });
        return options.errorChoice;
      },
      showInformationMessage: async (message: string) => {
        recorder.infos.push(message);
        return undefined;
      },
      withProgress: async (options: { title: string }, task: (progress: { report(value: { message?: string }): void }) => Promise<unknown>) => {
        const entry = { title: options.title, messages: [] as string[] };
        recorder.progress.push(entry);
        return task({ report: (value) => entry.messages.push(value.message ?? '') });
      },
      showTextDocument: async (document: { uri: FakeUri }, options: unknown) => {
        recorder.shown.push({ uri: document.uri, options });
        return undefined;
      },
    },
    workspace: {
      workspaceFolders: undefined,
      getWorkspaceFolder: () => undefined,
      getConfiguration: (section: string) => ({
        get: (key: string) => options.settings[`${section}.${key}`],
        inspect: (key: string) => ({ key, globalValue: options.settings[`${section}.${key}`] }),
        update: async (key: string, value: unknown, target: number) => {
          recorder.updates.push({ section, key, value, target });
        },
      }),
      onDidChangeConfiguration: (listener: Recorder['configListeners'][number]) => {
        recorder.configListeners.push(listener);
        return disposable;
      },
      onDidSaveTextDocument: () => disposable,
      onDidCloseTextDocument: () => disposable,
      openTextDocument: async (uri: FakeUri) => ({ uri }),
      registerTextDocumentContentProvider: (scheme: string, provider: unknown) => {
        recorder.providers.set(scheme, provider);
        return disposable;
      },
    },
    extensions: { getExtension: () => undefined },
    commands: {
      registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        recorder.commands.set(id, handler);
        return disposable;
      },
      executeCommand: async (...args: unknown[]) => {
        recorder.executed.push(args);
        return undefined;
      },
    },
    env: {
      openExternal: async (uri: { toString(): string }) => {
        recorder.opened.push(uri.toString());
        return true;
      },
    },
    Uri: FakeUri,
    EventEmitter: FakeEventEmitter,
    ViewColumn: { Active: -1, Beside: -2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  };
  // vscode-languageclient subclasses these when it loads.
  for (const name of ['CompletionItem', 'CodeLens', 'DocumentLink', 'CodeAction', 'Diagnostic', 'CallHierarchyItem', 'TypeHierarchyItem', 'SymbolInformation', 'InlayHint', 'CancellationError']) {
    vscode[name] = class extends Stub {};
  }
  return { vscode, recorder };
}

type Resolver = (request: string, ...rest: unknown[]) => string;

/** Load `modulePath` afresh with `require('vscode')` answering `fake`. */
export function loadWithFakeVscode<T>(modulePath: string, fake: Record<string, unknown>): T {
  const moduleInternals = Module as unknown as { _resolveFilename: Resolver };
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
  };
  require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: fake } as NodeJS.Module;
  delete require.cache[require.resolve(modulePath)];
  try {
    return require(modulePath) as T;
  } finally {
    moduleInternals._resolveFilename = original;
  }
}

/** The parts of `ExtensionContext` the extension uses, for an extension installed in `extensionDir`. */
export function fakeContext(extensionDir: string, storageDir: string, version = '0.1.0'): {
  subscriptions: { dispose(): void }[];
  extensionPath: string;
  globalStorageUri: { fsPath: string };
  extension: { packageJSON: { version: string } };
} {
  return { subscriptions: [], extensionPath: extensionDir, globalStorageUri: { fsPath: storageDir }, extension: { packageJSON: { version } } };
}
