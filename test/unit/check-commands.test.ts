import * as assert from 'node:assert/strict';
import { checkCommands } from '../../scripts/check-commands';

describe('command table and manifest', function () {
  // Loading the command table imports every command module, through tsx.
  this.timeout(60_000);

  it('every contributed command has a handler', () => {
    assert.deepEqual(checkCommands().withoutHandler, []);
  });

  it('every handler has a manifest entry', () => {
    assert.deepEqual(checkCommands().withoutManifestEntry, []);
  });

  it('every command string is localized', () => {
    assert.deepEqual(checkCommands().missingStrings, []);
  });
});
