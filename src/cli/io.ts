/** Input and output of the CLI, injectable so tests can run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  version: string;
}

import packageJson from '../../package.json';

export const nodeIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  version: packageJson.version
};

/** A mistake in how the command was called; printed as one sentence, exit code 2. */
export class CliUsageError extends Error {}

export interface CliCommand {
  name: string;
  summary: string;
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}
