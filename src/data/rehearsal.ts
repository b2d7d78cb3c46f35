import type { Knex } from 'knex';
import type { Dialect } from './connection';
import { BatchState } from './batch-state';

class RehearsalUndone extends Error {}

/**
 * Runs `work` in a savepoint of the caller's transaction and rolls it back: a dry run inside a
 * write, meeting every rule, lock and row exactly as the real write would, and leaving nothing
 * behind. The group's buffered rows are written first so the rehearsal reads them; the rehearsal
 * keeps its own state (nothing it reads or writes reaches the group's), and writes each row at once.
 * Returns what `work` returned; an error `work` throws reaches the caller, the savepoint undone.
 */
export async function rehearseIn<T, R>(
  db: Knex | Knex.Transaction,
  dialect: Dialect,
  state: BatchState | null,
  bind: (db: Knex.Transaction, dialect: Dialect, state: BatchState) => R,
  work: (repos: R) => Promise<T>,
): Promise<T> {
  await state?.pending?.flush();
  const undo = new RehearsalUndone();
  let value: T | undefined;
  try {
    await db.transaction(async (savepoint) => {
      const own = new BatchState();
      own.exclusive = state?.exclusive ?? false;
      value = await work(bind(savepoint, dialect, own));
      throw undo;
    });
  } catch (error) {
    if (error !== undo) throw error;
  }
  return value as T;
}
