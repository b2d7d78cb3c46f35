import type { Knex } from 'knex';
import type { EntryReference } from '../domain/ledger/verifier';
import { idFromDb } from './db-values';
import type { PendingWrites } from './pending-writes';

type Row = Record<string, unknown>;

/**
 * Each event table with the entry type its rows book. An equalisation call (capital_calls row with
 * equalisation_of set) is booked by its subsequent-closing commitment's entry, so it names a
 * commitment entry.
 */
const EVENT_TABLES: ReadonlyArray<{ table: string; entryType: string; typeOf?: (row: Row) => string }> = [
  { table: 'commitments', entryType: 'commitment' },
  { table: 'capital_calls', entryType: 'capital_call', typeOf: (r) => (r.equalisation_of === null || r.equalisation_of === undefined ? 'capital_call' : 'commitment') },
  { table: 'payments', entryType: 'payment' },
  { table: 'investments', entryType: 'investment' },
  { table: 'exits', entryType: 'exit' },
  { table: 'valuations', entryType: 'valuation' },
  { table: 'distributions', entryType: 'distribution' },
  { table: 'expenses', entryType: 'expense' },
  { table: 'management_fees', entryType: 'management_fee' },
  { table: 'late_interest_charges', entryType: 'late_interest' },
  { table: 'fee_payments', entryType: 'fee_payment' },
  { table: 'equalisation_interest_payments', entryType: 'equalisation_interest_payment' },
  { table: 'late_interest_payments', entryType: 'late_interest_payment' },
];

/**
 * The rows outside the journal that name a journal entry, read a page at a time (verify must stay
 * memory-bounded): event rows by their entry_id, audit rows by the entry ids in their detail or a
 * `journal/{id}` target, idempotency rows by the entryId of the answer they stored.
 */
export class EntryReferenceRepository {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly pending: PendingWrites | null = null,
  ) {}

  async *scan(pageSize = 500): AsyncGenerator<EntryReference[]> {
    await this.pending?.flush();
    for (const { table, entryType, typeOf } of EVENT_TABLES) {
      const columns = typeOf ? ['id', 'entry_id', 'equalisation_of'] : ['id', 'entry_id'];
      for await (const rows of this.pages(table, 'id', pageSize, (q) => q.whereNotNull('entry_id').select(columns))) {
        yield rows.map((r) => ({ entryId: idFromDb(r.entry_id), source: `${table} row ${idFromDb(r.id)}`, entryType: typeOf ? typeOf(r) : entryType }));
      }
    }
    for await (const rows of this.pages('audit_log', 'id', pageSize, (q) => q.select('id', 'target', 'detail'))) {
      yield rows.flatMap(auditReferences);
    }
    for await (const rows of this.pages('idempotency_keys', 'key', pageSize, (q) => q.select('key', 'response'))) {
      yield rows.flatMap(idempotencyReferences);
    }
  }

  /** The type of each of the given entries that the journal holds. */
  async entryTypes(ids: readonly number[]): Promise<Map<number, string>> {
    await this.pending?.flush();
    if (ids.length === 0) return new Map();
    const rows: Row[] = await this.db('journal_entries').whereIn('id', [...new Set(ids)]).select('id', 'type');
    return new Map(rows.map((r) => [idFromDb(r.id), String(r.type)]));
  }

  /** Keyset pages over `table` ordered by its unique `key` column. */
  private async *pages(table: string, key: string, pageSize: number, shape: (q: Knex.QueryBuilder) => Knex.QueryBuilder): AsyncGenerator<Row[]> {
    let after: unknown;
    for (;;) {
      const rows: Row[] = await shape(this.db(table))
        .modify((q) => {
          if (after !== undefined) q.where(key, '>', after);
        })
        .orderBy(key)
        .limit(pageSize);
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1][key];
    }
  }
}

function auditReferences(row: Row): EntryReference[] {
  const source = `audit row ${idFromDb(row.id)}`;
  const detail = parseObject(row.detail);
  const refs: EntryReference[] = [];
  for (const name of ['entryId', 'reversalEntryId']) {
    const id = detail?.[name];
    if (isEntryId(id)) refs.push({ entryId: id, source });
  }
  const reversed = /^journal\/([1-9][0-9]*)$/.exec(String(row.target));
  if (reversed) refs.push({ entryId: Number(reversed[1]), source });
  return refs;
}

function idempotencyReferences(row: Row): EntryReference[] {
  const id = parseObject(row.response)?.entryId;
  return isEntryId(id) ? [{ entryId: id, source: `idempotency key ${JSON.stringify(String(row.key))}` }] : [];
}

/** A stored JSON object, or null for anything else (an unreadable row names no entry). */
function parseObject(value: unknown): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(String(value));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isEntryId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
