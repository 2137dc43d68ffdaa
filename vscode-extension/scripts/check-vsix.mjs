// List what `vsce package` put into the .vsix and fail when the extension could not work from
// it (a missing bundle, grammar or language configuration) or when it drags in dependencies
// that the bundle already contains.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const yauzl = require('yauzl');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.resolve(root, process.argv[2] ?? `${manifest.name}-${manifest.version}.vsix`);

const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/syntaxes/sendmail-mc.tmLanguage.json',
  'extension/language-configuration.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
];
const FORBIDDEN = [/\/node_modules\//, /^extension\/src\//, /^extension\/test\//, /^extension\/out(-test|-vscode-test)?\//, /^extension\/\.vscode-test\//, /\.ts$/, /\.map$/, /\.vsix$/];
const MAX_BYTES = 2 * 1024 * 1024;

function listEntries(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) {
        reject(error);
        return;
      }
      const names = [];
      zip.on('entry', (entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const names = (await listEntries(vsix)).sort();
console.log(`${path.basename(vsix)}: ${names.length} files, ${statSync(vsix).size} bytes`);
for (const name of names) {
  console.log(`  ${name}`);
}
const problems = [];
// Images the README shows must travel with it, or the Extensions view shows broken pictures.
const readmeImages = [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)]
  .map((match) => match[1])
  .filter((target) => !/^[a-z]+:/i.test(target))
  .map((target) => `extension/${target.replace(/^\.\//, '')}`);
for (const required of [...REQUIRED, ...readmeImages]) {
  if (!names.includes(required)) {
    problems.push(`missing ${required}`);
  }
}
for (const name of names) {
  if (name.endsWith('.d.ts') || FORBIDDEN.some((pattern) => pattern.test(name))) {
    problems.push(`should not be packaged: ${name}`);
  }
}
// The bundled server: exactly one pure-Python wheel of mcparse (the extension refuses several).
const wheels = names.filter((name) => name.startsWith('extension/server/'));
if (wheels.length !== 1 || !/^extension\/server\/mcparse-[^/]+-py3-none-any\.whl$/.test(wheels[0])) {
  problems.push(`expected one mcparse wheel in extension/server/, found: ${wheels.join(', ') || 'none'}`);
}
if (statSync(vsix).size > MAX_BYTES) {
  problems.push(`the .vsix is larger than ${MAX_BYTES} bytes`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('vsix contents: ok');
