/**
 * The baseline of the posting benchmark: a naive Express + knex server that, per request, writes
 * the same two journal lines and one balance update in its own transaction, with no rules,
 * validation, idempotency, audit or group commit. Same driver and pragmas as the service.
 */
import express from 'express';
import knexFactory, { type Knex } from 'knex';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const knex: Knex = url
    ? knexFactory({ client: 'pg', connection: url, searchPath: process.env.PHOENIX_DB_SCHEMA ? [process.env.PHOENIX_DB_SCHEMA] : undefined, pool: { min: 0, max: 10 } })
    : knexFactory({
        client: 'sqlite3',
        connection: { filename: process.env.PHOENIX_DB ?? 'naive.sqlite' },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max: 1,
          afterCreate(c: { exec(sql: string, cb: (e: Error | null) => void): void }, done: (e: Error | null, c: unknown) => void) {
            c.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;', (e) => done(e, c));
          },
        },
      });
  await knex.schema.createTable('lines', (t) => {
    t.bigIncrements('id');
    t.string('account', 200);
    t.bigInteger('debit');
    t.bigInteger('credit');
  });
  await knex.schema.createTable('balances', (t) => {
    t.string('account', 200).primary();
    t.bigInteger('balance');
  });
  await knex('balances').insert([{ account: 'assets:PHX:cash', balance: 10 ** 12 }]);
  const app = express();
  app.use(express.json());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/expenses', async (req, res) => {
    const fen = Math.round(Number(req.body.amount) * 100);
    await knex.transaction(async (trx) => {
      await trx('lines').insert([
        { account: 'expenses:PHX:bench', debit: fen, credit: 0 },
        { account: 'assets:PHX:cash', debit: 0, credit: fen },
      ]);
      await trx('balances').where({ account: 'assets:PHX:cash' }).update({ balance: trx.raw('balance - ?', [fen]) });
    });
    res.status(201).json({ ok: true });
  });
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
  });
}

void main();
