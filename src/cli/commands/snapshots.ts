/**
 * `patch-cycles snapshots`: report how old the KEV and EPSS snapshot files are.
 * Exit codes: 0 every snapshot is within --max-age-days, 1 at least one is older,
 * 2 usage or I/O error (a missing or unreadable file).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { kevSnapshotDate, snapshotAge, type SnapshotAge } from '../../core/enrich/age';
import { parseEpssCsv } from '../../core/enrich/epss';
import { parseKevCatalog, SnapshotError } from '../../core/enrich/kev';
import { CliUsageError, type CliCommand, type CliIo } from '../io';

const HELP = `Usage: patch-cycles snapshots [--kev <file>] [--epss <file>] [--max-age-days <n>] [--json]

Report the date of the KEV catalog (dateReleased) and the EPSS file (score_date) and
whether each is older than the limit.

Options:
  --kev <file>          CISA KEV catalog JSON
  --epss <file>         FIRST EPSS CSV
  --max-age-days <n>    maximum age in whole days (default 7)
  --json                print the result as JSON

Exit codes: 0 all snapshots fresh, 1 a snapshot is older than the limit, 2 usage or I/O error.
`;

/** Default limit: a week, the scan interval that RTS 2024/1774 Art. 10(2)(b) requires. */
const DEFAULT_MAX_AGE_DAYS = 7;

export const snapshotsCommand: CliCommand = {
  name: 'snapshots',
  summary: 'Check that the KEV and EPSS snapshot files are recent enough',
  help: HELP,
  run: runSnapshots
};

async function runSnapshots(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { kev: { type: 'string' }, epss: { type: 'string' }, 'max-age-days': { type: 'string' }, json: { type: 'boolean' } }
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values.kev && !values.epss) {
    throw new CliUsageError('name at least one snapshot: --kev <file> and/or --epss <file>.');
  }
  const limitText = values['max-age-days'] ?? String(DEFAULT_MAX_AGE_DAYS);
  if (!/^\d+$/.test(limitText)) {
    throw new CliUsageError(`--max-age-days must be a whole number of days, not "${limitText}".`);
  }
  const maxAgeDays = Number(limitText);
  const now = new Date();

  const ages: SnapshotAge[] = [];
  if (values.kev) {
    const catalog = parse(() => parseKevCatalog(read(io, values.kev as string)), values.kev);
    const date = kevSnapshotDate(catalog);
    if (!date) {
      throw new CliUsageError(`${values.kev}: the KEV catalog has no dateReleased and its catalogVersion "${catalog.catalogVersion}" is not a date.`);
    }
    ages.push(snapshotAge('kev', values.kev, date, now, maxAgeDays));
  }
  if (values.epss) {
    const snapshot = parse(() => parseEpssCsv(read(io, values.epss as string)), values.epss);
    ages.push(snapshotAge('epss', values.epss, snapshot.scoreDate, now, maxAgeDays));
  }

  if (values.json) {
    io.out(`${JSON.stringify({ maxAgeDays, snapshots: ages }, null, 2)}\n`);
  } else {
    for (const age of ages) {
      const verdict = age.tooOld ? `older than ${maxAgeDays} ${maxAgeDays === 1 ? 'day' : 'days'}; download a new one` : 'ok';
      io.out(`${age.file}: ${age.kind.toUpperCase()} snapshot of ${age.date}, ${age.ageDays} ${age.ageDays === 1 ? 'day' : 'days'} old: ${verdict}\n`);
    }
  }
  return ages.some((age) => age.tooOld) ? 1 : 0;
}

function read(io: CliIo, file: string): string {
  try {
    return fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(`cannot read ${file}${code ? ` (${code})` : ''}.`);
  }
}

function parse<T>(load: () => T, file: string): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof SnapshotError) {
      throw new CliUsageError(`${file}: ${error.message}`);
    }
    throw error;
  }
}
