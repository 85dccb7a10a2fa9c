/** Command-line option parsing shared by the commands, with usage errors as one sentence. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LOGIN_PATTERN } from '../core/identity';
import { CliUsageError } from './io';
import { printable } from './printable';

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
  if (typeof value === 'string') {
    // An empty value given on purpose must not fall back to a default such as the git identity.
    throw new CliUsageError(`--${name} is empty; give a value or leave the option out.`);
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

/** Check a login option (`--by`, `--requester`) against the login form the validator accepts. */
export function checkLogin(value: string, name: string): string {
  if (!LOGIN_PATTERN.test(value)) {
    throw new CliUsageError(`--${name} ${quoted(value)} is not a login; use letters, digits, ".", "_", "/" and "-", e.g. dana-weiss or @acme/security.`);
  }
  return value;
}

/** Check a date option (`YYYY-MM-DD`) for its form and for a day that exists in the calendar. */
export function checkDate(value: string, name: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || !isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new CliUsageError(`--${name} ${quoted(value)} is not a date (YYYY-MM-DD) that exists in the calendar, e.g. 2026-12-04.`);
  }
  return value;
}

/**
 * Check a date-time option: ISO 8601 with seconds and an offset, as the validator's
 * `date-time` format requires, on a day that exists in the calendar.
 */
export function checkDateTime(value: string, name: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/i.exec(value);
  const valid =
    match !== null &&
    isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3])) &&
    Number(match[4]) <= 23 &&
    Number(match[5]) <= 59 &&
    Number(match[6]) <= 59 &&
    Number(match[7] ?? 0) <= 23 &&
    Number(match[8] ?? 0) <= 59;
  if (!valid) {
    throw new CliUsageError(`--${name} ${quoted(value)} is not an ISO 8601 date-time with an offset that exists in the calendar, e.g. 2026-11-30T09:15:00+01:00.`);
  }
  return value;
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Quote a value the user gave, with control characters escaped for the terminal. */
function quoted(value: string): string {
  return `"${printable(value)}"`;
}
