import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config';
import { Database } from '../data/database';
import { isIsoDate, todayIn } from '../domain/dates';
import { capitalCallNotices, distributionNotices } from '../application/investor-documents-service';
import { capitalAccountStatement } from '../application/investor-statement-service';
import type { InvestorDocument } from '../documents/document-model';
import { renderDocument, type DocumentFormat } from '../documents/investor-documents';
import { PdfRenderer } from '../documents/pdf-renderer';
import { checkOutFolder, checkOutPath, writeWholeFile } from './cli-files';
import { progressBar } from './progress-bar';

function parseId(value: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new InvalidArgumentError('must be an id (a positive whole number)');
  return Number(value);
}

function parseDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('must be a calendar date YYYY-MM-DD');
  return value;
}

function parseFormat(value: string): DocumentFormat {
  if (value !== 'pdf' && value !== 'xlsx') throw new InvalidArgumentError('must be pdf or xlsx');
  return value;
}

function parseCode(value: string): string {
  if (!/^[A-Z0-9][A-Z0-9-]{0,39}$/.test(value)) throw new InvalidArgumentError('must be an upper-case code such as PHX-RELIEF');
  return value;
}

interface NoticeOptions {
  out: string;
  format: DocumentFormat;
  asOf?: string;
}

/** Opens the database and a PDF renderer for `work`, and always closes both. */
async function withDocuments<T>(work: (db: Database, pdf: PdfRenderer, today: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = Database.open(config.database);
  const pdf = new PdfRenderer();
  try {
    await db.migrate();
    return await work(db, pdf, todayIn(config.timeZone));
  } finally {
    await pdf.close();
    await db.close();
  }
}

/** Renders each document into `dir`, one line per file written, a progress bar on a terminal's stderr. */
async function writeAll(docs: readonly InvestorDocument[], options: NoticeOptions, pdf: PdfRenderer): Promise<void> {
  const bar = progressBar(docs.length, 'notices', 'files');
  try {
    for (const [i, doc] of docs.entries()) {
      const rendered = await renderDocument(doc, options.format, pdf);
      const file = path.join(options.out, rendered.fileName);
      writeWholeFile(file, rendered.body);
      console.log(`wrote ${file}`);
      bar.update(i + 1);
    }
  } finally {
    bar.stop();
  }
  console.log(`${docs.length} notice${docs.length === 1 ? '' : 's'} written to ${options.out}`);
}

/**
 * `phoenix notices call|distribution ID --out DIR`: every investor's notice, as GET
 * /capital-calls/{id}/notices/{investor} gives one; `phoenix statement INVESTOR`: one statement.
 */
export function registerNoticesCommands(program: Command): void {
  const notices = program.command('notices').description('write investor notices (缴款通知书, 分配通知书) for every investor of a call or distribution');
  notices
    .command('call')
    .description('one capital-call notice per investor with an allocation in the call')
    .argument('<id>', 'the capital call id', parseId)
    .requiredOption('--out <dir>', 'an existing folder to write the files into')
    .option('--format <format>', 'pdf or xlsx', parseFormat, 'pdf' as DocumentFormat)
    .option('--as-of <date>', 'payments and late interest counted to this date (default: today)', parseDate)
    .action(async (id: number, options: NoticeOptions) => {
      checkOutFolder(options.out);
      await withDocuments(async (db, pdf, today) => writeAll(await capitalCallNotices(db, id, today, options.asOf ?? today), options, pdf));
    });
  notices
    .command('distribution')
    .description('one distribution notice per investor with an allocation in the distribution')
    .argument('<id>', 'the distribution id', parseId)
    .requiredOption('--out <dir>', 'an existing folder to write the files into')
    .option('--format <format>', 'pdf or xlsx', parseFormat, 'pdf' as DocumentFormat)
    .action(async (id: number, options: NoticeOptions) => {
      checkOutFolder(options.out);
      await withDocuments(async (db, pdf, today) => writeAll(await distributionNotices(db, id, today), options, pdf));
    });

  program
    .command('statement')
    .description('write an investor’s capital-account statement (出资人资本账户报告) in a fund for a period')
    .argument('<investor>', 'the investor code', parseCode)
    .requiredOption('--fund <code>', 'the fund', parseCode)
    .requiredOption('--from <date>', 'first day of the period', parseDate)
    .requiredOption('--to <date>', 'last day of the period', parseDate)
    .requiredOption('--out <file>', 'the file to write (.pdf, .xlsx or .json; --format overrides the extension)')
    .option('--format <format>', 'pdf, xlsx or json')
    .action(async (investor: string, options: { fund: string; from: string; to: string; out: string; format?: string }) => {
      const format = options.format ?? (path.extname(options.out).slice(1).toLowerCase() || 'pdf');
      if (format !== 'pdf' && format !== 'xlsx' && format !== 'json') throw new InvalidArgumentError(`--format ${format}: must be pdf, xlsx or json`);
      checkOutPath(options.out);
      await withDocuments(async (db, pdf, today) => {
        const statement = await capitalAccountStatement(db, { investor, fund: options.fund, from: options.from, to: options.to }, today);
        const body = format === 'json' ? Buffer.from(`${JSON.stringify(statement, null, 2)}\n`) : (await renderDocument(statement, format, pdf)).body;
        writeWholeFile(options.out, body);
        console.log(`wrote ${options.out}`);
      });
    });
}
