import { expect } from 'chai';
import fc from 'fast-check';
import { managementFee, quarterOf } from '../../../../src/domain/terms/management-fee';
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
    // 2024Q1 has 91 days: 46 to 2024-02-15, 45 after.
    // 0.02 × 150,000,000 × 46/365 + 0.01 × 80,000,000 × 45/365 = 174,000,000/365 = 476,712.3287… → 476,712.33
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
    expect(fee).to.deep.include({ investmentPeriodDays: 46, postPeriodDays: 45, feePayingCommitments: yuan('150000000'), amount: yuan('476712.33') });
    expect(fee.allocations).to.deep.equal([
      { investor: 'BANK-A', amount: yuan('317808.22') },
      { investor: 'SEC-A', amount: yuan('158904.11') },
    ]);
  });

  it('charges the full quarter on commitments inside the investment period and on cost after it', () => {
    const commitments = [{ investor: 'A', amount: yuan('365000000') }];
    // 0.02 × 365,000,000 × 92/365 = 1,840,000.00 (a third quarter has 92 days)
    expect(managementFee({ period: '2023Q3', terms: { ...terms, investmentPeriodEnd: '2030-12-31' }, commitments, netInvestedCost: 0n }).amount).to.equal(yuan('1840000'));
    // 0.01 × 73,000,000 × 92/365 = 184,000.00
    expect(managementFee({ period: '2024Q3', terms, commitments, netInvestedCost: yuan('73000000') }).amount).to.equal(yuan('184000'));
  });

  it('refuses a fee nobody pays', () => {
    const run = () =>
      managementFee({ period: '2024Q3', terms, commitments: [{ investor: 'PHX', amount: yuan('1000') }], netInvestedCost: yuan('1000000') });
    expect(run).to.throw(DomainError).with.property('code', 'NO_FEE_PAYING_INVESTORS');
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
          let fee;
          try {
            fee = managementFee({ period: `${year}Q${q}`, terms: t, commitments, netInvestedCost: cost });
          } catch (e) {
            expect(paying).to.equal(0n);
            return;
          }
          expect(fee.allocations.reduce((s, a) => s + a.amount, 0n)).to.equal(fee.amount);
          expect(fee.allocations.map((a) => a.investor)).to.deep.equal(payers.map((c) => c.investor));
          // Exact check in integers: 2 × 365 × 10000 × fee lies within ±365 × 10000 of 2 × rateBp × dayFen.
          const dayFen = paying * BigInt(fee.investmentPeriodDays) + cost * BigInt(fee.postPeriodDays);
          const scaled = 2n * 365n * 10000n * fee.amount - 2n * BigInt(rateBp) * dayFen;
          expect(scaled > -365n * 10000n && scaled <= 365n * 10000n).to.equal(true);
        },
      ),
    );
  });
});
