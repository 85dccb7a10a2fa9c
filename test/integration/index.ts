/**
 * The `extensionTestsPath` entry: VS Code's extension host requires this file and awaits
 * `run()`. The same entry serves code-server (scripts/vscode/runIntegration.ts) and
 * desktop VS Code (test/integration/runElectron.ts).
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // code-server passes its environment on to the extension host, so a developer can run
  // part of the suite with PATCH_CYCLES_TEST_GREP=<pattern>.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, grep: process.env.PATCH_CYCLES_TEST_GREP });
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) {
      mocha.addFile(path.join(__dirname, file));
    }
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
  });
}
