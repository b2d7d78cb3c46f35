import { expect } from 'chai';
import fc from 'fast-check';
import { planCommitment } from '../../../../src/domain/funds/commitment';
import { callStatus, planCapitalCall } from '../../../../src/domain/funds/capital-call';
import { planPayment } from '../../../../src/domain/funds/payment';
import { planInvestment, screeningGateProblem, type GateScreening, type InvestmentRequest } from '../../../../src/domain/funds/investment';
import { planExit } from '../../../../src/domain/funds/exit';
import { planValuation } from '../../../../src/domain/funds/valuation';
import { planDistribution } from '../../../../src/domain/funds/distribution';
import { distributionSplit } from '../../../../src/domain/capital-accounts/capital-account';
import { planExpense } from '../../../../src/domain/funds/expense';
import { assertPostable } from '../../../../src/domain/ledger/entry-rules';
import { codeOf, investor, subfund, yuan } from './builders';

const commitment = (over: Partial<Parameters<typeof planCommitment>[0]> = {}) =>
  planCommitment({
    fund: subfund(),
    investor: investor('BANK-A'),
    amount: yuan('100'),
    date: '2019-02-01',
    actor: 'm',
    committed: 0n,
    governmentCommitted: 0n,
    ...over,
  });

describe('fund event planners', () => {
  describe('commitment', () => {
    it('moves committed to uncalled in the fund’s memo accounts, balanced', () => {
      const draft = commitment();
      assertPostable(draft);
      expect(draft.lines.map((l) => [l.account, l.debit, l.credit])).to.deep.equal([
        ['memo:PHX-RELIEF:commitments:uncalled:BANK-A', 10000n, 0n],
        ['memo:PHX-RELIEF:commitments:committed:BANK-A', 0n, 10000n],
      ]);
    });

    it('allows commitments up to the target size exactly, and refuses one fen more', () => {
      expect(codeOf(() => commitment({ committed: yuan('999999900'), amount: yuan('100') }))).to.equal(null);
      expect(codeOf(() => commitment({ committed: yuan('999999900'), amount: yuan('100.01') }))).to.equal('COMMITMENT_EXCEEDS_TARGET');
    });

    it('refuses commitments into a planned, sizeless or closed fund, or before inception', () => {
      expect(codeOf(() => commitment({ fund: subfund({ status: 'planned' }) }))).to.equal('FUND_NOT_ACTIVE');
      expect(codeOf(() => commitment({ fund: subfund({ status: 'closed' }) }))).to.equal('FUND_NOT_ACTIVE');
      expect(codeOf(() => commitment({ fund: subfund({ targetSize: null }) }))).to.equal('FUND_NOT_ACTIVE');
      expect(codeOf(() => commitment({ date: '2018-12-31' }))).to.equal('DATE_BEFORE_INCEPTION');
      expect(codeOf(() => commitment({ investor: investor('PHX-RELIEF', 'government', 'PHX-RELIEF') }))).to.equal('VALIDATION_FAILED');
    });

    it('needs an admin override for government-class commitments above 30% of the target size', () => {
      const phx = investor('PHX', 'government', 'PHX');
      expect(codeOf(() => commitment({ investor: phx, amount: yuan('300000000') }))).to.equal(null);
      expect(codeOf(() => commitment({ investor: phx, amount: yuan('300000000.01') }))).to.equal('GOVERNMENT_SHARE_LIMIT');
      expect(codeOf(() => commitment({ investor: phx, amount: yuan('300000000.01'), override: { reason: 'x', byAdmin: false } }))).to.equal(
        'GOVERNMENT_SHARE_LIMIT',
      );
      const overridden = commitment({ investor: phx, amount: yuan('400000000'), override: { reason: 'board resolution 12', byAdmin: true } });
      expect(overridden.metadata).to.include({ override: 'board resolution 12' });
      expect(codeOf(() => commitment({ investor: investor('BANK-A'), amount: yuan('900000000') }))).to.equal(null);
    });
  });

  describe('capital call', () => {
    const unfunded = [
      { investor: 'YH-GOV', committed: yuan('1200000000'), unfunded: yuan('1200000000') },
      { investor: 'SOE-A', committed: yuan('800000000'), unfunded: yuan('800000000') },
    ];

    it('allocates pro rata to commitment to the fen, the remainder to the largest fraction', () => {
      const { allocations, draft } = planCapitalCall({ fund: subfund(), amount: yuan('300000000.01'), date: '2019-02-01', dueDate: '2019-02-15', actor: 'm', holders: unfunded });
      expect(allocations).to.deep.equal([
        { investor: 'SOE-A', amount: yuan('120000000.00') },
        { investor: 'YH-GOV', amount: yuan('180000000.01') },
      ]);
      assertPostable(draft);
    });

    it('refuses a call above unfunded commitment, and a due date before the call', () => {
      expect(codeOf(() => planCapitalCall({ fund: subfund(), amount: yuan('2000000000.01'), date: '2019-02-01', dueDate: '2019-02-15', actor: 'm', holders: unfunded }))).to.equal(
        'CALL_EXCEEDS_UNFUNDED',
      );
      expect(codeOf(() => planCapitalCall({ fund: subfund(), amount: yuan('1'), date: '2019-02-01', dueDate: '2019-01-15', actor: 'm', holders: unfunded }))).to.equal(
        'VALIDATION_FAILED',
      );
    });

    it('always allocates exactly the call, never above an investor’s uncalled commitment (property)', () => {
      const holder = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 13n }));
      fc.assert(
        fc.property(fc.array(holder, { minLength: 1, maxLength: 20 }), fc.bigInt({ min: 1n, max: 10n ** 13n }), (pairs, raw) => {
          const holders = pairs.map(([committed, calledRaw], i) => {
            const unfunded = committed - (calledRaw % committed);
            return { investor: `I${String(i).padStart(2, '0')}`, committed, unfunded };
          });
          const total = holders.reduce((s, h) => s + h.unfunded, 0n);
          const amount = (raw % total) + 1n;
          const { allocations } = planCapitalCall({ fund: subfund(), amount, date: '2019-02-01', dueDate: '2019-02-01', actor: 'm', holders });
          expect(allocations.reduce((s, a) => s + a.amount, 0n)).to.equal(amount);
          for (const a of allocations) expect(a.amount <= holders.find((h) => h.investor === a.investor)!.unfunded).to.equal(true);
        }),
      );
    });

    it('splits pro rata to commitment, not to what is still uncalled', () => {
      // A was called 40m of 400m before B and C committed 300m each and were equalised to 10%.
      const holders = [
        { investor: 'A', committed: yuan('400000000'), unfunded: yuan('360000000') },
        { investor: 'B', committed: yuan('300000000'), unfunded: yuan('270000000') },
        { investor: 'C', committed: yuan('300000000'), unfunded: yuan('270000000') },
      ];
      const { allocations } = planCapitalCall({ fund: subfund(), amount: yuan('260000000'), date: '2019-02-01', dueDate: '2019-02-15', actor: 'm', holders });
      expect(allocations.map((a) => [a.investor, a.amount])).to.deep.equal([
        ['A', yuan('104000000')],
        ['B', yuan('78000000')],
        ['C', yuan('78000000')],
      ]);
    });

    it('reports status paid, partial, late and open', () => {
      expect(callStatus(100n, 100n, '2019-02-15', '2019-03-01')).to.equal('paid');
      expect(callStatus(100n, 40n, '2019-02-15', '2019-02-10')).to.equal('partial');
      expect(callStatus(100n, 40n, '2019-02-15', '2019-02-16')).to.equal('late');
      expect(callStatus(100n, 0n, '2019-02-15', '2019-02-15')).to.equal('open');
    });
  });

  describe('payment', () => {
    const base = { fund: subfund(), investor: investor('BANK-A'), callId: 1, callDate: '2019-02-01', allocated: yuan('40'), paid: yuan('10'), date: '2019-02-02', actor: 'm' };

    it('refuses more than the outstanding call of that investor', () => {
      expect(codeOf(() => planPayment({ ...base, amount: yuan('30') }))).to.equal(null);
      expect(codeOf(() => planPayment({ ...base, amount: yuan('30.01') }))).to.equal('PAYMENT_EXCEEDS_CALLED');
    });

    it('moves a paying fund’s cash into its sub-fund interest, balancing in both funds', () => {
      const draft = planPayment({ ...base, investor: investor('PHX', 'government', 'PHX'), amount: yuan('30'), payerCash: yuan('30') });
      assertPostable(draft);
      expect(draft.lines.map((l) => l.account)).to.deep.equal([
        'assets:PHX-RELIEF:cash',
        'assets:PHX-RELIEF:receivable:PHX',
        'assets:PHX:fund-interests:PHX-RELIEF:cost',
        'assets:PHX:cash',
      ]);
      expect(codeOf(() => planPayment({ ...base, investor: investor('PHX', 'government', 'PHX'), amount: yuan('30'), payerCash: yuan('29.99') }))).to.equal(
        'INSUFFICIENT_CASH',
      );
    });
  });

  describe('investment gate and rules', () => {
    const eligible: GateScreening = { id: 7, stockCode: '600000.SH', decision: 'eligible', pledgeLevel: 'elevated', screenedOn: '2019-03-01' };
    const request = (over: Partial<InvestmentRequest> = {}): InvestmentRequest => ({
      fund: subfund(),
      company: { stockCode: '600000.SH', name: 'A' },
      investee: { code: '600000.SH', name: 'A', kind: 'listed_company', segment: '600000.SH', screenedStockCode: '600000.SH', listedCompany: null },
      instrument: 'equity',
      terms: {},
      allowedInstruments: null,
      governmentCapital: false,
      holderCategory: null,
      contractualLockupEndsOn: null,
      amount: yuan('100000000'),
      date: '2019-03-10',
      acquisitionMode: 'agreement_transfer',
      shares: 50_000_000,
      companyTotalShares: 1_000_000_000,
      guaranteedReturn: false,
      actor: 'm',
      screening: eligible,
      latestScreening: eligible,
      screeningId: 7,
      validityDays: 180,
      cash: yuan('500000000'),
      companyCost: 0n,
      ...over,
    });

    it('passes an eligible, current screening of the same company', () => {
      expect(screeningGateProblem(request())).to.equal(null);
      assertPostable(planInvestment(request()).draftFor(1));
    });

    const closed: Array<[string, Partial<InvestmentRequest>, RegExp]> = [
      ['no screening id', { screeningId: null }, /no screeningId/],
      ['a screening that does not exist', { screening: null }, /does not exist/],
      ['a screening of another company', { screening: { ...eligible, stockCode: '600001.SH' } }, /is of 600001.SH/],
      ['an older screening when a newer exists', { latestScreening: { ...eligible, id: 8 } }, /newer/],
      ['a needs_review decision', { screening: { ...eligible, decision: 'needs_review' }, latestScreening: { ...eligible, decision: 'needs_review' } }, /needs_review/],
      ['a screening older than the window', { date: '2019-08-29' }, /181 days old/],
      ['a screening dated after the investment', { date: '2019-02-28' }, /after the investment/],
      ['normal pledge risk for a relief fund', { screening: { ...eligible, pledgeLevel: 'normal' }, latestScreening: { ...eligible, pledgeLevel: 'normal' } }, /elevated or worse/],
    ];
    for (const [name, over, reason] of closed) {
      it(`closes the gate for ${name} (SCREENING_REQUIRED) unless an admin overrides`, () => {
        expect(screeningGateProblem(request(over))).to.match(reason);
        expect(codeOf(() => planInvestment(request(over)))).to.equal('SCREENING_REQUIRED');
        const overridden = planInvestment(request({ ...over, override: { reason: 'committee decision', byAdmin: true } }));
        expect(overridden.gateOverridden).to.equal('committee decision');
        expect(overridden.draftFor(1).metadata).to.include({ override: 'committee decision' });
      });
    }

    it('accepts a screening exactly at the end of its window, and a normal-risk company for an M&A fund', () => {
      expect(screeningGateProblem(request({ date: '2019-08-28' }))).to.equal(null);
      const ma = subfund({ code: 'PHX-MA', type: 'ma' });
      expect(screeningGateProblem(request({ fund: ma, screening: { ...eligible, pledgeLevel: 'normal' }, latestScreening: { ...eligible, pledgeLevel: 'normal' } }))).to.equal(null);
    });

    it('limits one company to 30% of the sub-fund target size, with no override', () => {
      expect(codeOf(() => planInvestment(request({ companyCost: yuan('200000000'), amount: yuan('100000000') })))).to.equal(null);
      const over = request({ companyCost: yuan('200000000'), amount: yuan('100000000.01'), override: { reason: 'x', byAdmin: true } });
      expect(codeOf(() => planInvestment(over))).to.equal('CONCENTRATION_LIMIT');
    });

    it('refuses an agreement transfer below 5% of the total shares, with the figures, and one it cannot check', () => {
      expect(codeOf(() => planInvestment(request({ shares: 50_000_000 })))).to.equal(null);
      let refusal: unknown;
      try {
        planInvestment(request({ shares: 4_700_000, companyTotalShares: 1_000_000_000 }));
      } catch (error) {
        refusal = error;
      }
      expect(refusal).to.include({ code: 'ACQUISITION_MODE_FORBIDDEN' });
      expect((refusal as Error).message).to.contain('4700000 of 1000000000 is 0.47%');
      expect((refusal as { details: object }).details).to.include({ shares: 4_700_000, totalShares: 1_000_000_000, share: '0.47%', minimumShare: '5%' });
      expect(codeOf(() => planInvestment(request({ shares: 49_999_999 })))).to.equal('ACQUISITION_MODE_FORBIDDEN');
      expect(codeOf(() => planInvestment(request({ companyTotalShares: null })))).to.equal('ACQUISITION_MODE_FORBIDDEN');
      expect(codeOf(() => planInvestment(request({ shares: null })))).to.equal('VALIDATION_FAILED');
      expect(codeOf(() => planInvestment(request({ acquisitionMode: 'block_trade', shares: 4_700_000 })))).to.equal(null);
    });

    it('refuses open-market equity purchases, guaranteed returns, and overdrawing cash', () => {
      expect(codeOf(() => planInvestment(request({ acquisitionMode: 'open_market' })))).to.equal('ACQUISITION_MODE_FORBIDDEN');
      expect(codeOf(() => planInvestment(request({ acquisitionMode: null })))).to.equal('VALIDATION_FAILED');
      expect(codeOf(() => planInvestment(request({ instrument: 'loan', acquisitionMode: 'block_trade' })))).to.equal('VALIDATION_FAILED');
      expect(codeOf(() => planInvestment(request({ instrument: 'loan', acquisitionMode: null })))).to.equal(null);
      expect(codeOf(() => planInvestment(request({ guaranteedReturn: true })))).to.equal('GUARANTEED_RETURN_FORBIDDEN');
      expect(codeOf(() => planInvestment(request({ cash: yuan('99999999.99') })))).to.equal('INSUFFICIENT_CASH');
    });
  });

  describe('exit and valuation', () => {
    const investment = { id: 5, stockCode: '600000.SH', instrument: 'equity' as const, date: '2019-03-10' };
    const exit = (over: Partial<Parameters<typeof planExit>[0]> = {}) =>
      planExit({ fund: subfund(), investment, kind: 'sale', proceeds: yuan('36000000'), cost: yuan('30000000'), date: '2019-06-01', actor: 'm', remainingCost: yuan('60000000'), fairValue: yuan('6000000'), shares: null, sharesHeld: null, ...over });

    it('books a sale with its realized gain against cost and releases the unrealized change pro rata', () => {
      const planned = exit();
      expect(planned.realizedGain).to.equal(yuan('6000000'));
      expect(planned.unrealizedReleased).to.equal(yuan('3000000'));
      assertPostable(planned.draft);
    });

    it('books a loss, income with zero cost, and refuses releasing more cost than remains', () => {
      expect(exit({ proceeds: yuan('20000000') }).realizedGain).to.equal(yuan('-10000000'));
      assertPostable(exit({ proceeds: 0n }).draft);
      const income = exit({ kind: 'income', proceeds: yuan('1000000'), cost: 0n });
      expect(income.realizedGain).to.equal(yuan('1000000'));
      expect(codeOf(() => exit({ cost: yuan('60000000.01') }))).to.equal('EXIT_EXCEEDS_COST');
      expect(codeOf(() => exit({ kind: 'income', cost: yuan('1') }))).to.equal('VALIDATION_FAILED');
      expect(codeOf(() => exit({ kind: 'repayment' }))).to.equal('VALIDATION_FAILED');
    });

    it('releases all of the unrealized change with the last of the cost', () => {
      expect(exit({ cost: yuan('60000000'), fairValue: yuan('-7.77') }).unrealizedReleased).to.equal(yuan('-7.77'));
    });

    it('values against carrying value (cost + unrealized), and posts nothing when unchanged', () => {
      const v = (fairValue: bigint) =>
        planValuation({ fund: subfund(), investment, fairValue, date: '2019-04-01', actor: 'm', remainingCost: yuan('60000000'), carriedFairValue: yuan('1000000') });
      expect(v(yuan('66000000')).unrealizedChange).to.equal(yuan('5000000'));
      expect(v(yuan('50000000')).unrealizedChange).to.equal(yuan('-11000000'));
      assertPostable(v(yuan('50000000')).draft!);
      expect(v(yuan('61000000')).draft).to.equal(null);
    });
  });

  describe('distribution and expense', () => {
    it('distributes pro rata to contributed capital without terms, and a fund investor gets capital back first, then gains', () => {
      const { draft, allocations } = planDistribution({
        fund: subfund(),
        amount: yuan('50000000.03'),
        date: '2019-07-01',
        actor: 'm',
        cash: yuan('77000000'),
        split: () =>
          distributionSplit(
            {
              terms: null,
              holders: [
                ['PHX', '25000000'],
                ['BANK-A', '40000000'],
                ['SEC-A', '20000000'],
                ['PRIV-A', '15000000'],
              ].map(([investor, amount]) => ({ investor, capitalClass: 'social' as const, contributions: [{ date: '2019-01-01', amount: yuan(amount) }], charges: [] })),
              distributions: [],
              booked: [],
            },
            yuan('50000000.03'),
            '2019-07-01',
          ),
        byTier: false,
        internalInterestCost: new Map([['PHX', yuan('10000000')]]),
      });
      expect(allocations).to.deep.equal([
        { investor: 'BANK-A', amount: yuan('20000000.01') },
        { investor: 'PHX', amount: yuan('12500000.01') },
        { investor: 'PRIV-A', amount: yuan('7500000.00') },
        { investor: 'SEC-A', amount: yuan('10000000.01') },
      ]);
      assertPostable(draft);
      const phxLines = draft.lines.filter((l) => l.fund === 'PHX');
      expect(phxLines.map((l) => [l.account, l.debit, l.credit])).to.deep.equal([
        ['assets:PHX:cash', yuan('12500000.01'), 0n],
        ['assets:PHX:fund-interests:PHX-RELIEF:cost', 0n, yuan('10000000')],
        ['income:PHX:fund-gains:PHX-RELIEF', 0n, yuan('2500000.01')],
      ]);
    });

    it('refuses distributing more than cash, or with nothing paid in', () => {
      const base = { fund: subfund(), date: '2019-07-01', actor: 'm', internalInterestCost: new Map(), byTier: false };
      const nobody = { terms: null, holders: [], distributions: [], booked: [] };
      expect(codeOf(() => planDistribution({ ...base, amount: yuan('10.01'), cash: yuan('10'), split: () => distributionSplit(nobody, yuan('10.01'), '2019-07-01') }))).to.equal(
        'INSUFFICIENT_CASH',
      );
      expect(codeOf(() => planDistribution({ ...base, amount: yuan('1'), cash: yuan('10'), split: () => distributionSplit(nobody, yuan('1'), '2019-07-01') }))).to.equal('NO_PAID_IN_CAPITAL');
    });

    it('pays an expense from cash, never more than cash', () => {
      assertPostable(planExpense({ fund: subfund(), amount: yuan('10'), date: '2019-07-01', kind: 'management_fee', actor: 'm', cash: yuan('10') }));
      expect(codeOf(() => planExpense({ fund: subfund(), amount: yuan('10.01'), date: '2019-07-01', kind: 'management_fee', actor: 'm', cash: yuan('10') }))).to.equal(
        'INSUFFICIENT_CASH',
      );
    });
  });
});
