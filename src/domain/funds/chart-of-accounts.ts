import { account } from '../ledger/account-name';

/**
 * Each fund's chart of accounts. Balances (debit − credit) give every figure a fund manager reads:
 *
 *   assets:F:cash                                  cash at bank
 *   assets:F:receivable:I                          capital called from investor I, not yet paid
 *   assets:F:investments:CODE:INSTR:ID:cost        cost of investment ID (listed company CODE)
 *   assets:F:investments:CODE:INSTR:ID:fair-value  unrealized change on it
 *   assets:F:fund-interests:S:cost                 what F paid into its sub-fund S, less capital returned
 *   assets:F:fund-interests:S:look-through         revaluations booked by period closes: with the cost,
 *                                                  the interest's look-through value at the last close
 *   assets:F:equalisation-interest:I               equalisation interest owed by a later investor I
 *   assets:F:late-interest:I                       late interest (违约金) charged to investor I, not yet paid
 *   liabilities:F:equalisation-interest:I          equalisation interest due to an earlier investor I
 *   liabilities:F:fees-payable:M                   management fees owed to the manager M (credit)
 *   equity:F:contributed:I                         capital called from I (credit)
 *   equity:F:distributed:I                         distributions to I (debit), pro rata to paid-in
 *   equity:F:distributed:I:TIER                    waterfall distributions to I by tier (debit):
 *                                                  return-of-capital | preferred-return | profit
 *   equity:F:carried-interest:M                    the manager M's catch-up and carry (debit)
 *   equity:F:fees:I                                management fees charged to I's capital account (debit)
 *   income:F:realized-gains | unrealized-gains | investment-income:CODE | fund-gains:S | late-interest
 *   income:F:equalisation-interest:S              equalisation interest fund F received as an earlier investor in S
 *   expenses:F:KIND                                management fee and other costs
 *   memo:F:commitments:committed:I (credit) / uncalled:I / called:I (debit)
 *     memo accounts balance among themselves: a commitment moves committed -> uncalled,
 *     a call moves uncalled -> called, so unfunded commitment is a balance, not a guess.
 */
export const chart = {
  cash: (fund: string) => account('assets', fund, 'cash'),
  receivable: (fund: string, investor: string) => account('assets', fund, 'receivable', investor),
  investmentCost: (fund: string, stockCode: string, instrument: string, id: number) =>
    account('assets', fund, 'investments', stockCode, instrument, String(id), 'cost'),
  investmentFairValue: (fund: string, stockCode: string, instrument: string, id: number) =>
    account('assets', fund, 'investments', stockCode, instrument, String(id), 'fair-value'),
  /** The prefix of every investment account a fund holds in one company (all instruments). */
  companyInvestmentsPrefix: (fund: string, stockCode: string) => `${account('assets', fund, 'investments', stockCode)}:`,
  fundInterestCost: (fund: string, subfund: string) => account('assets', fund, 'fund-interests', subfund, 'cost'),
  fundInterestRevaluation: (fund: string, subfund: string) => account('assets', fund, 'fund-interests', subfund, 'look-through'),
  equalisationInterest: (fund: string, investor: string) => account('assets', fund, 'equalisation-interest', investor),
  lateInterestReceivable: (fund: string, investor: string) => account('assets', fund, 'late-interest', investor),
  lateInterestIncome: (fund: string) => account('income', fund, 'late-interest'),
  equalisationPayable: (fund: string, investor: string) => account('liabilities', fund, 'equalisation-interest', investor),
  contributed: (fund: string, investor: string) => account('equity', fund, 'contributed', investor),
  distributed: (fund: string, investor: string) => account('equity', fund, 'distributed', investor),
  distributedTier: (fund: string, investor: string, tier: DistributionTier) => account('equity', fund, 'distributed', investor, tier),
  carriedInterest: (fund: string, manager: string) => account('equity', fund, 'carried-interest', manager),
  fees: (fund: string, investor: string) => account('equity', fund, 'fees', investor),
  feesPayable: (fund: string, manager: string) => account('liabilities', fund, 'fees-payable', manager),
  realizedGains: (fund: string) => account('income', fund, 'realized-gains'),
  unrealizedGains: (fund: string) => account('income', fund, 'unrealized-gains'),
  investmentIncome: (fund: string, stockCode: string) => account('income', fund, 'investment-income', stockCode),
  fundGains: (fund: string, subfund: string) => account('income', fund, 'fund-gains', subfund),
  equalisationIncome: (fund: string, subfund: string) => account('income', fund, 'equalisation-interest', subfund),
  expense: (fund: string, kind: string) => account('expenses', fund, kind),
  committed: (fund: string, investor: string) => account('memo', fund, 'commitments', 'committed', investor),
  uncalled: (fund: string, investor: string) => account('memo', fund, 'commitments', 'uncalled', investor),
  called: (fund: string, investor: string) => account('memo', fund, 'commitments', 'called', investor),
};

