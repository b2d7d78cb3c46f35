import path from 'node:path';
import { DEFAULT_DISCOUNT_TABLE, DEFAULT_LOCKUP_MONTHS, parseDiscountTable, parseLockUpMonths } from './domain/watch/liquidity-discount';
import { MAIN_BOARD_RISK_WARNING_LIMIT, parseLimit } from './domain/watch/limit-down';
import { DEFAULT_STALE_TRADING_DAYS, type WatchSettings } from './domain/watch/watch-settings';
import { DEFAULT_OBLIGATION_ALERT_DAYS } from './domain/deals/obligation';

export type SeedSet = 'reference' | 'demo' | 'none';

export type DatabaseConfig =
  | { client: 'sqlite'; filename: string; synchronous: 'FULL' | 'NORMAL'; busyTimeoutMs?: number }
  | { client: 'pg'; url: string; schema: string | null; poolSize: number };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  seed: SeedSet;
  logLevel: string;
  /** Time zone of business dates ("today" for a reversal without a date). */
  timeZone: string;
  /** Most requests committed together in one SQLite transaction. */
  groupCommitMaxBatch: number;
  /** Most writes waiting for the writer; past it a write is refused with 503 rather than queued. */
  writeQueueMax: number;
  /** Days a screening stays valid for the investment gate. */
  screeningValidityDays: number;
  /** Days before its due date an unsettled post-investment obligation is `due_soon` and on the watch. */
  obligationAlertDays: number;
  /** Browser origins allowed by CORS; empty means CORS stays closed. */
  corsOrigins: readonly string[];
  /** Failed authentications one client address may make per minute before it gets 429. */
  authFailuresPerMinute: number;
  /** Requests one token may make per minute; 0 turns the limit off. */
  tokenRequestsPerMinute: number;
  /** Seconds the server waits for in-flight requests on shutdown before closing their connections. */
  shutdownGraceSeconds: number;
  /** Milliseconds a client has to send a request's headers (slow clients must not hold sockets). */
  headersTimeoutMs: number;
  /** Milliseconds a client has to send a whole request, body included; at least headersTimeoutMs. */
  requestTimeoutMs: number;
  /** Milliseconds an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Signed chain-head digests kept outside the database (docs/domain.md, Evidence). */
  digest: DigestConfig;
  /** Stale prices and the liquidity discount of the holdings on the pledge watch. */
  watch: Readonly<WatchSettings>;
  /** Browser sessions after a password sign-in (docs/security.md, Users and sessions). */
  sessions: SessionConfig;
  /** Failed sign-ins allowed before further password attempts get 429 (never a lockout of a live session or token). */
  signIn: SignInLimitConfig;
  /** Investment-committee approvals (docs/approvals.md). */
  approvals: ApprovalsConfig;
  /** Largest document (committee minutes, agreements) accepted by POST /documents, in bytes. */
  documentMaxBytes: number;
}

export interface SessionConfig {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteMs: number;
  /** 'auto': the cookie is Secure when the request came over https; 'always': behind a TLS proxy. */
  cookieSecure: 'auto' | 'always';
}

export interface SignInLimitConfig {
  /** Failed sign-ins per username in a window, from addresses it never signed in from. */
  failuresPerAccount: number;
  /** Failed sign-ins per client address in a window, for accounts never signed in from it. */
  failuresPerAddress: number;
  windowMs: number;
  /** Failures of one account from one address before that pair backs off (doubling waits). */
  failuresPerPair: number;
  /** The longest back-off of a pair. */
  maxBackoffMs: number;
  /** How long a successful sign-in makes its (account, address) pair known, exempt from the global limits. */
  knownForMs: number;
}

export interface ApprovalsConfig {
  /** The policy of a fund that has none stored: `on` needs one approval for the usual actions, `off` none. */
  defaults: 'on' | 'off';
  /** Hours a proposal stays open; after that it is expired and books nothing. */
  proposalTtlHours: number;
}

export interface DigestConfig {
  /** The HMAC key itself (PHOENIX_DIGEST_KEY), when given in the environment. */
  key: string | null;
  /** Where the key is read from when not in the environment; created (0600) on first start if missing. */
  keyFile: string;
  /** Append-only JSON-lines log of digests; null writes none. */
  file: string | null;
  /** 0: append after each committed write group; N: at most every N seconds. */
  intervalSeconds: number;
}

