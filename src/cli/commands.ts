/**
 * The CLI's command table. Each command lives in its own module under commands/.
 */
import type { CliCommand } from './io';
import { checkCommand } from './commands/check';
import { evidenceCommand } from './commands/evidence';
import { setupCommand } from './commands/setup';
import { importCommand } from './commands/import';
import { itemCommand } from './commands/item';
import { newCommand } from './commands/new';
import { snapshotsCommand } from './commands/snapshots';
import { statusCommand } from './commands/status';
import { stepCommand } from './commands/step';
import { validateCommand } from './commands/validate';

export const commands: CliCommand[] = [validateCommand, statusCommand, newCommand, itemCommand, stepCommand, importCommand, snapshotsCommand, checkCommand, evidenceCommand, setupCommand];
