import type { Knex } from 'knex';
import type { Dialect } from './connection';
import type { BatchState } from './batch-state';
import { ApprovalRepository } from './approval-repository';
import { AuditRepository } from './audit-repository';
import { DocumentRepository } from './document-repository';
import { EntryReferenceRepository } from './entry-reference-repository';
import { FundEventRepository } from './fund-event-repository';
import { FundEventWriter } from './fund-event-writer';
import { FundRepository } from './fund-repository';
import { FundPolicyRepository } from './fund-policy-repository';
import { FundTermsRepository } from './fund-terms-repository';
import { IdempotencyRepository } from './idempotency-repository';
import { InvesteeRepository } from './investee-repository';
import { JournalReadRepository } from './journal-read-repository';
import { LedgerRepository } from './ledger-repository';
import { MarketPriceRepository } from './market-price-repository';
import { ObligationRepository } from './obligation-repository';
import { PledgeAlertRepository } from './pledge-alert-repository';
import { PeriodRepository } from './period-repository';
import { PledgeEvaluationRepository } from './pledge-evaluation-repository';
import { RulesetRepository } from './ruleset-repository';
import { ScreeningRepository } from './screening-repository';
import { SeedLogRepository } from './seed-log-repository';
import { TokenRepository } from './token-repository';
import { UserRepository } from './user-repository';
import { SessionRepository } from './session-repository';
import { rehearseIn } from './rehearsal';

/** Every repository, bound to one connection or transaction (and, for a write, its group's state). */
export function repositories(db: Knex | Knex.Transaction, dialect: Dialect, state: BatchState | null = null): Repositories {
  return {
    ...boundRepositories(db, dialect, state),
    rehearse: (work) => rehearseIn(db, dialect, state, repositories, work),
  };
}

function boundRepositories(db: Knex | Knex.Transaction, dialect: Dialect, state: BatchState | null) {
  const pending = state?.pending ?? null;
  return {
    ledger: new LedgerRepository(db, dialect, state),
    journal: new JournalReadRepository(db, state),
    idempotency: new IdempotencyRepository(db, pending),
    audit: new AuditRepository(db, pending),
    tokens: new TokenRepository(db),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    rulesets: new RulesetRepository(db),
    screenings: new ScreeningRepository(db),
    marketPrices: new MarketPriceRepository(db),
    pledgeEvaluations: new PledgeEvaluationRepository(db),
    pledgeAlerts: new PledgeAlertRepository(db),
    funds: new FundRepository(db, dialect, state),
    events: new FundEventRepository(db, state),
    eventWrites: new FundEventWriter(db, state),
    entryReferences: new EntryReferenceRepository(db, pending),
    terms: new FundTermsRepository(db, state),
    fundPolicies: new FundPolicyRepository(db),
    seedLog: new SeedLogRepository(db),
    approvals: new ApprovalRepository(db, dialect, state),
    documents: new DocumentRepository(db),
    periods: new PeriodRepository(db, state),
    obligations: new ObligationRepository(db, state),
    investees: new InvesteeRepository(db),
  };
}

export type Repositories = ReturnType<typeof boundRepositories> & {
  /**
   * Runs `work` against this transaction in a savepoint rolled back at its end: what a write
   * would answer now, without writing it (a proposal's rules are checked when it is made).
   */
  rehearse<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
};
