// Bundle the extension and vscode-languageclient into one file, so the .vsix ships no
// node_modules. `vscode` is provided by the editor at run time and stays external.
import * as esbuild from 'esbuild';

const production = !process.argv.includes('--dev');

await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
});
