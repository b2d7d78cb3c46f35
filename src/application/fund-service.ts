import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import { formatYuanGrouped, parseYuan } from '../domain/money';
import {
  investorForFund,
  MEMBER_FUND_POLICY,
  SUBFUND_POLICY,
  type CapitalClass,
  type Fund,
  type FundPolicy,
  type FundStatus,
  type Investor,
  type InvestorCategory,
  type Programme,
} from '../domain/funds/fund';
import { fundFigures, investorFigures, type FundFigures } from '../domain/funds/fund-figures';
import { investorAccountPrefixes } from '../domain/funds/chart-of-accounts';
import { consolidate } from '../domain/funds/consolidation';
import { measureLeverage, type CapitalPosition, type Leverage } from '../domain/funds/leverage';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';
import { valueFunds, type ValuedFund } from './fund-valuation';
import { setFundPolicy } from './fund-policy-service';
import { policyOn } from '../domain/funds/fund-policy';

/** A fund with its figures (fen) as of a date. */
export interface FundWithFigures {
  fund: Fund;
  figures: FundFigures;
}

export interface ProgrammeInput {
  code: string;
  name: string;
  governmentCapitalTarget: string;
  socialCapitalTarget: string;
}

/** @throws DomainError CONFLICT when the code exists */
export function createProgramme(db: Database, ctx: CommandContext, input: ProgrammeInput): Promise<CommandOutcome<Programme>> {
  return runCommand(db, ctx, {
    action: 'programme.create',
    async execute(repos) {
      const programme: Programme = {
        code: input.code,
        name: input.name,
        governmentCapitalTarget: parseYuan(input.governmentCapitalTarget, { field: 'governmentCapitalTarget' }),
        socialCapitalTarget: parseYuan(input.socialCapitalTarget, { field: 'socialCapitalTarget' }),
      };
      await repos.funds.insertProgramme(programme, ctx.now.toISOString());
      return { result: programme, target: `programmes/${programme.code}` };
    },
  });
}

export interface FundInput {
  code: string;
  name: string;
  kind: 'fund' | 'subfund';
  programme?: string;
  parent?: string;
  type?: string;
  targetSize?: string;
  inceptionDate?: IsoDate;
  policy?: Partial<FundPolicy>;
}

/**
 * Sets up a member fund of a programme, or a sub-fund of a member fund. A fund with a target size
 * starts active; without one it is planned. The fund also becomes an investor under its own code.
 * @throws DomainError VALIDATION_FAILED, NOT_FOUND (programme or parent), CONFLICT (code taken)
 */
export function createFund(db: Database, ctx: CommandContext, input: FundInput): Promise<CommandOutcome<FundWithFigures>> {
  return runCommand(db, ctx, {
    action: 'fund.create',
    async execute(repos) {
      if (input.policy !== undefined && ctx.actor.role !== 'admin') {
        throw new DomainError('FORBIDDEN', "a fund's limits are set only by an admin; create the fund with the default limits, and an admin sets them with PUT /funds/{code}/policy", { fund: input.code });
      }
      const fund = await fundFromInput(repos, input);
      const at = ctx.now.toISOString();
      if (await repos.funds.investor(fund.code)) throw new DomainError('CONFLICT', `investor ${fund.code} already exists`, { code: fund.code });
      await repos.funds.insertFund(fund, at);
      await repos.funds.insertInvestor(investorForFund(fund), at);
      return { result: { fund, figures: fundFigures([]) }, target: `funds/${fund.code}` };
    },
  });
}

async function fundFromInput(repos: Repositories, input: FundInput): Promise<Fund> {
  const targetSize = input.targetSize === undefined ? null : parseYuan(input.targetSize, { field: 'targetSize' });
  if (targetSize === 0n) throw DomainError.validation([{ field: 'targetSize', message: 'must be greater than zero' }]);
  const status: FundStatus = targetSize === null ? 'planned' : 'active';
  if (input.kind === 'fund') {
    if (!input.programme) throw DomainError.validation([{ field: 'programme', message: 'is required for a member fund' }]);
    if (input.parent || input.type) throw DomainError.validation([{ field: input.parent ? 'parent' : 'type', message: 'applies to sub-funds only' }]);
    if (!(await repos.funds.programme(input.programme))) throw DomainError.notFound('programme', input.programme);
    return {
      code: input.code,
      name: input.name,
      kind: 'fund',
      type: null,
      parent: null,
      programme: input.programme,
      status,
      targetSize,
      inceptionDate: input.inceptionDate ?? null,
      policy: { ...MEMBER_FUND_POLICY, ...input.policy },
    };
  }
  if (!input.parent) throw DomainError.validation([{ field: 'parent', message: 'is required for a sub-fund' }]);
  if (!input.type) throw DomainError.validation([{ field: 'type', message: 'is required for a sub-fund (relief, ma, …)' }]);
  const parent = await repos.funds.fund(input.parent);
  if (!parent) throw DomainError.notFound('fund', input.parent);
  if (parent.kind !== 'fund') throw DomainError.validation([{ field: 'parent', message: `${parent.code} is a sub-fund; a sub-fund's parent is a member fund` }]);
  if (input.programme && input.programme !== parent.programme) {
    throw DomainError.validation([{ field: 'programme', message: `a sub-fund belongs to its parent's programme ${parent.programme}` }]);
  }
  return {
    code: input.code,
    name: input.name,
    kind: 'subfund',
    type: input.type,
    parent: parent.code,
    programme: parent.programme,
    status,
    targetSize,
    inceptionDate: input.inceptionDate ?? null,
    policy: { ...SUBFUND_POLICY, ...input.policy },
  };
}

