/**
 * Finding the mcparse language server: an explicit, logged fallback chain.
 *
 *   1. `mcparse.server.command`  - the user said exactly what to run;
 *   2. `mcparse.interpreter`     - a Python that has mcparse: `python -m mcparse_lsp`;
 *   3. the Python extension      - its selected interpreter, if mcparse is installed there;
 *   4. `mcparse-lsp` on PATH     - what `pip install` / `pipx install` of mcparse put there.
 *
 * Every step logs why it was taken or skipped, so "the server does not start" can be answered
 * from the output channel alone. Nothing here imports `vscode` or touches the machine directly:
 * the caller injects the probes, which keeps the chain testable without VS Code.
 */

import type { LaunchSettings } from './settings';

/** The Python module and console script that mcparse installs for the language server. */
export const SERVER_MODULE = 'mcparse_lsp';
export const SERVER_SCRIPT = 'mcparse-lsp';
/** Where the install notification's button leads. */
// mcparse is not on PyPI yet: the install steps are in the repository's README.
export const INSTALL_DOCS_URL = 'https://github.com/mcparse/mcparse#try-it-fresh-machine';

export type ServerSource = 'setting' | 'interpreter' | 'python-extension' | 'path';

/** A command that starts the server speaking LSP on stdin/stdout. */
export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
}

/** What the chain needs from the outside world; each probe must not throw. */
export interface ResolveDeps {
  settings: LaunchSettings;
  /** The Python extension's interpreter for the current resource, or undefined when it has none / is not installed. */
  pythonExtensionInterpreter: () => Promise<string | undefined>;
  /** Full path of `program` if it can be run: an existing executable path, or a name found on PATH. */
  findExecutable: (program: string) => Promise<string | undefined>;
  /** Whether `python` can import the server module. */
  pythonHasServer: (python: string) => Promise<boolean>;
  log: (message: string) => void;
}

function describe(command: string, args: string[]): string {
  return [command, ...args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ');
}

async function tryInterpreter(
  python: string,
  source: ServerSource,
  label: string,
  deps: ResolveDeps,
): Promise<ServerCommand | undefined> {
  const executable = await deps.findExecutable(python);
  if (executable === undefined) {
    deps.log(`${label}: ${python} cannot be run (not found or not executable); trying the next way.`);
    return undefined;
  }
  if (!(await deps.pythonHasServer(executable))) {
    deps.log(`${label}: ${executable} has no ${SERVER_MODULE} module (pip install a checkout or wheel of mcparse); trying the next way.`);
    return undefined;
  }
  const found: ServerCommand = { command: executable, args: ['-m', SERVER_MODULE], source };
  deps.log(`${label}: using ${describe(found.command, found.args)}`);
  return found;
}

/**
 * Walk the chain and return the first command that can start the server, or undefined when none
 * can (the caller then tells the user how to install mcparse).
 */
export async function resolveServerCommand(deps: ResolveDeps): Promise<ServerCommand | undefined> {
  const [program, ...args] = deps.settings.serverCommand;
  if (program !== undefined) {
    const executable = await deps.findExecutable(program);
    if (executable !== undefined) {
      deps.log(`mcparse.server.command: using ${describe(executable, args)}`);
      return { command: executable, args, source: 'setting' };
    }
    deps.log(`mcparse.server.command: ${program} cannot be run (not found or not executable); trying the next way.`);
  } else {
    deps.log('mcparse.server.command: not set.');
  }

  if (deps.settings.interpreter !== '') {
    const found = await tryInterpreter(deps.settings.interpreter, 'interpreter', 'mcparse.interpreter', deps);
    if (found !== undefined) {
      return found;
    }
  } else {
    deps.log('mcparse.interpreter: not set.');
  }

  let selected: string | undefined;
  try {
    selected = await deps.pythonExtensionInterpreter();
  } catch (error) {
    deps.log(`Python extension: could not ask for its interpreter (${String(error)}).`);
  }
  if (selected !== undefined && selected !== '') {
    const found = await tryInterpreter(selected, 'python-extension', 'Python extension interpreter', deps);
    if (found !== undefined) {
      return found;
    }
  } else {
    deps.log('Python extension: not installed or no interpreter selected.');
  }

  const onPath = await deps.findExecutable(SERVER_SCRIPT);
  if (onPath !== undefined) {
    deps.log(`PATH: using ${onPath}`);
    return { command: onPath, args: [], source: 'path' };
  }
  deps.log(`PATH: no ${SERVER_SCRIPT} found.`);
  return undefined;
}

/** The one message shown when no way to start the server worked. */
export function installMessage(): string {
  return (
    'mcparse: the language server was not found. Install mcparse from a checkout or wheel ' +
    '(`pip install /path/to/mcparse`, or `pipx install` of the same), ' +
    'or point the setting mcparse.interpreter at a Python that has it. Highlighting works without it.'
  );
}

/** What `findOnPath` needs to know about the machine. */
export interface PathEnvironment {
  /** The PATH variable. */
  path: string | undefined;
  /** Windows' PATHEXT; ignored elsewhere. */
  pathExt: string | undefined;
  platform: string;
  isExecutableFile: (candidate: string) => Promise<boolean>;
  joinPath: (directory: string, name: string) => string;
  isAbsolute: (candidate: string) => boolean;
}

/**
 * Resolve a program the way a shell would: a path with a separator is taken as is, a bare name is
 * looked up in each PATH directory (with PATHEXT suffixes on Windows, where `mcparse-lsp` is
 * installed as `mcparse-lsp.exe`).
 */
export async function findOnPath(program: string, env: PathEnvironment): Promise<string | undefined> {
  if (program === '') {
    return undefined;
  }
  const windows = env.platform === 'win32';
  const suffixes = windows
    ? ['', ...(env.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((ext) => ext !== '').map((ext) => ext.toLowerCase())]
    : [''];
  const hasSeparator = program.includes('/') || (windows && program.includes('\\'));
  if (hasSeparator || env.isAbsolute(program)) {
    for (const suffix of suffixes) {
      if (await env.isExecutableFile(program + suffix)) {
        return program + suffix;
      }
    }
    return undefined;
  }
  const directories = (env.path ?? '').split(windows ? ';' : ':').filter((directory) => directory !== '');
  for (const directory of directories) {
    for (const suffix of suffixes) {
      const candidate = env.joinPath(directory, program + suffix);
      if (await env.isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
