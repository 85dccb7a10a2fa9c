/**
 * Reading, finding and writing cycle files on disk for the CLI and the tests. Text is
 * read and written as UTF-8 without any change: a byte-order mark and CRLF line endings
 * pass through untouched, because the core keeps them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** File names the CLI treats as cycle files when it searches a directory. */
export const CYCLE_FILE_PATTERN = /\.cycle\.ya?ml$/;

/** Directories never searched: dependencies and git's own data. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface FoundFiles {
  /** Absolute paths of the cycle files, sorted. */
  files: string[];
  /** Arguments that name nothing on disk, as given. */
  missing: string[];
}

/**
 * Expand command-line paths into cycle files: a directory is searched recursively for
 * `*.cycle.yaml` and `*.cycle.yml`; a file is taken as named, whatever its name.
 */
export async function findCycleFiles(paths: readonly string[], cwd: string): Promise<FoundFiles> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const given of paths.length === 0 ? ['.'] : paths) {
    const absolute = path.resolve(cwd, given);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of await searchDirectory(absolute)) {
        files.add(file);
      }
    } else {
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), missing };
}

async function searchDirectory(directory: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await fs.readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) {
        found.push(...(await searchDirectory(full)));
      }
    } else if (entry.isFile() && CYCLE_FILE_PATTERN.test(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

/** Read a file as UTF-8 text, keeping a byte-order mark as U+FEFF. */
export function readText(file: string): Promise<string> {
  return fs.readFile(file, 'utf8');
}

/**
 * Replace a file's content: write a temporary file beside it, then rename it over the
 * original, so a crash never leaves half a cycle file. The original's mode is kept, and a
 * symbolic link stays a link because the file it points to is the one replaced.
 */
export async function writeTextAtomic(target: string, text: string): Promise<void> {
  let file = target;
  let mode: number | undefined;
  try {
    file = await fs.realpath(target);
    mode = (await fs.stat(file)).mode;
  } catch {
    mode = undefined;
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(temporary, text, { encoding: 'utf8', mode });
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Create a new file; fails with EEXIST when the file is already there. */
export async function createText(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
}

/** Format a path for messages: relative to `cwd` with forward slashes, or absolute when outside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return file.split(path.sep).join('/');
  }
  return relative.split(path.sep).join('/');
}
