/**
 * The CLI's command table. Each command lives in its own module under commands/.
 */
import type { CliCommand } from './io';
import { importCommand } from './commands/import';
import { snapshotsCommand } from './commands/snapshots';

export const commands: CliCommand[] = [importCommand, snapshotsCommand];
