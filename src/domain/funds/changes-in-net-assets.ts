import type { Fen } from '../money';
import { balanceOf, type AccountBalance } from '../ledger/entry';
import { roleOf } from './chart-of-accounts';
import { fundFigures } from './fund-figures';

/**
 * The statement of changes in net assets (净资产变动表, issue 23) of one fund over a period: booked
 * NAV (fund-figures.ts: every asset and liability, partners' call and late-interest receivables
 * left out) at the end of the day before the period and at its end, and the movements between.
 *
 * Each fund's lines balance on their own, so the NAV moves by exactly minus the movement of its
 * other accounts. Every such account belongs to one line below, so the identity
 *   opening + contributions − distributions + investmentIncome + lateInterestCollected
 *     − managementFees − otherExpenses + realisedGains + unrealisedChange = closing
 * holds to the fen by construction; `changesInNetAssets` asserts it.
 */
export interface ChangesInNetAssets {
  openingNav: Fen;
  /** Paid-in capital: capital called (equity contributed) less the part still receivable. */
  contributions: Fen;
  /** Distributions to every partner, the manager's carried interest included. */
  distributions: Fen;
  /** Dividends and interest, gains distributed by sub-funds, equalisation interest received. */
  investmentIncome: Fen;
  /** Late interest charged less the part still receivable: it becomes NAV only when collected. */
  lateInterestCollected: Fen;
  /** Fees charged to partners' capital accounts (equity fees) and fees booked as a management_fee expense. */
  managementFees: Fen;
  /** Every other expense. */
  otherExpenses: Fen;
  realisedGains: Fen;
  /** Fair-value changes of investments and the revaluations of fund interests booked by period closes. */
  unrealisedChange: Fen;
  closingNav: Fen;
}

export type ChangeLine = keyof ChangesInNetAssets;

/** The lines in statement order, each with its sign in the identity (0 for the two NAV figures). */
export const CHANGE_LINES: ReadonlyArray<{ key: ChangeLine; label: string; sign: 1 | -1 | 0 }> = [
  { key: 'openingNav', label: '期初净资产 openingNav', sign: 0 },
  { key: 'contributions', label: '实缴出资 contributions', sign: 1 },
  { key: 'distributions', label: '分配 distributions', sign: -1 },
  { key: 'investmentIncome', label: '投资收益 investmentIncome', sign: 1 },
  { key: 'lateInterestCollected', label: '已收违约金 lateInterestCollected', sign: 1 },
  { key: 'managementFees', label: '管理费 managementFees', sign: -1 },
  { key: 'otherExpenses', label: '其他费用 otherExpenses', sign: -1 },
  { key: 'realisedGains', label: '已实现收益 realisedGains', sign: 1 },
  { key: 'unrealisedChange', label: '未实现损益变动 unrealisedChange', sign: 1 },
  { key: 'closingNav', label: '期末净资产 closingNav', sign: 0 },
];

/**
 * The statement from one fund's balances at the end of the day before the period (`opening`) and
 * at its end (`closing`). Throws (a programming error, never a user's) when an account fits no line
 * or the identity fails: a new account in the chart needs its line here.
 */
export function changesInNetAssets(opening: readonly AccountBalance[], closing: readonly AccountBalance[]): ChangesInNetAssets {
  const c: ChangesInNetAssets = {
    openingNav: fundFigures(opening).nav,
    contributions: 0n,
    distributions: 0n,
    investmentIncome: 0n,
    lateInterestCollected: 0n,
    managementFees: 0n,
    otherExpenses: 0n,
    realisedGains: 0n,
    unrealisedChange: 0n,
    closingNav: fundFigures(closing).nav,
  };
  for (const [account, movement] of movements(opening, closing)) classify(c, account, movement);
  const explained = CHANGE_LINES.reduce((sum, line) => sum + BigInt(line.sign) * c[line.key], c.openingNav);
  if (explained !== c.closingNav) {
    throw new Error(`changes in net assets do not tie: opening ${c.openingNav} and the lines give ${explained}, closing NAV is ${c.closingNav} (fen)`);
  }
  return c;
}

/** Movement (debit − credit) of each account between the two sets of balances. */
function movements(opening: readonly AccountBalance[], closing: readonly AccountBalance[]): Map<string, Fen> {
  const moved = new Map<string, Fen>();
  for (const b of closing) moved.set(b.account, (moved.get(b.account) ?? 0n) + balanceOf(b));
  for (const b of opening) moved.set(b.account, (moved.get(b.account) ?? 0n) - balanceOf(b));
  return moved;
}

/** Adds one account's movement (debit positive) to its line; NAV accounts move the NAV itself. */
function classify(c: ChangesInNetAssets, account: string, movement: Fen): void {
  const role = roleOf(account);
  const [kind, , leaf] = account.split(':');
  switch (role.role) {
    case 'receivable':
    case 'contributed':
      c.contributions -= movement;
      return;
    case 'late-interest-receivable':
      c.lateInterestCollected -= movement;
      return;
    case 'distributed':
      c.distributions += movement;
      return;
    case 'fees':
      c.managementFees += movement;
      return;
    case 'expense':
      if (leaf === 'management_fee') c.managementFees += movement;
      else c.otherExpenses += movement;
      return;
    case 'income':
      if (leaf === 'late-interest') c.lateInterestCollected -= movement;
      else if (leaf === 'realized-gains') c.realisedGains -= movement;
      else if (leaf === 'unrealized-gains') c.unrealisedChange -= movement;
      else c.investmentIncome -= movement;
      return;
    // A close's revaluation credits the holder's fund gains on that sub-fund: unrealised, not income.
    case 'fund-interest-revaluation':
      c.unrealisedChange += movement;
      c.investmentIncome -= movement;
      return;
    default:
      // Memo accounts balance among themselves; assets and liabilities are the NAV itself.
      if (kind === 'assets' || kind === 'liabilities' || kind === 'memo') return;
      if (movement !== 0n) throw new Error(`no line of the statement of changes in net assets holds account ${account}`);
  }
}
