import type { Knex } from 'knex';
import * as scopedIdempotencyKeys from './20261207000001_scoped_idempotency_keys';
import * as passwordProvenance from './20261207000002_password_provenance';
import * as fundPolicyVersions from './20261207000003_fund_policy_versions';
import * as eventIdsBigint from './20261207000004_event_ids_bigint';
import * as lateInterestPayments from './20261207000005_late_interest_payments';
import * as dealBook from './20261207000006_deal_book';
import * as obligations from './20261207000007_obligations';
import * as ledgerTables from './20261127000001_ledger_tables';
import * as ledgerHeadRow from './20261127000002_ledger_head_row';
import * as appendOnlyJournal from './20261127000003_append_only_journal';
import * as accessTables from './20261127000004_access_tables';
import * as idempotencyKeys from './20261127000005_idempotency_keys';
import * as seedLog from './20261127000006_seed_log';
import * as screeningTables from './20261127100001_screening_tables';
import * as defaultRuleset from './20261127100002_default_ruleset';
import * as marketPrices from './20261127100003_market_prices';
import * as fundsAndInvestors from './20261127200001_funds_and_investors';
import * as fundEvents from './20261127200002_fund_events';
import * as equalisationAndExitShares from './20261128100001_equalisation_and_exit_shares';
import * as importRowIdentity from './20261128300001_import_row_identity';
import * as fundTerms from './20261128600001_fund_terms';
import * as managementFees from './20261128950001_management_fees';
import * as distributionTiers from './20261128950002_distribution_tiers';
import * as lateInterestCharges from './20261128950003_late_interest_charges';
import * as payableSettlements from './20261129100001_payable_settlements';
import * as pledgeAlerts from './20261129400001_pledge_alerts';
import * as usersAndSessions from './20261129200001_users_and_sessions';
import * as tokenUsers from './20261129200002_token_users';
import * as accountMonthTotals from './20261129500001_account_month_totals';
import * as accountMonthTotalsBackfill from './20261129500002_account_month_totals_backfill';
import * as approvals from './20261129300001_approvals';
import * as documents from './20261129300002_documents';
import * as fundPeriods from './20261129300003_fund_periods';
import * as accountDayTotals from './20261129500003_account_day_totals';
import * as accountDayTotalsBackfill from './20261129500004_account_day_totals_backfill';
import * as accountClosingTotals from './20261129500005_account_closing_totals';
import * as accountClosingTotalsBackfill from './20261129500006_account_closing_totals_backfill';

/**
 * Every migration, by its permanent name. A landed migration is never edited: changes are new files.
 * Listed explicitly so the same list runs from TypeScript sources and from the compiled build.
 */
export const migrations: Record<string, Knex.Migration> = {
  '20261127000001_ledger_tables': ledgerTables,
  '20261127000002_ledger_head_row': ledgerHeadRow,
  '20261127000003_append_only_journal': appendOnlyJournal,
  '20261127000004_access_tables': accessTables,
  '20261127000005_idempotency_keys': idempotencyKeys,
  '20261127000006_seed_log': seedLog,
  '20261127100001_screening_tables': screeningTables,
  '20261127100002_default_ruleset': defaultRuleset,
  '20261127100003_market_prices': marketPrices,
  '20261127200001_funds_and_investors': fundsAndInvestors,
  '20261127200002_fund_events': fundEvents,
  '20261128100001_equalisation_and_exit_shares': equalisationAndExitShares,
  '20261128300001_import_row_identity': importRowIdentity,
  '20261128600001_fund_terms': fundTerms,
  '20261128950001_management_fees': managementFees,
  '20261128950002_distribution_tiers': distributionTiers,
  '20261128950003_late_interest_charges': lateInterestCharges,
  '20261129100001_payable_settlements': payableSettlements,
  '20261129400001_pledge_alerts': pledgeAlerts,
  '20261129200001_users_and_sessions': usersAndSessions,
  '20261129200002_token_users': tokenUsers,
  '20261129500001_account_month_totals': accountMonthTotals,
  '20261129500002_account_month_totals_backfill': accountMonthTotalsBackfill,
  '20261129300001_approvals': approvals,
  '20261129300002_documents': documents,
  '20261129300003_fund_periods': fundPeriods,
  '20261129500003_account_day_totals': accountDayTotals,
  '20261129500004_account_day_totals_backfill': accountDayTotalsBackfill,
  '20261129500005_account_closing_totals': accountClosingTotals,
  '20261129500006_account_closing_totals_backfill': accountClosingTotalsBackfill,
  '20261207000001_scoped_idempotency_keys': scopedIdempotencyKeys,
  '20261207000002_password_provenance': passwordProvenance,
  '20261207000003_fund_policy_versions': fundPolicyVersions,
  '20261207000004_event_ids_bigint': eventIdsBigint,
  '20261207000005_late_interest_payments': lateInterestPayments,
  '20261207000006_deal_book': dealBook,
  '20261207000007_obligations': obligations,
};
