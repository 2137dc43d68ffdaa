/**
 * package.json's contributes must agree with the code, the grammar and the README: a setting the
 * code reads but package.json does not declare has no default, and an undocumented one is unusable.
 */

import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (relative: string): string => readFileSync(path.join(root, relative), 'utf8');
const manifest = JSON.parse(read('package.json'));
const contributes = manifest.contributes;
const properties: Record<string, Record<string, unknown>> = contributes.configuration.properties;
const sources = readdirSync(path.join(root, 'src'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => read(path.join('src', name)))
  .join('\n');
const readme = read('README.md');

describe('package.json contributes', () => {
  it('documents every setting, in package.json and in the README', () => {
    for (const [key, schema] of Object.entries(properties)) {
      const description = String(schema.markdownDescription ?? schema.description ?? '');
      assert.ok(description.length > 20, `${key} needs a description`);
      assert.ok('default' in schema, `${key} needs a default: settings.ts takes defaults from package.json only`);
      assert.ok(readme.includes(`\`${key}\``), `README.md should explain ${key}`);
    }
  });

  it('declares every setting the code reads', () => {
    const read = new Set<string>();
    for (const match of sources.matchAll(/config\.get<[^>]*>\('([^']+)'\)/g)) {
      read.add(`mcparse.${match[1]}`);
    }
    // toServerSettings reads the server's keys off the raw section object.
    for (const match of sources.matchAll(/\bsection\.([a-zA-Z]+)\b/g)) {
      read.add(`mcparse.${match[1]}`);
    }
    const commands = new Set<string>(contributes.commands.map((command: { command: string }) => command.command));
    for (const match of sources.matchAll(/'(mcparse\.[a-zA-Z.]+)'/g)) {
      if (!commands.has(match[1])) {
        read.add(match[1]);
      }
    }
    assert.ok(read.size >= 6, `expected to find the settings read in src/, found ${[...read].join(', ')}`);
    for (const key of read) {
      assert.ok(key in properties, `src/ uses ${key}, which package.json does not declare`);
    }
  });

  it('sends exactly the server settings the language server knows', () => {
    for (const key of ['select', 'ignore', 'severity', 'cfDir', 'maxFileSize']) {
      assert.ok(`mcparse.${key}` in properties, `mcparse.${key} is missing`);
      assert.equal(properties[`mcparse.${key}`].scope, 'resource', `mcparse.${key} should be per folder`);
    }
    assert.ok('mcparse.trace.server' in properties, 'vscode-languageclient reads <id>.trace.server');
  });

  it('registers every contributed command and contributes every registered one', () => {
    const contributed = new Set<string>(contributes.commands.map((command: { command: string }) => command.command));
    const registered = new Set<string>([...sources.matchAll(/registerCommand\('([^']+)'/g)].map((match) => match[1]));
    assert.deepEqual([...registered].sort(), [...contributed].sort());
    assert.ok(contributed.has('mcparse.restartServer') && contributed.has('mcparse.showOutput'));
  });

  it('uses one language id everywhere', () => {
    const ids = contributes.languages.map((language: { id: string }) => language.id);
    assert.deepEqual(ids, ['sendmail-mc']);
    assert.deepEqual(contributes.grammars.map((grammar: { language: string }) => grammar.language), ids);
    assert.ok(manifest.activationEvents.includes('onLanguage:sendmail-mc'));
    assert.match(sources, /LANGUAGE_ID = 'sendmail-mc'/);
  });

  it('points at a grammar and a language configuration that exist and match', () => {
    const [language] = contributes.languages;
    const [grammar] = contributes.grammars;
    assert.ok(existsSync(path.join(root, language.configuration)));
    const tmLanguage = JSON.parse(read(grammar.path));
    assert.equal(tmLanguage.scopeName, grammar.scopeName);
  });

  it('claims sendmail .mc files by name and place, not every .mc (the Windows Message Compiler uses .mc too)', () => {
    const [language] = contributes.languages;
    assert.equal(language.extensions, undefined, 'a bare ".mc" extension would claim every .mc file on the machine');
    const claims = (file: string): boolean =>
      language.filenames.includes(path.posix.basename(file)) ||
      language.filenamePatterns.some((pattern: string) => globMatches(pattern, file));
    for (const file of [
      '/etc/mail/sendmail.mc',
      '/etc/mail/submit.mc',
      '/etc/mail/mx1.example.org.mc',
      '/usr/local/etc/mail/freebsd.mc',
      '/etc/mail/cf/cf/local.mc',
      '/home/me/src/sendmail-8.18.1/cf/cf/knecht.mc',
      '/usr/share/sendmail/cf/cf/generic-linux.mc',
      '/srv/ansible/roles/sendmail/files/relay.mc',
      '/home/me/configs/sendmail-relay.mc',
      '/home/me/configs/submit-tls.mc',
      'c:/Users/me/mail/sendmail.mc',
    ]) {
      assert.ok(claims(file), `should be sendmail .mc: ${file}`);
    }
    for (const file of ['/home/me/src/MyService/messages.mc', 'c:/src/driver/EventLog.mc', '/home/me/mail/notes.mc', '/home/me/cf/msg.mc']) {
      assert.ok(!claims(file), `should be left to other languages: ${file}`);
    }
  });

  it('recognises other sendmail files by their first line, and not message compiler files', () => {
    const [language] = contributes.languages;
    const firstLine = new RegExp(language.firstLine);
    for (const line of [
      'divert(-1)dnl',
      'divert(-1)',
      'dnl # This is the sendmail macro config file for m4.',
      'dnl',
      'VERSIONID(`$Id$\')',
      "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl",
      'OSTYPE(`linux\')dnl',
    ]) {
      assert.ok(firstLine.test(line), `firstLine should match ${line}`);
    }
    for (const line of [
      'MessageIdTypedef=DWORD',
      ';// Windows message compiler file',
      'LanguageNames=(English=0x409:MSG00409)',
      '# a shell script or any config file',
      "include(`common.m4')",
      'dnlx',
    ]) {
      assert.ok(!firstLine.test(line), `firstLine should not match ${line}`);
    }
  });
});

/**
 * VS Code's glob semantics for filenamePatterns, as far as these patterns use them: a pattern with
 * a slash is matched against the whole path, one without against the file name; `**` spans any
 * number of folders, `*` stays within one. Paths use forward slashes, as in VS Code's URIs.
 */
function globMatches(pattern: string, file: string): boolean {
  const subject = pattern.includes('/') ? file : path.posix.basename(file);
  const source = pattern
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(subject);
}

describe('Marketplace listing', () => {
  const repository = 'https://github.com/mcparse/mcparse';

  it('names a real publisher, the repository, an icon and categories', () => {
    assert.equal(manifest.publisher, 'mcparse');
    assert.equal(manifest.repository.url, `${repository}.git`);
    assert.equal(manifest.repository.directory, 'vscode-extension');
    assert.ok(manifest.categories.includes('Programming Languages') && manifest.categories.includes('Linters'));
    // A PNG of 128 x 128: the signature, then the IHDR chunk's width and height.
    const icon = readFileSync(path.join(root, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    const ignore = read('.vscodeignore');
    assert.match(ignore, new RegExp(`^!${manifest.icon.replace('.', '\\.')}$`, 'm'), 'the icon must be packaged');
  });

  it('shows images by absolute https URL of files that exist in this repository', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    assert.ok(images.length >= 2, 'the README shows the screenshots');
    const prefix = 'https://raw.githubusercontent.com/mcparse/mcparse/main/vscode-extension/';
    for (const image of images) {
      assert.ok(image.startsWith(prefix), `${image} should be an absolute URL under ${prefix}`);
      assert.ok(existsSync(path.join(root, image.slice(prefix.length))), `${image} points at a file missing here`);
      assert.ok(!image.endsWith('.svg'), 'the Marketplace refuses SVG images in READMEs');
    }
    for (const link of [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1])) {
      assert.ok(/^(https:|#)/.test(link), `${link}: links must be absolute or anchors, the README is shown outside the repository`);
    }
  });

  it('has a changelog entry for the version being packaged or an Unreleased one', () => {
    const changelog = read('CHANGELOG.md');
    assert.ok(changelog.includes(`## ${manifest.version}`));
    assert.match(changelog, /^## Unreleased$/m);
  });
});

describe('language-configuration.json', () => {
  const config = JSON.parse(read('language-configuration.json'));

  it('comments with dnl and pairs the m4 quotes', () => {
    assert.equal(config.comments.lineComment, 'dnl ');
    assert.deepEqual(config.brackets, [['(', ')']]);
    const quote = { open: '`', close: "'" };
    assert.ok(config.autoClosingPairs.some((pair: { open: string; close: string }) => pair.open === quote.open && pair.close === quote.close));
    assert.ok(config.surroundingPairs.some((pair: string[] | { open: string; close: string }) => (Array.isArray(pair) ? pair[0] === '`' && pair[1] === "'" : pair.open === '`' && pair.close === "'")));
  });
});
