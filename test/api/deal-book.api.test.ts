import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { callPaid, fundedScenario, ok } from '../helpers/fund-scenario';
import { reliefApplicant } from '../helpers/applicant-builders';

const TODAY = '2026-03-16';

/** A controlling shareholder of 600000.SH, registered in 余杭区, with a real-format credit code. */
const HOLDER = { code: 'ZJHOLD', name: '浙江某控股集团有限公司（测试）', creditCode: '91330110MA2B12345F', kind: 'controlling_shareholder', listedCompany: '600000.SH', registeredDistrict: '330110' };
/** An unlisted target bought for the listed acquirer 600000.SH. */
const TARGET = { code: 'TGT-TECH', name: '杭州某科技有限公司（测试）', creditCode: '91330110MA2C67890Y', kind: 'unlisted_company', listedCompany: '600000.SH', registeredDistrict: '330110', industrySection: 'I' };

const countOf = async (api: TestApi, table: string) => Number((await api.db.writer(table).count({ n: '*' }))[0].n);

/**
 * Issue 24: the deal book. Investees with their credit codes; the instruments relief and M&A
 * funds hold; the investment policy as data with 财预〔2015〕210号 第十二条 on loans; proposals
 * checked when they are made.
 */
describe(`the deal book: investees, instruments and the investment policy (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let screeningId: number;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date(`${TODAY}T02:00:00Z`) }, env: { PHOENIX_APPROVALS: 'off' } });
    await fundedScenario(api);
    await callPaid(api, 'PHX-RELIEF', { amount: '300000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-15');
    screeningId = (await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' }))).id;
  });
  afterEach(() => api.dispose());

  const invest = (body: Record<string, unknown>, as: 'fund_manager' | 'admin' = 'fund_manager') =>
    api.as(as).post('/funds/PHX-RELIEF/investments', { amount: '50000000.00', date: '2019-03-01', screeningId, ...body });

  it('records investees with a verified 统一社会信用代码; a wrong one is a 400 naming the field and writes nothing', async () => {
    const holder = await ok(api.as('fund_manager').post('/investees', HOLDER));
    expect(holder).to.include({ code: 'ZJHOLD', kind: 'controlling_shareholder', listedCompany: '600000.SH', stockCode: null, creditCode: HOLDER.creditCode });
    const before = await countOf(api, 'investees');
    const wrong = expectProblem(await api.as('fund_manager').post('/investees', { ...TARGET, creditCode: '91330110MA2C67890X' }), 400, 'VALIDATION_FAILED');
    expect(wrong.errors).to.deep.include.members([{ field: 'creditCode', message: (wrong.errors as Array<{ message: string }>)[0].message }]);
    expect(JSON.stringify(wrong.errors)).to.match(/creditCode/);
    // A controlling shareholder must name the company it controls; a listed company its stock code.
    const bare = expectProblem(await api.as('fund_manager').post('/investees', { ...HOLDER, code: 'ZJHOLD2', creditCode: '91330110MA2D11111J', listedCompany: undefined }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(bare.errors)).to.match(/listedCompany/);
    const listed = expectProblem(await api.as('fund_manager').post('/investees', { code: 'PFYH', name: '浦发', creditCode: '91110000600037341L', kind: 'listed_company' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(listed.errors)).to.match(/stockCode/);
    expect(await countOf(api, 'investees')).to.equal(before);
    // The same credit code twice is a conflict naming the investee that has it.
    expectProblem(await api.as('fund_manager').post('/investees', { ...TARGET, creditCode: HOLDER.creditCode }), 409, 'CONFLICT');
    expectProblem(await api.as('viewer').post('/investees', TARGET), 403, 'FORBIDDEN');
    expect((await api.as('viewer').get('/investees?kind=controlling_shareholder')).body.investees.map((i: { code: string }) => i.code)).to.deep.equal(['ZJHOLD']);
    expectProblem(await api.as('viewer').get('/investees/NOPE'), 404, 'NOT_FOUND');
  });

  it('`company` keeps working: the listed company becomes an investee under its stock code', async () => {
    const booked = await ok(invest({ company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'equity', acquisitionMode: 'block_trade', shares: 5_000_000 }));
    expect(booked.company).to.deep.equal({ stockCode: '600000.SH', name: '测试公司' });
    expect(booked.investee).to.include({ code: '600000.SH', kind: 'listed_company' });
    const investee = (await api.as('viewer').get('/investees/600000.SH')).body;
    expect(investee).to.include({ kind: 'listed_company', stockCode: '600000.SH' });
    expect(investee.investments.map((i: { id: number }) => i.id)).to.deep.equal([booked.id]);
    // Named by code the next time, the same investee and the same accounts.
    const again = await ok(invest({ investee: '600000.SH', instrument: 'equity', acquisitionMode: 'block_trade', shares: 1_000_000, amount: '10000000.00' }));
    const entry = (await api.as('viewer').get(`/journal/${again.entryId}`)).body;
    expect(entry.lines[0].account).to.equal(`assets:PHX-RELIEF:investments:600000.SH:equity:${again.id}:cost`);
  });

  it('takes over a share-pledge financing: the fund is the pledgee, and the watch computes its own coverage and alerts on it', async () => {
    await ok(api.as('fund_manager').post('/investees', HOLDER));
    const body = {
      investee: 'ZJHOLD',
      instrument: 'pledge_refinancing',
      amount: '100000000.00',
      underlying: { stockCode: '600000.SH', pledgedShares: 20_000_000 },
      rate: '0.06',
      maturityDate: '2021-03-01',
      warningLine: '1.60',
      liquidationLine: '1.40',
    };
    expectProblem(await invest({ ...body, underlying: { stockCode: '600001.SH', pledgedShares: 20_000_000 } }), 400, 'VALIDATION_FAILED');
    const missing = expectProblem(await invest({ ...body, warningLine: undefined }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(missing.errors)).to.match(/warningLine/);
    const booked = await ok(invest(body));
    expect(booked.terms).to.deep.include({ rate: '0.06', warningLine: '1.60', liquidationLine: '1.40' });
    const entry = (await api.as('viewer').get(`/journal/${booked.entryId}`)).body;
    expect(entry.lines[0].account).to.equal(`assets:PHX-RELIEF:investments:ZJHOLD:pledge_refinancing:${booked.id}:cost`);

    // 20m shares at 12.00 = 240m against 100m principal and interest at 6% a year since 2019-03-01.
    await ok(api.as('risk_officer').post('/market-prices', [{ stockCode: '600000.SH', date: '2019-03-29', close: '12.00' }]));
    const positions = (await api.as('viewer').get('/pledgee-positions?asOf=2019-03-31')).body.positions;
    expect(positions).to.have.length(1);
    // Interest: 100,000,000.00 × 0.06 × 30 / 365 = 493,150.684… → 493,150.68.
    expect(positions[0]).to.include({ investment: booked.id, principal: '100000000.00', accruedInterest: '493150.68', debt: '100493150.68', level: 'normal' });
    // Coverage 240,000,000 / 100,493,150.68 = 2.38822…; warning price 1.60 × debt / shares = 8.039452…,
    // liquidation price 1.40 × debt / shares = 7.034520… (4 dp, half-up).
    expect(positions[0].coverage).to.equal('2.3882');
    expect(positions[0].warningPrice).to.equal('8.0395');
    expect(positions[0].liquidationPrice).to.equal('7.0345');

    // A close under the warning price: the fund's own position alerts, naming the investment.
    const prices = await ok(api.as('risk_officer').post('/market-prices', [{ stockCode: '600000.SH', date: '2019-04-01', close: '7.50' }]));
    const alert = (prices.alerts as Array<Record<string, unknown>>).find((a) => a.investment === booked.id);
    expect(alert, JSON.stringify(prices.alerts)).to.include({ fromLevel: 'normal', toLevel: 'warning', stockCode: '600000.SH' });
    const history = (await api.as('viewer').get('/pledge-alerts')).body.alerts as Array<Record<string, unknown>>;
    expect(history.some((a) => a.investment === booked.id && a.toLevel === 'warning')).to.equal(true);
  });

  it('a fund with government-class capital refuses a loan (财预〔2015〕210号 第十二条) and writes nothing; an admin may override with a reason', async () => {
    const before = await countOf(api, 'journal_entries');
    const refused = expectProblem(await invest({ company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'loan' }), 422, 'INSTRUMENT_FORBIDDEN');
    expect(refused.detail).to.match(/财预〔2015〕210号 第十二条/);
    expect(refused.rule).to.match(/第十二条/);
    expect(await countOf(api, 'journal_entries')).to.equal(before);
    expect(await countOf(api, 'investments')).to.equal(0);
    const policy = (await api.as('viewer').get('/funds/PHX-RELIEF/investment-policy')).body;
    expect(policy).to.include({ governmentCapital: true, singleInvesteeMax: '0.30', governmentCapitalCap: '0.30', allowedInstruments: null });
    expect(policy.permittedInstruments).to.not.include('loan');
    expect(policy.rules[0].rule).to.match(/第十二条/);

    expectProblem(await invest({ company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'loan', override: { reason: '区政府专题会议纪要同意的过桥安排' } }), 403, 'FORBIDDEN');
    const overridden = await ok(invest({ company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'loan', override: { reason: '区政府专题会议纪要同意的过桥安排' } }, 'admin'));
    expect(overridden.override.reason).to.equal('区政府专题会议纪要同意的过桥安排');
    expect(overridden.override.rules).to.include('财预〔2015〕210号 第十二条（四）');
    const entry = (await api.as('viewer').get(`/journal/${overridden.entryId}`)).body;
    expect(JSON.stringify(entry)).to.not.equal('');
  });

  it('the investment policy is data: an admin narrows the instruments, and a refused instrument names the fund’s policy', async () => {
    await ok(api.as('fund_manager').post('/investees', TARGET));
    expectProblem(await api.as('fund_manager').put('/funds/PHX-RELIEF/investment-policy', { allowedInstruments: ['equity'], reason: '投委会决议：仅限上市公司股权' }), 403, 'FORBIDDEN');
    const set = await ok(api.as('admin').put('/funds/PHX-RELIEF/investment-policy', { allowedInstruments: ['equity'], singleInvesteeMax: '0.20', reason: '投委会决议：仅限上市公司股权' }));
    expect(set.version ?? set.base).to.deep.include({ allowedInstruments: ['equity'], maxCompanyShare: '0.20' });
    const policy = (await api.as('viewer').get('/funds/PHX-RELIEF/investment-policy')).body;
    expect(policy).to.include({ singleInvesteeMax: '0.20' });
    expect(policy.permittedInstruments).to.deep.equal(['equity']);
    // The policy governs from today: an investment dated before it met the policy of its own date.
    const current = (await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2026-03-10' }))).id;
    const refused = expectProblem(await invest({ investee: 'TGT-TECH', instrument: 'unlisted_equity', equityPercent: '15.5', date: TODAY, screeningId: current }), 422, 'INSTRUMENT_FORBIDDEN');
    expect(refused.detail).to.match(/investment policy allows equity, not unlisted_equity/);
    expect(await countOf(api, 'investments')).to.equal(0);
    await ok(invest({ investee: 'TGT-TECH', instrument: 'unlisted_equity', equityPercent: '15.5', date: '2026-03-13', screeningId: current }));
    expectProblem(await api.as('admin').put('/funds/PHX-RELIEF/investment-policy', { allowedInstruments: ['bitcoin'], reason: '试一下非法的品种' }), 400, 'VALIDATION_FAILED');
  });

  it('buys unlisted equity for a listed acquirer and subscribes an exchangeable bond, each with the terms it needs', async () => {
    await ok(api.as('fund_manager').post('/investees', TARGET));
    await ok(api.as('fund_manager').post('/investees', HOLDER));
    const noPercent = expectProblem(await invest({ investee: 'TGT-TECH', instrument: 'unlisted_equity' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(noPercent.errors)).to.match(/equityPercent/);
    const wrongKind = expectProblem(await invest({ investee: 'TGT-TECH', instrument: 'equity', acquisitionMode: 'block_trade' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(wrongKind.errors)).to.match(/investee/);
    const target = await ok(invest({ investee: 'TGT-TECH', instrument: 'unlisted_equity', equityPercent: '15.5', amount: '40000000.00' }));
    expect(target.terms).to.deep.equal({ equityPercent: '15.5' });
    expect(target.company).to.deep.equal({ stockCode: 'TGT-TECH', name: TARGET.name });

    const bond = { investee: 'ZJHOLD', instrument: 'exchangeable_bond', underlying: { stockCode: '600000.SH', pledgedShares: 8_000_000 }, exchangePrice: '11.5000', couponRate: '0.02', maturityDate: '2022-03-01' };
    const early = expectProblem(await invest({ ...bond, maturityDate: '2019-02-01' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(early.errors)).to.match(/maturityDate/);
    const booked = await ok(invest({ ...bond, amount: '80000000.00' }));
    expect(booked.terms).to.deep.include({ exchangePrice: '11.5000', couponRate: '0.02' });
    // The coupon books as income through an exit, as before.
    const coupon = await ok(api.as('fund_manager').post(`/investments/${booked.id}/exits`, { kind: 'income', proceeds: '1600000.00', cost: '0.00', date: '2020-03-01' }));
    expect(coupon).to.include({ cost: '0.00', realizedGain: '1600000.00', channel: null });
    const verify = (await api.as('viewer').get('/ledger/verify')).body;
    expect(verify.ok, JSON.stringify(verify.problems)).to.equal(true);
  });
});

describe(`proposals are checked when made, with the codes of the approval (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let screeningId: number;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date(`${TODAY}T02:00:00Z`) }, env: { PHOENIX_APPROVALS: 'on' } });
    await fundedScenario(api);
    await callPaid(api, 'PHX-RELIEF', { amount: '300000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-15');
    screeningId = (await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2026-03-01' }))).id;
  });
  afterEach(() => api.dispose());

  const propose = (body: Record<string, unknown>) =>
    api.as('fund_manager').post('/funds/PHX-RELIEF/investments', { company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'equity', amount: '50000000.00', date: '2026-03-10', ...body });

  it('an agreement transfer with no screening at all is refused now, naming the screening (not the acquisition mode)', async () => {
    const refused = expectProblem(await propose({ acquisitionMode: 'agreement_transfer', shares: 60_000_000 }), 422, 'SCREENING_REQUIRED');
    expect(refused.detail).to.match(/no screeningId was given/);
    expect(await countOf(api, 'proposals')).to.equal(0);
  });

  it('one dated before its screening is refused now; a good one is held, and its approval books it', async () => {
    const early = expectProblem(await propose({ acquisitionMode: 'block_trade', shares: 5_000_000, screeningId, date: '2019-03-01' }), 422, 'SCREENING_REQUIRED');
    expect(early.detail).to.match(/dated after the investment/);
    expectProblem(await propose({ instrument: 'loan', screeningId }), 422, 'INSTRUMENT_FORBIDDEN');
    expect(await countOf(api, 'proposals')).to.equal(0);
    const held = await propose({ acquisitionMode: 'block_trade', shares: 5_000_000, screeningId });
    expect(held.status, held.text).to.equal(202);
    // The rehearsal left nothing behind: no investment, no investee, no entry.
    expect(await countOf(api, 'investments')).to.equal(0);
    expect(await countOf(api, 'investees')).to.equal(0);
    const approved = await ok(api.as('approver').post(`/proposals/${held.body.proposal.id}/approve`, { comment: '同意' }), 200);
    expect(approved.status).to.equal('executed');
    expect(await countOf(api, 'investments')).to.equal(1);
    expect(await countOf(api, 'investees')).to.equal(1);
  });
});
