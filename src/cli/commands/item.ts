/**
 * `patch-cycles item check|uncheck|not-applicable`: change one checklist item in place.
 * Exit codes: 0 written (or already so), 1 the operation was rejected, 2 usage or I/O error.
 */
import * as path from 'node:path';
import { checkItem, markItemNotApplicable, uncheckItem } from '../../core/operations';
import { parseOptions, stringOption } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../io';
import { finishOperation, readCycleFile, resolveAt, resolveBy } from '../writeOperation';

const HELP = `Usage: patch-cycles item check <file> <step> <item> [--by <name>] [--at <date-time>] [--note <text>]
       patch-cycles item uncheck <file> <step> <item>
       patch-cycles item not-applicable <file> <step> <item> --reason <text> [--by <name>] [--at <date-time>]

Check, uncheck or mark not applicable a checklist item of a step, and write the cycle
file in place, keeping its comments, quoting, line endings and byte-order mark.
Checking or marking an item of a step that has not started also starts the step.
Unchecking sets done: false and removes by and at. A gate counts an item marked not
applicable (with its reason) as settled. Items of a done or skipped step cannot be
changed.

Options:
  --by <name>         who checks the item (default: git config github.user of the
                      repository that contains the file, else user.name <user.email>)
  --at <date-time>    when, as ISO 8601 with an offset (default: now, local offset)
  --note <text>       a note stored with the item
  --reason <text>     why the item does not apply (required for not-applicable)

Exit codes: 0 written or already so, 1 the operation was rejected, 2 usage or I/O error.
`;

export const itemCommand: CliCommand = {
  name: 'item',
  summary: 'Check, uncheck or mark not applicable a checklist item',
  help: HELP,
  run: runItem
};

async function runItem(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { by: { type: 'string' }, at: { type: 'string' }, note: { type: 'string' }, reason: { type: 'string' } }, 'item');
  const [action, fileArgument, step, item, ...extra] = parsed.positionals;
  if (!['check', 'uncheck', 'not-applicable'].includes(action) || item === undefined || extra.length > 0) {
    throw new CliUsageError('expected `item check|uncheck|not-applicable <file> <step> <item>`. Run `patch-cycles item --help` for the options.');
  }
  const file = path.resolve(io.cwd, fileArgument);
  const text = await readCycleFile(file, io);

  if (action === 'uncheck') {
    return finishOperation(file, text, uncheckItem(text, { step, item }), io);
  }
  if (action === 'not-applicable') {
    const reason = stringOption(parsed, 'reason', true, 'item');
    const by = await resolveBy(stringOption(parsed, 'by'), file);
    return finishOperation(file, text, markItemNotApplicable(text, { step, item, reason, by, at: resolveAt(stringOption(parsed, 'at')) }), io);
  }
  const by = await resolveBy(stringOption(parsed, 'by'), file);
  const at = resolveAt(stringOption(parsed, 'at'));
  const note = typeof parsed.values.note === 'string' ? parsed.values.note : undefined;
  return finishOperation(file, text, checkItem(text, { step, item, by, at, note }), io);
}
