import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app';
import type { Config } from './config';
import { Database } from './data/database';
import { systemClock } from './domain/ledger/ledger-service';
import { tokenAuthenticator } from './application/token-service';
import { DigestLog } from './application/digest-service';
import { loadDigestKey } from './data/digest-files';
import { runSeeds } from '../seeds';
import { createLogger } from './logger';
import { packageVersion } from './version';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/** Migrates, seeds an empty database with the configured set, and listens (port 0 picks a free port). */
export async function startServer(config: Readonly<Config>, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const db = Database.open(config.database, { groupCommitMaxBatch: config.groupCommitMaxBatch, writeQueueMax: config.writeQueueMax });
  const applied = await db.migrate();
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const seeded = await runSeeds(db, config.seed);
  if (seeded.length) logger.info({ seeded }, 'seed data loaded');
  const digestKey = loadDigestKey(config.digest, { create: true })!;
  if (digestKey.created) {
    logger.warn(
      { keyFile: digestKey.source },
      'generated a digest signing key beside the data: move it elsewhere and set PHOENIX_DIGEST_KEY_FILE, or digests prove nothing against whoever holds the database',
    );
  }
  const digestLog = config.digest.file ? new DigestLog(db, digestKey.key, config.digest.file, systemClock, logger) : null;
  digestLog?.start(config.digest.intervalSeconds);
  const app = createApp({
    db,
    config,
    logger,
    clock: systemClock,
    authenticator: tokenAuthenticator(db),
    version: packageVersion(),
    digestKey: digestKey.key,
  });
  // A client gets headersTimeoutMs to send its headers and requestTimeoutMs for the whole request,
  // then a 408 and the socket is closed; Node checks every connection once a second for this.
  const server = http.createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      keepAliveTimeout: config.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, database: config.database.client }, 'phoenix fund ledger listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    db,
    close() {
      closing ??= (async () => {
        // Stop accepting; idle keep-alive connections close now, busy ones after their answer.
        // Past the grace period the rest are cut so shutdown always ends.
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceSeconds * 1000);
          force.unref();
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        await digestLog?.stop();
        await db.close();
        logger.info('phoenix fund ledger stopped');
      })();
      return closing;
    },
  };
}
