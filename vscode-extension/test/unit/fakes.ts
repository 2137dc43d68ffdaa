/** Stand-ins for VS Code's configuration and for a machine's file system, for the unit tests. */

import * as path from 'node:path';

import { findOnPath, type PathEnvironment, type ResolveDeps } from '../../src/server';
import type { ConfigurationReader, LaunchSettings } from '../../src/settings';

/** A `WorkspaceConfiguration` holding exactly `values` (keys relative to the `mcparse` section). */
export function fakeConfiguration(values: Record<string, unknown>): ConfigurationReader {
  return {
    get<T>(key: string): T | undefined {
      return values[key] as T | undefined;
    },
  };
}

/** A machine with these executable files and these Pythons that have mcparse installed. */
export interface FakeMachine {
  executables: string[];
  pythonsWithServer?: string[];
  pythonExtension?: string | Error;
  path?: string;
}

export function fakePathEnvironment(machine: FakeMachine): PathEnvironment {
  return {
    path: machine.path ?? '/usr/local/bin:/usr/bin',
    pathExt: undefined,
    platform: 'linux',
    isExecutableFile: async (candidate) => machine.executables.includes(candidate),
    joinPath: path.posix.join,
    isAbsolute: path.posix.isAbsolute,
  };
}

export function fakeDeps(settings: Partial<LaunchSettings>, machine: FakeMachine): ResolveDeps & { lines: string[]; probed: string[] } {
  const lines: string[] = [];
  const probed: string[] = [];
  const env = fakePathEnvironment(machine);
  return {
    lines,
    probed,
    settings: { serverCommand: [], interpreter: '', ...settings },
    pythonExtensionInterpreter: async () => {
      if (machine.pythonExtension instanceof Error) {
        throw machine.pythonExtension;
      }
      return machine.pythonExtension;
    },
    findExecutable: (program) => findOnPath(program, env),
    pythonHasServer: async (python) => {
      probed.push(python);
      return (machine.pythonsWithServer ?? []).includes(python);
    },
    log: (message) => lines.push(message),
  };
}