export interface FundPatch {
  name?: string;
  status?: FundStatus;
  targetSize?: string;
  inceptionDate?: IsoDate;
  policy?: Partial<FundPolicy>;
}

/**
 * Changes a fund's name, size, inception date, status or limits. Activation is explicit
 * (`status: "active"`, which needs a size): a size alone leaves a planned fund planned. A size may
 * not drop below what is already committed; the inception may not fall after the fund's first
 * entry; closed is final. The limits are an admin's (issue 22): `policy` records a new version
 * effective `today` (PUT /funds/{code}/policy also takes a later date and a reason), and so is a
 * new size of an active fund, since the government-share and concentration caps are shares of it.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED, COMMITMENT_EXCEEDS_TARGET, DATE_BEFORE_INCEPTION,
 *   FORBIDDEN (limits or an active fund's size changed by someone other than an admin)
 */
export function updateFund(db: Database, ctx: CommandContext, code: string, patch: FundPatch, today: IsoDate = new Date().toISOString().slice(0, 10)): Promise<CommandOutcome<FundWithFigures>> {
  return runCommand(db, ctx, {
    action: 'fund.update',
    async execute(repos) {
      const fund = (await repos.funds.lockFunds([code])).get(code);
      if (!fund) throw DomainError.notFound('fund', code);
      const admin = ctx.actor.role === 'admin';
      if (patch.policy !== undefined && !admin) {
        throw new DomainError('FORBIDDEN', `a fund's limits change only by an admin (PUT /funds/${code}/policy), versioned and never retroactively`, { fund: code });
      }
      if (patch.targetSize !== undefined && fund.status !== 'planned' && !admin) {
        throw new DomainError('FORBIDDEN', `the size of ${fund.status} fund ${code} changes only by an admin: its limits are shares of it`, { fund: code });
      }
      const figures = (await valueFunds(repos, [code], undefined, today, { sharesOf: 'held funds' })).funds.get(code)!.figures;
      const targetSize = patch.targetSize === undefined ? fund.targetSize : parseYuan(patch.targetSize, { field: 'targetSize' });
      if (targetSize !== null && targetSize < figures.committed) {
        throw new DomainError(
          'COMMITMENT_EXCEEDS_TARGET',
          `fund ${code} already has commitments of ${formatYuanGrouped(figures.committed)}; the target size cannot be ${formatYuanGrouped(targetSize)}`,
          { fund: code },
        );
      }
      if (targetSize === 0n) throw DomainError.validation([{ field: 'targetSize', message: 'must be greater than zero' }]);
      const status = patch.status ?? fund.status;
      assertTransition(fund.status, status, targetSize);
      const inceptionDate = patch.inceptionDate ?? fund.inceptionDate;
      if (patch.inceptionDate !== undefined) {
        const first = await repos.journal.firstEntryDate(code);
        if (first !== null && first < patch.inceptionDate) {
          throw new DomainError(
            'DATE_BEFORE_INCEPTION',
            `fund ${code} has entries dated from ${first}; its inception cannot be ${patch.inceptionDate}`,
            { fund: code, firstEntryDate: first, inceptionDate: patch.inceptionDate },
          );
        }
      }
      await repos.funds.updateFund(code, { name: patch.name ?? fund.name, status, targetSize, inceptionDate });
      if (patch.policy !== undefined) await setFundPolicy(repos, ctx, code, { ...patch.policy, reason: `PATCH /funds/${code}` }, today);
      const [policy] = await withPoliciesOn(repos, [fund], today);
      const updated: Fund = { ...fund, name: patch.name ?? fund.name, status, targetSize, inceptionDate, policy: policy.policy };
      return { result: { fund: updated, figures }, target: `funds/${code}`, detail: { patch } };
    },
  });
}

