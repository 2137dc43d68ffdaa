/**
 * The extension's settings, read from VS Code and shaped for the two places that use them:
 * the client (how to start the server) and the server (which findings to report).
 *
 * Defaults live in package.json only: VS Code fills them in when a key is unset, so this module
 * never states a default of its own beyond "treat a missing or malformed value as empty".
 * No `vscode` import at run time: the tests drive these functions with plain objects.
 */

/** The part of `vscode.WorkspaceConfiguration` this module needs. */
export interface ConfigurationReader {
  get<T>(key: string): T | undefined;
}

/** The levels the server accepts in `mcparse.severity`. */
export const SEVERITY_LEVELS = ['error', 'warning', 'info'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** Settings the client needs to find and start the language server. */
export interface LaunchSettings {
  /** `mcparse.server.command`: program then arguments; empty when unset. */
  serverCommand: string[];
  /** `mcparse.interpreter`: a Python with mcparse installed; empty when unset. */
  interpreter: string;
}

/** The language server's own default for `maxFileSize` (lsp/ settings), in bytes. */
export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

/** What the server receives for `workspace/configuration` section `mcparse`. */
export interface ServerSettings {
  select: string[];
  ignore: string[];
  severity: Record<string, SeverityLevel>;
  cfDir: string;
  /** Bytes above which the server refuses to analyse a document (0: no limit). */
  maxFileSize: number;
}

/** Where `${workspaceFolder}` and `~` in a path setting point. */
export interface PathContext {
  workspaceFolder?: string;
  home?: string;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function isSeverityLevel(value: unknown): value is SeverityLevel {
  return typeof value === 'string' && (SEVERITY_LEVELS as readonly string[]).includes(value);
}

/**
 * Expand `${workspaceFolder}`, `${userHome}` and a leading `~`, the forms admins write in
 * settings.json. A variable with nothing to expand to is left as written so the server's
 * error names the path the user actually typed.
 */
export function expandPath(value: string, context: PathContext): string {
  let result = value;
  if (context.workspaceFolder !== undefined) {
    result = result.split('${workspaceFolder}').join(context.workspaceFolder);
  }
  if (context.home !== undefined) {
    result = result.split('${userHome}').join(context.home);
    if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
      result = context.home + result.slice(1);
    }
  }
  return result;
}

/** Read the launch settings; malformed values (a string where a list belongs, ...) count as unset. */
export function readLaunchSettings(config: ConfigurationReader, context: PathContext = {}): LaunchSettings {
  return {
    serverCommand: stringList(config.get<unknown>('server.command')).map((part) => expandPath(part, context)),
    interpreter: expandPath(text(config.get<unknown>('interpreter')), context),
  };
}

/**
 * Turn the raw `mcparse` section into exactly what the server understands. Keys the server does
 * not know (server.command, interpreter, trace) are dropped, and values of the wrong type are
 * replaced by empty ones, so a typo in settings.json never reaches the server's validation.
 */
export function toServerSettings(raw: unknown, context: PathContext = {}): ServerSettings {
  const section = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const severity: Record<string, SeverityLevel> = {};
  const rawSeverity = section.severity;
  if (rawSeverity !== null && typeof rawSeverity === 'object' && !Array.isArray(rawSeverity)) {
    for (const [code, level] of Object.entries(rawSeverity as Record<string, unknown>)) {
      const normalised = typeof level === 'string' ? level.trim().toLowerCase() : level;
      if (code.trim() !== '' && isSeverityLevel(normalised)) {
        severity[code.trim()] = normalised;
      }
    }
  }
  const cfDir = text(section.cfDir);
  const maxFileSize = section.maxFileSize;
  return {
    select: stringList(section.select),
    ignore: stringList(section.ignore),
    severity,
    cfDir: cfDir === '' ? '' : expandPath(cfDir, context),
    // The server's own default applies to anything that is not a non-negative number.
    maxFileSize: typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize >= 0 ? Math.floor(maxFileSize) : DEFAULT_MAX_FILE_SIZE,
  };
}

/**
 * vscode-languageclient's `workspace.didChangeConfiguration` middleware. Left alone, the client
 * pushes the raw section with the notification, before any expansion, and the server would take
 * `${workspaceFolder}/cf` literally. Calling `next` without sections sends `settings: null`, which
 * makes the server pull the settings with workspace/configuration: that answer goes through
 * toServerSettings (the `configuration` middleware), per folder, like the first one at start.
 */
export function didChangeConfigurationAsPull(_sections: (string | undefined)[] | undefined, next: (sections: undefined) => Promise<void>): Promise<void> {
  return next(undefined);
}

/** Settings whose change means the server must be started again (the others are pulled live). */
export const RESTART_SETTINGS = ['mcparse.server.command', 'mcparse.interpreter'] as const;

/** File patterns of Jinja and ERB templates of .mc files (Ansible, Salt, Puppet, Chef). */
export const TEMPLATE_PATTERNS = ['*.mc.j2', '*.mc.jinja', '*.mc.erb'] as const;

/**
 * `files.associations` with the .mc template patterns mapped to `languageId`. Patterns the user
 * already associated with another language are left alone: their choice wins.
 */
export function withTemplateAssociations(existing: unknown, languageId: string): Record<string, string> {
  const associations: Record<string, string> = {};
  if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) {
    for (const [pattern, language] of Object.entries(existing as Record<string, unknown>)) {
      if (typeof language === 'string') {
        associations[pattern] = language;
      }
    }
  }
  for (const pattern of TEMPLATE_PATTERNS) {
    if (!(pattern in associations)) {
      associations[pattern] = languageId;
    }
  }
  return associations;
}
