import { DomainError } from '../domain/errors';
import { addDays, type IsoDate } from '../domain/dates';
import type { AccountBalance } from '../domain/ledger/entry';
import type { Fund } from '../domain/funds/fund';
import { changesInNetAssets, type ChangesInNetAssets } from '../domain/funds/changes-in-net-assets';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';

/** One fund's statement of changes in net assets over `from` to `to`, both days included. */
export interface FundChanges {
  fund: Fund;
  from: IsoDate;
  to: IsoDate;
  changes: ChangesInNetAssets;
}

export interface ChangesQuery {
  /** One fund, or every fund when absent. */
  fund?: string;
  /** First day of the period; by default the fund's inception, else its first entry (else `to`). */
  from?: IsoDate;
  /** Last day of the period. */
  to: IsoDate;
}

/**
 * Statements of changes in net assets (issue 23), on booked NAV: opening NAV at the end of the day
 * before `from`, closing NAV at the end of `to`, every movement between on its line.
 * @throws DomainError NOT_FOUND (unknown fund), VALIDATION_FAILED (`from` after `to`)
 */
export async function fundChangesInNetAssets(db: Database, query: ChangesQuery): Promise<FundChanges[]> {
  if (query.from !== undefined && query.from > query.to) {
    throw DomainError.validation([{ field: 'from', message: `must be on or before to (${query.to})` }]);
  }
  return db.snapshot(async (repos) => {
    const funds = await fundsAsked(repos, query.fund);
    const periods: Array<{ fund: Fund; from: IsoDate }> = [];
    for (const fund of funds) periods.push({ fund, from: query.from ?? (await defaultFrom(repos, fund, query.to)) });
    const closing = byFund(await repos.journal.figureBalances(funds.map((f) => f.code), query.to));
    const opening = new Map<string, AccountBalance[]>();
    for (const from of new Set(periods.map((p) => p.from))) {
      const codes = periods.filter((p) => p.from === from).map((p) => p.fund.code);
      for (const [code, list] of byFund(await repos.journal.figureBalances(codes, addDays(from, -1)))) opening.set(code, list);
    }
    return periods.map(({ fund, from }) => ({
      fund,
      from,
      to: query.to,
      changes: changesInNetAssets(opening.get(fund.code) ?? [], closing.get(fund.code) ?? []),
    }));
  });
}

async function fundsAsked(repos: Repositories, code: string | undefined): Promise<Fund[]> {
  if (code === undefined) return repos.funds.funds();
  const fund = await repos.funds.fund(code);
  if (!fund) throw DomainError.notFound('fund', code);
  return [fund];
}

/** The fund's inception, else its first entry; never after `to` (a period before inception is empty). */
async function defaultFrom(repos: Repositories, fund: Fund, to: IsoDate): Promise<IsoDate> {
  const start = fund.inceptionDate ?? (await repos.journal.firstEntryDate(fund.code)) ?? to;
  return start < to ? start : to;
}

function byFund(balances: readonly AccountBalance[]): Map<string, AccountBalance[]> {
  const grouped = new Map<string, AccountBalance[]>();
  for (const b of balances) {
    const list = grouped.get(b.fund);
    if (list) list.push(b);
    else grouped.set(b.fund, [b]);
  }
  return grouped;
}
