import type { Fen } from '../money';
import type { AccountBalance } from '../ledger/entry';
import { balanceOf } from '../ledger/entry';
import { roleOf } from './chart-of-accounts';

/** The figures of one fund (docs/domain.md, Contract), all in fen, all derived from balances. */
export interface FundFigures {
  committed: Fen;
  called: Fen;
  paidIn: Fen;
  unfunded: Fen;
  /** Capital called and not yet paid: a deduction from partners' capital, never part of `nav`. */
  receivable: Fen;
  /** Late interest charged to investors and not yet paid: like `receivable`, a claim on partners, not in `nav`. */
  lateInterestReceivable: Fen;
  /** Cost of current holdings: listed companies and sub-fund interests. */
  invested: Fen;
  cash: Fen;
  distributed: Fen;
  /**
   * Interests in other funds of this ledger: at cost as booked, at look-through value once valued
   * (see look-through.ts).
   */
  fundInterests: Fen;
  /**
   * Net asset value: every asset account (fair-value adjustments included; fund interests as above)
   * less liabilities, claims on the fund's own partners (call and late-interest receivables) left out.
   */
  nav: Fen;
}

export interface InvestorFigures {
  investor: string;
  committed: Fen;
  called: Fen;
  paidIn: Fen;
  unfunded: Fen;
  receivable: Fen;
  /** Late interest charged to it and not yet paid (fen). */
  lateInterestOwed: Fen;
  distributed: Fen;
  /** Management fees charged to the investor's capital account (its part of each quarter's fee). */
  fees: Fen;
  /**
   * The waterfall parts of `distributed` (distributions under fund terms); a distribution made
   * without terms is in `distributed` only, so these sum to it only when every one had terms.
   */
  returnOfCapital: Fen;
  preferredReturn: Fen;
  profit: Fen;
  /** The manager's catch-up and carry. */
  carriedInterest: Fen;
}

const PART_FIELD = {
  'return-of-capital': 'returnOfCapital',
  'preferred-return': 'preferredReturn',
  profit: 'profit',
  'carried-interest': 'carriedInterest',
} as const;

export function emptyFigures(): FundFigures {
  return { committed: 0n, called: 0n, paidIn: 0n, unfunded: 0n, receivable: 0n, lateInterestReceivable: 0n, invested: 0n, cash: 0n, distributed: 0n, fundInterests: 0n, nav: 0n };
}

/** Folds one fund's balances into its figures. Paid-in = called − still receivable. */
export function fundFigures(balances: Iterable<AccountBalance>): FundFigures {
  const f = emptyFigures();
  for (const b of balances) {
    const amount = balanceOf(b);
    const role = roleOf(b.account);
    // Liabilities (equalisation interest due to investors) carry credit balances: NAV is net of them.
    // What the partners owe the fund is a deduction from their capital, not an asset (issue 23).
    const partnerClaim = role.role === 'receivable' || role.role === 'late-interest-receivable';
    if ((b.account.startsWith('assets:') || b.account.startsWith('liabilities:')) && !partnerClaim) f.nav += amount;
    switch (role.role) {
      case 'cash':
        f.cash += amount;
        break;
      case 'receivable':
        f.receivable += amount;
        break;
      case 'late-interest-receivable':
        f.lateInterestReceivable += amount;
        break;
      case 'investment-cost':
        f.invested += amount;
        break;
      case 'fund-interest':
        f.invested += amount;
        f.fundInterests += amount;
        break;
      // A close's revaluation changes what the interest is carried at, not what was invested.
      case 'fund-interest-revaluation':
        f.fundInterests += amount;
        break;
      case 'committed':
        f.committed -= amount;
        break;
      case 'uncalled':
        f.unfunded += amount;
        break;
      case 'called':
        f.called += amount;
        break;
      case 'distributed':
        f.distributed += amount;
        break;
      default:
        break;
    }
  }
  f.paidIn = f.called - f.receivable;
  return f;
}

/** A party with nothing booked yet (the manager before its first carry). */
export function emptyInvestorFigures(investor: string): InvestorFigures {
  return {
    investor,
    committed: 0n,
    called: 0n,
    paidIn: 0n,
    unfunded: 0n,
    receivable: 0n,
    lateInterestOwed: 0n,
    distributed: 0n,
    fees: 0n,
    returnOfCapital: 0n,
    preferredReturn: 0n,
    profit: 0n,
    carriedInterest: 0n,
  };
}

/** Per-investor capital figures of one fund, ordered by investor code. */
export function investorFigures(balances: Iterable<AccountBalance>): InvestorFigures[] {
  const byInvestor = new Map<string, InvestorFigures>();
  const get = (investor: string) => {
    let figures = byInvestor.get(investor);
    if (!figures) {
      figures = emptyInvestorFigures(investor);
      byInvestor.set(investor, figures);
    }
    return figures;
  };
  for (const b of balances) {
    const amount = balanceOf(b);
    const role = roleOf(b.account);
    if (role.role === 'committed') get(role.investor).committed -= amount;
    else if (role.role === 'uncalled') get(role.investor).unfunded += amount;
    else if (role.role === 'called') get(role.investor).called += amount;
    else if (role.role === 'receivable') get(role.investor).receivable += amount;
    else if (role.role === 'late-interest-receivable') get(role.investor).lateInterestOwed += amount;
    else if (role.role === 'distributed') {
      const figures = get(role.investor);
      figures.distributed += amount;
      if (role.tier) figures[PART_FIELD[role.tier]] += amount;
    }
    else if (role.role === 'fees') get(role.investor).fees += amount;
  }
  const result = [...byInvestor.values()].sort((a, b) => (a.investor < b.investor ? -1 : 1));
  for (const figures of result) figures.paidIn = figures.called - figures.receivable;
  return result;
}
