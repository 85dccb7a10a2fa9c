/**
 * `patch-cycles new`: write a new cycle file from a template.
 * Exit codes: 0 written, 1 the values are invalid, 2 usage or I/O error (file exists).
 */
import * as path from 'node:path';
import { createCycle } from '../../core/operations';
import { BUILT_IN_TEMPLATE_ID, getTemplate } from '../../core/templates';
import { createText, displayPath } from '../../node/files';
import { localDate } from '../../node/identity';
import { checkDate, checkLogin, choiceOption, parseOptions, stringOption } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../io';

const HELP = `Usage: patch-cycles new <file> --id <id> --title <title> --requester <login>
         --security-officer <login> [--security-officer <login>…]
         --policy-document <name> --policy-version <version>
         [--template dora-security-patch] [--track standard|emergency] [--created YYYY-MM-DD]

Write a new cycle file: the header, an empty list of systems, vulnerabilities and
patches, and every step of the template as not-started with its checklist unchecked.
The file must not exist yet; name it <something>.cycle.yaml so validate finds it.
The new file lists no systems: add the ICT systems in scope (id, name,
criticalFunction, environment, owner) before validate passes.

Options:
  --id <id>                   cycle id: letters, digits, ".", "_", "-" (e.g. PC-2026-001)
  --title <title>             what the cycle is about
  --requester <login>         who requests the cycle
  --security-officer <login>  a Security Officer's login or an @org/team handle; repeat
                              for several
  --policy-document <name>    the patch and update policy that governs the cycle
  --policy-version <version>  its version
  --template <id>             process template (default: ${BUILT_IN_TEMPLATE_ID})
  --track <track>             standard (default) or emergency
  --created <date>            the date the cycle is opened (default: today, local time)

Exit codes: 0 written, 1 the cycle cannot be created from these values, 2 usage error
(a missing option, a malformed login or date, a repeated officer) or I/O error (e.g. the
file exists).
`;

export const newCommand: CliCommand = {
  name: 'new',
  summary: 'Create a cycle file with every step not started',
  help: HELP,
  run: runNew
};

async function runNew(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(
    args,
    {
      id: { type: 'string' },
      title: { type: 'string' },
      template: { type: 'string' },
      track: { type: 'string' },
      requester: { type: 'string' },
      'security-officer': { type: 'string', multiple: true },
      'policy-document': { type: 'string' },
      'policy-version': { type: 'string' },
      created: { type: 'string' }
    },
    'new'
  );
  if (parsed.positionals.length !== 1) {
    throw new CliUsageError('expected exactly one file: `patch-cycles new <file> --id … --title …`. Run `patch-cycles new --help` for the options.');
  }
  const file = path.resolve(io.cwd, parsed.positionals[0]);
  const templateId = stringOption(parsed, 'template') ?? BUILT_IN_TEMPLATE_ID;
  const template = getTemplate(templateId);
  if (!template) {
    throw new CliUsageError(`--template ${templateId} is not a known template; use ${BUILT_IN_TEMPLATE_ID}.`);
  }
  const officers = parsed.values['security-officer'];
  if (!Array.isArray(officers) || officers.length === 0) {
    throw new CliUsageError('--security-officer is required (repeat it for several). Run `patch-cycles new --help` for the options.');
  }
  const seenOfficers = new Set<string>();
  for (const officer of officers) {
    if (officer.trim() === '') {
      throw new CliUsageError('--security-officer is empty; give a value or leave the option out.');
    }
    checkLogin(officer, 'security-officer');
    if (seenOfficers.has(officer)) {
      throw new CliUsageError(`--security-officer ${officer} is given twice; name each Security Officer once.`);
    }
    seenOfficers.add(officer);
  }
  const requester = checkLogin(stringOption(parsed, 'requester', true, 'new'), 'requester');
  const createdOption = stringOption(parsed, 'created');
  const created = createdOption !== undefined ? checkDate(createdOption, 'created') : localDate();

  const result = createCycle({
    template,
    id: stringOption(parsed, 'id', true, 'new'),
    title: stringOption(parsed, 'title', true, 'new'),
    track: choiceOption(stringOption(parsed, 'track'), ['standard', 'emergency'] as const, 'standard', 'track'),
    requester,
    securityOfficers: officers,
    created,
    policy: { document: stringOption(parsed, 'policy-document', true, 'new'), version: stringOption(parsed, 'policy-version', true, 'new') }
  });
  if (!result.ok) {
    io.err(`patch-cycles new: ${result.message}\n`);
    return 1;
  }

  try {
    await createText(file, result.text);
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new CliUsageError(`${displayPath(file, io.cwd)} ${exists ? 'already exists; choose another file name or delete it first' : `cannot be written (${error instanceof Error ? error.message : String(error)})`}.`);
  }
  io.out(`${displayPath(file, io.cwd)}: created cycle ${parsed.values.id as string} with ${template.steps.length} steps, all not started.\n`);
  return 0;
}
