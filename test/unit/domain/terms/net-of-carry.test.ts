import { expect } from 'chai';
import { netOfCarry } from '../../../../src/domain/terms/net-of-carry';
import { navShares, type CapitalAccountInput } from '../../../../src/domain/capital-accounts/capital-account';

const TERMS = { manager: 'MGR', hurdleRate: '0.0800', catchUp: '1.00', carry: '0.20' };
const investors = [
  { investor: 'A', capitalClass: 'social' as const, contributions: [{ date: '2021-01-01', amount: 1_000_000_000n }], charges: [] },
  { investor: 'B', capitalClass: 'government' as const, contributions: [{ date: '2021-01-01', amount: 1_000_000_000n }], charges: [] },
];
/** The manager's HLBV carried interest: what a wind-up at the NAV would pay it. */
const accruedCarry = (input: Omit<CapitalAccountInput, 'holders'> & { investors: CapitalAccountInput['holders'] }, nav: bigint, asOf: string) =>
  navShares({ terms: input.terms, holders: input.investors, distributions: input.distributions, booked: input.booked }, nav, asOf).find((s) => s.investor === 'MGR')?.carriedInterest ?? 0n;
const paidOut = (amount: bigint) => [
  { investor: 'A', amount: amount / 2n - 100_000_000n, returnOfCapital: 1_000_000_000n, preferredReturn: 80_000_000n, profit: amount / 2n - 1_180_000_000n, carriedInterest: 0n },
  { investor: 'B', amount: amount / 2n - 100_000_000n, returnOfCapital: 1_000_000_000n, preferredReturn: 80_000_000n, profit: amount / 2n - 1_180_000_000n, carriedInterest: 0n },
  { investor: 'MGR', amount: 200_000_000n, returnOfCapital: 0n, preferredReturn: 0n, profit: 0n, carriedInterest: 200_000_000n },
];

describe('carried interest accrued and figures net of it', () => {
  it('accrues the carry a wind-up at the NAV would pay: docs/fund-terms.md example 1 as one hypothetical distribution', () => {
    // 30,000,000.00 on 2022-01-01: pref 1.6m, catch-up 0.4m, carry 1.6m → 2,000,000.00 to the manager.
    expect(accruedCarry({ terms: TERMS, investors, distributions: [], booked: [] }, 3_000_000_000n, '2022-01-01')).to.equal(200_000_000n);
    // Below capital plus the preferred return nothing is carried.
    expect(accruedCarry({ terms: TERMS, investors, distributions: [], booked: [] }, 2_100_000_000n, '2022-01-01')).to.equal(0n);
  });

  it('accrues only what earlier distributions have not already paid', () => {
    const earlier = [{ date: '2022-01-01', amount: 3_000_000_000n }];
    // Everything returned: a further 1,000,000.00 is all tier 4, 20% of it carry.
    expect(accruedCarry({ terms: TERMS, investors, distributions: earlier, booked: paidOut(3_000_000_000n) }, 100_000_000n, '2022-01-01')).to.equal(20_000_000n);
  });

  it('accrues nothing on a NAV of zero or less, with carry 0, or without paid-in capital', () => {
    expect(accruedCarry({ terms: TERMS, investors, distributions: [], booked: [] }, 0n, '2022-01-01')).to.equal(0n);
    expect(accruedCarry({ terms: TERMS, investors, distributions: [], booked: [] }, -5n, '2022-01-01')).to.equal(0n);
    expect(accruedCarry({ terms: { ...TERMS, hurdleRate: '0', carry: '0', catchUp: '0' }, investors, distributions: [], booked: [] }, 3_000_000_000n, '2022-01-01')).to.equal(0n);
    expect(accruedCarry({ terms: TERMS, investors: [], distributions: [], booked: [] }, 3_000_000_000n, '2022-01-01')).to.equal(0n);
  });

  it('takes carried interest out of the flows and the accrued carry out of the NAV', () => {
    const flows = [
      { date: '2021-01-01', amount: -2_000_000_000n, carriedInterest: 0n },
      { date: '2022-01-01', amount: 2_800_000_000n, carriedInterest: 0n },
      { date: '2022-01-01', amount: 200_000_000n, carriedInterest: 200_000_000n },
    ];
    const result = netOfCarry(flows, 1_000_000_000n, 100_000_000n, '2022-06-30');
    expect(result.carriedInterestPaid).to.equal(200_000_000n);
    expect(result.carriedInterestAccrued).to.equal(100_000_000n);
    expect(result.net).to.include({ paidIn: 2_000_000_000n, distributed: 2_800_000_000n, nav: 900_000_000n, dpi: '1.4000', rvpi: '0.4500', tvpi: '1.8500' });
  });
});
