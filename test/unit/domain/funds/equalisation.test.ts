import { expect } from 'chai';
import fc from 'fast-check';
import { planEqualisation, withEqualisation, type EqualisationRequest } from '../../../../src/domain/funds/equalisation';
import { planCapitalCall } from '../../../../src/domain/funds/capital-call';
import { assertPostable } from '../../../../src/domain/ledger/entry-rules';
import { planPayment } from '../../../../src/domain/funds/payment';
import { investor, subfund, yuan } from './builders';

const request = (over: Partial<EqualisationRequest> = {}): EqualisationRequest => ({
  fund: 'PHX-RELIEF',
  investor: 'SEC-A',
  amount: yuan('300000000'),
  date: '2019-03-01',
  called: yuan('40000000'),
  committed: yuan('400000000'),
  earlierCalls: [{ date: '2019-02-01', amount: yuan('40000000'), committedAtCall: yuan('400000000') }],
  earlierInvestors: [{ investor: 'BANK-A', paidIn: yuan('40000000'), called: yuan('40000000') }],
  rate: '0',
  ...over,
});

describe('equalisation of a subsequent closing', () => {
  it('is nothing for a first closing (nothing called yet)', () => {
    expect(planEqualisation(request({ called: 0n }))).to.equal(null);
  });

  it('calls the newcomer its commitment × the fund’s called fraction, and no interest at a 0 rate', () => {
    const e = planEqualisation(request())!;
    expect(e).to.include({ catchUp: yuan('30000000'), interest: 0n });
    expect(e.lines.map((l) => [l.account, l.debit, l.credit])).to.deep.equal([
      ['memo:PHX-RELIEF:commitments:called:SEC-A', yuan('30000000'), 0n],
      ['memo:PHX-RELIEF:commitments:uncalled:SEC-A', 0n, yuan('30000000')],
      ['assets:PHX-RELIEF:receivable:SEC-A', yuan('30000000'), 0n],
      ['equity:PHX-RELIEF:contributed:SEC-A', 0n, yuan('30000000')],
    ]);
  });

  it('charges simple act/365 interest from each earlier call to the commitment date, owed to the earlier investors pro rata to paid-in', () => {
    // 30m catch-up, 6% for 28 days (2019-02-01 to 2019-03-01): 30,000,000 × 0.06 × 28 / 365 = 138,082.191… → 138,082.19
    const e = planEqualisation(
      request({
        rate: '0.0600',
        earlierInvestors: [
          { investor: 'BANK-A', paidIn: yuan('30000000'), called: yuan('30000000') },
          { investor: 'SOE-A', paidIn: yuan('10000000'), called: yuan('10000000') },
        ],
      }),
    )!;
    expect(e.interest).to.equal(yuan('138082.19'));
    expect(e.interestTo).to.deep.equal([
      { investor: 'BANK-A', amount: yuan('103561.64') },
      { investor: 'SOE-A', amount: yuan('34520.55') },
    ]);
    const draft = withEqualisation({ date: '2019-03-01', type: 'commitment', memo: 'm', actor: 'a', lines: [] }, e);
    assertPostable(draft);
    expect(draft.lines.find((l) => l.account === 'assets:PHX-RELIEF:equalisation-interest:SEC-A')!.debit).to.equal(yuan('138082.19'));
  });

  it('leaves every investor at the same called percentage, to the fen, through closings and calls (property)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('commit' as const), amount: fc.bigInt({ min: 100n, max: 10n ** 12n }) }),
      fc.record({ kind: fc.constant('call' as const), share: fc.integer({ min: 1, max: 60 }) }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 100n, max: 10n ** 12n }), fc.array(step, { maxLength: 12 }), (first, steps) => {
        const committed = new Map<string, bigint>([['I00', first]]);
        const called = new Map<string, bigint>([['I00', 0n]]);
        const total = (m: Map<string, bigint>) => [...m.values()].reduce((s, v) => s + v, 0n);
        steps.forEach((s, n) => {
          if (s.kind === 'commit') {
            const investor = `I${String(n + 1).padStart(2, '0')}`;
            const e = planEqualisation(request({ investor, amount: s.amount, called: total(called), committed: total(committed), earlierCalls: [], earlierInvestors: [] }));
            committed.set(investor, s.amount);
            called.set(investor, e?.catchUp ?? 0n);
            return;
          }
          const unfundedTotal = total(committed) - total(called);
          const amount = (unfundedTotal * BigInt(s.share)) / 100n;
          if (amount === 0n) return;
          const holders = [...committed].map(([investor, c]) => ({ investor, committed: c, unfunded: c - called.get(investor)! }));
          const { allocations } = planCapitalCall({ fund: subfund(), amount, date: '2019-02-01', dueDate: '2019-02-01', actor: 'm', holders });
          for (const a of allocations) called.set(a.investor, called.get(a.investor)! + a.amount);
        });
        // Each investor's called amount is within a fen per event of commitment × the fund's fraction.
        const fundCalled = total(called);
        const fundCommitted = total(committed);
        const tolerance = BigInt(steps.length + 1);
        for (const [investor, c] of committed) {
          const exact = called.get(investor)! * fundCommitted - c * fundCalled;
          expect((exact < 0n ? -exact : exact) <= tolerance * fundCommitted, `${investor}: ${called.get(investor)} of ${c}`).to.equal(true);
        }
      }),
    );
  });

  it('settles the equalisation interest first when the newcomer pays its equalisation call', () => {
    const base = { fund: subfund(), investor: investor('SEC-A'), callId: 7, callDate: '2019-03-01', allocated: yuan('30138082.19'), date: '2019-03-05', actor: 'm' };
    const first = planPayment({ ...base, paid: 0n, amount: yuan('100000'), interest: yuan('138082.19') });
    expect(first.lines.map((l) => [l.account, l.credit])).to.deep.equal([
      ['assets:PHX-RELIEF:cash', 0n],
      ['assets:PHX-RELIEF:equalisation-interest:SEC-A', yuan('100000')],
    ]);
    const rest = planPayment({ ...base, paid: yuan('100000'), amount: yuan('30038082.19'), interest: yuan('138082.19') });
    expect(rest.lines.map((l) => [l.account, l.credit])).to.deep.equal([
      ['assets:PHX-RELIEF:cash', 0n],
      ['assets:PHX-RELIEF:equalisation-interest:SEC-A', yuan('38082.19')],
      ['assets:PHX-RELIEF:receivable:SEC-A', yuan('30000000')],
    ]);
  });
});
