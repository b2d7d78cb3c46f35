import { expect } from 'chai';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { eligibleApplicant } from '../helpers/applicant-builders';
import type { NewScreening } from '../../src/data/screening-repository';
import { DEFAULT_RULESET } from '../../src/domain/screening/ruleset';
import { screenApplicant } from '../../src/domain/screening/screen-applicant';
import type { Applicant } from '../../src/domain/screening/applicant';

function row(applicant: Applicant, screenedOn = '2019-06-28'): NewScreening {
  return {
    stockCode: applicant.stockCode,
    companyName: applicant.name,
    screenedOn,
    rulesetVersion: 1,
    applicant,
    result: screenApplicant(applicant, DEFAULT_RULESET, screenedOn),
    createdAt: '2019-06-28T02:00:00.000Z',
    actor: 'test',
  };
}

describe(`screening repositories (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
  });
  afterEach(() => t.dispose());

  it('the migrated rule set version 1 equals DEFAULT_RULESET', async () => {
    const current = await t.db.read((repos) => repos.rulesets.current());
    expect(current).to.include({ version: 1, createdBy: 'migration' });
    expect(current!.rules).to.deep.equal(DEFAULT_RULESET);
  });

  it('creates rule set versions in sequence and keeps the old ones', async () => {
    const v2 = await t.db.write((repos) => repos.rulesets.createNext({ ...DEFAULT_RULESET, minProspectsRating: 4 }, { note: null, createdAt: 'x', createdBy: 'y' }));
    expect(v2.version).to.equal(2);
    expect((await t.db.read((repos) => repos.rulesets.get(1)))!.rules.minProspectsRating).to.equal(3);
    expect((await t.db.read((repos) => repos.rulesets.current()))!.rules.minProspectsRating).to.equal(4);
  });

  it('inserts many screenings and returns their ids in input order, across chunks', async () => {
    const applicants = Array.from({ length: 450 }, (_, i) => eligibleApplicant({ stockCode: `${String(600000 + i)}.SH`, name: `company ${i}` }));
    const ids = await t.db.write((repos) => repos.screenings.insertMany(applicants.map((a) => row(a))));
    expect(ids).to.have.length(450);
    const stored = await t.db.read((repos) => Promise.all([ids[0], ids[250], ids[449]].map((id) => repos.screenings.get(id))));
    expect(stored.map((s) => s!.companyName)).to.deep.equal(['company 0', 'company 250', 'company 449']);
  });

  it('get and latestFor return the ScreeningSummary contract; latest is by screening date, then id', async () => {
    const [older, newer, backfilled] = await t.db.write((repos) =>
      repos.screenings.insertMany([
        row(eligibleApplicant(), '2019-05-01'),
        row(eligibleApplicant({ industrySection: 'K' }), '2019-06-01'),
        row(eligibleApplicant(), '2019-04-01'),
      ]),
    );
    expect(backfilled).to.be.above(newer);
    const latest = await t.db.read((repos) => repos.screenings.latestFor('600001.SH'));
    expect(latest).to.deep.equal({
      id: newer,
      stockCode: '600001.SH',
      companyName: '杭州示例股份有限公司',
      decision: 'ineligible',
      route: null,
      pledgeLevel: 'normal',
      screenedOn: '2019-06-01',
      rulesetVersion: 1,
    });
    expect((await t.db.read((repos) => repos.screenings.get(older)))!.decision).to.equal('eligible');
    expect(await t.db.read((repos) => repos.screenings.get(999_999))).to.equal(null);
    expect(await t.db.read((repos) => repos.screenings.latestFor('000001.SZ'))).to.equal(null);
    const latestEach = await t.db.read((repos) => repos.screenings.latestForEach());
    expect(latestEach.map((s) => s.id)).to.deep.equal([newer]);
  });

  it('setCurrent moves the summary level and route but not the stored result', async () => {
    const [id] = await t.db.write((repos) => repos.screenings.insertMany([row(eligibleApplicant())]));
    await t.db.write((repos) => repos.screenings.setCurrent(id, 'critical', 'relief'));
    const summary = await t.db.read((repos) => repos.screenings.get(id));
    expect(summary).to.include({ pledgeLevel: 'critical', route: 'relief' });
    const detail = await t.db.read((repos) => repos.screenings.detail(id));
    expect(detail!.result.pledgeRisk.level).to.equal('normal');
    expect(detail!.result.route).to.equal(null);
  });

  it('stores prices as exact ten-thousandths and finds the latest per stock', async () => {
    await t.db.write((repos) =>
      repos.marketPrices.upsertMany(
        [
          { stockCode: '600001.SH', date: '2019-07-01', close: 48_000n },
          { stockCode: '600001.SH', date: '2019-07-02', close: 99_999_999_999n },
          { stockCode: '300001.SZ', date: '2019-06-30', close: 1n },
        ],
        { recordedAt: 'x', recordedBy: 'y' },
      ),
    );
    const latest = await t.db.read((repos) => repos.marketPrices.latestFor(['600001.SH', '300001.SZ', '830001.BJ']));
    expect(latest.get('600001.SH')).to.deep.equal({ stockCode: '600001.SH', date: '2019-07-02', close: 99_999_999_999n });
    expect(latest.get('300001.SZ')!.close).to.equal(1n);
    expect(latest.has('830001.BJ')).to.equal(false);
  });

  it('keeps every pledge evaluation and returns the latest per screening', async () => {
    const [id] = await t.db.write((repos) => repos.screenings.insertMany([row(eligibleApplicant())]));
    const risk = screenApplicant(eligibleApplicant(), DEFAULT_RULESET, '2019-06-28').pledgeRisk;
    const evaluation = { screeningId: id, stockCode: '600001.SH', close: 48_000n, route: null, pledgeRisk: risk, evaluatedAt: 'x' };
    await t.db.write((repos) =>
      repos.pledgeEvaluations.insertMany([
        { ...evaluation, priceDate: '2019-07-01', level: 'warning', previousLevel: 'normal' },
        { ...evaluation, priceDate: '2019-07-02', level: 'critical', previousLevel: 'warning' },
      ]),
    );
    const latest = await t.db.read((repos) => repos.pledgeEvaluations.latestFor([id]));
    expect(latest.get(id)).to.include({ priceDate: '2019-07-02', level: 'critical', previousLevel: 'warning', close: 48_000n });
    expect(latest.get(id)!.pledgeRisk).to.deep.equal(risk);
    expect(await t.db.read((repos) => repos.pledgeEvaluations.history(id))).to.have.length(2);
  });
});
