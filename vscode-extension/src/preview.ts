/**
 * "mcparse: Preview sendmail.cf": the pure parts. The server compiles (command
 * `mcparse.previewCf`, arguments `[uri]`); this module only names the read-only document that
 * shows the result and picks the .mc a command invocation is about.
 * No `vscode` import at run time: the tests drive these functions with plain values.
 */

/** The command, both in VS Code and in the server's executeCommandProvider. */
export const PREVIEW_COMMAND = 'mcparse.previewCf';
/** The scheme of the read-only preview documents; the query holds the .mc's URI. */
export const PREVIEW_SCHEME = 'mcparse-cf';

/**
 * The preview's path for a .mc at `sourcePath`: the same folder and name with `.cf` for `.mc`
 * (a template's `.mc.j2` too), so the tab reads `sendmail.cf` and VS Code gives it the language
 * that `.cf` files have, plain text when none.
 */
export function previewPath(sourcePath: string): string {
  const slash = sourcePath.lastIndexOf('/');
  const folder = sourcePath.slice(0, slash + 1);
  const name = sourcePath.slice(slash + 1);
  const stem = name.replace(/\.mc(\.(j2|jinja|erb))?$/i, '');
  return `${folder}${stem === '' ? 'sendmail' : stem}.cf`;
}

/**
 * The .mc an invocation is about: the editor title menu passes the document's URI first, the
 * command palette passes nothing (then the active editor's document, if it is a sendmail .mc).
 */
export function previewSource<T>(
  args: readonly unknown[],
  isUri: (value: unknown) => value is T,
  active: { uri: T; languageId: string } | undefined,
  languageId: string,
): T | undefined {
  if (args.length > 0 && isUri(args[0])) {
    return args[0];
  }
  return active !== undefined && active.languageId === languageId ? active.uri : undefined;
}

/** What to tell the user when there is no preview: the server's own message when it sent one. */
export function previewFailure(error: unknown): string {
  let message: string;
  if (error instanceof Error) {
    message = error.message;
  } else if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    message = (error as { message: string }).message;
  } else {
    message = String(error);
  }
  return `mcparse: ${message === '' ? 'the sendmail.cf preview failed' : message}`;
}
