/**
 * Finding the mcparse language server: an explicit, logged fallback chain.
 *
 *   1. `mcparse.server.command`  - the user said exactly what to run;
 *   2. `mcparse.interpreter`     - a Python that has mcparse: `python -m mcparse_lsp`;
 *   3. the Python extension      - its selected interpreter, if mcparse is installed there;
 *   4. `mcparse-lsp` on PATH     - what `pip install` / `pipx install` of mcparse put there;
 *   5. the bundled server        - the wheel shipped in the .vsix, installed on first start into
 *                                  an environment of the extension's own (bundled.ts).
 *
 * A mcparse the user installed wins over the bundled one: a user who installs it knows which
 * version they want (a checkout they work on, the one their CI runs), and the settings say so
 * explicitly; everyone else gets the bundled server without doing anything.
 *
 * Every step logs why it was taken or skipped, so "the server does not start" can be answered
 * from the output channel alone. Nothing here imports `vscode` or touches the machine directly:
 * the caller injects the probes, which keeps the chain testable without VS Code.
 */

import { type BundleProblem, MIN_PYTHON, type PythonCandidate } from './bundled';
import type { LaunchSettings } from './settings';

/** The Python module and console script that mcparse installs for the language server. */
export const SERVER_MODULE = 'mcparse_lsp';
export const SERVER_SCRIPT = 'mcparse-lsp';
/** Where the install notification's button leads. */
// mcparse is not on PyPI yet: the install steps are in the repository's README.
export const INSTALL_DOCS_URL = 'https://github.com/mcparse/mcparse#try-it-fresh-machine';

export type ServerSource = 'setting' | 'interpreter' | 'python-extension' | 'path' | 'bundled';

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
  /**
   * The Python of the bundled server's environment, installed first if need be; undefined when it
   * cannot be had (the probe logs why). Left out, the chain ends at step 4.
   */
  bundledServer?: () => Promise<string | undefined>;
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

  if (deps.bundledServer !== undefined) {
    const python = await deps.bundledServer();
    if (python !== undefined) {
      deps.log(`Bundled server: using ${describe(python, ['-m', SERVER_MODULE])}`);
      return { command: python, args: ['-m', SERVER_MODULE], source: 'bundled' };
    }
  }
  return undefined;
}

/**
 * The Pythons that may create the bundled server's environment, best first: the ones the user
 * chose (mcparse.interpreter, then the Python extension's), then what PATH offers. Duplicates and
 * programs that are not there are left out.
 */
export async function basePythonCandidates(deps: {
  interpreter: string;
  pythonExtensionInterpreter: () => Promise<string | undefined>;
  findExecutable: (program: string) => Promise<string | undefined>;
  platform: string;
}): Promise<PythonCandidate[]> {
  const found: PythonCandidate[] = [];
  const add = async (program: string, args: string[], label: string): Promise<void> => {
    const executable = await deps.findExecutable(program);
    if (executable !== undefined && !found.some((candidate) => candidate.command === executable && candidate.args.join(' ') === args.join(' '))) {
      found.push({ command: executable, args, label });
    }
  };
  if (deps.interpreter !== '') {
    await add(deps.interpreter, [], 'mcparse.interpreter');
  }
  let selected: string | undefined;
  try {
    selected = await deps.pythonExtensionInterpreter();
  } catch {
    selected = undefined;
  }
  if (selected !== undefined && selected !== '') {
    await add(selected, [], 'Python extension');
  }
  // Windows: python.org installs `py`, and `python3` there is often the Store's stub.
  const names: [string, string[]][] =
    deps.platform === 'win32' ? [['python', []], ['py', ['-3']], ['python3', []]] : [['python3', []], ['python', []]];
  for (const [name, args] of names) {
    await add(name, args, 'PATH');
  }
  return found;
}

/** What the notification says when the bundled server could not be installed, by cause. */
export function bundleProblemMessage(problem: BundleProblem, detail: string): string {
  // The first line of the detail names the cause; a trailing colon introduced the tool's output.
  const firstLine = detail.split('\n')[0].replace(/:$/, '');
  if (problem === 'no-python') {
    return (
      `mcparse: its language server needs Python ${MIN_PYTHON.join('.')} or newer, and ${firstLine}. ` +
      'Install Python, or set mcparse.interpreter to one. Highlighting works without the server.'
    );
  }
  return `mcparse: the language server could not be installed: ${firstLine}. The output channel has the details.`;
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
