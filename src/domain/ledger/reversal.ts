import type { IsoDate } from '../dates';
import type { Entry, EntryDraft } from './entry';

/** A reversing entry: the same lines with debit and credit swapped, pointing at the original. */
export function reversalDraft(
  original: Entry,
  request: { date: IsoDate; actor: string; reason: string; idempotencyKey?: string | null; documents?: ReadonlyArray<{ id: number; sha256: string }> },
): EntryDraft {
  return {
    date: request.date,
    type: 'reversal',
    memo: `Reversal of entry ${original.id}: ${request.reason}`,
    actor: request.actor,
    idempotencyKey: request.idempotencyKey ?? null,
    reverses: original.id,
    // Documents only when attached, so a reversal without them hashes as before.
    metadata: { reason: request.reason, reversedType: original.type, ...(request.documents?.length ? { documents: request.documents } : {}) },
    lines: original.lines.map((line) => ({ ...line, debit: line.credit, credit: line.debit })),
  };
}
