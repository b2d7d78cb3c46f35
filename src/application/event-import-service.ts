import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { Actor } from '../domain/access/roles';
import type { Database } from '../data/database';
import type { CommandContext, CommandResult } from './command-runner';
import { call, commit, distribute, invest, pay, recordExit, recordExpense, recordValuation, type EventOptions } from './fund-event-service';
import { requestFingerprint } from './idempotency';

export type EventType = 'commitment' | 'capital_call' | 'payment' | 'investment' | 'exit' | 'valuation' | 'distribution' | 'expense';

/** One row of an import, shape-checked: the event, what it applies to, and its request body. */
export interface ImportRow {
  line: number;
  /** The row's own idempotency key (the `key` column), if the file gives one. */
  key?: string;
  type: EventType;
  /** The name later rows use for this capital call or investment. */
  ref?: string;
  /** The fund it is booked in, or the call / investment it refers to (by ref in this file, or by id). */
  target: { fund: string } | { ref: string } | { id: number };
  body: Record<string, unknown>;
}

export interface RefusedRow {
  line: number;
  code: string;
  reason: string;
}

export interface ImportReport {
  rows: number;
  /** Rows booked by this run. */
  booked: number;
  /** Rows an earlier run had booked already (same idempotency key and content): nothing written. */
  replayed: number;
  refused: RefusedRow[];
  byType: Record<string, number>;
}

export interface ImportOptions {
  events: EventOptions;
  /** Names the import in the audit log and the actor of its entries. */
  source: string;
  /** Hash of the whole file: with the line number, the idempotency key of a row without `key`. */
  fileHash: string;
  now?: Date;
  /** Rows in flight at once (SQLite group commit); 1 on PostgreSQL. */
  concurrency?: number;
  onProgress?(done: number): void;
}

/** The system actor of imports: a fund manager (imports never carry an admin override). */
export function importActor(source: string): Actor {
  return { tokenId: 0, name: `import:${source}`.slice(0, 100), role: 'fund_manager' };
}

export function fileHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Books the rows in file order through the same services, rules and audit as the API. Each row is
 * one command: idempotent under its key (`key` column, else file hash + line), so a re-run writes
 * nothing twice; a refused row rolls back entirely and is reported with its line and reason.
 *
 * Rows are submitted in file order with up to `concurrency` in flight. The writer runs queued
 * commands first-in first-out inside grouped transactions (group commit, on both databases), so
 * each row still sees exactly the rows before it, as in a one-by-one run; a row that refers to a
 * call or investment by ref waits for that row's result (its id) before it and everything after
 * it is submitted.
 */
export async function importEvents(db: Database, rows: readonly ImportRow[], options: ImportOptions): Promise<ImportReport> {
  const concurrency = Math.max(1, options.concurrency ?? 64);
  const report: ImportReport = { rows: rows.length, booked: 0, replayed: 0, refused: [], byType: {} };
  const ids = new Map<string, Promise<number | null>>();
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  const actor = importActor(options.source);
  for (const row of rows) {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const target = await resolveTarget(row, ids);
    const submitted = typeof target === 'object' ? Promise.reject(new DomainError('NOT_FOUND', target.refused)) : submit(db, row, target, actor, options);
    if (row.ref) ids.set(row.ref, submitted.then((r) => Number((r.body as { id: number }).id), () => null));
    const settled = submitted.then(
      (result) => {
        if (result.replayed) report.replayed += 1;
        else report.booked += 1;
        report.byType[row.type] = (report.byType[row.type] ?? 0) + 1;
      },
      (error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        report.refused.push({ line: row.line, code: error.code, reason: error.message });
      },
    );
    const tracked: Promise<void> = settled.finally(() => {
      inFlight.delete(tracked);
      options.onProgress?.(++done);
    });
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}

/** The fund code or numeric id a row applies to, or why it cannot be known (a refused earlier row). */
async function resolveTarget(row: ImportRow, ids: Map<string, Promise<number | null>>): Promise<string | number | { refused: string }> {
  const target = row.target;
  if ('fund' in target) return target.fund;
  if ('id' in target) return target.id;
  const id = await ids.get(target.ref);
  return id ?? { refused: `${row.type === 'payment' ? 'callRef' : 'investmentRef'} ${JSON.stringify(target.ref)} names a row that was refused` };
}

function submit(db: Database, row: ImportRow, target: string | number, actor: Actor, options: ImportOptions): Promise<CommandResult<unknown>> {
  const key = row.key ? `import:${row.key}` : `import:${options.fileHash.slice(0, 24)}:${row.line}`;
  const ctx: CommandContext = {
    actor,
    requestId: `${key}`.slice(0, 64),
    now: options.now ?? options.events.clock.now(),
    idempotency: { key, fingerprint: requestFingerprint('IMPORT', `${row.type}/${target}`, row.body) },
  };
  const body = row.body as never;
  const events = options.events;
  switch (row.type) {
    case 'commitment':
      return commit(db, ctx, target as string, body, events);
    case 'capital_call':
      return call(db, ctx, target as string, body, events);
    case 'payment':
      return pay(db, ctx, target as number, body, events);
    case 'investment':
      return invest(db, ctx, target as string, body, events);
    case 'exit':
      return recordExit(db, ctx, target as number, body, events);
    case 'valuation':
      return recordValuation(db, ctx, target as number, body, events);
    case 'distribution':
      return distribute(db, ctx, target as string, body, events);
    case 'expense':
      return recordExpense(db, ctx, target as string, body, events);
  }
}
