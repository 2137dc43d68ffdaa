/**
 * The Python extension (ms-python.python), when installed: which interpreter the user picked for
 * a file, and when that choice changes. Only the two calls we use are typed here, which avoids a
 * dependency on the API package for a handful of lines.
 */

import * as vscode from 'vscode';

interface EnvironmentPath {
  id: string;
  path: string;
}

interface ResolvedEnvironment {
  executable: { uri: vscode.Uri | undefined };
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
  resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
  onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

interface PythonExtensionApi {
  environments?: PythonEnvironmentsApi;
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

async function environmentsApi(): Promise<PythonEnvironmentsApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  const api = extension.isActive ? extension.exports : await extension.activate();
  return api?.environments;
}

/** The interpreter the Python extension selected for `resource`, or undefined. */
export async function selectedInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
  const environments = await environmentsApi();
  if (environments === undefined) {
    return undefined;
  }
  const resolved = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(resource));
  return resolved?.executable.uri?.fsPath;
}

/** Call `listener` whenever the user picks another interpreter; no-op without the extension. */
export async function onInterpreterChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
  const environments = await environmentsApi();
  return environments?.onDidChangeActiveEnvironmentPath(() => listener());
}
