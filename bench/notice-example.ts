import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/data/database';
import { createInvestor } from '../src/application/fund-service';
import { setTerms } from '../src/application/fund-terms-service';
import { callCapital, recordPayment, type EventOptions } from '../src/application/fund-event-service';
import { resultOf } from '../src/application/command-runner';
import { capitalCallNotice } from '../src/application/investor-documents-service';
import { renderDocument } from '../src/documents/investor-documents';
import { PdfRenderer } from '../src/documents/pdf-renderer';
import { systemClock } from '../src/domain/ledger/ledger-service';
import { todayIn } from '../src/domain/dates';
import { formatYuan } from '../src/domain/money';
import { runSeeds } from '../seeds';
import { seedContext } from '../seeds/seed-step';

/**
 * Renders the picture of a capital-call notice in docs/ (docs/capital-call-notice.png) from a
 * realistic example: the demo seed, PHX-RELIEF under terms with a late-interest rate, and a second
 * call that DEMO-BANK pays partly and late. Needs chromium and poppler-utils (pdftoppm).
 *   npx tsx bench/notice-example.ts [--out docs/capital-call-notice.png]
 */
async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1] : path.join(__dirname, '..', 'docs', 'capital-call-notice.png');
  const db = Database.open({ client: 'sqlite', filename: ':memory:', synchronous: 'NORMAL' });
  const pdf = new PdfRenderer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-notice-'));
  try {
    await db.migrate();
    await runSeeds(db, 'demo');
    const ctx = seedContext('example');
    const options: EventOptions = { clock: systemClock, today: todayIn('Asia/Shanghai'), screeningValidityDays: 3650 };
    await createInvestor(db, ctx, { code: 'DEMO-MGR', name: '示例·凤凰基金管理人', category: 'manager', capitalClass: 'social' });
    await setTerms(db, ctx, 'PHX-RELIEF', {
      effectiveFrom: '2019-01-01',
      manager: 'DEMO-MGR',
      investmentPeriodEnd: '2023-12-31',
      managementFee: { investmentPeriodRate: '0.0200', postPeriodRate: '0.0100', exempt: ['PHX'] },
      hurdleRate: '0.0800',
      catchUp: '1.00',
      carry: '0.20',
      lateInterestRate: '0.0005',
      equalisationRate: '0.0600',
    });
    const called = resultOf(await callCapital(db, ctx, 'PHX-RELIEF', { amount: '100000000.00', date: '2020-03-02', dueDate: '2020-03-31' }, options));
    for (const a of called.allocations) {
      // DEMO-BANK pays 25m ten days late and leaves the rest outstanding.
      const late = a.investor === 'DEMO-BANK';
      await recordPayment(db, ctx, called.id, { investor: a.investor, amount: late ? '25000000.00' : formatYuan(a.amount), date: late ? '2020-04-10' : '2020-03-20' }, options);
    }
    const notice = await capitalCallNotice(db, called.id, 'DEMO-BANK', '2020-04-30', '2020-04-30');
    const rendered = await renderDocument(notice, 'pdf', pdf);
    const file = path.join(dir, rendered.fileName);
    fs.writeFileSync(file, rendered.body);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', file, out.replace(/\.png$/, '')]);
    console.log(`wrote ${out} from ${rendered.fileName}: late interest ${notice.lateInterest}, outstanding ${notice.outstanding}`);
  } finally {
    await pdf.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
