import type { Knex } from 'knex';

/**
 * Imports used to key a row without a `key` column by file hash and line (`import:<24 hex>:<line>`);
 * they now key it by content, `import:row:<fingerprint>:<n>` (docs/import.md), where the fingerprint
 * is the content hash those rows already stored. Each old key gets its content key too, so
 * re-importing a file booked before the upgrade books none of its rows again. Within one old file the
 * nth row with a fingerprint is occurrence n, as the importer counts; when several old files held
 * the same content, occurrence n keeps the first answer stored. Data only: the table is unchanged.
 */
const OLD_KEY = /^import:([0-9a-f]{24}):(\d+)$/;

interface KeyRow {
  key: string;
  fingerprint: string;
  actor: string;
  status: number;
  response: string;
  created_at: string;
}

export async function up(knex: Knex): Promise<void> {
  const rows = (await knex('idempotency_keys').where('key', 'like', 'import:%').select<KeyRow[]>('*')).filter((r) => OLD_KEY.test(r.key));
  const line = (r: KeyRow) => Number(OLD_KEY.exec(r.key)![2]);
  const file = (r: KeyRow) => OLD_KEY.exec(r.key)![1];
  rows.sort((a, b) => (file(a) === file(b) ? line(a) - line(b) : file(a) < file(b) ? -1 : 1));
  const added = new Map<string, KeyRow>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const n = (seen.get(`${file(row)}:${row.fingerprint}`) ?? 0) + 1;
    seen.set(`${file(row)}:${row.fingerprint}`, n);
    const key = `import:row:${row.fingerprint}:${n}`;
    if (!added.has(key)) added.set(key, { ...row, key });
  }
  const fresh = [...added.values()];
  for (let i = 0; i < fresh.length; i += 200) {
    const batch = fresh.slice(i, i + 200);
    const taken = new Set(await knex('idempotency_keys').whereIn('key', batch.map((r) => r.key)).pluck('key'));
    const insert = batch.filter((r) => !taken.has(r.key));
    if (insert.length > 0) await knex('idempotency_keys').insert(insert);
  }
}

/** Irreversible in effect: the added keys name rows that are booked, so they stay. */
export async function down(): Promise<void> {}
