import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config';
import { Database } from '../data/database';
import { isIsoDate, todayIn } from '../domain/dates';
import { systemClock } from '../domain/ledger/ledger-service';
import { fileHash, importActor } from '../application/event-import-service';
import { screenBatch } from '../application/screening-service';
import { requestFingerprint } from '../application/idempotency';
import { resultOf } from '../application/command-runner';
import { applicantsFromCsv } from '../import/screening-csv';
import { pricesFromCsv } from '../import/price-csv';
import { recordMarketPrices } from '../application/pledge-watch-service';
import { DomainError, type FieldError } from '../domain/errors';
import { batchItemsFromCsv } from '../http/applicant-input';
import { importEventsFile, outcomeLine, summaryLines } from '../import/import-events-file';
import { decodeText, encodingNamed, ENCODING_NAMES, type TextEncodingName } from '../import/text-encoding';
import { checkReadableFile, readWholeFile } from './cli-files';
import { progressBar } from './progress-bar';

function parseConcurrency(value: string): number {
  if (!/^[1-9][0-9]{0,3}$/.test(value)) throw new InvalidArgumentError('must be a whole number from 1 to 9999');
  return Number(value);
}

function parseReason(value: string): string {
  const reason = value.trim();
  if (reason.length < 3 || reason.length > 500) throw new InvalidArgumentError('--direct-booking-without-approval must say why, in 3 to 500 characters');
  return reason;
}

function parseDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('must be a calendar date YYYY-MM-DD');
  return value;
}

function parseEncoding(value: string): TextEncodingName {
  const encoding = encodingNamed(value);
  if (!encoding) throw new InvalidArgumentError(`must be one of ${ENCODING_NAMES.join(', ')}`);
  return encoding;
}

const ENCODING_HELP = 'utf-8 (default) or gbk / gb18030 (what Excel saves on Chinese Windows); a GB18030 BOM is followed without asking';

