import { expect } from 'chai';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { runSeeds } from '../../seeds';
import { listFunds, programmeLeverage } from '../../src/application/fund-service';
import { verifyLedger } from '../../src/application/journal-service';
import { fundFigures } from '../../src/domain/funds/fund-figures';

describe(`seed sets (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
  });
  afterEach(() => t.dispose());

  it('the reference seed loads once: a second run does nothing', async () => {
    expect(await runSeeds(t.db, 'reference')).to.deep.equal(['reference:2018-12-article']);
    expect(await runSeeds(t.db, 'reference')).to.deep.equal([]);
    expect((await listFunds(t.db)).map((f) => f.fund.code)).to.deep.equal(['PHX', 'PHX-MA', 'PHX-RELIEF', 'YH-IF', 'YH-TUF']);
    expect(Number((await t.db.writer('journal_entries').count({ n: '*' }).first())?.n)).to.equal(0);
  });

  it('the demo seed books illustrative, clearly marked transactions through the rules, and verifies', async () => {
    expect(await runSeeds(t.db, 'demo')).to.deep.equal(['reference:2018-12-article', 'demo:illustrative-2019']);
    const investors = await t.db.writer('investors').whereNull('fund').select('code', 'name');
    expect(investors.length).to.be.greaterThan(0);
    for (const i of investors) {
      expect(i.code).to.match(/^DEMO-/);
      expect(i.name).to.match(/^示例/);
    }
    const { leverage } = await programmeLeverage(t.db, 'YH-GIF');
    expect(leverage.governmentCommitted).to.equal(600000000000n);
    expect(leverage.socialCommitted).to.equal(210000000000n);
    expect(leverage.socialLeverage).to.equal('0.3500');
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });

  it('gives the same fund figures from summed investment legs as from every account', async () => {
    await runSeeds(t.db, 'demo');
    const codes = (await listFunds(t.db)).map((f) => f.fund.code);
    const [summed, every] = await t.db.read((r) => Promise.all([r.journal.figureBalances(codes), r.journal.fundBalances(codes)]));
    expect(summed.length).to.be.lessThan(every.length);
    for (const code of codes) {
      const of = (balances: typeof every) => fundFigures(balances.filter((b) => b.fund === code));
      expect(of(summed), code).to.deep.equal(of(every));
    }
    expect(fundFigures(summed.filter((b) => b.fund === 'PHX-RELIEF')).invested).to.equal(18000000000n);
  });
});
