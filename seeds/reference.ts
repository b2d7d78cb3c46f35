import type { Database } from '../src/data/database';
import { createFund, createProgramme } from '../src/application/fund-service';
import { seedContext, type SeedStep } from './seed-step';

/**
 * The article's facts (余杭组建20亿上市公司稳健发展基金, December 2018), and nothing invented:
 * the programme with its 6bn / 24.8bn targets; the three 2bn member funds; Phoenix's relief and
 * M&A sub-funds, planned and without a size (the article gives none).
 */
export const referenceSeed: SeedStep = {
  name: 'reference:2018-12-article',
  async run(db: Database) {
    const ctx = seedContext('reference');
    await createProgramme(db, ctx, {
      code: 'YH-GIF',
      name: '余杭区政府产业基金 (Yuhang government industry funds)',
      governmentCapitalTarget: '6000000000.00',
      socialCapitalTarget: '24800000000.00',
    });
    const memberFunds = [
      { code: 'PHX', name: '余杭上市公司稳健发展基金（凤凰基金）', inceptionDate: '2018-12-01' },
      { code: 'YH-IF', name: '余杭产业基金' },
      { code: 'YH-TUF', name: '浙江余杭转型升级产业基金' },
    ];
    for (const fund of memberFunds) {
      await createFund(db, ctx, { ...fund, kind: 'fund', programme: 'YH-GIF', targetSize: '2000000000.00' });
    }
    await createFund(db, ctx, { code: 'PHX-RELIEF', name: '凤凰基金上市公司纾困子基金', kind: 'subfund', parent: 'PHX', type: 'relief' });
    await createFund(db, ctx, { code: 'PHX-MA', name: '凤凰基金并购子基金', kind: 'subfund', parent: 'PHX', type: 'ma' });
  },
};
