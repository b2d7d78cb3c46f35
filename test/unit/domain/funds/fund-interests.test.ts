import { expect } from 'chai';
import fc from 'fast-check';
import { measureLeverage, type CapitalPosition } from '../../../../src/domain/funds/leverage';
import { lookThrough, type FundBook } from '../../../../src/domain/funds/look-through';
import { navShares } from '../../../../src/domain/capital-accounts/capital-account';
import { consolidate } from '../../../../src/domain/funds/consolidation';
import { emptyFigures, emptyInvestorFigures } from '../../../../src/domain/funds/fund-figures';
import { yuan } from './builders';

const programme = { code: 'YH-GIF', name: 'p', governmentCapitalTarget: yuan('6000000000'), socialCapitalTarget: yuan('24800000000') };

describe('leverage with government money placed directly in a sub-fund', () => {
  const pos = (fund: string, investor: string, capitalClass: 'government' | 'social', committed: string, internal = false): CapitalPosition => ({
    fund,
    fundKind: fund.startsWith('PHX-') ? 'subfund' : 'fund',
    parent: fund.startsWith('PHX-') ? 'PHX' : null,
    investor,
    capitalClass,
    internal,
    committed: yuan(committed),
    paidIn: 0n,
  });

  it('counts a district SOE’s commitment to PHX-MA in G (split out) and in the sub-fund’s government side', () => {
    const l = measureLeverage(programme, [
      pos('PHX', 'YH-GOV', 'government', '1000000000'),
      pos('PHX-RELIEF', 'PHX', 'government', '300000000', true),
      pos('PHX-RELIEF', 'BANK-A', 'social', '1000000000'),
      pos('PHX-RELIEF', 'SEC-A', 'social', '700000000'),
      pos('PHX-MA', 'PHX', 'government', '200000000', true),
      pos('PHX-MA', 'SOE-B', 'government', '150000000'),
      pos('PHX-MA', 'PRIV-A', 'social', '500000000'),
    ]);
    expect(l.governmentCommitted).to.equal(yuan('1150000000'));
    expect(l.governmentInMemberFunds).to.equal(yuan('1000000000'));
    expect(l.governmentDirectInSubfunds).to.equal(yuan('150000000'));
    // Before: S / G = 2.2bn / 1bn = 2.20 with the SOE's 150m in neither; now 2.2bn / 1.15bn.
    expect(l.socialLeverage).to.equal('1.9130');
    expect(l.governmentTargetProgress).to.equal('0.1667');
    const ma = l.subfunds.find((s) => s.fund === 'PHX-MA')!;
    expect(ma).to.include({ parentCommitted: yuan('200000000'), governmentDirectCommitted: yuan('150000000'), governmentSideCommitted: yuan('350000000') });
    // Before: 850m / 200m = 4.25 treated the SOE's money as leverage; now 850m / 350m.
    expect(ma.multiplier).to.equal('2.4286');
  });

  it('puts every external commitment in exactly one of G or S, and splits G without loss', () => {
    const position = fc.record({
      fund: fc.constantFrom('PHX', 'YH-IF', 'PHX-RELIEF', 'PHX-MA'),
      investor: fc.constantFrom('PHX', 'YH-GOV', 'SOE-B', 'BANK-A', 'PRIV-A'),
      capitalClass: fc.constantFrom('government' as const, 'social' as const),
      internal: fc.boolean(),
      committed: fc.bigInt({ min: 0n, max: 10n ** 13n }),
      paidIn: fc.bigInt({ min: 0n, max: 10n ** 13n }),
    });
    fc.assert(
      fc.property(fc.array(position, { maxLength: 30 }), (raw) => {
        const positions: CapitalPosition[] = raw.map((p) => ({ ...p, fundKind: p.fund.startsWith('PHX-') ? 'subfund' : 'fund', parent: p.fund.startsWith('PHX-') ? 'PHX' : null }));
        const l = measureLeverage(programme, positions);
        const external = positions.filter((p) => !p.internal);
        const sum = (ps: CapitalPosition[], f: (p: CapitalPosition) => bigint) => ps.reduce((s, p) => s + f(p), 0n);
        expect(l.governmentCommitted + l.socialCommitted).to.equal(sum(external, (p) => p.committed));
        expect(l.governmentPaidIn + l.socialPaidIn).to.equal(sum(external, (p) => p.paidIn));
        expect(l.governmentCommitted).to.equal(sum(external.filter((p) => p.capitalClass === 'government'), (p) => p.committed));
        expect(l.governmentInMemberFunds + l.governmentDirectInSubfunds).to.equal(l.governmentCommitted);
        expect(l.governmentPaidInMemberFunds + l.governmentPaidInDirectSubfunds).to.equal(l.governmentPaidIn);
      }),
    );
  });
});

