/**
 * Checks that the command table (src/extension/commands/index.ts) and
 * `contributes.commands` in package.json list the same command ids, and that every
 * manifest string of a command has an entry in package.nls.json.
 *
 * The table's modules import `vscode`, which exists only inside VS Code; a stand-in
 * that accepts any use lets them load in plain Node, since defining a command reads
 * nothing from VS Code.
 *
 * Usage: node --require ./test/support/register-text-loaders.cjs --import tsx scripts/check-commands.ts
 * (exit 1 when they disagree).
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');

export interface CommandCheck {
  /** Ids in `contributes.commands` with no handler in the command table. */
  withoutHandler: string[];
  /** Ids in the command table with no entry in `contributes.commands`. */
  withoutManifestEntry: string[];
  /** `%key%` strings of command entries that package.nls.json does not define. */
  missingStrings: string[];
}

/** A value that accepts any property access, call or `new`, standing in for the `vscode` module. */
function anything(): unknown {
  const target = function () {};
  const proxy: unknown = new Proxy(target, {
    get: (_target, property) => (property === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object
  });
  return proxy;
}

function loadCommandIds(): string[] {
  const moduleWithPrivates = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const originalLoad = moduleWithPrivates._load;
  const stand = anything();
  moduleWithPrivates._load = function (request, parent, isMain) {
    return request === 'vscode' ? stand : originalLoad.call(this, request, parent, isMain);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const table = require(path.join(repoRoot, 'src/extension/commands/index.ts')) as { commandTable: { id: string }[] };
    return table.commandTable.map((command) => command.id);
  } finally {
    moduleWithPrivates._load = originalLoad;
  }
}

export function checkCommands(): CommandCheck {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { commands?: { command: string; title: string; category?: string }[] };
  };
  const strings = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const contributed = manifest.contributes?.commands ?? [];
  const manifestIds = new Set(contributed.map((command) => command.command));
  const tableIds = new Set(loadCommandIds());

  const missingStrings = contributed
    .flatMap((command) => [command.title, command.category ?? ''])
    .map((text) => /^%(.+)%$/.exec(text)?.[1])
    .filter((key): key is string => key !== undefined && !(key in strings));

  return {
    withoutHandler: [...manifestIds].filter((id) => !tableIds.has(id)).sort(),
    withoutManifestEntry: [...tableIds].filter((id) => !manifestIds.has(id)).sort(),
    missingStrings: [...new Set(missingStrings)].sort()
  };
}

if (require.main === module) {
  const result = checkCommands();
  const problems = [
    ...result.withoutHandler.map((id) => `package.json contributes command ${id}, but src/extension/commands/index.ts has no handler for it.`),
    ...result.withoutManifestEntry.map((id) => `The command table registers ${id}, but package.json has no contributes.commands entry for it.`),
    ...result.missingStrings.map((key) => `package.nls.json has no string "${key}" used by a command in package.json.`)
  ];
  for (const problem of problems) console.error(problem);
  process.exit(problems.length > 0 ? 1 : 0);
}
