import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { Actor } from '../domain/access/roles';
import type { Database } from '../data/database';
import { executeCommand, type CommandContext, type CommandOutcome, type StoredAnswer } from './command-runner';
import { EVENTS, type AnyEvent, type EventType } from './events/registry';
import type { EventOptions } from './events/event-support';
import { requestFingerprint } from './idempotency';
import { OccurrenceCounter } from './occurrence-counter';
import { approvalGate, approvalRequired, proposeWrite, type GateSettings } from './approvals/approval-gate';
import type { Booked } from './events/event-support';
import type { Repositories } from '../data/repositories';

export type { EventType };

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

/** A row the reader could not turn into an event; it is reported in its place, in file order. */
export interface UnreadableRow {
  line: number;
  error: DomainError;
}

/** What became of one row: what `phoenix import events` prints for every line. */
export type RowOutcome =
  | { line: number; outcome: 'booked' | 'already_booked'; type: EventType }
  | { line: number; outcome: 'proposed'; type: EventType; proposal: number }
  | { line: number; outcome: 'refused'; type?: EventType; code: string; reason: string };

export interface ImportReport {
  rows: number;
  /** Rows booked by this run. */
  booked: number;
  /** Rows an earlier run (of this file or any other) had booked already: nothing written. */
  replayed: number;
  /** Rows the approval policy of their fund lists: held as pending proposals, nothing booked. */
  proposed: number;
  refused: RefusedRow[];
  byType: Record<string, number>;
}

/**
 * How an import meets the approval gate (docs/import.md, "Approvals"): a row whose action the
 * policy of its fund lists becomes a proposal of the importing person (`propose`, the API), is
 * refused with APPROVAL_REQUIRED (`refuse`, the CLI's default), or is booked at once on the
 * operator's explicit word, marked as such in the audit log (`direct`, the CLI's named flag).
 */
export type ImportApprovals =
  | { mode: 'propose'; gate: GateSettings; proposer: Actor }
  | { mode: 'refuse'; gate: GateSettings }
  | { mode: 'direct'; gate: GateSettings; reason: string };

