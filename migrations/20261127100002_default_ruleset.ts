import type { Knex } from 'knex';

// Rule set version 1: DESIGN.md section 6's defaults. Written out here rather than imported, since
// migrations never use domain code; a test checks it equals DEFAULT_RULESET.
const VERSION_1 = {
  eligibleExchanges: ['SSE', 'SZSE', 'BSE'],
  eligibleDistricts: ['330110'],
  excludedIndustrySections: ['J', 'K'],
  minMainBusinessShare: '0.70',
  minProspectsRating: 3,
  minManagementRating: 3,
  violationLookBackMonths: 36,
  maxMajorViolations: 0,
  pledge: {
    defaultWarningLine: '1.60',
    defaultLiquidationLine: '1.40',
    elevatedPledgeRatio: '0.50',
    enhancedReviewRatio: '0.80',
    reliefQuotaBaseRatio: '0.50',
    reliefQuotaCap: '1000000000.00',
  },
};

export async function up(knex: Knex): Promise<void> {
  await knex('rulesets').insert({
    version: 1,
    rules: JSON.stringify(VERSION_1),
    note: 'Default rules from DESIGN.md section 6',
    created_at: '2026-11-27T10:00:00.000Z',
    created_by: 'migration',
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('rulesets').where({ version: 1 }).delete();
}