/** The waterfall tiers an investor's distribution account is split by (the manager's part is carried interest). */
export const DISTRIBUTION_TIERS = ['return-of-capital', 'preferred-return', 'profit'] as const;
export type DistributionTier = (typeof DISTRIBUTION_TIERS)[number];
/** Which waterfall part a distribution account holds: an investor's tier, or the manager's carried interest. */
export type DistributionPart = DistributionTier | 'carried-interest';

/** The name prefixes of one fund's per-investor accounts: commitments, receivables, distributions, fees. */
export function investorAccountPrefixes(fund: string): string[] {
  return [`memo:${fund}:commitments:`, `assets:${fund}:receivable:`, `assets:${fund}:late-interest:`, `equity:${fund}:distributed:`, `equity:${fund}:carried-interest:`, `equity:${fund}:fees:`];
}

export type AccountRole =
  | { role: 'cash' }
  | { role: 'receivable'; investor: string }
  | { role: 'late-interest-receivable'; investor: string }
  | { role: 'investment-cost'; stockCode: string; instrument: string; investmentId: number }
  | { role: 'investment-fair-value'; stockCode: string; instrument: string; investmentId: number }
  | { role: 'fund-interest'; subfund: string }
  | { role: 'fund-interest-revaluation'; subfund: string }
  | { role: 'contributed'; investor: string }
  | { role: 'distributed'; investor: string; tier?: DistributionPart }
  | { role: 'fees'; investor: string }
  | { role: 'fees-payable'; manager: string }
  | { role: 'equalisation-payable'; investor: string }
  | { role: 'committed'; investor: string }
  | { role: 'uncalled'; investor: string }
  | { role: 'called'; investor: string }
  | { role: 'income' }
  | { role: 'expense' }
  | { role: 'other' };

/** What an account of this chart stands for (the inverse of `chart`). */
export function roleOf(name: string): AccountRole {
  const [kind, , ...rest] = name.split(':');
  if (kind === 'assets') {
    if (rest.length === 1 && rest[0] === 'cash') return { role: 'cash' };
    if (rest.length === 2 && rest[0] === 'receivable') return { role: 'receivable', investor: rest[1] };
    if (rest.length === 2 && rest[0] === 'late-interest') return { role: 'late-interest-receivable', investor: rest[1] };
    if (rest.length === 5 && rest[0] === 'investments') {
      const [, stockCode, instrument, id, leaf] = rest;
      if (leaf === 'cost') return { role: 'investment-cost', stockCode, instrument, investmentId: Number(id) };
      if (leaf === 'fair-value') return { role: 'investment-fair-value', stockCode, instrument, investmentId: Number(id) };
    }
    if (rest.length === 3 && rest[0] === 'fund-interests' && rest[2] === 'cost') return { role: 'fund-interest', subfund: rest[1] };
    if (rest.length === 3 && rest[0] === 'fund-interests' && rest[2] === 'look-through') return { role: 'fund-interest-revaluation', subfund: rest[1] };
  }
  if (kind === 'liabilities' && rest.length === 2) {
    if (rest[0] === 'fees-payable') return { role: 'fees-payable', manager: rest[1] };
    if (rest[0] === 'equalisation-interest') return { role: 'equalisation-payable', investor: rest[1] };
  }
  if (kind === 'equity' && rest.length === 2) {
    if (rest[0] === 'contributed') return { role: 'contributed', investor: rest[1] };
    // Carried interest is paid out of the fund like any distribution: it counts in `distributed`.
    if (rest[0] === 'distributed') return { role: 'distributed', investor: rest[1] };
    if (rest[0] === 'carried-interest') return { role: 'distributed', investor: rest[1], tier: 'carried-interest' };
    if (rest[0] === 'fees') return { role: 'fees', investor: rest[1] };
  }
  if (kind === 'equity' && rest.length === 3 && rest[0] === 'distributed' && (DISTRIBUTION_TIERS as readonly string[]).includes(rest[2])) {
    return { role: 'distributed', investor: rest[1], tier: rest[2] as DistributionTier };
  }
  if (kind === 'memo' && rest.length === 3 && rest[0] === 'commitments') {
    if (rest[1] === 'committed') return { role: 'committed', investor: rest[2] };
    if (rest[1] === 'uncalled') return { role: 'uncalled', investor: rest[2] };
    if (rest[1] === 'called') return { role: 'called', investor: rest[2] };
  }
  if (kind === 'income') return { role: 'income' };
  if (kind === 'expenses') return { role: 'expense' };
  return { role: 'other' };
}

/**
 * Accounts whose normal balance may never go below zero: cash, receivables, cost, unfunded and
 * called commitment (debit); commitments, contributed capital and what the fund owes (credit), so a
 * fee or an equalisation already paid out cannot be reversed from under its payment.
 */
export function mustStayNonNegative(name: string): 'debit' | 'credit' | null {
  const { role } = roleOf(name);
  if (role === 'cash' || role === 'receivable' || role === 'late-interest-receivable' || role === 'investment-cost' || role === 'fund-interest') return 'debit';
  if (role === 'uncalled' || role === 'called') return 'debit';
  if (role === 'committed' || role === 'contributed' || role === 'fees-payable' || role === 'equalisation-payable') return 'credit';
  return null;
}
