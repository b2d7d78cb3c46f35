import { createHash } from 'node:crypto';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { tamper, TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);

/** A zip of empty stored files with these names (local headers, central directory, end record); `declared`: the uncompressed size each claims. */
function zipOf(names: string[], declared = 0): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name, 'latin1');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe(`documents (${TEST_DIALECT})`, function () {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ env: { PHOENIX_DOCUMENT_MAX_BYTES: '4096', PHOENIX_APPROVALS: 'on' } });
  });
  afterEach(() => api.dispose());

  const upload = (bytes: Buffer, type: string, name?: string, role: 'fund_manager' | 'admin' | 'approver' = 'fund_manager') =>
    request(api.app)
      .post(`/api/v1/documents${name ? `?name=${encodeURIComponent(name)}` : ''}`)
      .set('Authorization', `Bearer ${api.tokens[role]}`)
      .set('Content-Type', type)
      .send(bytes);

  it('stores a PDF by its sha256, answers the same document for the same bytes, and serves it back as an attachment', async () => {
    const first = await upload(PDF, 'application/pdf', '投委会决议 2019-01.pdf');
    expect(first.status, first.text).to.equal(201);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(first.body).to.include({ sha256, size: PDF.length, name: '投委会决议 2019-01.pdf', contentType: 'application/pdf' });
    const again = await upload(PDF, 'application/octet-stream', 'copy.pdf');
    expect(again.status).to.equal(200);
    expect(again.body.id).to.equal(first.body.id);
    const download = await api.as('viewer').get(`/documents/${first.body.id}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).to.equal(200);
    expect(download.headers['content-type']).to.match(/^application\/pdf/);
    expect(download.headers['content-disposition']).to.equal(`attachment; filename="_____ 2019-01.pdf"; filename*=UTF-8''${encodeURIComponent('投委会决议 2019-01.pdf')}`);
    expect(download.headers['x-content-type-options']).to.equal('nosniff');
    expect(Buffer.compare(download.body as Buffer, PDF)).to.equal(0);
    const list = await api.as('approver').get('/documents');
    expect(list.body.documents.map((d: { id: number }) => d.id)).to.deep.equal([first.body.id]);
  });

  it('sniffs the type from the bytes: PNG, XLSX and DOCX are taken, anything else is 415 and stores nothing', async () => {
    expect((await upload(PNG, 'application/octet-stream')).body.contentType).to.equal('image/png');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('纪要').addRow(['key', 'value']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const big = await testApi({ env: { PHOENIX_DOCUMENT_MAX_BYTES: '1048576' } });
    try {
      const res = await request(big.app).post('/api/v1/documents').set('Authorization', `Bearer ${big.tokens.admin}`).set('Content-Type', 'application/octet-stream').send(xlsx);
      expect(res.body.contentType, res.text).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } finally {
      await big.dispose();
    }
    const docx = zipOf(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect((await upload(docx, 'application/octet-stream')).body.contentType).to.equal('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expectProblem(await upload(zipOf(['a.txt', 'b.exe']), 'application/octet-stream'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await upload(Buffer.from('<html><script>alert(1)</script>'), 'application/pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await upload(PDF, 'text/html'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await upload(Buffer.concat([PDF, Buffer.alloc(5000)]), 'application/pdf'), 413, 'PAYLOAD_TOO_LARGE');
    expect((await api.as('viewer').get('/documents')).body.documents).to.have.length(2);
  });

  it('a PDF polyglot named .html is kept and downloaded as .pdf, and invisible direction characters leave the name', async () => {
    const poly = Buffer.concat([PDF, Buffer.from('<html><script>alert(1)</script></html>')]);
    const stored = await upload(poly, 'application/pdf', 'poly.html');
    expect(stored.status, stored.text).to.equal(201);
    expect(stored.body).to.include({ name: 'poly.pdf', contentType: 'application/pdf' });
    const download = await api.as('viewer').get(`/documents/${stored.body.id}`);
    expect(download.headers['content-disposition']).to.equal(`attachment; filename="poly.pdf"; filename*=UTF-8''poly.pdf`);
    // "\u202efdp.exe" shows as "exe.pdf": the override goes, and the real extension is the type's.
    const bidi = await upload(PNG, 'image/png', '\u202efdp.exe');
    expect(bidi.body.name).to.equal('fdp.png');
    expect((await upload(Buffer.concat([PDF, Buffer.from('x')]), 'application/pdf', 'minutes')).body.name).to.equal('minutes.pdf');
    expect((await upload(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg', 'scan.JPEG')).body.name).to.equal('scan.JPEG');
  });

  it('an Office file must be a zip as a reader walks it: fake directory names and zip bombs are refused, nothing stored', async () => {
    const before = (await api.as('viewer').get('/documents')).body.documents.length;
    // The names of a DOCX written into the bytes after a PK header, with no real directory.
    const fake = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), zipOf(['[Content_Types].xml', 'word/document.xml']).subarray(96)]);
    expectProblem(await upload(fake, 'application/octet-stream', 'fake.docx'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A directory whose entries' local headers are not where it says.
    const shifted = zipOf(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    shifted.writeUInt32LE(7, shifted.length - 22 - (46 + 17) + 42);
    expectProblem(await upload(shifted, 'application/octet-stream', 'shifted.docx'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // Three entries declaring 1 GiB each once inflated: past the 256 MiB limit, refused unopened.
    const bomb = zipOf(['[Content_Types].xml', '_rels/.rels', 'word/document.xml'], 1024 * 1024 * 1024);
    expect(expectProblem(await upload(bomb, 'application/octet-stream', 'bomb.docx'), 413, 'PAYLOAD_TOO_LARGE').detail).to.match(/zip bomb/);
    // A zip that is a package but of neither kind.
    expectProblem(await upload(zipOf(['[Content_Types].xml', 'ppt/presentation.xml']), 'application/octet-stream'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect((await api.as('viewer').get('/documents')).body.documents).to.have.length(before);
  });

  it('a proposal carries document ids; the entry it books records their ids and sha256, inside the hash chain', async () => {
    await fundedScenario(api);
    const doc = (await upload(PDF, 'application/pdf', 'minutes.pdf')).body;
    expectProblem(await api.as('fund_manager').post('/funds/PHX/distributions', { amount: '100.00', date: '2019-02-01', documents: [999] }), 400, 'VALIDATION_FAILED');
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', { amount: '100.00', date: '2019-02-01', documents: [doc.id] });
    expect(proposed.status, proposed.text).to.equal(202);
    expect(proposed.body.proposal.documents).to.deep.equal([doc.id]);
    const approved = await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`);
    const entry = (await api.as('viewer').get(`/journal/${approved.body.result.entryId}`)).body;
    expect(entry.metadata.documents).to.deep.equal([{ id: doc.id, sha256: doc.sha256 }]);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    // Changing the recorded hash breaks the chain.
    // Changing the recorded hash behind the service (guards dropped first) breaks the chain there.
    if (TEST_DIALECT === 'pg') await tamper(api.db, 'ALTER TABLE journal_entries DISABLE TRIGGER USER');
    else await tamper(api.db, 'DROP TRIGGER journal_entries_no_update');
    await tamper(api.db, 'UPDATE journal_entries SET metadata = replace(metadata, ?, ?) WHERE id = ?', [doc.sha256, '0'.repeat(64), entry.id]);
    const verify = (await api.as('viewer').get('/ledger/verify')).body;
    expect(verify.ok).to.equal(false);
    expect(verify.problems.map((p: { entryId: number }) => p.entryId)).to.include(entry.id);
  });

  it('an unknown document is 404, and a malformed name cannot break the header', async () => {
    expectProblem(await api.as('viewer').get('/documents/12345'), 404, 'NOT_FOUND');
    const odd = await upload(PNG, 'image/png', 'a"b\r\nX-Evil: 1.png');
    const res = await api.as('viewer').get(`/documents/${odd.body.id}`);
    expect(res.headers['x-evil']).to.equal(undefined);
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="a_b__X-Evil_ 1.png"; filename\*=UTF-8''/);
  });
});
