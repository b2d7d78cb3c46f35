import { expect } from 'chai';
import { DomainError } from '../../../../src/domain/errors';
import {
  assertSettlableBy,
  obligationStatus,
  planObligation,
  viewOf,
  type ObligationRequest,
  type ObligationState,
} from '../../../../src/domain/deals/obligation';

const request = (over: Partial<ObligationRequest> = {}): ObligationRequest => ({
  investment: { id: 7, fund: 'PHX-RELIEF', date: '2019-03-01', reversed: false },
  kind: 'buyback',
  counterparty: '控股股东',
  dueDate: '2021-03-01',
  amount: 6_600_000_000n,
  terms: null,
  ...over,
});

const obligation = (over: Partial<ObligationState> = {}): ObligationState => ({
  id: 3,
  investment: 7,
  fund: 'PHX-RELIEF',
  kind: 'buyback',
  counterparty: '控股股东',
  dueDate: '2021-03-01',
  amount: 6_600_000_000n,
  terms: null,
  recordedAt: '2019-03-02T00:00:00.000Z',
  recordedBy: 'm',
  settledBy: null,
  ...over,
});

/** The field names of a VALIDATION_FAILED, or the code of any other refusal. */
function refusal(run: () => unknown): string[] | string {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== 'VALIDATION_FAILED') return error.code;
    return (error.details.errors as Array<{ field: string }>).map((e) => e.field);
  }
  return 'accepted';
}

describe('post-investment obligations (domain)', () => {
  describe('the status rule, as of 2019-07-10 with 90 alert days (due soon through 2019-10-08)', () => {
    const cases: Array<[string, string, boolean, number, string]> = [
      ['overdue the day after it fell due', '2019-07-09', false, 90, 'overdue'],
      ['due soon on the due date itself', '2019-07-10', false, 90, 'due_soon'],
      ['due soon on the last day of the window', '2019-10-08', false, 90, 'due_soon'],
      ['open the day after the window', '2019-10-09', false, 90, 'open'],
      ['settled, whatever the date', '2019-01-01', true, 90, 'settled'],
      ['settled before it falls due', '2030-01-01', true, 90, 'settled'],
      ['with no alert days, due soon only on the day', '2019-07-10', false, 0, 'due_soon'],
      ['with no alert days, open the day before', '2019-07-11', false, 0, 'open'],
    ];
    for (const [name, dueDate, settled, alertDays, status] of cases) {
      it(`${name}: ${status}`, () => {
        expect(obligationStatus(dueDate, settled, '2019-07-10', alertDays)).to.equal(status);
      });
    }

    it('counts the days left to the due date, negative once overdue', () => {
      expect(viewOf(obligation({ dueDate: '2019-07-20' }), '2019-07-10', 90)).to.include({ status: 'due_soon', daysUntilDue: 10 });
      expect(viewOf(obligation({ dueDate: '2019-07-01' }), '2019-07-10', 90)).to.include({ status: 'overdue', daysUntilDue: -9 });
    });
  });

  describe('planning an obligation', () => {
    it('takes the fund of its investment and trims the counterparty', () => {
      expect(planObligation(request({ counterparty: '  控股股东 ' }))).to.deep.equal({
        investment: 7,
        fund: 'PHX-RELIEF',
        kind: 'buyback',
        counterparty: '控股股东',
        dueDate: '2021-03-01',
        amount: 6_600_000_000n,
        terms: null,
      });
    });

    const cases: Array<[string, Partial<ObligationRequest>, string[] | string]> = [
      ['a covenant without an amount is accepted', { kind: 'covenant', amount: null }, 'accepted'],
      ['a due date on the investment date is accepted', { dueDate: '2019-03-01' }, 'accepted'],
      ['a buyback without an amount names amount', { amount: null }, ['amount']],
      ['a performance commitment without an amount names amount', { kind: 'performance_commitment', amount: null }, ['amount']],
      ['a zero amount names amount', { kind: 'covenant', amount: 0n }, ['amount']],
      ['a due date before the investment names dueDate', { dueDate: '2019-02-28' }, ['dueDate']],
      ['an impossible date names dueDate', { dueDate: '2019-02-30' }, ['dueDate']],
      ['an unknown kind names kind', { kind: 'guarantee' }, ['kind']],
      ['a blank counterparty names counterparty', { counterparty: '   ' }, ['counterparty']],
      ['terms past 2000 characters name terms', { terms: '条'.repeat(2001) }, ['terms']],
      ['every bad field is named at once', { dueDate: '2018-01-01', amount: null, counterparty: '' }, ['counterparty', 'dueDate', 'amount']],
      ['a reversed investment is a conflict', { investment: { id: 7, fund: 'PHX-RELIEF', date: '2019-03-01', reversed: true } }, 'CONFLICT'],
    ];
    for (const [name, over, expected] of cases) {
      it(`${name}`, () => {
        expect(refusal(() => planObligation(request(over)))).to.deep.equal(expected);
      });
    }
  });

  describe('which exit may settle an obligation', () => {
    const exit = { investmentId: 7, channel: 'buyback' };
    const reason = (o: ObligationState, e: { investmentId: number; channel: string | null }) => {
      try {
        assertSettlableBy(o, e);
        return 'settles';
      } catch (error) {
        expect(error).to.be.instanceOf(DomainError);
        expect((error as DomainError).code).to.equal('OBLIGATION_NOT_SETTLABLE');
        return String((error as DomainError).details.reason);
      }
    };

    it('a buyback exit of the same investment settles an unsettled buyback', () => {
      expect(reason(obligation(), exit)).to.equal('settles');
    });

    const refused: Array<[string, ObligationState, { investmentId: number; channel: string | null }, RegExp]> = [
      ['a performance commitment', obligation({ kind: 'performance_commitment' }), exit, /only a buyback/],
      ['a covenant', obligation({ kind: 'covenant', amount: null }), exit, /only a buyback/],
      ['an exit of another investment', obligation(), { investmentId: 8, channel: 'buyback' }, /investment 7, the exit to investment 8/],
      ['an obligation already settled', obligation({ settledBy: 12 }), exit, /exit 12 already settled it/],
      ['an exit on another channel', obligation(), { investmentId: 7, channel: 'secondary_market' }, /channel is secondary_market/],
      ['an exit naming no channel', obligation(), { investmentId: 7, channel: null }, /not given/],
    ];
    for (const [name, o, e, pattern] of refused) {
      it(`refuses ${name} with the reason`, () => {
        expect(reason(o, e)).to.match(pattern);
      });
    }
  });
});
