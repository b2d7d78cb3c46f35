import { expect } from 'chai';
import request from 'supertest';
import { createToken } from '../../src/application/token-service';
import { generateToken, hashToken, displayPrefix } from '../../src/domain/access/token-secret';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';
import { createPerson, PASSWORD, signIn } from '../helpers/sessions';

/**
 * Issue 22 item 2: one admin could complete maker-checker alone (mint an approver token and
 * approve their own proposal) and pose as a real approver (mint a token in u_approver2's name).
 * No one issues a credential for another person, a service token never decides, and whoever
 * issued a credential the proposal was made with never counts as its checker.
 */
describe(`credentials and the independence of the committee (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ env: { PHOENIX_APPROVALS: 'on' } });
    await fundedScenario(api);
  });
  afterEach(() => api.dispose());

  const distribution = { amount: '1000000.00', date: '2019-02-01' };
  const count = async (table: string) => Number((await api.db.writer(table).count({ n: '*' }).first())?.n);
  const bearer = (token: string) => ({
    post: (path: string, body: object = {}) => request(api.app).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });
  /** A person who set their own password: created by the admin, then changed by themselves. */
  const selfHeld = async (username: string, role: 'approver' | 'fund_manager' | 'admin') => {
    await createPerson(api, username, role, 'initial-password-by-admin');
    const first = await signIn(api, username, 'initial-password-by-admin');
    expect((await first.post('/auth/password', { currentPassword: 'initial-password-by-admin', newPassword: PASSWORD })).status).to.equal(200);
    return signIn(api, username);
  };

  it('an admin cannot mint an approver service token, nor a token in an existing approver\'s name: nothing is written', async () => {
    await selfHeld('u_approver2', 'approver');
    const proposed = await api.as('admin').post('/funds/PHX/distributions', distribution);
    expect(proposed.status).to.equal(202);
    const tokens = await count('api_tokens');
    expect(expectProblem(await api.as('admin').post('/tokens', { role: 'approver', name: 'my-approver' }), 400, 'VALIDATION_FAILED').detail).to.match(/service token never approves/);
    expect(expectProblem(await api.as('admin').post('/tokens', { role: 'approver', name: 'pose', user: 'u_approver2' }), 403, 'FORBIDDEN').detail).to.match(/another person's name/);
    expect(await count('api_tokens')).to.equal(tokens);
    expect((await api.as('approver').get(`/proposals/${proposed.body.proposal.id}`)).body).to.include({ status: 'pending', approvals: 0 });
  });

  it('a service token that holds the approver role (issued before this rule) never decides', async () => {
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    // As an older version would have stored it: a service user and its token, side by side.
    const token = generateToken();
    const at = new Date().toISOString();
    const [user] = await api.db.writer('users').insert({ username: 'old-approver', username_folded: 'old-approver', display_name: 'old-approver', role: 'approver', kind: 'service', created_at: at, created_by: 'test-admin', updated_at: at }).returning('id');
    const userId = typeof user === 'object' ? (user as { id: number }).id : user;
    await api.db.writer('api_tokens').insert({ name: 'old-approver', role: 'approver', token_hash: hashToken(token), token_prefix: displayPrefix(token), created_at: at, created_by: 'test-admin', user_id: userId });
    const res = await bearer(token).post(`/proposals/${proposed.body.proposal.id}/approve`);
    expect(expectProblem(res, 403, 'FORBIDDEN').detail).to.match(/service token or the system never decides/);
  });

  it('a person issues their own token signed in, and it decides; the audit names the person and the credential', async () => {
    const chen = await selfHeld('chen.jing', 'approver');
    const issued = await chen.post('/auth/tokens', { name: 'chen laptop' });
    expect(issued.status, issued.text).to.equal(201);
    expect(issued.body).to.include({ role: 'approver', createdBy: 'chen.jing' });
    expect((await chen.get('/auth/tokens')).body.tokens.map((t: { name: string }) => t.name)).to.deep.equal(['chen laptop']);
    // A token does not issue tokens.
    expectProblem(await bearer(issued.body.token).post('/auth/tokens', { name: 'another' }), 403, 'FORBIDDEN');

    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    const approved = await bearer(issued.body.token).post(`/proposals/${proposed.body.proposal.id}/approve`);
    expect(approved.status, approved.text).to.equal(200);
    expect(approved.body.status).to.equal('executed');
    const audit = await api.db.writer('audit_log').where({ action: 'proposal.approve' }).first();
    const detail = typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail;
    expect(audit.actor).to.equal('chen.jing');
    expect(detail.decider).to.deep.equal({ person: 'chen.jing', via: 'token', tokenId: issued.body.id, tokenIssuedBy: 'chen.jing', passwordSetBy: 'chen.jing' });
    expect(detail.credential).to.deep.equal({ via: 'token', tokenId: issued.body.id, issuedBy: 'chen.jing' });
  });

  it('an account whose password an admin set decides only after its holder changes it', async () => {
    await createPerson(api, 'li.si', 'approver');
    const li = await signIn(api, 'li.si');
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    const refused = await li.post(`/proposals/${proposed.body.proposal.id}/approve`);
    expect(expectProblem(refused, 403, 'FORBIDDEN').detail).to.match(/password was last set by test-admin/);
    expect((await li.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'li-si-own-password-1' })).status).to.equal(200);
    const again = await signIn(api, 'li.si', 'li-si-own-password-1');
    expect((await again.post(`/proposals/${proposed.body.proposal.id}/approve`)).status).to.equal(200);
  });

  it('whoever issued a credential the proposal was made with is never its checker', async () => {
    // root, an admin, creates the fund manager's account (and so knows its first password).
    const root = await selfHeld('root', 'admin');
    expect((await root.post('/users', { username: 'wang.wu', displayName: '王五', role: 'fund_manager', password: PASSWORD })).status).to.equal(201);
    const wang = await signIn(api, 'wang.wu');
    const proposed = await wang.post('/funds/PHX/distributions', distribution);
    expect(proposed.status).to.equal(202);
    // root later joins the committee (a role change made in the database: no route changes roles).
    await api.db.writer('users').where({ username: 'root' }).update({ role: 'approver' });
    const rootAgain = await signIn(api, 'root');
    const res = await rootAgain.post(`/proposals/${proposed.body.proposal.id}/approve`);
    expect(expectProblem(res, 403, 'FORBIDDEN').detail).to.match(/issued a credential the proposal was made with/);
    // Another member still decides it.
    expect((await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`)).status).to.equal(200);
  });

  it('the service layer refuses a token in another person\'s name, and accepts one confirmed by their password', async () => {
    await selfHeld('zhao.liu', 'approver');
    let refused: unknown;
    try {
      await createToken(api.db, { role: 'approver', name: 'x', user: 'zhao.liu', createdBy: 'cli' });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.have.property('code', 'FORBIDDEN');
    const confirmed = await createToken(api.db, { role: 'approver', name: 'zhao cli', user: 'zhao.liu', createdBy: 'cli', confirmedByPassword: true });
    expect(confirmed.record.createdBy).to.equal('zhao.liu');
  });
});
