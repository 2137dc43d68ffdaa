import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { didChangeConfigurationAsPull, expandPath, readLaunchSettings, toServerSettings, withTemplateAssociations } from '../../src/settings';
import { fakeConfiguration } from './fakes';

describe('readLaunchSettings', () => {
  it('reads the command and the interpreter, expanding ~ and ${workspaceFolder}', () => {
    const config = fakeConfiguration({ 'server.command': ['${workspaceFolder}/.venv/bin/mcparse-lsp', '-v'], interpreter: '~/py/bin/python' });
    assert.deepEqual(readLaunchSettings(config, { workspaceFolder: '/srv/mail', home: '/home/admin' }), {
      serverCommand: ['/srv/mail/.venv/bin/mcparse-lsp', '-v'],
      interpreter: '/home/admin/py/bin/python',
    });
  });

  it('treats malformed values as unset instead of failing', () => {
    const config = fakeConfiguration({ 'server.command': 'mcparse-lsp --stdio', interpreter: 42 });
    assert.deepEqual(readLaunchSettings(config), { serverCommand: [], interpreter: '' });
  });

  it('drops empty and non-string parts of the command', () => {
    const config = fakeConfiguration({ 'server.command': ['', 'mcparse-lsp', 7, '  '] });
    assert.deepEqual(readLaunchSettings(config).serverCommand, ['mcparse-lsp']);
  });
});

describe('toServerSettings: what the server receives', () => {
  it('keeps only select, ignore, severity, cfDir and maxFileSize', () => {
    const raw = {
      select: ['MC1', 'open-relay'],
      ignore: ['MC205'],
      severity: { MC101: 'error', MC300: 'Info' },
      cfDir: '${workspaceFolder}/cf',
      maxFileSize: 5000000.5,
      server: { command: ['x'] },
      interpreter: '/usr/bin/python3',
      trace: { server: 'verbose' },
    };
    assert.deepEqual(toServerSettings(raw, { workspaceFolder: '/srv/mail' }), {
      select: ['MC1', 'open-relay'],
      ignore: ['MC205'],
      severity: { MC101: 'error', MC300: 'info' },
      cfDir: '/srv/mail/cf',
      maxFileSize: 5000000,
    });
  });

  it('drops unknown severity levels and wrongly typed values', () => {
    const raw = { select: 'MC1', ignore: [1, 'MC2'], severity: { MC101: 'fatal', MC102: 3, '': 'error', MC103: 'warning' }, cfDir: ['x'], maxFileSize: -1 };
    assert.deepEqual(toServerSettings(raw), { select: [], ignore: ['MC2'], severity: { MC103: 'warning' }, cfDir: '', maxFileSize: 2000000 });
  });

  it('answers an empty but complete object for a missing section', () => {
    for (const raw of [undefined, null, 'mcparse', []]) {
      assert.deepEqual(toServerSettings(raw), { select: [], ignore: [], severity: {}, cfDir: '', maxFileSize: 2000000 });
    }
  });
});

describe('expandPath', () => {
  it('leaves variables it cannot fill as written', () => {
    assert.equal(expandPath('${workspaceFolder}/cf', {}), '${workspaceFolder}/cf');
    assert.equal(expandPath('~admin/cf', { home: '/home/me' }), '~admin/cf');
  });
});

describe('withTemplateAssociations', () => {
  it('adds the template patterns and keeps the user own associations', () => {
    const result = withTemplateAssociations({ '*.mc.erb': 'erb', '*.cf': 'sendmail-cf' }, 'sendmail-mc');
    assert.deepEqual(result, { '*.mc.erb': 'erb', '*.cf': 'sendmail-cf', '*.mc.j2': 'sendmail-mc', '*.mc.jinja': 'sendmail-mc' });
  });

  it('starts from nothing when the setting is malformed', () => {
    assert.deepEqual(Object.keys(withTemplateAssociations('oops', 'sendmail-mc')).sort(), ['*.mc.erb', '*.mc.j2', '*.mc.jinja']);
  });
});

describe('settings changes reach the server expanded', () => {
  it('turns the pushed settings into a pull, so ${workspaceFolder} is expanded on change too', async () => {
    const sent: unknown[] = [];
    await didChangeConfigurationAsPull(['mcparse'], async (sections) => {
      sent.push(sections);
    });
    // vscode-languageclient sends `settings: null` for undefined sections: the server then asks
    // with workspace/configuration, whose answer goes through toServerSettings.
    assert.deepEqual(sent, [undefined]);
  });

  it('is the client\'s didChangeConfiguration middleware, beside the configuration one', () => {
    const client = readFileSync(path.resolve(__dirname, '..', '..', '..', 'src', 'client.ts'), 'utf8');
    assert.match(client, /didChangeConfiguration: didChangeConfigurationAsPull/);
    assert.match(client, /configuration: async \(params, token, next\)[\s\S]*toServerSettings\(value, pathContext\(item\.scopeUri\)\)/);
  });
});
