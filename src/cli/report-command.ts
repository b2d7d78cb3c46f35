import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { Database } from '../data/database';
import { todayIn } from '../domain/dates';
import { streamWriter } from '../reports/output';
import { renderReport, resolveReport } from '../reports/report-engine';
import { REPORTS } from '../../reports';
import { checkOutPath, writeFailure } from './cli-files';

interface ReportOptions {
  format: string;
  asOf?: string;
  unit?: string;
  fund?: string;
  programme?: string;
  from?: string;
  to?: string;
  out?: string;
}

/**
 * `phoenix report NAME`: the same reports as GET /reports/{name}, to stdout or a file. A file is
 * written beside its final name and renamed only when complete, so a failed run leaves no partial file.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report <name>')
    .description('render a report: overview, leverage, capital-accounts, investments, performance, changes-in-net-assets, screenings, pledge-watchlist, trial-balance, journal')
    .option('--format <format>', 'json, csv, xlsx, or hledger (journal only)', 'json')
    .option('--as-of <date>', 'figures at the end of this value date (default: today)')
    .option('--unit <unit>', 'yuan, wan (万元) or yi (亿元)')
    .option('--fund <code>', 'journal, trial-balance and changes-in-net-assets: one fund only')
    .option('--from <date>', 'changes-in-net-assets: first day of the period (default: inception)')
    .option('--to <date>', 'changes-in-net-assets: last day of the period (default: today)')
    .option('--programme <code>', 'leverage: the programme (default: the only one)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (name: string, options: ReportOptions) => {
      const config = loadConfig();
      const report = resolveReport(
        REPORTS,
        { name, format: options.format, asOf: options.asOf, unit: options.unit, fund: options.fund, programme: options.programme, from: options.from, to: options.to },
        todayIn(config.timeZone),
      );
      if (options.out) checkOutPath(options.out);
      const db = Database.open(config.database);
      try {
        await db.migrate();
        if (!options.out) {
          await renderReport(db, report, streamWriter(process.stdout), config.watch);
          return;
        }
        const partial = `${options.out}.partial`;
        const file = fs.createWriteStream(partial);
        // Kept to name the real cause (the writer only sees a closed stream); unheard, it would crash the process.
        let fileError: unknown = null;
        file.on('error', (error) => (fileError ??= error));
        try {
          await renderReport(db, report, streamWriter(file), config.watch);
          file.end();
          await finished(file);
          fs.renameSync(partial, options.out);
        } catch (error) {
          file.destroy();
          fs.rmSync(partial, { force: true });
          throw writeFailure(options.out, fileError ?? error);
        }
      } finally {
        await db.close();
      }
    });
}
