import type { IsoDate } from '../domain/dates';
import type { Fund } from '../domain/funds/fund';
import { consolidatedIrr, type ConsolidatedMember } from '../domain/funds/consolidation';
import type { Database } from '../data/database';
import { valueFunds } from './fund-valuation';
import { partnerFlows } from './capital-accounts/partner-flows';

export interface ConsolidatedIrrs {
  /** Every fund of the ledger (or of the programme) taken together. */
  total: string | null;
  /** Each fund with the sub-funds below it (by `parent`), by the fund's code. */
  trees: Map<string, string | null>;
}

/**
 * Consolidated IRRs as of a date (issue 23): of all the funds (of a programme) together, and of
 * each fund with its sub-funds, counting only flows with investors that are not funds of this
 * ledger, the consolidated NAV (those investors' NAV shares, look-through) as terminal value.
 */
export async function consolidatedIrrs(db: Database, asOf: IsoDate, programme?: string): Promise<ConsolidatedIrrs> {
  return db.snapshot(async (repos) => {
    const funds = await repos.funds.funds({ programme });
    const ledgerFunds = new Set((await repos.funds.investors()).filter((i) => i.fund).map((i) => i.code));
    const valuation = await valueFunds(repos, funds.map((f) => f.code), asOf, undefined, { flows: true });
    const members = new Map<string, ConsolidatedMember>();
    for (const fund of funds) {
      const valued = valuation.funds.get(fund.code)!;
      const flows = await partnerFlows(repos, fund.code, asOf, valued.accounts!);
      members.set(fund.code, { fund: fund.code, nav: valued.figures.nav, shares: valued.shares, flows });
    }
    const isLedgerFund = (code: string) => ledgerFunds.has(code);
    const trees = new Map(funds.map((f) => [f.code, consolidatedIrr(treeOf(f, funds).map((code) => members.get(code)!), isLedgerFund, asOf)]));
    return { total: consolidatedIrr([...members.values()], isLedgerFund, asOf), trees };
  });
}

/** The fund and every fund below it by `parent`, each once. */
function treeOf(root: Fund, funds: readonly Fund[]): string[] {
  const tree = [root.code];
  for (let i = 0; i < tree.length; i += 1) for (const f of funds) if (f.parent === tree[i] && !tree.includes(f.code)) tree.push(f.code);
  return tree;
}
