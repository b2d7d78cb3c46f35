/**
 * Screens 5,000 generated applicants (about the size of the A-share market) through
 * POST /api/v1/screenings/batch in one request, against a server on a temporary SQLite file.
 * Run: npx tsx bench/screening-batch.ts   (writes bench/results/screening-batch.json)
 * Times the default (brief) answer, then `?detail=full` (every reason and tranche, ~10 MB) for
 * comparison. Each time runs from sending the request to the client having parsed the answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';
import { createToken } from '../src/application/token-service';
import { createLogger } from '../src/logger';
import type { Applicant } from '../src/domain/screening/applicant';
import { recordResult } from './results';

const COUNT = 5_000;
const RUNS = 3;

/** Deterministic variety: districts, sections, ratings and pledge depths cycle so every decision and level occurs. */
function applicant(i: number): Applicant {
  const exchange = (['SSE', 'SZSE', 'BSE'] as const)[i % 3];
  const suffix = { SSE: 'SH', SZSE: 'SZ', BSE: 'BJ' }[exchange];
  const held = 400_000_000 + (i % 7) * 10_000_000;
  const pledged = Math.floor((held * (i % 10)) / 10);
  const principal = 200_000_000 + (i % 13) * 50_000_000;
  return {
    stockCode: `${String(100000 + i).padStart(6, '0')}.${suffix}`,
    name: `基准公司 ${i}`,
    exchange,
    listingStatus: i % 97 === 0 ? 'suspended' : 'listed',
    riskWarning: i % 89 === 0 ? '*ST' : i % 83 === 0 ? 'ST' : 'none',
    registeredDistrict: i % 5 === 0 ? '330106' : '330110',
    industrySection: 'CCCCIJKMNE'[i % 10],
    mainBusinessRevenue: `${600_000_000 + (i % 40) * 10_000_000}.00`,
    totalRevenue: '1000000000.00',
    netAssets: i % 53 === 0 ? '-1.00' : '3000000000.00',
    netProfit: i % 11 === 0 ? '-500000.00' : '80000000.00',
    operatingCashFlow: '120000000.00',
    prospectsRating: 1 + (i % 5),
    managementRating: 1 + ((i + 2) % 5),
    acquisitionProject: i % 4 === 0,
    companyDishonestDebtor: false,
    totalShares: 1_000_000_000,
    pledgedSharesTotal: pledged + 10_000_000,
    sharePrice: `${5 + (i % 20)}.${String(i % 100).padStart(2, '0')}`,
    controllingShareholder: { name: `控股股东 ${i}`, sharesHeld: held, sharesPledged: pledged, majorViolations36m: i % 61 === 0 ? 1 : 0, dishonestDebtor: false },
    actualController: { name: `实控人 ${i}`, majorViolations36m: 0, dishonestDebtor: i % 71 === 0 },
    pledges:
      pledged === 0
        ? []
        : [
            { lender: '甲证券', pledgedShares: Math.ceil(pledged / 2), principal: `${principal}.00`, repaid: '0.00', accruedInterest: '1234567.89' },
            { lender: '乙银行', pledgedShares: Math.floor(pledged / 2), principal: `${principal}.00`, warningLine: '1.50', liquidationLine: '1.30' },
          ],
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-bench-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: path.join(dir, 'bench.sqlite'), PHOENIX_SEED: 'none', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const server = await startServer(config, createLogger('silent'));
  try {
    const { token } = await createToken(server.db, { role: 'risk_officer', name: 'bench', createdBy: 'bench' });
    const body = JSON.stringify(Array.from({ length: COUNT }, (_, i) => applicant(i)));
    const measure = async (query: string) => {
      const timings: number[] = [];
      let counts: unknown = null;
      let responseBytes = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const started = process.hrtime.bigint();
        const res = await fetch(`${server.url}/api/v1/screenings/batch${query}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body,
        });
        const text = await res.text();
        const json = JSON.parse(text) as { results: unknown[]; counts: unknown };
        timings.push(Number((process.hrtime.bigint() - started) / 1_000_000n));
        if (res.status !== 200 || json.results.length !== COUNT) throw new Error(`batch failed: ${res.status}`);
        counts = json.counts;
        responseBytes = Buffer.byteLength(text);
      }
      return { runsMs: timings, firstRunMs: timings[0], bestMs: Math.min(...timings), responseBytes, counts };
    };
    const brief = await measure('');
    const full = await measure('?detail=full');
    const result = {
      benchmark: 'POST /api/v1/screenings/batch',
      command: 'npx tsx bench/screening-batch.ts',
      applicants: COUNT,
      requestBytes: Buffer.byteLength(body),
      database: 'sqlite (temporary file, synchronous=FULL)',
      targetMs: 1000,
      brief,
      full: { ...full, counts: undefined },
      node: process.version,
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      measuredAt: new Date().toISOString(),
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', 'screening-batch.json'), `${JSON.stringify(result, null, 2)}\n`);
    recordResult('screening-batch', result);
    const line = (label: string, m: typeof brief) =>
      `${label}: first ${m.firstRunMs} ms, best ${m.bestMs} ms of ${RUNS} (${m.runsMs.join(', ')} ms), answer ${(m.responseBytes / 1e6).toFixed(1)} MB`;
    console.log(`screened ${COUNT} applicants per request (${(result.requestBytes / 1e6).toFixed(1)} MB of JSON)`);
    console.log(line('brief (default)', brief));
    console.log(line('detail=full', full));
    console.log(JSON.stringify(brief.counts));
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
