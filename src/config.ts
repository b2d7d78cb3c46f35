import path from 'node:path';

export type SeedSet = 'reference' | 'demo' | 'none';

export type DatabaseConfig =
  | { client: 'sqlite'; filename: string; synchronous: 'FULL' | 'NORMAL' }
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
  /** Days a screening stays valid for the investment gate. */
  screeningValidityDays: number;
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
      };
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    database: Object.freeze(database),
    seed: oneOf(env, 'PHOENIX_SEED', ['reference', 'demo', 'none'] as const, 'reference'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    timeZone: env.PHOENIX_TZ?.trim() || 'Asia/Shanghai',
    groupCommitMaxBatch: integer(env, 'PHOENIX_GROUP_COMMIT_MAX', 256, 1, 10_000),
    screeningValidityDays: integer(env, 'PHOENIX_SCREENING_VALIDITY_DAYS', 180, 1, 3650),
  });
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

function requirePostgresUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  return url;
}
