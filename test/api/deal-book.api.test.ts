import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { callPaid, fundedScenario, ok } from '../helpers/fund-scenario';
import { reliefApplicant } from '../helpers/applicant-builders';
import request from 'supertest';
import { aapDiscount } from '../../src/domain/valuation/aap-discount';

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

describe(`lock-ups, selling limits, AAP valuations and obligations on positions (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let screeningId: number;
  let investment: number;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date('2019-10-10T02:00:00Z') }, env: { PHOENIX_APPROVALS: 'off' } });
    await fundedScenario(api);
    await callPaid(api, 'PHX-RELIEF', { amount: '300000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-15');
    screeningId = (await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' }))).id;
    // 60,000,000 of 1,000,000,000 shares (6%) by agreement transfer: a holder of 5% or more.
    investment = (
      await ok(
        api.as('fund_manager').post('/funds/PHX-RELIEF/investments', {
          company: { stockCode: '600000.SH', name: '测试公司' },
          instrument: 'equity',
          acquisitionMode: 'agreement_transfer',
          shares: 60_000_000,
          amount: '240000000.00',
          date: '2019-03-01',
          screeningId,
        }),
      )
    ).id;
  });
  afterEach(() => api.dispose());

  const sell = (body: Record<string, unknown>, as: 'fund_manager' | 'admin' = 'fund_manager') =>
    api.as(as).post(`/investments/${investment}/exits`, { kind: 'sale', ...body });

  it('a position reports its lock-up end and what it may sell by channel; a sale beyond them is refused with the figures', async () => {
    // The house minimum locks agreement-transfer shares 6 months: to 2019-09-01.
    const before = await countOf(api, 'exits');
    const locked = expectProblem(await sell({ shares: 1_000_000, proceeds: '4000000.00', date: '2019-08-01', channel: 'exchange' }), 422, 'SELLING_LIMIT_EXCEEDED');
    expect(locked).to.include({ lockupEndsOn: '2019-09-01', sellable: 0, channel: 'exchange' });
    expect(await countOf(api, 'exits')).to.equal(before);

    // 1% of 1,000,000,000 = 10,000,000 a 90 days on the exchange; 2% = 20,000,000 by block trade.
    await ok(sell({ shares: 8_000_000, proceeds: '40000000.00', date: '2019-09-10', channel: 'exchange' }));
    const over = expectProblem(await sell({ shares: 3_000_000, proceeds: '15000000.00', date: '2019-09-20', channel: 'exchange' }), 422, 'SELLING_LIMIT_EXCEEDED');
    expect(over).to.include({ sellable: 2_000_000, soldInWindow: 8_000_000, limitPercent: '1%', totalShares: 1_000_000_000 });
    expect(over.detail).to.match(/exceeds the 1% per 90 days limit: 2,000,000 sellable/);
    expectProblem(await sell({ shares: 20_000_001, proceeds: '90000000.00', date: '2019-09-20', channel: 'block_trade' }), 422, 'SELLING_LIMIT_EXCEEDED');
    const block = await ok(sell({ shares: 1_000_000, proceeds: '4500000.00', date: '2019-09-20', channel: 'block_trade' }));
    expect(block).to.include({ channel: 'block_trade', sharesHeld: 51_000_000 });
    // Without a channel a sale of listed shares is an exchange sale.
    expectProblem(await sell({ shares: 2_000_001, proceeds: '10000000.00', date: '2019-09-25' }), 422, 'SELLING_LIMIT_EXCEEDED');

    const position = (await api.as('viewer').get(`/investments/${investment}`)).body;
    expect(position.lockupEndsOn).to.equal('2019-09-01');
    expect(position.sellableShares).to.deep.equal({ exchange: 2_000_000, blockTrade: 19_000_000 });
    expect(position.position).to.include({ limited: true, agreementTransferMinimum: 50_000_000 });
    expect(position.position.window).to.deep.equal({ from: '2019-10-10', to: '2020-01-07' });

    // An admin may override with a reason; the entry says which rule was overridden.
    expectProblem(await sell({ shares: 3_000_000, proceeds: '15000000.00', date: '2019-09-26', channel: 'exchange', override: { reason: '区政府批准的纾困退出安排' } }), 403, 'FORBIDDEN');
    const overridden = await ok(sell({ shares: 3_000_000, proceeds: '15000000.00', date: '2019-09-26', channel: 'exchange', override: { reason: '区政府批准的纾困退出安排' } }, 'admin'));
    expect(overridden.override.reason).to.equal('区政府批准的纾困退出安排');
    expect(overridden.override.rules).to.have.length(1);
    const entry = (await api.as('viewer').get(`/journal/${overridden.entryId}`)).body;
    expect(JSON.stringify(entry)).to.contain('区政府批准的纾困退出安排');
    const verify = (await api.as('viewer').get('/ledger/verify')).body;
    expect(verify.ok, JSON.stringify(verify.problems)).to.equal(true);
  });

  it('values restricted shares with the AAP discount over the real remaining lock-up, keeping the method and inputs', async () => {
    const inputs = { price: '12.00', volatility: '0.45', dividendYield: '0.01' };
    const valued = await ok(api.as('fund_manager').post(`/investments/${investment}/valuations`, { date: '2019-06-30', method: 'aap', inputs }));
    // 63 days from 2019-06-30 to the lock-up end 2019-09-01.
    const discount = aapDiscount({ volatility: '0.45', remainingDays: 63, dividendYield: '0.01' });
    expect(valued.inputs).to.include({ remainingDays: 63, lockupEndsOn: '2019-09-01', discount: discount.discount, shares: 60_000_000 });
    // 60,000,000 × 12.00 × (1 − discount), half-up to the fen, figured here in fen as integers.
    const kept = 10_000n - BigInt(discount.discount.replace('0.', ''));
    const fen = (60_000_000n * 1200n * kept + 5_000n) / 10_000n;
    expect(valued.fairValue).to.equal(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
    expect(valued.method).to.equal('aap');
    const wrong = expectProblem(await api.as('fund_manager').post(`/investments/${investment}/valuations`, { date: '2019-06-30', method: 'aap', inputs, fairValue: '1.00' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(wrong.errors)).to.match(/fairValue/);
    expectProblem(await api.as('fund_manager').post(`/investments/${investment}/valuations`, { date: '2019-06-30', method: 'aap', inputs: { price: '12.00' } }), 400, 'VALIDATION_FAILED');
    const market = await ok(api.as('fund_manager').post(`/investments/${investment}/valuations`, { date: '2019-07-31', method: 'market', fairValue: '250000000.00', inputs: { source: '收盘价' } }));
    expect(market).to.include({ method: 'market' });
    const history = (await api.as('viewer').get(`/investments/${investment}`)).body.valuations;
    expect(history.map((v: { method: string }) => v.method)).to.deep.equal(['aap', 'market']);
  });

  it('a buyback obligation is settled by an exit naming it on the buyback channel, once', async () => {
    const obligation = await ok(api.as('fund_manager').post(`/investments/${investment}/obligations`, { kind: 'buyback', counterparty: '控股股东', dueDate: '2020-03-01', amount: '60000000.00' }));
    expect(obligation.status).to.equal('open');
    expectProblem(await sell({ shares: 15_000_000, proceeds: '60000000.00', date: '2019-09-20', channel: 'block_trade', obligation: obligation.id }), 422, 'OBLIGATION_NOT_SETTLABLE');
    // A buyback is the counterparty's repurchase: no selling limit applies, locked or not.
    const settled = await ok(sell({ shares: 15_000_000, proceeds: '60000000.00', date: '2019-08-20', channel: 'buyback', obligation: obligation.id }));
    expect(settled).to.include({ channel: 'buyback', obligation: obligation.id });
    expect((await api.as('viewer').get(`/investments/${investment}/obligations`)).body.obligations[0]).to.include({ status: 'settled', settledBy: settled.id });
    expectProblem(await sell({ shares: 1_000, proceeds: '4000.00', date: '2019-08-21', channel: 'buyback', obligation: obligation.id }), 422, 'OBLIGATION_NOT_SETTLABLE');
  });

  it('imports take the new instruments, channels and valuation methods as columns', async () => {
    await ok(api.as('fund_manager').post('/investees', HOLDER));
    const csv = [
      'type,date,ref,fund,investee,instrument,amount,screeningId,underlyingStockCode,pledgedShares,rate,maturityDate,warningLine,liquidationLine,investmentRef,investmentId,kind,proceeds,shares,channel,method,volatility,dividendYield,price',
      `investment,2019-03-05,p1,PHX-RELIEF,ZJHOLD,pledge_refinancing,50000000.00,${screeningId},600000.SH,10000000,0.06,2021-03-05,1.60,1.40,,,,,,,,,,`,
      `exit,2019-09-05,,,,,,,,,,,,,p1,,income,1500000.00,,,,,,`,
      `exit,2019-09-12,,,,,,,,,,,,,,${investment},sale,20000000.00,5000000,exchange,,,,`,
      `valuation,2019-06-30,,,,,,,,,,,,,,${investment},,,,,aap,0.45,0.01,12.00`,
    ].join('\n');
    const res = await request(api.app).post('/api/v1/imports?dryRun=false&name=deals.csv').set('Authorization', `Bearer ${api.tokens.fund_manager}`).set('Content-Type', 'text/csv').send(csv);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.rows.map((r: { outcome: string; code?: string }) => r.code ?? r.outcome), JSON.stringify(res.body.rows)).to.deep.equal(['booked', 'booked', 'booked', 'booked']);
    const pledge = (await api.as('viewer').get('/pledgee-positions?asOf=2019-09-30')).body.positions;
    expect(pledge).to.have.length(1);
    expect(pledge[0]).to.include({ pledgedShares: 10_000_000, principal: '50000000.00' });
    const position = (await api.as('viewer').get(`/investments/${investment}`)).body;
    expect(position.exits[0]).to.include({ channel: 'exchange', shares: 5_000_000 });
    expect(position.valuations[0]).to.include({ method: 'aap' });
  });
});
