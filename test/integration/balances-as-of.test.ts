import { expect } from 'chai';
import { freshDatabase, tamper, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { post, transfer } from '../helpers/ledger-builders';
import { verifyLedger } from '../../src/application/journal-service';
import type { AccountBalance } from '../../src/domain/ledger/entry';
import * as backfill from '../../migrations/20261129500002_account_month_totals_backfill';
import * as dayBackfill from '../../migrations/20261129500004_account_day_totals_backfill';
import * as closingBackfill from '../../migrations/20261129500006_account_closing_totals_backfill';

describe(`balances at a past date from closing totals plus the part month's day totals (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
  });
  afterEach(() => t.dispose());

  /** The same figures summed straight from the lines: what the month totals must agree with. */
  async function fromLines(asOf: string, fund?: string): Promise<AccountBalance[]> {
    const rows: Array<Record<string, unknown>> = await t.db.writer('journal_lines as l')
      .join('journal_entries as e', 'e.id', 'l.entry_id')
      .where('e.value_date', '<=', asOf)
      .modify((q) => {
        if (fund) q.where('l.fund', fund);
      })
      .groupBy('l.account', 'l.fund')
      .orderBy('l.account')
      .select('l.account as account', 'l.fund as fund')
      .sum({ debit: 'l.debit', credit: 'l.credit' });
    return rows
      .map((r) => ({ account: String(r.account), fund: String(r.fund), debit: BigInt(String(r.debit)), credit: BigInt(String(r.credit)) }))
      .filter((b) => b.debit !== 0n || b.credit !== 0n);
  }

  const asOf = (date: string, fund?: string) => t.db.read((repos) => repos.journal.balancesAsOf(date, fund));

  it('agrees with the lines at month ends, mid-month, before the first entry and after back-dated postings', async () => {
    // Posted out of date order, some in bulk (one group), some alone, in two funds.
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '100.00', { date: '2019-03-15' }));
    await Promise.all([
      post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '7.00', { date: '2019-04-30' })),
      post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '50.00', { date: '2019-01-31' })),
      post(t.db, transfer('SUB', 'assets:cash', 'equity:contributed:PHX', '20.00', { date: '2019-04-01' })),
      post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '3.50', { date: '2019-05-02' })),
    ]);
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '0.01', { date: '2019-02-28' }));
    for (const date of ['2018-12-31', '2019-01-30', '2019-01-31', '2019-02-28', '2019-03-14', '2019-03-15', '2019-04-01', '2019-04-29', '2019-04-30', '2019-05-01', '2019-05-02', '2020-02-29']) {
      expect(await asOf(date), date).to.deep.equal(await fromLines(date));
      expect(await asOf(date, 'PHX'), `${date} PHX`).to.deep.equal(await fromLines(date, 'PHX'));
    }
    expect((await asOf('2019-03-31', 'PHX')).find((b) => b.account === 'assets:PHX:cash')).to.deep.equal({ account: 'assets:PHX:cash', fund: 'PHX', debit: 15001n, credit: 0n });
    expect((await asOf('2019-03-14', 'PHX')).find((b) => b.account === 'assets:PHX:cash')).to.deep.equal({ account: 'assets:PHX:cash', fund: 'PHX', debit: 5001n, credit: 0n });
  });

  it('keeps one total per account and value date, and verify reports a day total that no longer matches its lines', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00', { date: '2019-03-01' }));
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '5.00', { date: '2019-03-01' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '2.00', { date: '2019-03-20' }));
    const totals = await t.db.writer('account_day_totals').where({ account: 'assets:PHX:cash' }).orderBy('day');
    expect(totals.map((r) => [r.day, String(r.debit), String(r.credit)])).to.deep.equal([
      ['2019-03-01', '1500', '0'],
      ['2019-03-20', '0', '200'],
    ]);
    expect((await asOf('2019-03-19', 'PHX')).find((b) => b.account === 'assets:PHX:cash')).to.deep.equal({ account: 'assets:PHX:cash', fund: 'PHX', debit: 1500n, credit: 0n });
    expect((await verifyLedger(t.db)).ok).to.equal(true);
    await tamper(t.db, `UPDATE account_day_totals SET credit = credit + 1 WHERE account = 'assets:PHX:cash' AND day = '2019-03-20'`);
    const report = await verifyLedger(t.db);
    expect(report.ok).to.equal(false);
    expect(report.problems.map((p) => p.problem)).to.deep.equal([
      'stored total of assets:PHX:cash for 2019-03-20 (debit 0.00, credit 2.01) differs from its lines (debit 0.00, credit 2.00)',
    ]);
  });

  it('keeps one total per account and month, and verify reports a total that no longer matches its lines', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00', { date: '2019-03-01' }));
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '5.00', { date: '2019-03-20' }));
    const totals = await t.db.writer('account_month_totals').where({ account: 'assets:PHX:cash' });
    expect(totals.map((r) => [r.month, String(r.debit), String(r.credit)])).to.deep.equal([['2019-03', '1500', '0']]);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
    await tamper(t.db, `UPDATE account_month_totals SET debit = debit + 1 WHERE account = 'assets:PHX:cash'`);
    const report = await verifyLedger(t.db);
    expect(report.ok).to.equal(false);
    expect(report.problems.map((p) => p.problem)).to.deep.equal([
      'stored total of assets:PHX:cash for 2019-03 (debit 15.01, credit 0.00) differs from its lines (debit 15.00, credit 0.00)',
    ]);
  });

  it('the migration fills the month totals of a journal booked before they were kept', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00', { date: '2019-03-01' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '2.50', { date: '2019-03-09' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '1.25', { date: '2019-06-09' }));
    const kept = await t.db.writer('account_month_totals').orderBy(['month', 'account']);
    expect(kept).to.have.length(5);
    await backfill.down(t.db.writer);
    expect(await t.db.writer('account_month_totals')).to.deep.equal([]);
    await backfill.up(t.db.writer);
    expect(await t.db.writer('account_month_totals').orderBy(['month', 'account'])).to.deep.equal(kept);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });

  it('the migration fills the day totals of a journal booked before they were kept', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00', { date: '2019-03-01' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '2.50', { date: '2019-03-01' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '1.25', { date: '2019-06-09' }));
    const kept = await t.db.writer('account_day_totals').orderBy(['day', 'account']);
    expect(kept).to.have.length(5);
    await dayBackfill.down(t.db.writer);
    expect(await t.db.writer('account_day_totals')).to.deep.equal([]);
    expect((await verifyLedger(t.db)).ok).to.equal(false);
    await dayBackfill.up(t.db.writer);
    expect(await t.db.writer('account_day_totals').orderBy(['day', 'account'])).to.deep.equal(kept);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });

  it('keeps a running closing total per account and month, back-dated lines adding to every later month, and verify checks it', async () => {
    const closing = async () =>
      (await t.db.writer('account_closing_totals').where({ account: 'assets:PHX:cash' }).orderBy('month')).map((r) => [r.month, String(r.debit), String(r.credit)]);
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00', { date: '2019-03-05' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '1.00', { date: '2019-06-05' }));
    expect(await closing()).to.deep.equal([['2019-03', '1000', '0'], ['2019-06', '1000', '100']]);
    // Back-dated, one group: a month before all, one between, one already kept.
    await Promise.all([
      post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '2.00', { date: '2019-01-10' })),
      post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '0.30', { date: '2019-04-30' })),
      post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '0.04', { date: '2019-03-31' })),
    ]);
    expect(await closing()).to.deep.equal([
      ['2019-01', '200', '0'],
      ['2019-03', '1200', '4'],
      ['2019-04', '1230', '4'],
      ['2019-06', '1230', '104'],
    ]);
    for (const date of ['2018-12-31', '2019-01-31', '2019-02-28', '2019-03-31', '2019-04-15', '2019-05-31', '2019-06-04', '2019-06-30']) {
      expect(await asOf(date), date).to.deep.equal(await fromLines(date));
    }
    expect((await verifyLedger(t.db)).ok).to.equal(true);
    await tamper(t.db, `UPDATE account_closing_totals SET debit = debit - 1 WHERE account = 'assets:PHX:cash' AND month = '2019-04'`);
    const report = await verifyLedger(t.db);
    expect(report.problems.map((p) => p.problem)).to.deep.equal([
      'stored closing total of assets:PHX:cash for 2019-04 (debit 12.29, credit 0.04) differs from its lines (debit 12.30, credit 0.04)',
    ]);
  });

  it('the migration fills the closing totals as running sums of the month totals', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00', { date: '2019-03-01' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '2.50', { date: '2019-01-09' }));
    await post(t.db, transfer('PHX', 'expenses:fees', 'assets:cash', '1.25', { date: '2019-06-09' }));
    const kept = await t.db.writer('account_closing_totals').orderBy(['account', 'month']);
    expect(kept).to.have.length(6);
    await closingBackfill.down(t.db.writer);
    expect(await t.db.writer('account_closing_totals')).to.deep.equal([]);
    await closingBackfill.up(t.db.writer);
    expect(await t.db.writer('account_closing_totals').orderBy(['account', 'month'])).to.deep.equal(kept);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });
});
