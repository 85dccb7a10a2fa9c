/** Command-line option parsing shared by the commands, with usage errors as one sentence. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliUsageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArguments {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parse `args` strictly: an unknown option or a missing option value is a usage error. */
export function parseOptions(args: string[], options: Options, command: string): ParsedArguments {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArguments['values'], positionals: parsed.positionals };
  } catch (error) {
    // Node's message may add advice on `--` after the first sentence; keep the first sentence only.
    const message = error instanceof Error ? error.message.split(/\.(?:\s|$)/)[0] : String(error);
    throw new CliUsageError(`${message}. Run \`patch-cycles ${command} --help\` for the options.`);
  }
}

/** Return a string option's value or `undefined`, and throw a usage error when a `required` one is missing. */
export function stringOption(parsed: ParsedArguments, name: string, required: true, command: string): string;
export function stringOption(parsed: ParsedArguments, name: string, required?: false, command?: string): string | undefined;
export function stringOption(parsed: ParsedArguments, name: string, required = false, command = ''): string | undefined {
  const value = parsed.values[name];
  if (typeof value === 'string' && value.trim() !== '') {
    return value;
  }
  if (required) {
    throw new CliUsageError(`--${name} is required. Run \`patch-cycles ${command} --help\` for the options.`);
  }
  return undefined;
}

/** Check a choice option against its allowed values. */
export function choiceOption<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(`--${name} ${value} is not supported; use one of: ${allowed.join(', ')}.`);
  }
  return value as T;
}
