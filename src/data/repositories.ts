import type { Knex } from 'knex';
import type { Dialect } from './connection';
import { AuditRepository } from './audit-repository';
import { IdempotencyRepository } from './idempotency-repository';
import { JournalReadRepository } from './journal-read-repository';
import { LedgerRepository } from './ledger-repository';
import { TokenRepository } from './token-repository';

/** Every repository, bound to one connection or transaction. Cheap to build per unit of work. */
export function repositories(db: Knex | Knex.Transaction, dialect: Dialect) {
  return {
    ledger: new LedgerRepository(db, dialect),
    journal: new JournalReadRepository(db),
    idempotency: new IdempotencyRepository(db),
    audit: new AuditRepository(db),
    tokens: new TokenRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
