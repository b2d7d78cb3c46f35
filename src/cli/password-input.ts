import { InvalidArgumentError } from 'commander';
import { readWholeFile } from './cli-files';

/**
 * Where a password comes from, never the command line (argv is visible to every user of the
 * machine in the process list and lands in shell history): `--password-file FILE`, else standard
 * input when it is not a terminal (scripts: `printf '%s' "$PW" | phoenix user create …`), else a
 * prompt that does not echo, asked twice.
 */
export async function readPassword(options: { passwordFile?: string }): Promise<string> {
  if (options.passwordFile) return firstLine(readWholeFile(options.passwordFile).toString('utf8'));
  if (!process.stdin.isTTY) return firstLine(await readAll(process.stdin));
  const first = await prompt('Password: ');
  const again = await prompt('Password again: ');
  if (first !== again) throw new InvalidArgumentError('the two passwords differ');
  return first;
}

/** The text up to the first line end: a file or a pipe usually ends in one that is not part of the password. */
function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function prompt(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new InvalidArgumentError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
