import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference, TEST_INVESTORS } from '../helpers/fund-scenario';

const TAIZHANG = [
  'type,date,ref,fund,investor,amount,dueDate,callRef,kind,memo',
  'commitment,2018-12-10,,PHX,YH-GOV,1200.00,,,,',
  'commitment,2018-12-10,,PHX,SOE-A,800.00,,,,',
  'expense,2019-01-20,,PHX,,12.345,,,other,审计费',
  'capital_call,2018-12-20,c1,PHX,,500.00,2019-01-10,,,',
  'payment,2019-01-05,,,YH-GOV,300.00,,c1,,',
  // Only 200.00 of the call is SOE-A's: refused by the rule, which a dry run must meet too.
  'payment,2019-01-05,,,SOE-A,250.00,,c1,,',
].join('\n');

interface Row {
  line: number;
  outcome: string;
  type?: string;
  code?: string;
  reason?: string;
}

describe(`POST /imports: a 台账 CSV over HTTP, dry run or booked (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
    await seedReference(api);
    for (const investor of TEST_INVESTORS) expect((await api.as('fund_manager').post('/investors', investor)).status).to.equal(201);
  });
  afterEach(() => api.dispose());

  const upload = (query: string, csv: string, token = api.tokens.fund_manager) =>
    request(api.app).post(`/api/v1/imports?${query}`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(csv);
  const count = async (table: string) => Number((await api.db.writer(table).count({ n: '*' }))[0].n);
  const written = async () => ({ entries: await count('journal_entries'), audit: await count('audit_log'), keys: await count('idempotency_keys') });
  const outcomes = (rows: Row[]) => rows.map((r) => `${r.line}:${r.outcome}${r.code ? `:${r.code}` : ''}`);

  it('a dry run reports each row as it would go, meeting the rows before it, and writes nothing', async () => {
    const before = await written();
    const res = await upload('dryRun=true', TAIZHANG);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.dryRun).to.equal(true);
    expect(outcomes(res.body.rows)).to.deep.equal(['2:would_book', '3:would_book', '4:refused:VALIDATION_FAILED', '5:would_book', '6:would_book', '7:refused:PAYMENT_EXCEEDS_CALLED']);
    expect(res.body.rows[2].reason).to.match(/^amount: /);
    expect(res.body.summary).to.deep.include({ dryRun: true, rows: 6, booked: 0, wouldBook: 4, replayed: 0 });
    expect(res.body.summary.refused.map((r: Row) => r.line)).to.deep.equal([4, 7]);
    expect(await written()).to.deep.equal(before);
    expect((await api.as('viewer').get('/funds/PHX')).body.committed).to.equal('0.00');
  });

  it('books the file, then a dry run and a second run find every good row already booked', async () => {
    const booked = await upload('dryRun=false&name=taizhang.csv', TAIZHANG);
    expect(booked.status).to.equal(200);
    expect(outcomes(booked.body.rows)).to.deep.equal(['2:booked', '3:booked', '4:refused:VALIDATION_FAILED', '5:booked', '6:booked', '7:refused:PAYMENT_EXCEEDS_CALLED']);
    expect(booked.body.summary).to.deep.include({ dryRun: false, rows: 6, booked: 4, replayed: 0 });
    expect(await api.as('viewer').get('/funds/PHX').then((r) => r.body)).to.include({ committed: '2000.00', called: '500.00', paidIn: '300.00' });
    const audit = await api.db.writer('audit_log').where({ actor: 'import:test-fund_manager:taizhang.csv' });
    expect(audit).to.have.length(4);

    const after = await written();
    const dry = await upload('dryRun=true', TAIZHANG);
    expect(outcomes(dry.body.rows).filter((o) => !o.includes('refused'))).to.deep.equal(['2:already_booked', '3:already_booked', '5:already_booked', '6:already_booked']);
    const again = await upload('dryRun=false', TAIZHANG);
    expect(again.body.summary).to.deep.include({ booked: 0, replayed: 4 });
    expect(await written()).to.deep.equal(after);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });

  it('streams NDJSON when asked: the row count once the file is read, each row, then the summary', async () => {
    const res = await upload('dryRun=true', TAIZHANG).set('Accept', 'application/x-ndjson').buffer(true).parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => done(null, text));
    });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/x-ndjson/);
    const lines = (res.body as string).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).to.deep.equal({ checked: { rows: 6, dryRun: true } });
    expect(lines.slice(1, 7).map((l) => l.outcome)).to.deep.equal(['would_book', 'would_book', 'refused', 'would_book', 'would_book', 'refused']);
    expect(lines[7]).to.have.key('summary');
    expect(lines).to.have.length(8);
  });

  it('refuses an unusable file, another role, another content type or a missing dryRun, writing nothing', async () => {
    const before = await written();
    const badHeader = await upload('dryRun=false', 'type,date,fund\ncommitment,2018-12-10,PHX\n');
    expect(expectProblem(badHeader, 400, 'VALIDATION_FAILED').detail).to.match(/investor|amount/);
    expectProblem(await upload('dryRun=false', ''), 400, 'VALIDATION_FAILED');
    expectProblem(await upload('dryRun=true', TAIZHANG, api.tokens.viewer), 403, 'FORBIDDEN');
    expectProblem(await upload('dryRun=true', TAIZHANG, api.tokens.risk_officer), 403, 'FORBIDDEN');
    expectProblem(await upload('', TAIZHANG), 400, 'VALIDATION_FAILED');
    expectProblem(await upload('dryRun=maybe', TAIZHANG), 400, 'VALIDATION_FAILED');
    const json = await api.as('fund_manager').post('/imports?dryRun=false', { csv: TAIZHANG });
    expectProblem(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const gbkLie = await request(api.app)
      .post('/api/v1/imports?dryRun=false')
      .set('Authorization', `Bearer ${api.tokens.fund_manager}`)
      .set('Content-Type', 'text/csv; charset=latin1')
      .send(TAIZHANG);
    expectProblem(gbkLie, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await written()).to.deep.equal(before);
  });

  it('reads a GBK file when the body says charset=gbk', async () => {
    const bytes = Buffer.concat([
      Buffer.from('type,date,fund,amount,kind,memo\nexpense,2019-01-31,PHX,10.00,management_fee,'),
      Buffer.from('d2bbd4c2b9dcc0edb7d1', 'hex'), // 一月管理费 in GBK
      Buffer.from('\n'),
    ]);
    const send = (type: string) =>
      request(api.app).post('/api/v1/imports?dryRun=true').set('Authorization', `Bearer ${api.tokens.fund_manager}`).set('Content-Type', type).send(bytes);
    expect(expectProblem(await send('text/csv'), 400, 'VALIDATION_FAILED').detail).to.match(/line 2 is not valid UTF-8/);
    const res = await send('text/csv; charset=gbk');
    expect(res.status).to.equal(200);
    // The fund has no cash: the row was read (memo decoded) and refused by the rule, not by the reader.
    expect(outcomes(res.body.rows)).to.deep.equal(['2:refused:INSUFFICIENT_CASH']);
  });
});