export function registerImportCommands(program: Command): void {
  const group = program.command('import').description('bring history in from CSV, through the same rules as the API');

  group
    .command('events <file>')
    .description('one business event per row (docs/import.md); prints each line: booked, already booked, or refused with the reason; exits 1 if any row is refused')
    .option('--encoding <name>', ENCODING_HELP, parseEncoding, 'utf-8' as TextEncodingName)
    .option('--json', 'print one JSON object per row, then the summary, instead of text lines')
    .option('--concurrency <n>', 'rows in flight at once (group commit)', parseConcurrency, 512)
    .option(
      '--direct-booking-without-approval <reason>',
      "book rows whose action a fund's approval policy lists without the investment committee (by default they are refused: import such files over POST /imports, where they become proposals); each such row is audited as a direct booking with this reason",
    )
    .action(async (file: string, options: { concurrency: number; encoding: TextEncodingName; json?: boolean; directBookingWithoutApproval?: string }) => {
      // Checked here, not as an option parser, so a bad reason is one line and exit 2 (main).
      const reason = options.directBookingWithoutApproval === undefined ? undefined : parseReason(options.directBookingWithoutApproval);
      checkReadableFile(file);
      const config = loadConfig();
      const today = todayIn(config.timeZone);
      const gate = { defaults: config.approvals.defaults, today, proposalTtlHours: config.approvals.proposalTtlHours };
      const name = file.split('/').pop() ?? file;
      if (reason !== undefined) console.error(`warning: direct booking without approval: rows the approval policy lists are booked at once, audited as direct with the reason "${reason}"`);
      const db = Database.open(config.database, { groupCommitMaxBatch: config.groupCommitMaxBatch, writeQueueMax: config.writeQueueMax });
      let bar = progressBar(0, 'importing', 'rows');
      try {
        await db.migrate();
        const report = await importEventsFile(db, () => fs.createReadStream(file), {
          source: reason === undefined ? name : `direct:${name}`,
          encoding: options.encoding,
          events: { clock: systemClock, today, screeningValidityDays: config.screeningValidityDays, lockUpMonths: config.watch.lockUpMonths },
          approvals: reason === undefined ? { mode: 'refuse', gate } : { mode: 'direct', gate, reason },
          concurrency: options.concurrency,
          onChecked: (rows) => (bar = progressBar(rows, 'importing', 'rows')),
          onProgress: (done) => bar.update(done),
          onRow: (outcome) => console.log(options.json ? JSON.stringify(outcome) : outcomeLine(outcome)),
        });
        if (options.json) console.log(JSON.stringify({ summary: report }));
        else for (const line of summaryLines(report)) console.log(line);
        if (report.refused.length > 0) process.exitCode = 1;
      } finally {
        bar.stop();
        await db.close();
      }
    });

  group
    .command('screenings <file>')
    .description('one applicant per row, the columns of POST /screenings/batch (docs/screening.md); exits 1 if any row fails')
    .option('--screened-on <date>', 'the screening date (default: today)', parseDate)
    .option('--encoding <name>', ENCODING_HELP, parseEncoding, 'utf-8' as TextEncodingName)
    .action(async (file: string, options: { screenedOn?: string; encoding: TextEncodingName }) => {
      const text = decodeText(readWholeFile(file), options.encoding);
      const config = loadConfig();
      const today = todayIn(config.timeZone);
      const items = batchItemsFromCsv(applicantsFromCsv(text));
      const db = Database.open(config.database);
      try {
        await db.migrate();
        const key = `import:screenings:${fileHash(text).slice(0, 24)}:${options.screenedOn ?? today}`;
        const result = await screenBatch(
          db,
          {
            actor: importActor(file.split('/').pop() ?? file),
            requestId: key,
            now: new Date(),
            idempotency: { key, fingerprint: requestFingerprint('IMPORT', 'screenings', { text, screenedOn: options.screenedOn ?? today }) },
            // Stored as the API answers a batch, so a re-run prints the first run's results.
            answer: (batch) => ({ status: 200, body: batch }),
          },
          { items, screenedOn: options.screenedOn ?? today, today },
        );
        const { results, counts } = resultOf(result);
        console.log(
          `${results.length} rows${result.replayed ? ' (already imported by an earlier run: nothing written)' : ''}: ` +
            `${counts.eligible} eligible, ${counts.needs_review} needs_review, ${counts.ineligible} ineligible, ${counts.failed} failed`,
        );
        for (const r of results) if ('error' in r) console.log(`line ${r.line ?? '?'}: ${r.error.code}: ${r.error.detail}`);
        if (counts.failed > 0) process.exitCode = 1;
      } finally {
        await db.close();
      }
    });

  group
    .command('prices <file>')
    .description('daily closes, columns stockCode,date,close (docs/screening.md): stores them and re-evaluates the pledge watch; a bad row refuses the whole file (exit 1, nothing written)')
    .option('--encoding <name>', ENCODING_HELP, parseEncoding, 'utf-8' as TextEncodingName)
    .option('--mark-to-market', "also book valuations of the funds' equity holdings in these stocks, with the lock-up liquidity discount")
    .action(async (file: string, options: { encoding: TextEncodingName; markToMarket?: boolean }) => {
      const text = decodeText(readWholeFile(file), options.encoding);
      const config = loadConfig();
      const today = todayIn(config.timeZone);
      const name = file.split('/').pop() ?? file;
      let rows;
      try {
        rows = pricesFromCsv(text);
      } catch (error) {
        refuse(error);
        return;
      }
      const db = Database.open(config.database);
      try {
        await db.migrate();
        const events = { clock: systemClock, today, screeningValidityDays: config.screeningValidityDays, lockUpMonths: config.watch.lockUpMonths };
        const outcome = await recordMarketPrices(
          db,
          { actor: importActor(name), requestId: `import:prices:${fileHash(text).slice(0, 24)}`, now: new Date() },
          {
            prices: rows.map(({ stockCode, date, close }) => ({ stockCode, date, close })),
            today,
            cause: `phoenix import prices ${name}`,
            markToMarket: options.markToMarket
              ? { options: events, settings: config.watch, gate: { defaults: config.approvals.defaults, today, proposalTtlHours: config.approvals.proposalTtlHours } }
              : undefined,
          },
        );
        const report = resultOf(outcome);
        console.log(`${report.stored} prices stored; ${report.evaluations.length} companies re-evaluated, ${report.alerts.length} level changes, ${report.skipped.length} unchanged`);
        for (const a of report.alerts) console.log(`${a.stockCode} ${a.companyName}: ${a.fromLevel} -> ${a.toLevel} at ${a.close} on ${a.priceDate}`);
        if (report.markToMarket) {
          const booked = report.markToMarket.valuations.filter((v) => v.entryId !== null).length;
          console.log(`${report.markToMarket.valuations.length} holdings marked to market, ${booked} valuations booked`);
        }
      } catch (error) {
        refuse(error, rows.map((r) => r.line));
      } finally {
        await db.close();
      }
    });
}

/** Prints a refusal row by row (a service error's row index becomes the file's line) and sets exit code 1. */
function refuse(error: unknown, lines: readonly number[] = []): void {
  if (!(error instanceof DomainError)) throw error;
  const errors = (error.details.errors as FieldError[] | undefined) ?? [];
  console.error(`refused, nothing written: ${error.code}`);
  for (const e of errors) {
    const index = /^([0-9]+)(\.|$)/.exec(e.field);
    const field = index && lines[Number(index[1])] !== undefined ? `line ${lines[Number(index[1])]}${e.field.slice(index[1].length).replace(/^\./, ': ')}` : e.field;
    console.error(`${field}: ${e.message}`);
  }
  if (errors.length === 0) console.error(error.message);
  process.exitCode = 1;
}
