import { expect } from 'chai';
import fc from 'fast-check';
import { LedgerVerifier } from '../../../../src/domain/ledger/verifier';
import { entryHash, GENESIS_HASH } from '../../../../src/domain/ledger/hash-chain';
import type { AccountBalance, Entry, Line } from '../../../../src/domain/ledger/entry';

/** Builds a correctly chained journal from line sets, and the balances it implies. */
function journal(lineSets: Line[][]): { entries: Entry[]; balances: AccountBalance[] } {
  const entries: Entry[] = [];
  let prevHash = GENESIS_HASH;
  lineSets.forEach((lines, i) => {
    const unhashed = {
      id: i + 1,
      date: '2019-01-01',
      type: 't',
      memo: `entry ${i + 1}`,
      actor: 'test',
      idempotencyKey: null,
      reverses: null,
      metadata: {},
      recordedAt: '2019-01-01T00:00:00.000Z',
      prevHash,
      lines,
    };
    const entry = { ...unhashed, hash: entryHash(unhashed) };
    entries.push(entry);
    prevHash = entry.hash;
  });
  const sums = new Map<string, AccountBalance>();
  for (const entry of entries) {
    for (const l of entry.lines) {
      const b = sums.get(l.account) ?? { account: l.account, fund: l.fund, debit: 0n, credit: 0n };
      b.debit += l.debit;
      b.credit += l.credit;
      sums.set(l.account, b);
    }
  }
  return { entries, balances: [...sums.values()] };
}

function verify(entries: Entry[], balances: AccountBalance[]) {
  const verifier = new LedgerVerifier();
  entries.forEach((e) => verifier.add(e));
  const last = entries[entries.length - 1];
  return verifier.finish(balances, { lastEntryId: last?.id ?? 0, lastHash: last?.hash ?? GENESIS_HASH });
}

const pay = (amount: bigint): Line[] => [
  { account: 'assets:PHX:cash', fund: 'PHX', debit: amount, credit: 0n },
  { account: 'equity:PHX:contributed:YH-IF', fund: 'PHX', debit: 0n, credit: amount },
];

describe('ledger verifier', () => {
  it('passes an intact journal', () => {
    const { entries, balances } = journal([pay(100n), pay(250n)]);
    const report = verify(entries, balances);
    expect(report.ok).to.equal(true);
    expect(report.entries).to.equal(2);
    expect(report.lines).to.equal(4);
  });

  it('names the entry whose line was altered', () => {
    const { entries, balances } = journal([pay(100n), pay(250n)]);
    entries[1] = { ...entries[1], lines: [{ ...entries[1].lines[0], debit: 260n }, entries[1].lines[1]] };
    const report = verify(entries, balances);
    expect(report.ok).to.equal(false);
    expect(report.problems.filter((p) => p.entryId === 2).map((p) => p.problem).join(' ')).to.match(/hash mismatch/).and.match(/does not balance/);
    expect(report.problems.some((p) => p.account === 'assets:PHX:cash')).to.equal(true);
  });

  it('names a stored balance that drifted from its lines', () => {
    const { entries, balances } = journal([pay(100n)]);
    balances[0] = { ...balances[0], debit: balances[0].debit + 1n };
    const report = verify(entries, balances);
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]).to.include({ entryId: null, account: balances[0].account });
  });

  it('detects a deleted entry in the middle and a broken chain', () => {
    const { entries, balances } = journal([pay(1n), pay(2n), pay(3n)]);
    const report = verify([entries[0], entries[2]], balances);
    const aboutThree = report.problems.filter((p) => p.entryId === 3).map((p) => p.problem);
    expect(aboutThree.join(' ')).to.match(/missing/).and.match(/chain broken/);
  });

  it('detects a deleted last entry through the chain head', () => {
    const { entries, balances } = journal([pay(1n), pay(2n)]);
    const verifier = new LedgerVerifier();
    verifier.add(entries[0]);
    const report = verifier.finish(balances, { lastEntryId: 2, lastHash: entries[1].hash });
    expect(report.problems.map((p) => p.problem).join(' ')).to.match(/chain head names entry 2/);
  });

  it('passes any journal of balanced entries (property)', () => {
    const amount = fc.bigInt({ min: 1n, max: 10n ** 12n });
    const lineSet = fc.tuple(amount, amount, fc.constantFrom('PHX', 'PHX-RELIEF', 'YH-IF')).map(([a, b, fund]) => [
      { account: `assets:${fund}:cash`, fund, debit: a + b, credit: 0n },
      { account: `equity:${fund}:contributed:X`, fund, debit: 0n, credit: a },
      { account: `income:${fund}:interest`, fund, debit: 0n, credit: b },
    ]);
    fc.assert(
      fc.property(fc.array(lineSet, { maxLength: 30 }), (sets) => {
        const { entries, balances } = journal(sets);
        expect(verify(entries, balances).ok).to.equal(true);
      }),
    );
  });
});
