import { DomainError } from '../domain/errors';
import { checkInvestee, type InvesteeInput, type InvesteeKind } from '../domain/deals/investee';
import type { Database } from '../data/database';
import type { StoredInvestee } from '../data/investee-repository';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';

/**
 * Records an investee (被投企业). Its code, stock code and credit code are each unique: a second
 * record of the same company is a conflict naming the one that exists.
 * @throws DomainError VALIDATION_FAILED (a wrong credit code, a field its kind needs), CONFLICT
 */
export function createInvestee(db: Database, ctx: CommandContext, input: InvesteeInput): Promise<CommandOutcome<StoredInvestee>> {
  const investee = checkInvestee(input);
  return runCommand(db, ctx, {
    action: 'investee.create',
    async execute(repos) {
      const taken =
        (await repos.investees.get(investee.code)) ??
        (investee.stockCode === null ? null : await repos.investees.byStockCode(investee.stockCode)) ??
        (investee.creditCode === null ? null : await repos.investees.byCreditCode(investee.creditCode));
      if (taken) {
        throw new DomainError('CONFLICT', `investee ${taken.code} (${taken.name}) already has this ${taken.code === investee.code ? 'code' : taken.stockCode === investee.stockCode ? 'stock code' : 'credit code'}`, {
          investee: taken.code,
        });
      }
      // The listed company a shareholder controls need not be recorded: its screening names it by stock code.
      const stored = await repos.investees.insert(investee, { at: ctx.now.toISOString(), actor: ctx.actor.name });
      return { result: stored, target: `investees/${stored.code}` };
    },
  });
}

export function listInvestees(db: Database, filter: { kind?: InvesteeKind; listedCompany?: string; district?: string }): Promise<StoredInvestee[]> {
  return db.read((repos) => repos.investees.list(filter));
}

/** @throws DomainError NOT_FOUND */
export async function getInvestee(db: Database, code: string): Promise<StoredInvestee & { investments: Array<{ id: number; fund: string; instrument: string; date: string; reversed: boolean }> }> {
  return db.read(async (repos) => {
    const investee = await repos.investees.get(code);
    if (!investee) throw DomainError.notFound('investee', code);
    const investments = (await repos.events.investmentsOfInvestee(code)).map((i) => ({ id: i.id, fund: i.fund, instrument: i.instrument, date: i.date, reversed: i.reversed }));
    return { ...investee, investments };
  });
}