export interface ImportOptions {
  events: EventOptions;
  /** The approval gate's settings and what to do with rows it holds; required, so no import skips it. */
  approvals: ImportApprovals;
  /** Names the import in the audit log and the actor of its entries. */
  source: string;
  now?: Date;
  /** Rows in flight at once (group commit). */
  concurrency?: number;
  onProgress?(done: number): void;
  /** Each row's outcome, in file order, as soon as it and every row before it are settled. */
  onRow?(outcome: RowOutcome): void;
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
 * one command, idempotent under its identity (docs/domain.md, Capital accounting; docs/import.md): the `key` column when
 * given, else its content (event type, what it applies to, and every field of the event) with the
 * occurrence number of that same content in the file, so two equal expense rows on one day are two
 * rows, and no line number, file name or file hash takes part. A re-run of any edited version of a
 * file, or another file holding the same rows, books only the rows that are new; a refused row
 * rolls back entirely and is reported with its line and reason.
 *
 * Rows are submitted in file order with up to `concurrency` in flight. The writer runs queued
 * commands first-in first-out inside grouped transactions (group commit, on both databases), so
 * each row still sees exactly the rows before it, as in a one-by-one run. A row that refers to a
 * call or investment by ref learns its id inside the writer, from the row that booked it earlier
 * in the same group or an earlier one (`RowTargets`), so it never waits for a commit and groups
 * stay large. `rows` is read lazily, so a streamed file is never held whole.
 */
export async function importEvents(db: Database, rows: AsyncIterable<ImportRow | UnreadableRow> | Iterable<ImportRow | UnreadableRow>, options: ImportOptions): Promise<ImportReport> {
  const concurrency = Math.max(1, options.concurrency ?? 512);
  const report: ImportReport = { rows: 0, booked: 0, replayed: 0, proposed: 0, refused: [], byType: {} };
  const targets = new RowTargets();
  const inFlight = new Set<Promise<void>>();
  const settle = inOrder((outcome) => {
    report.rows += 1;
    if (outcome.outcome === 'refused') report.refused.push({ line: outcome.line, code: outcome.code, reason: outcome.reason });
    else if (outcome.outcome === 'proposed') report.proposed += 1;
    else {
      if (outcome.outcome === 'booked') report.booked += 1;
      else report.replayed += 1;
      report.byType[outcome.type] = (report.byType[outcome.type] ?? 0) + 1;
    }
    options.onRow?.(outcome);
    options.onProgress?.(report.rows);
  });
  const actor = importActor(options.source);
  let seq = 0;
  // An error that is not a refusal (the database went away) stops the import once the rows in flight settle.
  let failure: unknown = null;
  try {
    for await (const row of rows) {
      const at = seq++;
      if ('error' in row) {
        settle(at, refusal(row.line, undefined, row.error));
        continue;
      }
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure) break;
      const submitted = submit(db, row, at, targets, actor, options);
      const tracked: Promise<void> = submitted
        .then(
          (result) => settle(at, rowOutcome(row, result)),
          (error: unknown) => {
            if (!(error instanceof DomainError)) failure ??= error;
            else settle(at, refusal(row.line, row.type, keyConflict(row, error)));
          },
        )
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure) throw failure;
  return report;
}

/** Hands outcomes on in sequence order although rows settle out of order (up to `concurrency` apart). */
function inOrder(emit: (outcome: RowOutcome) => void): (seq: number, outcome: RowOutcome) => void {
  const waiting = new Map<number, RowOutcome>();
  let next = 0;
  return (seq, outcome) => {
    waiting.set(seq, outcome);
    for (let ready = waiting.get(next); ready; ready = waiting.get(next)) {
      waiting.delete(next);
      next += 1;
      emit(ready);
    }
  };
}

/** A settled row: booked now, booked before, or held as a proposal (now or by an earlier run). */
function rowOutcome(row: ImportRow, result: CommandOutcome<ImportedRow>): RowOutcome {
  const proposal = proposalOf(result);
  if (proposal !== null) return { line: row.line, outcome: 'proposed', type: row.type, proposal };
  return { line: row.line, outcome: result.replayed ? 'already_booked' : 'booked', type: row.type };
}

/** The proposal a row is held as, or null when it was booked. */
function proposalOf(outcome: CommandOutcome<ImportedRow>): number | null {
  if (!outcome.replayed) return 'proposal' in outcome.result ? outcome.result.proposal : null;
  if (outcome.answer.status !== 202) return null;
  return Number((outcome.answer.body as { proposal: { id: number } }).proposal.id);
}

function refusal(line: number, type: EventType | undefined, error: DomainError): RowOutcome {
  return { line, outcome: 'refused', ...(type ? { type } : {}), code: error.code, reason: error.message };
}

/** A `key` already booked with other content: say so in the file's terms rather than the API's. */
function keyConflict(row: ImportRow, error: DomainError): DomainError {
  if (error.code !== 'IDEMPOTENCY_CONFLICT' || !row.key) return error;
  return new DomainError('IDEMPOTENCY_CONFLICT', `key ${row.key} was booked earlier with other content: give a changed row a new key`);
}

/**
 * What an imported row stores with its key: what the API answers for the same booking (201, the
 * id and entry of the event), which is all a re-run (refs of later rows) and verify read back.
 */
function importAnswer(result: unknown): StoredAnswer {
  const row = result as ImportedRow;
  // A held row stores the 202 of its proposal; its execution replaces it with the booking's 201.
  if ('proposal' in row) return { status: 202, body: { proposal: { id: row.proposal } } };
  return { status: 201, body: { id: row.id, entryId: row.entryId } };
}

/** What a row became: an event (its id and entry), or a pending proposal. */
type ImportedRow = { id: number; entryId: number | null } | { proposal: number };

/** The id of the event a row booked, or booked before; 'proposed' when it is held for approval. */
function bookedId(outcome: CommandOutcome<ImportedRow>): number | 'proposed' {
  if (proposalOf(outcome) !== null) return 'proposed';
  return Number(outcome.replayed ? (outcome.answer.body as { id: number }).id : (outcome.result as { id: number }).id);
}

/**
 * A row through the approval gate: booked when no policy lists its action; else held as a
 * proposal, refused, or booked directly as the import's approval mode says.
 * @throws DomainError what the gate raises, APPROVAL_REQUIRED, and what the booking raises
 */
async function gatedRow(
  repos: Repositories,
  ctx: CommandContext,
  write: { action: EventType; target: string; body: Record<string, unknown> },
  book: (repos: Repositories, ctx: CommandContext) => Promise<Booked<unknown>>,
  approvals: ImportApprovals,
): Promise<Booked<ImportedRow>> {
  const decision = await approvalGate(repos, write, approvals.gate);
  if (decision.governing.length === 0) return (await book(repos, ctx)) as Booked<ImportedRow>;
  if (approvals.mode === 'refuse') throw approvalRequired(write, decision);
  if (approvals.mode === 'direct') {
    const booked = (await book(repos, ctx)) as Booked<ImportedRow>;
    const bypassed = decision.governing.map((p) => p.fund);
    return { ...booked, detail: { ...booked.detail, direct: true, reason: approvals.reason, bypassedApproval: { action: write.action, funds: bypassed } } };
  }
  // What would be refused now is refused now: the row is booked in a rehearsal first, as its proposer.
  const proposer = { ...ctx, actor: approvals.proposer };
  await repos.rehearse((rehearsal) => book(rehearsal, { ...proposer, idempotency: undefined }));
  const proposal = await proposeWrite(repos, proposer, { ...write, documents: [] }, decision.governing, approvals.gate.proposalTtlHours);
  return {
    result: { proposal: proposal.id },
    target: `proposals/${proposal.id}`,
    detail: { proposal: proposal.id, fund: proposal.fund, requiredApprovals: proposal.requiredApprovals, proposer: proposal.proposer.person },
  };
}

/**
 * What the writer knows of the rows in flight: the id each ref was booked under (null: its row
 * was refused), and the occurrence number each row's content got. Both are set inside the writer,
 * in file order, so a row meets the rows before it exactly as a one-by-one run would. A group
 * rolled back runs its rows again in the same order, so a ref's id is set again before any later
 * row reads it, and a row keeps the occurrence number it got (its content is counted once).
 */
class RowTargets {
  private readonly ids = new Map<string, number | null | 'proposed'>();
  /** Refs whose rows this run booked (not replayed): their ids are new, so no stored key names them. */
  private readonly fresh = new Set<string>();
  private readonly occurrences = new OccurrenceCounter();
  private readonly counted = new Map<number, { content: string; n: number }>();

