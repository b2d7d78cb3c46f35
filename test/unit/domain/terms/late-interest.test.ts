import { expect } from 'chai';
import fc from 'fast-check';
import { lateInterest } from '../../../../src/domain/terms/late-interest';
import { parseYuan } from '../../../../src/domain/money';
import { addDays } from '../../../../src/domain/dates';

const yuan = (text: string) => parseYuan(text);

describe('late interest on an overdue call (违约金)', () => {
  it('accrues per day on what is unpaid after the due date, less from each payment’s date (docs example)', () => {
    // 1,000,000 unpaid 10 days (03-31 → 04-10), 600,000 unpaid 20 days (→ 04-30):
    // 0.0005 × (10,000,000 + 12,000,000) = 11,000.00
    const result = lateInterest({
      allocation: yuan('1000000'),
      payments: [{ date: '2024-04-10', amount: yuan('400000') }],
      dueDate: '2024-03-31',
      rate: '0.0005',
      asOf: '2024-04-30',
    });
    expect(result).to.deep.equal({ overdue: yuan('600000'), overdueDays: 30, interest: yuan('11000') });
  });

  it('owes nothing when paid by the due date, or before the due date has passed', () => {
    const base = { allocation: yuan('1000000'), dueDate: '2024-03-31', rate: '0.0005' };
    expect(lateInterest({ ...base, payments: [{ date: '2024-03-31', amount: yuan('1000000') }], asOf: '2024-06-30' }).interest).to.equal(0n);
    expect(lateInterest({ ...base, payments: [], asOf: '2024-03-31' })).to.deep.equal({ overdue: 0n, overdueDays: 0, interest: 0n });
  });

  it('ignores payments after asOf and rounds half-up to the fen once', () => {
    // 333.33 × 0.0005 × 3 days = 0.499995 → 0.50
    const r = lateInterest({ allocation: yuan('333.33'), payments: [{ date: '2024-05-01', amount: yuan('333.33') }], dueDate: '2024-01-01', rate: '0.0005', asOf: '2024-01-04' });
    expect(r).to.deep.equal({ overdue: yuan('333.33'), overdueDays: 3, interest: yuan('0.50') });
  });

  it('never exceeds interest on the whole allocation for every day, and paying late in parts costs no more than paying late at once (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 5 }), fc.integer({ min: 0, max: 400 }), (allocation, offsets, asOfDays) => {
        const dueDate = '2024-01-01';
        const asOf = addDays(dueDate, asOfDays);
        const share = allocation / BigInt(offsets.length + 1);
        const payments = offsets.map((o) => ({ date: addDays(dueDate, o), amount: share }));
        const parts = lateInterest({ allocation, payments, dueDate, rate: '0.0005', asOf });
        const none = lateInterest({ allocation, payments: [], dueDate, rate: '0.0005', asOf });
        expect(parts.interest <= none.interest).to.equal(true);
        // allocation × days × 5/10000 fen, half-up
        expect(none.interest).to.equal((allocation * BigInt(asOfDays) * 5n + 5000n) / 10000n);
        expect(none.overdueDays).to.equal(asOfDays);
      }),
    );
  });
});