export class ConfigError extends Error {}

/** Reads the environment once; the result is frozen. Bad values stop the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const databaseUrl = env.DATABASE_URL?.trim();
  const database: DatabaseConfig = databaseUrl
    ? {
        client: 'pg',
        url: requirePostgresUrl(databaseUrl),
        schema: env.PHOENIX_DB_SCHEMA?.trim() || null,
        poolSize: integer(env, 'PHOENIX_PG_POOL', 10, 1, 200),
      }
    : {
        client: 'sqlite',
        filename: path.resolve(env.PHOENIX_DB?.trim() || path.join('data', 'phoenix.sqlite')),
        synchronous: oneOf(env, 'PHOENIX_SQLITE_SYNC', ['FULL', 'NORMAL'] as const, 'FULL'),
        busyTimeoutMs: integer(env, 'PHOENIX_SQLITE_BUSY_MS', 5000, 0, 600_000),
      };
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    database: Object.freeze(database),
    seed: oneOf(env, 'PHOENIX_SEED', ['reference', 'demo', 'none'] as const, 'reference'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    timeZone: env.PHOENIX_TZ?.trim() || 'Asia/Shanghai',
    groupCommitMaxBatch: integer(env, 'PHOENIX_GROUP_COMMIT_MAX', 256, 1, 10_000),
    writeQueueMax: integer(env, 'PHOENIX_WRITE_QUEUE_MAX', 10_000, 1, 1_000_000),
    screeningValidityDays: integer(env, 'PHOENIX_SCREENING_VALIDITY_DAYS', 180, 1, 3650),
    obligationAlertDays: integer(env, 'PHOENIX_OBLIGATION_ALERT_DAYS', DEFAULT_OBLIGATION_ALERT_DAYS, 0, 3650),
    corsOrigins: Object.freeze(origins(env, 'PHOENIX_CORS_ORIGINS')),
    authFailuresPerMinute: integer(env, 'PHOENIX_AUTH_FAILURE_LIMIT', 20, 1, 1_000_000),
    // Off would also do; 10,000 a second keeps a runaway client in check without slowing a benchmark.
    tokenRequestsPerMinute: integer(env, 'PHOENIX_TOKEN_RATE_LIMIT', 600_000, 0, 100_000_000),
    shutdownGraceSeconds: integer(env, 'PHOENIX_SHUTDOWN_GRACE_S', 30, 0, 3600),
    ...timeouts(env),
    digest: Object.freeze(digestConfig(env, database)),
    watch: Object.freeze(watchConfig(env)),
    sessions: Object.freeze({
      idleMs: integer(env, 'PHOENIX_SESSION_IDLE_MINUTES', 30, 1, 1440) * 60_000,
      absoluteMs: integer(env, 'PHOENIX_SESSION_MAX_HOURS', 12, 1, 720) * 3_600_000,
      cookieSecure: oneOf(env, 'PHOENIX_SESSION_COOKIE_SECURE', ['auto', 'always'] as const, 'auto'),
    }),
    signIn: Object.freeze({
      failuresPerAccount: integer(env, 'PHOENIX_SIGNIN_ACCOUNT_LIMIT', 5, 1, 10_000),
      failuresPerAddress: integer(env, 'PHOENIX_SIGNIN_ADDRESS_LIMIT', 20, 1, 1_000_000),
      windowMs: integer(env, 'PHOENIX_SIGNIN_WINDOW_MINUTES', 15, 1, 1440) * 60_000,
      failuresPerPair: integer(env, 'PHOENIX_SIGNIN_PAIR_LIMIT', 5, 1, 10_000),
      maxBackoffMs: integer(env, 'PHOENIX_SIGNIN_BACKOFF_MAX_SECONDS', 900, 1, 86_400) * 1000,
      knownForMs: integer(env, 'PHOENIX_SIGNIN_KNOWN_ADDRESS_DAYS', 30, 1, 3650) * 86_400_000,
    }),
    approvals: Object.freeze({
      defaults: oneOf(env, 'PHOENIX_APPROVALS', ['on', 'off'] as const, 'on'),
      proposalTtlHours: integer(env, 'PHOENIX_PROPOSAL_TTL_HOURS', 168, 1, 24 * 366),
    }),
    documentMaxBytes: integer(env, 'PHOENIX_DOCUMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  });
}

function watchConfig(env: NodeJS.ProcessEnv): WatchSettings {
  const parsed = <T>(name: string, fallback: string, parse: (text: string) => T): T => {
    try {
      return parse(env[name]?.trim() || fallback);
    } catch (error) {
      throw new ConfigError(`${name}: ${(error as Error).message}`);
    }
  };
  return {
    staleAfterTradingDays: integer(env, 'PHOENIX_STALE_PRICE_DAYS', DEFAULT_STALE_TRADING_DAYS, 0, 250),
    discounts: Object.freeze(parsed('PHOENIX_LOCKUP_DISCOUNTS', DEFAULT_DISCOUNT_TABLE, parseDiscountTable)),
    lockUpMonths: parsed('PHOENIX_LOCKUP_MONTHS', DEFAULT_LOCKUP_MONTHS, parseLockUpMonths),
    mainBoardRiskWarningLimit: parsed('PHOENIX_ST_LIMIT', MAIN_BOARD_RISK_WARNING_LIMIT, parseLimit),
  };
}

/** A key given in the environment must be long enough to resist guessing: 32 characters or more. */
function digestConfig(env: NodeJS.ProcessEnv, database: DatabaseConfig): DigestConfig {
  const key = env.PHOENIX_DIGEST_KEY?.trim() || null;
  if (key !== null && key.length < 32) throw new ConfigError('PHOENIX_DIGEST_KEY must be at least 32 characters');
  const dataDir = database.client === 'sqlite' && database.filename !== ':memory:' ? path.dirname(database.filename) : path.resolve('data');
  const file = env.PHOENIX_DIGEST_FILE?.trim();
  return {
    key,
    keyFile: path.resolve(env.PHOENIX_DIGEST_KEY_FILE?.trim() || path.join(dataDir, 'digest.key')),
    file: file ? path.resolve(file) : null,
    intervalSeconds: integer(env, 'PHOENIX_DIGEST_INTERVAL_S', 0, 0, 86_400),
  };
}

