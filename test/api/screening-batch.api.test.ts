import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { eligibleApplicant } from '../helpers/applicant-builders';

const count = async (api: TestApi, table: string) => Number((await api.db.writer(table).count({ n: '*' }).first())!.n);

const HEADER =
  'stockCode,name,exchange,listingStatus,riskWarning,registeredDistrict,industrySection,mainBusinessRevenue,totalRevenue,' +
  'netAssets,netProfit,operatingCashFlow,prospectsRating,managementRating,acquisitionProject,companyDishonestDebtor,' +
  'totalShares,pledgedSharesTotal,sharePrice,controllingShareholder.name,controllingShareholder.sharesHeld,' +
  'controllingShareholder.sharesPledged,controllingShareholder.majorViolations36m,controllingShareholder.dishonestDebtor,' +
  'actualController.name,actualController.majorViolations36m,actualController.dishonestDebtor,pledges';

const PLEDGES = '"[{""lender"":""示例证券"",""pledgedShares"":160000000,""principal"":""500000000.00""}]"';

function csvRow(stockCode: string, overrides: { sharesPledged?: string; pledgedTotal?: string; industry?: string; pledges?: string; acquisition?: string } = {}): string {
  return [
    stockCode, '杭州示例', 'SSE', 'listed', 'none', '330110', overrides.industry ?? 'C', '900000000.00', '1000000000.00',
    '2000000000.00', '80000000.00', '120000000.00', '4', '4', overrides.acquisition ?? 'false', 'false',
    '1000000000', overrides.pledgedTotal ?? '200000000', '10.00', '示例控股', '400000000', overrides.sharesPledged ?? '160000000', '0', 'false',
    '张三', '0', 'false', overrides.pledges ?? PLEDGES,
  ].join(',');
}

