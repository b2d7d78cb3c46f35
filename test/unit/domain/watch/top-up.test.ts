import { expect } from 'chai';
import type { Applicant } from '../../../../src/domain/screening/applicant';
import { assessPledgeRisk } from '../../../../src/domain/screening/pledge-risk';
import { DEFAULT_RULESET } from '../../../../src/domain/screening/ruleset';
import { topUpCapacity } from '../../../../src/domain/watch/top-up';

function applicant(price: string, held: number, tranches: Array<{ pledgedShares: number; principal: string }>): Applicant {
  const pledged = tranches.reduce((s, t) => s + t.pledgedShares, 0);
  return {
    stockCode: '600001.SH',
    name: '示例',
    sharePrice: price,
    totalShares: 1_000_000_000,
    pledgedSharesTotal: pledged,
    controllingShareholder: { sharesHeld: held, sharesPledged: pledged },
    pledges: tranches.map((t, i) => ({ lender: `证券${i + 1}`, ...t })),
  };
}

const capacity = (a: Applicant) => topUpCapacity(a.controllingShareholder, assessPledgeRisk(a, DEFAULT_RULESET.pledge));

describe('top-up capacity (补仓能力)', () => {
  it('needs 9,230,770 shares against 5,000,000 unpledged: insufficient', () => {
    // D = 100,000,000; warning line 1.60; price 6.50:
    // 1.60 × 100,000,000 / 6.50 = 24,615,384.6… → 24,615,385 shares, less the 15,384,615 pledged = 9,230,770.
    // Held 20,384,615 − pledged 15,384,615 = 5,000,000 unpledged.
    const result = capacity(applicant('6.50', 20_384_615, [{ pledgedShares: 15_384_615, principal: '100000000.00' }]));
    expect(result).to.deep.equal({
      unpledgedShares: 5_000_000,
      sharesNeeded: 9_230_770,
      insufficient: true,
      shortfall: 4_230_770,
      tranches: [{ lender: '证券1', sharesNeeded: 9_230_770, insufficient: true }],
    });
  });

  it('judges each tranche alone against the free shares, and the company on all tranches together', () => {
    // Each: D = 81,250,000 × 1.60 = 130,000,000 / 10.00 = 13,000,000 − 10,000,000 pledged = 3,000,000.
    // Unpledged 25,000,000 − 20,000,000 = 5,000,000: either alone fits, both together (6,000,000) do not.
    const result = capacity(
      applicant('10.00', 25_000_000, [
        { pledgedShares: 10_000_000, principal: '81250000.00' },
        { pledgedShares: 10_000_000, principal: '81250000.00' },
      ]),
    );
    expect(result.tranches.map((t) => [t.sharesNeeded, t.insufficient])).to.deep.equal([
      [3_000_000, false],
      [3_000_000, false],
    ]);
    expect(result).to.include({ unpledgedShares: 5_000_000, sharesNeeded: 6_000_000, insufficient: true, shortfall: 1_000_000 });
  });

  it('needs nothing above the warning line, and is unknown without the holding', () => {
    const above = capacity(applicant('20.00', 25_000_000, [{ pledgedShares: 10_000_000, principal: '81250000.00' }]));
    expect(above).to.include({ sharesNeeded: 0, insufficient: false, shortfall: 0 });
    const a = applicant('6.50', 20_384_615, [{ pledgedShares: 15_384_615, principal: '100000000.00' }]);
    const unknown = topUpCapacity(undefined, assessPledgeRisk(a, DEFAULT_RULESET.pledge));
    expect(unknown).to.include({ unpledgedShares: null, sharesNeeded: 9_230_770, insufficient: null, shortfall: null });
  });
});
