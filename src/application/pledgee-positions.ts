import Big from 'big.js';
import { daysBetween, type IsoDate } from '../domain/dates';
import { bigToFen, formatYuan, type Fen } from '../domain/money';
import { balanceOf } from '../domain/ledger/entry';
import { chart } from '../domain/funds/chart-of-accounts';
import { assessPledgeRisk, type TrancheRisk } from '../domain/screening/pledge-risk';
import type { PledgeRules } from '../domain/screening/ruleset';
import { formatPrice, type PriceE4 } from '../domain/screening/price';
import type { Repositories } from '../data/repositories';
import type { InvestmentRow } from '../data/fund-event-repository';

/**
 * A share-pledge financing the fund took over (纾困: the fund is the pledgee), watched as the
 * shareholder's own tranches are: coverage 履约保障比例 = pledged shares × close / debt, where the
 * debt is the principal still outstanding (the investment's cost not yet repaid) plus simple
 * interest at its rate since the later of the investment and the last interest received.
 */
export interface PledgeePosition {
  investment: number;
  fund: string;
  investee: string;
  stockCode: string;
  pledgedShares: number;
  principal: Fen;
  accruedInterest: Fen;
  rate: string;
  maturityDate: IsoDate | null;
  asOf: IsoDate;
  priceDate: IsoDate | null;
  close: string | null;
  risk: TrancheRisk;
}

/** The figures a watch rule needs when the ruleset is missing: the lines come from the position itself. */
const LINES_ONLY: PledgeRules = {
  defaultWarningLine: '1.6',
  defaultLiquidationLine: '1.4',
  elevatedPledgeRatio: '0.5',
  enhancedReviewRatio: '0.8',
  reliefQuotaBaseRatio: '0.5',
  reliefQuotaCap: '0',
};

/** Interest at `rate` a year on `principal` over `days` (actual/365), half-up to the fen. */
export function simpleInterest(principal: Fen, rate: string, days: number): Fen {
  if (days <= 0 || principal <= 0n) return 0n;
  return bigToFen(new Big(principal.toString()).times(rate).times(days).div(365).div(100));
}

/** The tranche's figures at a close (in ten-thousandths of a yuan), or without one. */
export function pledgeeRisk(p: Pick<PledgeePosition, 'fund' | 'pledgedShares' | 'principal' | 'accruedInterest'> & { warningLine: string; liquidationLine: string }, close: PriceE4 | null): TrancheRisk {
  const applicant = {
    pledges: [
      {
        lender: p.fund,
        pledgedShares: p.pledgedShares,
        principal: formatYuan(p.principal),
        accruedInterest: formatYuan(p.accruedInterest),
        warningLine: p.warningLine,
        liquidationLine: p.liquidationLine,
      },
    ],
  };
  const risk = assessPledgeRisk(applicant as never, LINES_ONLY, close === null ? undefined : { closeE4: close });
  return risk.tranches[0];
}

/**
 * The fund's pledgee positions still outstanding at the end of `asOf`, at the latest close on or
 * before it, optionally of some underlying stock codes only. Interest accrues to `asOf`, or with
 * `atClose` to the close's own date (the coverage that close gave, as an alert records it).
 */
export async function pledgeePositions(repos: Repositories, asOf: IsoDate, stockCodes?: readonly string[], options: { atClose?: boolean } = {}): Promise<PledgeePosition[]> {
  const investments = (await repos.events.investments()).filter(
    (i) => i.instrument === 'pledge_refinancing' && !i.reversed && i.date <= asOf && i.instrumentTerms.underlying !== undefined,
  );
  const wanted = stockCodes === undefined ? investments : investments.filter((i) => stockCodes.includes(i.instrumentTerms.underlying!.stockCode));
  if (wanted.length === 0) return [];
  const prices = await repos.marketPrices.latestFor([...new Set(wanted.map((i) => i.instrumentTerms.underlying!.stockCode))], asOf);
  const positions: PledgeePosition[] = [];
  for (const investment of wanted) {
    const principal = await outstandingPrincipal(repos, investment);
    if (principal <= 0n) continue;
    const lastInterest = (await repos.events.exits(investment.id))
      .filter((e) => !e.reversed && e.kind === 'income' && e.date <= asOf)
      .reduce((latest, e) => (e.date > latest ? e.date : latest), investment.date);
    const terms = investment.instrumentTerms;
    const rate = terms.rate ?? '0';
    const underlying = terms.underlying!;
    const price = prices.get(underlying.stockCode) ?? null;
    const accrueTo = options.atClose && price ? price.date : asOf;
    const accruedInterest = simpleInterest(principal, rate, Math.max(daysBetween(lastInterest, accrueTo), 0));
    const position = { fund: investment.fund, pledgedShares: underlying.pledgedShares, principal, accruedInterest };
    positions.push({
      investment: investment.id,
      fund: investment.fund,
      investee: investment.investee,
      stockCode: underlying.stockCode,
      pledgedShares: underlying.pledgedShares,
      principal,
      accruedInterest,
      rate,
      maturityDate: terms.maturityDate ?? null,
      asOf,
      priceDate: price?.date ?? null,
      close: price ? formatPrice(price.close) : null,
      risk: pledgeeRisk({ ...position, warningLine: terms.warningLine ?? LINES_ONLY.defaultWarningLine, liquidationLine: terms.liquidationLine ?? LINES_ONLY.defaultLiquidationLine }, price?.close ?? null),
    });
  }
  return positions;
}

async function outstandingPrincipal(repos: Repositories, investment: InvestmentRow): Promise<Fen> {
  const account = chart.investmentCost(investment.fund, investment.stockCode, investment.instrument, investment.id);
  const balances = await repos.journal.balancesUnder([chart.companyInvestmentsPrefix(investment.fund, investment.stockCode)]);
  const found = balances.find((b) => b.account === account);
  return found ? balanceOf(found) : 0n;
}

export function presentPledgeePosition(p: PledgeePosition) {
  return {
    ...p,
    principal: formatYuan(p.principal),
    accruedInterest: formatYuan(p.accruedInterest),
    debt: p.risk.outstandingDebt,
    coverage: p.risk.coverage,
    warningPrice: p.risk.warningPrice,
    liquidationPrice: p.risk.liquidationPrice,
    buffer: p.risk.buffer,
    level: p.risk.level,
  };
}
