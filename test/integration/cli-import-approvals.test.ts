import { expect } from 'chai';
import { main } from '../../src/cli';
import { TEST_DIALECT } from '../helpers/database';
import { useCliSandbox } from '../helpers/cli-sandbox';

const HEADER = 'type,date,ref,fund,investor,amount,dueDate,callRef,kind,memo';
const FILE = [
  HEADER,
  'commitment,2018-12-10,,PHX,LP-A,10000000.00,,,,',
  'capital_call,2018-12-20,c1,PHX,,5000000.00,2019-01-10,,,',
  'payment,2019-01-05,,,LP-A,5000000.00,,c1,,',
  'distribution,2019-03-01,,PHX,,1000000.00,,,,',
];

/**
 * `phoenix import events` meets the approval gate: under PHOENIX_APPROVALS=on a row the policy
 * lists is refused with APPROVAL_REQUIRED (the CLI cannot hold a proposal), unless the operator
 * names the direct path with its flag and a reason, which the audit log then records.
 */
describe(`phoenix import events under the approval policy (CLI on SQLite, suite on ${TEST_DIALECT})`, () => {
  const { output, errors, phoenix, write, withDb } = useCliSandbox({ PHOENIX_APPROVALS: 'on' });
  const distributions = () => withDb((db) => db.writer('journal_entries').where({ type: 'distribution' }).select('id'));

  it('refuses the row the policy lists with APPROVAL_REQUIRED, books the others, and exits 1', async () => {
    await phoenix('import', 'events', write('bypass.csv', FILE));
    expect(process.exitCode).to.equal(1);
    expect(output).to.include.members(['line 2: booked (commitment)', 'line 3: booked (capital_call)', 'line 4: booked (payment)']);
    const refused = output.find((l) => l.startsWith('line 5:'));
    expect(refused).to.match(/^line 5: refused: APPROVAL_REQUIRED: .*POST \/imports/);
    expect(output).to.include('4 rows: 3 booked, 0 already booked, 1 refused');
    expect(await distributions()).to.deep.equal([]);
  });

  it('books it only with --direct-booking-without-approval and a reason, audited as a direct booking', async () => {
    await main(['node', 'phoenix', 'import', 'events', write('blank.csv', FILE), '--direct-booking-without-approval', ' ']);
    expect(process.exitCode).to.equal(2);
    expect(errors.join('\n')).to.match(/3 to 500 characters/);
    expect(await distributions()).to.deep.equal([]);
    process.exitCode = undefined;
    errors.length = 0;
    await phoenix('import', 'events', write('minutes.csv', FILE), '--direct-booking-without-approval', '2019 history: approved by the committee on paper, minutes 2019-02');
    expect(process.exitCode).to.equal(undefined);
    expect(errors.join('\n')).to.match(/warning: direct booking without approval/);
    expect(output).to.include('line 5: booked (distribution)');
    expect(await distributions()).to.have.length(1);
    const audit = await withDb((db) => db.writer('audit_log').where({ action: 'distribution.create' }));
    expect(audit).to.have.length(1);
    expect(audit[0].actor).to.equal('import:direct:minutes.csv');
    const detail = typeof audit[0].detail === 'string' ? JSON.parse(audit[0].detail) : audit[0].detail;
    expect(detail).to.include({ direct: true, reason: '2019 history: approved by the committee on paper, minutes 2019-02' });
    expect(detail.bypassedApproval).to.deep.equal({ action: 'distribution', funds: ['PHX'] });
    // Rows no policy lists are booked as usual, without the direct mark.
    const commitment = await withDb((db) => db.writer('audit_log').where({ action: 'commitment.create' }).first());
    const plain = typeof commitment.detail === 'string' ? JSON.parse(commitment.detail) : commitment.detail;
    expect(plain).to.not.have.property('direct');
  });
});