describe('NAV shares (exact parts)', () => {
  const holders = (paid: Array<[string, string]>) =>
    paid.map(([investor, amount]) => ({ investor, capitalClass: 'social' as const, contributions: [{ date: '2019-01-01', amount: yuan(amount) }], charges: [] }));

  it('sums to the NAV to the fen where pro rata by floor loses two fen', () => {
    const input = { terms: null, holders: holders([['BANK-A', '40000000'], ['PHX', '25000000'], ['PRIV-A', '15000000'], ['SEC-A', '20000000']]), distributions: [], booked: [] };
    const shares = navShares(input, yuan('59999999.97'), '2019-12-31');
    expect(shares.map((s) => s.navShare)).to.deep.equal([yuan('23999999.99'), yuan('14999999.99'), yuan('9000000.00'), yuan('11999999.99')]);
    expect(shares.reduce((s, x) => s + x.navShare, 0n)).to.equal(yuan('59999999.97'));
  });

  it('gives an investor that has paid nothing no part of the NAV, whatever it still owes on calls', () => {
    const input = { terms: null, holders: [...holders([['A', '25']]), { investor: 'B', capitalClass: 'social' as const, contributions: [], charges: [] }], distributions: [], booked: [] };
    expect(navShares(input, yuan('25'), '2019-12-31').map((s) => [s.investor, s.navShare])).to.deep.equal([
      ['A', yuan('25')],
      ['B', 0n],
    ]);
  });

  it('always sums to the NAV, for any NAV (negative too) and any capital', () => {
    const investor = fc.record({ paidIn: fc.bigInt({ min: 1n, max: 10n ** 13n }), fees: fc.bigInt({ min: 0n, max: 10n ** 12n }) });
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.array(investor, { minLength: 1, maxLength: 12 }), (nav, raw) => {
        const input = {
          terms: null,
          holders: raw.map((r, i) => ({ investor: `I${i}`, capitalClass: 'social' as const, contributions: [{ date: '2019-01-01', amount: r.paidIn }], charges: [{ date: '2019-06-30', amount: r.fees }] })),
          distributions: [],
          booked: [],
        };
        expect(navShares(input, nav, '2019-12-31').reduce((s, x) => s + x.navShare, 0n)).to.equal(nav);
      }),
    );
  });
});

describe('look-through valuation', () => {
  const book = (fund: string, bookedAssets: string, interests: Record<string, string>, investors: Array<[string, string]>): FundBook => ({
    fund,
    bookedAssets: yuan(bookedAssets),
    interests: new Map(Object.entries(interests).map(([k, v]) => [k, yuan(v)])),
    split: (nav) =>
      navShares(
        { terms: null, holders: investors.map(([investor, paidIn]) => ({ investor, capitalClass: 'social', contributions: [{ date: '2019-01-01', amount: yuan(paidIn) }], charges: [] })), distributions: [], booked: [] },
        nav,
        '2019-12-31',
      ),
  });

  it('values an interest at the holder’s share of the sub-fund’s NAV, even when its cost is all returned', () => {
    const result = lookThrough([
      book('PHX', '300000000', { 'PHX-RELIEF': '0' }, [['YH-GOV', '300000000']]),
      book('PHX-RELIEF', '157000000', {}, [['PHX', '27000000'], ['BANK-A', '73000000']]),
    ]);
    expect(result.funds.get('PHX')).to.include({ nav: yuan('342390000'), fundInterests: yuan('42390000') });
    expect(result.interests).to.deep.equal([{ holder: 'PHX', fund: 'PHX-RELIEF', carrying: 0n, value: yuan('42390000'), adjustment: yuan('42390000') }]);
  });

  it('values nested interests deepest first', () => {
    const result = lookThrough([
      book('TOP', '100', { MID: '50' }, [['G', '100']]),
      book('MID', '100', { LOW: '50' }, [['TOP', '50'], ['X', '50']]),
      book('LOW', '300', {}, [['MID', '50'], ['Y', '50']]),
    ]);
    // LOW 300 -> MID's half 150; MID = 100 - 50 + 150 = 200 -> TOP's half 100; TOP = 100 - 50 + 100.
    expect(result.funds.get('MID')!.nav).to.equal(yuan('200'));
    expect(result.funds.get('TOP')!.nav).to.equal(yuan('150'));
  });

  it('leaves funds that hold each other at carrying value instead of looping', () => {
    const result = lookThrough([book('A', '10', { B: '5' }, [['B', '5']]), book('B', '10', { A: '5' }, [['A', '5']])]);
    expect(result.funds.get('A')!.nav).to.equal(yuan('10'));
    expect(result.funds.get('B')!.nav).to.equal(yuan('15'));
  });
});

describe('consolidation', () => {
  it('counts external capital once and a fund interest once', () => {
    const figures = (over: Partial<ReturnType<typeof emptyFigures>>) => ({ ...emptyFigures(), ...over });
    const investor = (code: string, committed: string, paidIn: string) => ({
      ...emptyInvestorFigures(code),
      committed: yuan(committed),
      called: yuan(paidIn),
      paidIn: yuan(paidIn),
      unfunded: yuan(committed) - yuan(paidIn),
    });
    const total = consolidate(
      [
        {
          fund: 'PHX',
          figures: figures({ committed: yuan('2000'), paidIn: yuan('300'), cash: yuan('275'), invested: yuan('25'), fundInterests: yuan('30'), nav: yuan('305') }),
          investors: [investor('YH-GOV', '2000', '300')],
          shares: [{ investor: 'YH-GOV', navShare: yuan('305'), carriedInterest: 0n, owed: 0n }],
        },
        {
          fund: 'PHX-RELIEF',
          figures: figures({ committed: yuan('1000'), paidIn: yuan('100'), cash: yuan('120'), nav: yuan('120') }),
          investors: [investor('BANK-A', '750', '75'), investor('PHX', '250', '25')],
          shares: [
            { investor: 'BANK-A', navShare: yuan('90'), carriedInterest: 0n, owed: 0n },
            { investor: 'PHX', navShare: yuan('30'), carriedInterest: 0n, owed: 0n },
          ],
        },
      ],
      [{ holder: 'PHX', fund: 'PHX-RELIEF', carrying: yuan('25'), value: yuan('30'), adjustment: yuan('5') }],
    );
    expect(total).to.include({ committed: yuan('2750'), paidIn: yuan('375'), cash: yuan('395'), invested: 0n, fundInterests: 0n, nav: yuan('395') });
  });
});
