/**
 * The CLI's command table. Each command lives in its own module under commands/.
 */
import type { CliCommand } from './io';

export const commands: CliCommand[] = [];