/**
 * Socket timeouts. The keep-alive default, 65 s, outlasts the 60 s idle
 * timeout of common proxies and load balancers: a server that closes an idle connection first
 * races the proxy's next request on it, which the proxy answers 502 (issue 22: "other side
 * closed" at the old 5 s boundary). The headers timeout is kept above the keep-alive timeout, so
 * a request arriving just before the idle limit is never cut off while its headers arrive; by
 * default it is one second more. Node's own request default (300 s) would let slow clients hold
 * sockets; ours is 120 s.
 */
function timeouts(env: NodeJS.ProcessEnv): Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'> {
  const keepAliveTimeoutMs = integer(env, 'PHOENIX_KEEP_ALIVE_TIMEOUT_MS', 65_000, 100, 600_000);
  const headersTimeoutMs = integer(env, 'PHOENIX_HEADERS_TIMEOUT_MS', keepAliveTimeoutMs + 1_000, 500, 601_000);
  const requestTimeoutMs = integer(env, 'PHOENIX_REQUEST_TIMEOUT_MS', Math.max(120_000, headersTimeoutMs), 500, 3_600_000);
  if (headersTimeoutMs <= keepAliveTimeoutMs) {
    throw new ConfigError(
      `PHOENIX_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must be above PHOENIX_KEEP_ALIVE_TIMEOUT_MS (${keepAliveTimeoutMs}): a request reusing an idle connection would be cut off`,
    );
  }
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(`PHOENIX_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must not be below PHOENIX_HEADERS_TIMEOUT_MS (${headersTimeoutMs})`);
  }
  return { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}

/** A comma-separated list of exact origins such as "https://ledger.example.cn"; "*" is refused on purpose. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of list) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(origin)) {
      throw new ConfigError(`${name} must list origins like https://host[:port], got ${JSON.stringify(origin)}`);
    }
  }
  return list;
}

function requirePostgresUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  return url;
}