  /** The fund code or numeric id the row applies to. @throws DomainError NOT_FOUND when it names a refused row */
  targetOf(row: ImportRow): string | number {
    const target = row.target;
    if ('fund' in target) return target.fund;
    if ('id' in target) return target.id;
    const id = this.ids.get(target.ref);
    const column = EVENTS[row.type].target === 'call' ? 'callRef' : 'investmentRef';
    if (id === 'proposed') {
      throw new DomainError('REF_NOT_BOOKED', `${column} ${JSON.stringify(target.ref)} names a row held for the investment committee's approval: import this row again once that proposal is approved`);
    }
    if (id === undefined || id === null) {
      throw new DomainError('NOT_FOUND', `${column} ${JSON.stringify(target.ref)} names a row that was refused`);
    }
    return id;
  }

  /**
   * The row's key as it will most likely be, for the writer to read with its group's others:
   * undefined when its target is a ref not yet booked. A row whose content repeats within one
   * group is guessed as the first of them (its own look-up then reads the key alone).
   */
  likelyKey(row: ImportRow, seq: number): string | undefined {
    if (row.key) return `import:${row.key}`;
    if (this.keyUnused(row)) return undefined;
    const target = row.target;
    const id = 'ref' in target ? this.ids.get(target.ref) : 'fund' in target ? target.fund : target.id;
    if (id === undefined || id === null || id === 'proposed') return undefined;
    const content = requestFingerprint('IMPORT', `${row.type}/${id}`, row.body);
    const known = this.counted.get(seq);
    return `import:row:${content}:${known?.content === content ? known.n : this.occurrences.peek(content)}`;
  }

  /** The nth time (1, 2, …) this content appears in the file, for the row at `seq`. */
  occurrence(seq: number, content: string): number {
    const known = this.counted.get(seq);
    if (known?.content === content) return known.n;
    const n = this.occurrences.next(content);
    this.counted.set(seq, { content, n });
    return n;
  }

  booked(row: ImportRow, id: number | null | 'proposed', fresh = false): void {
    if (!row.ref) return;
    this.ids.set(row.ref, id);
    if (fresh) this.fresh.add(row.ref);
    else this.fresh.delete(row.ref);
  }

  /** True when the row's key cannot be stored yet: it is made of its content and names an event this run booked. */
  keyUnused(row: ImportRow): boolean {
    return !row.key && 'ref' in row.target && this.fresh.has(row.target.ref);
  }

  settled(seq: number): void {
    this.counted.delete(seq);
  }
}

/**
 * Books one row inside the writer: its target (a ref resolved from the rows before it), its
 * idempotency key (content and occurrence), then the event's command as the API runs it.
 */
async function submit(db: Database, row: ImportRow, seq: number, targets: RowTargets, actor: Actor, options: ImportOptions): Promise<CommandOutcome<ImportedRow>> {
  const event: AnyEvent = EVENTS[row.type];
  const now = options.now ?? options.events.clock.now();
  try {
    const likelyKeys = () => {
      const key = targets.likelyKey(row, seq);
      return key ? [key] : [];
    };
    return await db.write(async (repos) => {
      try {
        const target = targets.targetOf(row);
        const content = requestFingerprint('IMPORT', `${row.type}/${target}`, row.body);
        const key = row.key ? `import:${row.key}` : `import:row:${content}:${targets.occurrence(seq, content)}`;
        const idempotency = { key, fingerprint: content, ...(targets.keyUnused(row) ? { unused: true } : {}) };
        const ctx: CommandContext = { actor, requestId: key.slice(0, 64), now, idempotency, answer: importAnswer };
        const write = { action: row.type, target: String(target), body: row.body };
        const book = (r: Repositories, c: CommandContext) => event.book(r, c, target as never, row.body as never, options.events) as Promise<Booked<unknown>>;
        const outcome = await executeCommand(repos, ctx, { action: event.action, execute: (r) => gatedRow(r, ctx, write, book, options.approvals) });
        const id = bookedId(outcome);
        targets.booked(row, id, id !== 'proposed' && !outcome.replayed);
        return outcome;
      } catch (error) {
        targets.booked(row, null);
        throw error;
      }
    }, { idempotencyKeys: likelyKeys });
  } finally {
    targets.settled(seq);
  }
}
