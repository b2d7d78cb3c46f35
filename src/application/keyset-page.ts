/** One page of rows in ascending id order, and the cursor of the next page (null on the last). */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset pagination by ascending id, the one way every list of the API pages: the cursor is the
 * last id of the page before, so a page never shifts when rows are added behind it. `fetch` reads
 * rows with an id above `afterId`; one more row than `limit` is read to learn whether a next page
 * exists without counting. Cursors are checked for shape (digits) by the route's schema.
 */
export async function keysetPage<T extends { id: number }>(
  cursor: string | undefined,
  limit: number,
  fetch: (afterId: number | undefined, limit: number) => Promise<T[]>,
): Promise<KeysetPage<T>> {
  const rows = await fetch(cursor ? Number(cursor) : undefined, limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].id) : null };
}
