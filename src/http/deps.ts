import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../data/database';
import type { Clock } from '../domain/ledger/ledger-service';
import type { PdfRenderer } from '../documents/pdf-renderer';
import type { Authenticator } from './auth';

/** Everything the HTTP layer is built from; tests pass their own database, clock and logger. */
export interface AppDeps {
  db: Database;
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  authenticator: Authenticator;
  version: string;
  /** The one headless browser that prints investor documents; whoever builds the deps closes it. */
  pdf: PdfRenderer;
  /** Signs chain-head digests; without it, the key from PHOENIX_DIGEST_KEY, else digests are unavailable. */
  digestKey?: Buffer;
}
