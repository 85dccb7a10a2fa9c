/**
 * `patch-cycles step start|complete|skip|advance`: move a step through its states in place.
 * Exit codes: 0 written (or already so), 1 the operation was rejected (for `complete`, an
 * unmet gate condition), 2 usage or I/O error.
 */
import * as path from 'node:path';
import { advanceStep, completeStep, skipStep, startStep, type OperationResult } from '../../core/operations';
import { parseOptions, stringOption } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../io';
import { finishOperation, readCycleFile, resolveAt, resolveBy } from '../writeOperation';

const HELP = `Usage: patch-cycles step start <file> <step> [--at <date-time>]
       patch-cycles step complete <file> <step> [--by <name>] [--at <date-time>]
       patch-cycles step skip <file> <step> --reason <text> [--by <name>] [--at <date-time>]
       patch-cycles step advance <file> [--by <name>] [--at <date-time>]

Change a step's status and write the cycle file in place, keeping its comments,
quoting, line endings and byte-order mark.
  start      not-started -> in-progress, with startedAt
  complete   -> done, with completedAt and completedBy, only when the step's gate is met
             and every earlier step is done or skipped; otherwise the unmet conditions
             are printed and nothing is written
  skip       -> skipped, with skipReason, completedAt and completedBy; the approval
             step cannot be skipped (RTS 2024/1774 Art. 17(1)(b))
  advance    complete the current step (the first one neither done nor skipped) and
             start the next one

Options:
  --by <name>         who records the change (default: git config github.user of the
                      repository that contains the file, else user.name <user.email>)
  --at <date-time>    when, as ISO 8601 with an offset (default: now, local offset);
                      gates that depend on time (scan age, deadlines) are checked at it
  --reason <text>     why the step is skipped (required for skip)

Exit codes: 0 written or already so, 1 the operation was rejected, 2 usage or I/O error.
`;

export const stepCommand: CliCommand = {
  name: 'step',
  summary: 'Start, complete, skip or advance a step',
  help: HELP,
  run: runStep
};

const ACTIONS = ['start', 'complete', 'skip', 'advance'];

async function runStep(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { by: { type: 'string' }, at: { type: 'string' }, reason: { type: 'string' } }, 'step');
  const [action, fileArgument, ...rest] = parsed.positionals;
  const expected = action === 'advance' ? 0 : 1;
  if (!ACTIONS.includes(action) || fileArgument === undefined || rest.length !== expected) {
    throw new CliUsageError('expected `step start|complete|skip <file> <step>` or `step advance <file>`. Run `patch-cycles step --help` for the options.');
  }
  const step = rest[0];
  const file = path.resolve(io.cwd, fileArgument);
  const text = await readCycleFile(file, io);
  const at = resolveAt(stringOption(parsed, 'at'));

  let result: OperationResult;
  if (action === 'start') {
    result = startStep(text, { step, at });
  } else if (action === 'skip') {
    const reason = stringOption(parsed, 'reason', true, 'step');
    result = skipStep(text, { step, reason, by: await resolveBy(stringOption(parsed, 'by'), file), at });
  } else if (action === 'complete') {
    result = completeStep(text, { step, by: await resolveBy(stringOption(parsed, 'by'), file), at });
  } else {
    result = advanceStep(text, { by: await resolveBy(stringOption(parsed, 'by'), file), at });
  }
  return finishOperation(file, text, result, io);
}
