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
    for (const key of ['select', 'ignore', 'severity', 'cfDir']) {
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

  it('recognises sendmail.mc files and the m4 first lines, not every file', () => {
    const [language] = contributes.languages;
    assert.deepEqual(language.filenames, ['sendmail.mc', 'submit.mc']);
    assert.ok(language.extensions.includes('.mc'));
    const firstLine = new RegExp(language.firstLine);
    for (const line of ['divert(-1)dnl', 'VERSIONID(`$Id$\')', "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl", 'OSTYPE(`linux\')dnl']) {
      assert.ok(firstLine.test(line), `firstLine should match ${line}`);
    }
    for (const line of ['MessageIdTypedef=DWORD', ';// Windows message compiler file', 'LanguageNames=(English=0x409:MSG00409)']) {
      assert.ok(!firstLine.test(line), `firstLine should not match ${line}`);
    }
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
