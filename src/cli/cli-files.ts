import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';

/** An fs error as the few words a person needs, not Node's code and syscall. */
function said(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return (error as Error).message;
}

/**
 * Checks that FILE is a file this process can read, before any database work, so a typo is one
 * line and exit 2 rather than a stack trace.
 * @throws InvalidArgumentError (exit 2) naming the file and the reason
 */
export function checkReadableFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${file}: ${said(error)}`);
  }
  if (stat.isDirectory()) throw new InvalidArgumentError(`cannot read ${file}: is a folder, not a file`);
}

export function readWholeFile(file: string): Buffer {
  checkReadableFile(file);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${file}: ${said(error)}`);
  }
}

/**
 * Checks that `out` can be written at all before the report runs: its folder exists and `out` is
 * not itself a folder.
 * @throws InvalidArgumentError (exit 2) naming the path and the reason
 */
export function checkOutPath(out: string): void {
  const folder = path.dirname(path.resolve(out));
  let stat: fs.Stats | undefined;
  try {
    if (!fs.statSync(folder).isDirectory()) throw new InvalidArgumentError(`--out ${out}: ${folder} is not a folder`);
    stat = fs.statSync(out, { throwIfNoEntry: false });
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InvalidArgumentError(`--out ${out}: the folder ${folder} ${missing ? 'does not exist' : `cannot be read: ${said(error)}`}`);
  }
  if (stat?.isDirectory()) throw new InvalidArgumentError(`--out ${out}: is a folder; give a file name`);
}

/** A write error of the output file as one line for the person at the terminal. */
export function writeFailure(out: string, error: unknown): Error {
  if (!(error as NodeJS.ErrnoException).code) return error as Error;
  return new InvalidArgumentError(`--out ${out}: cannot write: ${said(error)}`);
}

/**
 * Checks that `dir` is an existing folder this process can write into, before any database work.
 * @throws InvalidArgumentError (exit 2) naming the folder and the reason
 */
export function checkOutFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InvalidArgumentError(`--out ${dir}: ${missing ? 'the folder does not exist' : `cannot be read: ${said(error)}`}`);
  }
  if (!stat.isDirectory()) throw new InvalidArgumentError(`--out ${dir}: is a file; give a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new InvalidArgumentError(`--out ${dir}: cannot write there: ${said(error)}`);
  }
}

/** Writes `body` beside `file` and renames it into place, so a failed run leaves no partial file. */
export function writeWholeFile(file: string, body: Buffer): void {
  const partial = `${file}.partial`;
  try {
    fs.writeFileSync(partial, body);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw writeFailure(file, error);
  }
}
