/**
 * `patch-cycles`: the command-line twin of the extension, on the same core.
 * Exit codes: 0 success, 1 the checked files have errors (or the check failed), 2 usage or I/O error.
 */
import { commands } from './commands';
import { CliUsageError, type CliIo, nodeIo } from './io';
import { printable } from './printable';

export async function run(argv: string[], io: CliIo = nodeIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out(`${io.version}\n`);
    return 0;
  }

  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`patch-cycles: unknown command "${printable(name)}". Run \`patch-cycles --help\` for the list of commands.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }

  try {
    return await command.run(rest, io);
  } catch (error) {
    // Messages may quote option values and file names, which may hold control characters.
    if (error instanceof CliUsageError) {
      io.err(`patch-cycles ${name}: ${printable(error.message)}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`patch-cycles ${name}: ${printable(message)}\n`);
    if (process.env.PATCH_CYCLES_DEBUG) {
      io.err(`${error instanceof Error ? error.stack : ''}\n`);
    }
    return 2;
  }
}

function usage(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ['Usage: patch-cycles <command> [options]', '', 'Commands:', ...lines, '', 'Run `patch-cycles <command> --help` for a command\'s options.', ''].join('\n');
}

/** Run with the process's arguments and set the exit code; bin/patch-cycles.js calls this. */
export function main(): void {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`patch-cycles: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    }
  );
}
