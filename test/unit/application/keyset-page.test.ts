import { expect } from 'chai';
import { keysetPage } from '../../../src/application/keyset-page';

const rows = Array.from({ length: 5 }, (_, i) => ({ id: (i + 1) * 10 }));
const source = async (afterId: number | undefined, limit: number) => rows.filter((r) => afterId === undefined || r.id > afterId).slice(0, limit);

describe('keyset pagination (one helper for every list)', () => {
  it('pages by ascending id: each cursor is the last id of its page, the last page has none', async () => {
    const first = await keysetPage(undefined, 2, source);
    expect(first).to.deep.equal({ items: [{ id: 10 }, { id: 20 }], nextCursor: '20' });
    const second = await keysetPage(first.nextCursor!, 2, source);
    expect(second).to.deep.equal({ items: [{ id: 30 }, { id: 40 }], nextCursor: '40' });
    const last = await keysetPage(second.nextCursor!, 2, source);
    expect(last).to.deep.equal({ items: [{ id: 50 }], nextCursor: null });
  });

  it('reads one row more than the page to know a next page exists, and none when the rows end exactly', async () => {
    const asked: number[] = [];
    const page = await keysetPage(undefined, 5, (afterId, limit) => {
      asked.push(limit);
      return source(afterId, limit);
    });
    expect(asked).to.deep.equal([6]);
    expect(page.nextCursor).to.equal(null);
    expect(page.items).to.have.length(5);
  });
});
