import { DomainError } from '../domain/errors';
import type { Investor, Programme } from '../domain/funds/fund';
import type { Database } from '../data/database';

export function listProgrammes(db: Database): Promise<Programme[]> {
  return db.read((repos) => repos.funds.programmes());
}

/** Every investor, funds of this ledger (investors under their own codes) included. */
export function listInvestors(db: Database): Promise<Investor[]> {
  return db.read((repos) => repos.funds.investors());
}

/** One page of investors in code order; the cursor is the last code of the page before. */
export async function investorsPage(db: Database, cursor: string | undefined, limit: number): Promise<{ items: Investor[]; nextCursor: string | null }> {
  const rows = await db.read((repos) => repos.funds.investorPage(cursor, limit + 1));
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].code : null };
}

/** @throws DomainError NOT_FOUND */
export async function getInvestor(db: Database, code: string): Promise<Investor> {
  const investor = await db.read((repos) => repos.funds.investor(code));
  if (!investor) throw DomainError.notFound('investor', code);
  return investor;
}