describe(`screening batch API (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date('2019-07-01T02:00:00Z') } });
  });
  afterEach(() => api.dispose());

  it('screens a JSON array in input order; a bad item gets its own error and the rest are stored', async () => {
    const items = [
      eligibleApplicant({ stockCode: '600001.SH' }),
      eligibleApplicant({ stockCode: '600002.SH', totalShares: -5 }),
      eligibleApplicant({ stockCode: '600003.SH', industrySection: 'J' }),
      eligibleApplicant({ stockCode: '600004.SH', controllingShareholder: { sharesHeld: 10, sharesPledged: 11 } }),
      { stockCode: '600005.SH', name: '只有名字' },
    ];
    const res = await api.as('risk_officer').post('/screenings/batch', items);
    expect(res.status).to.equal(200);
    expect(res.body.results.map((r: { index: number }) => r.index)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(res.body.results[0].screening).to.include({ stockCode: '600001.SH', decision: 'eligible' });
    expect(res.body.results[1].error.code).to.equal('VALIDATION_FAILED');
    expect(res.body.results[1].error.errors.map((e: { field: string }) => e.field)).to.deep.equal(['applicant.totalShares']);
    expect(res.body.results[2].screening).to.include({ stockCode: '600003.SH', decision: 'ineligible' });
    expect(res.body.results[3].error.errors[0].field).to.equal('applicant.controllingShareholder.sharesPledged');
    expect(res.body.results[4].screening.decision).to.equal('needs_review');
    expect(res.body.counts).to.deep.equal({ eligible: 1, needs_review: 1, ineligible: 1, failed: 2 });
    const stored = await api.db.writer('screenings').orderBy('id').select('stock_code');
    expect(stored.map((r) => r.stock_code)).to.deep.equal(['600001.SH', '600003.SH', '600005.SH']);
    expect(res.body.results[2].screening.id).to.be.above(res.body.results[0].screening.id);
    const audit = await api.db.writer('audit_log').where({ action: 'screening.batch' });
    expect(audit).to.have.length(1);
  });

  it('answers each screened item briefly by default: outcomes without reasons, headline pledge figures', async () => {
    const res = await api.as('risk_officer').post('/screenings/batch', [eligibleApplicant({ pledgedSharesTotal: 500_000_000 })]);
    const brief = res.body.results[0].screening;
    expect(brief).to.include({ decision: 'eligible', route: 'relief', rulesetVersion: 1 });
    expect(brief.criteria[0]).to.deep.equal({ id: 'listed', outcome: 'pass' });
    expect(brief.pledgeRisk).to.deep.equal({
      level: 'elevated',
      enhancedReview: false,
      shareholderPledgeRatio: '0.4000',
      companyPledgeRatio: '0.5000',
      reliefQuota: '0.00',
      minBuffer: '1.2857',
    });
    const full = await api.as('viewer').get(`/screenings/${brief.id}`);
    expect(full.body.criteria[0].reason.en).to.equal('listed on SSE');
  });

  it('screens CSV rows with dotted columns and a JSON pledges cell; a broken row is reported by line', async () => {
    const csv = [
      HEADER,
      csvRow('600001.SH'),
      csvRow('600002.SH', { sharesPledged: 'many' }),
      csvRow('600003.SH', { pledges: '"[{not json"' }),
      '600004.SH,too,few,cells',
      csvRow('600005.SH', { sharesPledged: '360000000', pledgedTotal: '360000000', acquisition: 'true' }),
      '',
    ].join('\n');
    const res = await api.as('risk_officer').post('/screenings/batch?detail=full').set('Content-Type', 'text/csv').send(`\ufeff${csv}`);
    expect(res.status).to.equal(200);
    const results = res.body.results;
    expect(results.map((r: { line: number }) => r.line)).to.deep.equal([2, 3, 4, 5, 6]);
    expect(results[0].screening).to.include({ stockCode: '600001.SH', decision: 'eligible', route: null });
    expect(results[0].screening.pledgeRisk.tranches[0].coverage).to.equal('3.2000');
    expect(results[1].error.errors[0].field).to.equal('applicant.controllingShareholder.sharesPledged');
    expect(results[2].error.errors[0].field).to.equal('applicant.pledges');
    expect(results[3].error.errors[0].message).to.contain('cells');
    expect(results[4].screening).to.include({ stockCode: '600005.SH', route: 'relief' });
    expect(results[4].screening.pledgeRisk).to.include({ enhancedReview: true, shareholderPledgeRatio: '0.9000' });
    expect(await count(api, 'screenings')).to.equal(2);
    const stored = await api.as('viewer').get(`/screenings/${results[0].screening.id}`);
    expect(stored.body.applicant.controllingShareholder).to.deep.equal({
      name: '示例控股',
      sharesHeld: 400000000,
      sharesPledged: 160000000,
      majorViolations36m: 0,
      dishonestDebtor: false,
    });
  });

  it('refuses a CSV header with an unknown column, storing nothing', async () => {
    const res = await api.as('risk_officer').post('/screenings/batch').set('Content-Type', 'text/csv').send('stockCode,name,colour\n600001.SH,x,red\n');
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect((problem.errors as Array<{ field: string }>)[0].field).to.equal('header.colour');
    expect(await count(api, 'screenings')).to.equal(0);
  });

  it('refuses a GBK CSV sent as UTF-8 with a 400 naming the line, storing nothing; reads it when the charset says gbk', async () => {
    const gbk = Buffer.concat([Buffer.from('stockCode,name,exchange,listingStatus\n600001.SH,'), Buffer.from('bcd7b9abcbbe', 'hex'), Buffer.from(',SSE,listed\n')]);
    const refused = await api.as('risk_officer').post('/screenings/batch').set('Content-Type', 'text/csv').send(gbk);
    const problem = expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect((problem.errors as Array<{ field: string; message: string }>)[0]).to.deep.include({ field: 'body' });
    expect(problem.detail).to.match(/line 2 is not valid UTF-8.*charset=gbk/);
    expect(await count(api, 'screenings')).to.equal(0);
    const read = await api.as('risk_officer').post('/screenings/batch?detail=full').set('Content-Type', 'text/csv; charset=GBK').send(gbk);
    expect(read.status).to.equal(200);
    expect(read.body.results[0].screening.companyName).to.equal('甲公司');
    const other = await api.as('risk_officer').post('/screenings/batch').set('Content-Type', 'text/csv; charset=latin1').send(gbk);
    expectProblem(other, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body that is neither an array nor CSV, and an empty array', async () => {
    expectProblem(await api.as('risk_officer').post('/screenings/batch', { applicant: eligibleApplicant() }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('risk_officer').post('/screenings/batch', []), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('risk_officer').post('/screenings/batch').set('Content-Type', 'text/plain').send('x'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await count(api, 'screenings')).to.equal(0);
  });

  it('uses screenedOn from the query', async () => {
    const res = await api.as('risk_officer').post('/screenings/batch?screenedOn=2019-05-31', [eligibleApplicant()]);
    expect(res.body.results[0].screening.screenedOn).to.equal('2019-05-31');
  });
});