function assertTransition(from: FundStatus, to: FundStatus, targetSize: bigint | null): void {
  if (from === to) return;
  const allowed = (from === 'planned' && (to === 'active' || to === 'closed')) || (from === 'active' && to === 'closed');
  if (!allowed) throw DomainError.validation([{ field: 'status', message: `a ${from} fund cannot become ${to}` }]);
  if (to === 'active' && targetSize === null) throw DomainError.validation([{ field: 'targetSize', message: 'is required to activate a fund' }]);
}

export interface InvestorInput {
  code: string;
  name: string;
  category: InvestorCategory;
  capitalClass: CapitalClass;
}

/** @throws DomainError CONFLICT when the code is taken (funds are investors under their own codes) */
export function createInvestor(db: Database, ctx: CommandContext, input: InvestorInput): Promise<CommandOutcome<Investor>> {
  return runCommand(db, ctx, {
    action: 'investor.create',
    async execute(repos) {
      const investor: Investor = { ...input, fund: null };
      await repos.funds.insertInvestor(investor, ctx.now.toISOString());
      return { result: investor, target: `investors/${investor.code}` };
    },
  });
}

/**
 * A fund with its figures as of a date, its interests in sub-funds valued look-through.
 * @throws DomainError NOT_FOUND
 */
export async function getFund(db: Database, code: string, asOf?: IsoDate, today: IsoDate = utcToday()): Promise<FundWithFigures> {
  return db.snapshot(async (repos) => {
    const fund = await repos.funds.fund(code);
    if (!fund) throw DomainError.notFound('fund', code);
    const [withPolicy] = await withPoliciesOn(repos, [fund], asOf ?? today);
    return { fund: withPolicy, figures: (await valueFunds(repos, [code], asOf, today, { sharesOf: 'held funds' })).funds.get(code)!.figures };
  });
}

function utcToday(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}

/** The funds with the limits in force on `date` (their versions; docs/domain.md, "Fund limits"). */
async function withPoliciesOn(repos: Repositories, funds: Fund[], date: IsoDate): Promise<Fund[]> {
  const versions = await repos.fundPolicies.versions(funds.map((f) => f.code));
  if (versions.length === 0) return funds;
  return funds.map((f) => ({ ...f, policy: policyOn(f.policy, versions.filter((v) => v.fund === f.code), date) }));
}

export interface FundsWithTotal {
  funds: Array<{ fund: Fund } & ValuedFund>;
  /** The funds listed taken together, internal capital eliminated (section 10, consolidation). */
  consolidated: FundFigures;
}

/** Every fund (of a programme) with its look-through figures, and their consolidated total. */
export async function listFundsConsolidated(db: Database, filter: { programme?: string; asOf?: IsoDate; today?: IsoDate } = {}): Promise<FundsWithTotal> {
  return db.snapshot(async (repos) => {
    const funds = await withPoliciesOn(repos, await repos.funds.funds({ programme: filter.programme }), filter.asOf ?? filter.today ?? utcToday());
    // The consolidation needs NAV shares only where one fund of the set holds another (external NAV).
    const valuation = await valueFunds(repos, funds.map((f) => f.code), filter.asOf, filter.today, { sharesOf: 'held funds' });
    const rows = funds.map((fund) => ({ fund, ...valuation.funds.get(fund.code)! }));
    const consolidated = consolidate(
      rows.map(({ fund, ...valued }) => ({ fund: fund.code, ...valued })),
      valuation.interests,
    );
    return { funds: rows, consolidated };
  });
}

/** Every fund (of a programme) with its look-through figures. */
export async function listFunds(db: Database, filter: { programme?: string; asOf?: IsoDate; today?: IsoDate } = {}): Promise<Array<{ fund: Fund; figures: FundFigures }>> {
  return (await listFundsConsolidated(db, filter)).funds;
}

/** @throws DomainError NOT_FOUND */
export async function programmeLeverage(db: Database, code: string, asOf?: IsoDate): Promise<{ programme: Programme; leverage: Leverage }> {
  return db.read(async (repos) => {
    const programme = await repos.funds.programme(code);
    if (!programme) throw DomainError.notFound('programme', code);
    const funds = await repos.funds.funds({ programme: code });
    const balances = await repos.journal.balancesUnder(funds.flatMap((f) => investorAccountPrefixes(f.code)), asOf);
    const investors = new Map((await repos.funds.investors()).map((i) => [i.code, i]));
    const positions: CapitalPosition[] = funds.flatMap((fund) =>
      investorFigures(balances.filter((b) => b.fund === fund.code)).map((figures) => {
        const investor = investors.get(figures.investor);
        return {
          fund: fund.code,
          fundKind: fund.kind,
          parent: fund.parent,
          investor: figures.investor,
          capitalClass: investor?.capitalClass ?? 'social',
          internal: Boolean(investor?.fund),
          committed: figures.committed,
          paidIn: figures.paidIn,
        };
      }),
    );
    return { programme, leverage: measureLeverage(programme, positions) };
  });
}
