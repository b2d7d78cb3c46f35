import { expect } from 'chai';
import fc from 'fast-check';
import { feeCatchUp, managementFee, quarterOf } from '../../../../src/domain/terms/management-fee';
import { parseYuan } from '../../../../src/domain/money';
import { DomainError } from '../../../../src/domain/errors';

const yuan = (text: string) => parseYuan(text);
const terms = {
  investmentPeriodEnd: '2024-02-15',
  managementFee: { investmentPeriodRate: '0.0200', postPeriodRate: '0.0100', exempt: ['PHX'] },
};

describe('management fee of a quarter', () => {
  it('reads a quarter as its first and last days', () => {
    expect(quarterOf('2024Q1')).to.deep.equal({ period: '2024Q1', from: '2024-01-01', to: '2024-03-31' });
    expect(quarterOf('2023Q4')).to.deep.include({ from: '2023-10-01', to: '2023-12-31' });
    expect(() => quarterOf('2024Q5')).to.throw(DomainError);
  });

  it('splits the quarter at the end of the investment period, act/365, and leaves the exempt parent out (docs example)', () => {
    // 2024Q1 has 91 days: 46 to 2024-02-15, 45 after. After the period the cost base is scaled by the
    // fee-paying share of commitments, 150m of 200m (issue 23):
    // 0.02 × 150,000,000 × 46/365 + 0.01 × 80,000,000 × 0.75 × 45/365 = 165,000,000/365 = 452,054.7945… → 452,054.79
    const fee = managementFee({
      period: '2024Q1',
      terms,
      commitments: [
        { investor: 'BANK-A', amount: yuan('100000000') },
        { investor: 'SEC-A', amount: yuan('50000000') },
        { investor: 'PHX', amount: yuan('50000000') },
      ],
      netInvestedCost: yuan('80000000'),
    });
    expect(fee).to.deep.include({ investmentPeriodDays: 46, postPeriodDays: 45, feePayingCommitments: yuan('150000000'), feePayingShare: '0.750000', amount: yuan('452054.79') });
    expect(fee.allocations).to.deep.equal([
      { investor: 'BANK-A', amount: yuan('301369.86') },
      { investor: 'SEC-A', amount: yuan('150684.93') },
    ]);
  });

  it('charges the full quarter on commitments inside the investment period and on cost after it', () => {
    const commitments = [{ investor: 'A', amount: yuan('365000000') }];
    // 0.02 × 365,000,000 × 92/365 = 1,840,000.00 (a third quarter has 92 days)
    expect(managementFee({ period: '2023Q3', terms: { ...terms, investmentPeriodEnd: '2030-12-31' }, commitments, netInvestedCost: 0n }).amount).to.equal(yuan('1840000'));
    // 0.01 × 73,000,000 × 92/365 = 184,000.00
    expect(managementFee({ period: '2024Q3', terms, commitments, netInvestedCost: yuan('73000000') }).amount).to.equal(yuan('184000'));
  });

  it('charges nothing when nobody pays: the cost base after the period is scaled by a fee-paying share of 0', () => {
    const fee = managementFee({ period: '2024Q3', terms, commitments: [{ investor: 'PHX', amount: yuan('1000') }], netInvestedCost: yuan('1000000') });
    expect(fee).to.deep.include({ amount: 0n, allocations: [] });
  });

  it('accrues from the first closing: days before it are not charged', () => {
    const commitments = [{ investor: 'A', amount: yuan('365000000') }];
    const fee = managementFee({ period: '2019Q4', terms: { ...terms, investmentPeriodEnd: '2030-12-31' }, commitments, netInvestedCost: 0n, firstClosing: '2019-12-01' });
    // 0.02 × 365,000,000 × 31/365 = 620,000.00
    expect(fee).to.deep.include({ investmentPeriodDays: 31, postPeriodDays: 0, amount: yuan('620000') });
    expect(managementFee({ period: '2019Q3', terms: { ...terms, investmentPeriodEnd: '2030-12-31' }, commitments, netInvestedCost: 0n, firstClosing: '2019-12-01' }).amount).to.equal(0n);
  });

  it('charges a later closer its part of each earlier quarter recomputed with it (fee catch-up)', () => {
    const t = { ...terms, investmentPeriodEnd: '2030-12-31' };
    const earlier = [{ period: '2019Q1', terms: t, commitments: [{ investor: 'A', amount: yuan('300000000') }], netInvestedCost: 0n }];
    // 2019Q1 from 2019-01-15 (76 days) on 400m: 0.02 × 400,000,000 × 76/365 = 1,665,753.42; B's part 416,438.355 ties A's remainder and the fen goes to the earlier, A: 416,438.35.
    expect(feeCatchUp([{ investor: 'B', amount: yuan('100000000') }], earlier, '2019-01-15')).to.deep.equal([{ investor: 'B', amount: yuan('416438.35') }]);
  });

  it('parts sum to the total, exempt investors pay nothing, and the total is the half-up of the exact formula (property)', () => {
    const investorArb = fc.record({ exempt: fc.boolean(), amount: fc.bigInt({ min: 0n, max: 10n ** 13n }) });
    fc.assert(
      fc.property(
        fc.array(investorArb, { minLength: 1, maxLength: 8 }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.integer({ min: 2023, max: 2026 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 300 }),
        (investors, cost, year, q, rateBp) => {
          const commitments = investors.map((i, n) => ({ investor: `I${n}`, amount: i.amount }));
          const exempt = commitments.filter((_, n) => investors[n].exempt).map((c) => c.investor);
          const rate = `0.${String(rateBp).padStart(4, '0')}`;
          const t = { investmentPeriodEnd: '2024-08-15', managementFee: { investmentPeriodRate: rate, postPeriodRate: rate, exempt } };
          const payers = commitments.filter((c) => !exempt.includes(c.investor));
          const paying = payers.reduce((s, c) => s + c.amount, 0n);
          const all = commitments.reduce((s, c) => s + c.amount, 0n);
          const fee = managementFee({ period: `${year}Q${q}`, terms: t, commitments, netInvestedCost: cost });
          expect(fee.allocations.reduce((s, a) => s + a.amount, 0n)).to.equal(fee.amount);
          expect(fee.allocations.map((a) => a.investor)).to.deep.equal(payers.map((c) => c.investor));
          // Exact check in integers (× all commitments, for the post-period share paying / all):
          // 2 × 365 × 10000 × fee × all lies within ±365 × 10000 × all of 2 × rateBp × dayFen × all.
          if (all === 0n) {
            expect(fee.amount).to.equal(0n);
            return;
          }
          const dayFenAll = paying * BigInt(fee.investmentPeriodDays) * all + cost * BigInt(fee.postPeriodDays) * paying;
          const scaled = 2n * 365n * 10000n * fee.amount * all - 2n * BigInt(rateBp) * dayFenAll;
          expect(scaled > -365n * 10000n * all && scaled <= 365n * 10000n * all).to.equal(true);
        },
      ),
    );
  });
});
