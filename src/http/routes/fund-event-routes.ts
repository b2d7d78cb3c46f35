import { CAN } from '../../domain/access/roles';
import { DomainError } from '../../domain/errors';
import { assertNotFuture } from '../../domain/dates';
import { formatYuan } from '../../domain/money';
import { callStatus } from '../../domain/funds/capital-call';
import { call, commit, distribute, invest, pay, recordExit, recordExpense, recordValuation } from '../../application/fund-event-service';
import type { CapitalCallRow, InvestmentRow } from '../../data/fund-event-repository';
import { commandContext, replyFrom } from '../command-context';
import type { AppDeps } from '../deps';
import { eventOptions } from '../event-options';
import type { RouteSpec } from '../route-table';
import { codeParamSchema, idParamSchema } from '../schemas/common';
import { asOfQuery, capitalCallBody, commitmentBody, distributionBody, exitBody, expenseBody, investmentBody, paymentBody, valuationBody } from '../schemas/fund-schemas';

const created = { 201: { description: 'The event was booked; entryId names its journal entry', schema: { type: 'object' } } };
const listed = { 200: { description: 'The events, oldest first; reversed ones are marked', schema: { type: 'object' } } };

/** The call as it stood on `asOf`: `paid` counts payments dated on or before it (the repository's read). */
function presentCall(c: CapitalCallRow, asOf: string) {
  const paid = c.reversed ? 0n : c.allocations.reduce((s, a) => s + a.paid, 0n);
  return {
    id: c.id,
    fund: c.fund,
    amount: formatYuan(c.amount),
    date: c.date,
    dueDate: c.dueDate,
    status: c.reversed ? 'reversed' : callStatus(c.amount, paid, c.dueDate, asOf),
    paid: formatYuan(paid),
    allocations: c.allocations.map((a) => ({ investor: a.investor, amount: formatYuan(a.amount), paid: formatYuan(a.paid) })),
    equalisationOf: c.equalisationOf,
    interest: formatYuan(c.interest),
    entryId: c.entryId,
    reversed: c.reversed,
  };
}

/** `shares` is the count held now (acquired less shares of exits not reversed); `sharesAcquired` what was bought. */
function presentInvestment(i: InvestmentRow, sold: ReadonlyMap<number, number>) {
  return {
    id: i.id,
    fund: i.fund,
    company: { stockCode: i.stockCode, name: i.companyName },
    instrument: i.instrument,
    amount: formatYuan(i.amount),
    shares: i.shares === null ? null : i.shares - (sold.get(i.id) ?? 0),
    sharesAcquired: i.shares,
    acquisitionMode: i.acquisitionMode,
    screeningId: i.screeningId,
    override: i.overrideReason ? { reason: i.overrideReason } : null,
    date: i.date,
    entryId: i.entryId,
    reversed: i.reversed,
  };
}

/** The fund manager's events: each books one journal entry through its rules, in one transaction. */
export function fundEventRoutes(deps: AppDeps): RouteSpec[] {
  const write = (method: 'post', path: string, operationId: string, summary: string, body: object, params: object, run: RouteSpec['handle']): RouteSpec => ({
    method,
    path,
    operationId,
    summary,
    tag: 'events',
    access: CAN.bookEvents,
    params,
    body,
    responses: created,
    // A future value date is refused before any rule is weighed (book() refuses it again for imports).
    handle: (ctx) => {
      if (typeof ctx.body?.date === 'string') assertNotFuture(ctx.body.date, eventOptions(deps).today);
      return run(ctx);
    },
  });
  const read = (path: string, operationId: string, summary: string, params: object, run: RouteSpec['handle'], query?: object): RouteSpec => ({
    method: 'get',
    path,
    operationId,
    summary,
    tag: 'events',
    access: CAN.read,
    params,
    query,
    responses: listed,
    handle: run,
  });
  const today = () => eventOptions(deps).today;
  return [
    write('post', '/funds/{code}/commitments', 'createCommitment', 'Record a commitment (认缴)', commitmentBody, codeParamSchema, async (ctx) =>
      replyFrom(await commit(deps.db, commandContext(ctx, deps), ctx.params.code, ctx.body, eventOptions(deps))),
    ),
    write('post', '/funds/{code}/capital-calls', 'createCapitalCall', 'Call capital (催缴), allocated pro rata to unfunded commitment', capitalCallBody, codeParamSchema, async (ctx) =>
      replyFrom(await call(deps.db, commandContext(ctx, deps), ctx.params.code, ctx.body, eventOptions(deps))),
    ),
    write('post', '/capital-calls/{id}/payments', 'createPayment', 'Record a payment (实缴) against a call', paymentBody, idParamSchema, async (ctx) =>
      replyFrom(await pay(deps.db, commandContext(ctx, deps), Number(ctx.params.id), ctx.body, eventOptions(deps))),
    ),
    write('post', '/funds/{code}/investments', 'createInvestment', 'Invest in a screened listed company or its controlling shareholder', investmentBody, codeParamSchema, async (ctx) =>
      replyFrom(await invest(deps.db, commandContext(ctx, deps), ctx.params.code, ctx.body, eventOptions(deps))),
    ),
    write('post', '/investments/{id}/exits', 'createExit', 'Record an exit: sale, repayment or income', exitBody, idParamSchema, async (ctx) =>
      replyFrom(await recordExit(deps.db, commandContext(ctx, deps), Number(ctx.params.id), ctx.body, eventOptions(deps))),
    ),
    write('post', '/investments/{id}/valuations', 'createValuation', 'Mark an investment to fair value', valuationBody, idParamSchema, async (ctx) =>
      replyFrom(await recordValuation(deps.db, commandContext(ctx, deps), Number(ctx.params.id), ctx.body, eventOptions(deps))),
    ),
    write('post', '/funds/{code}/distributions', 'createDistribution', 'Distribute cash pro rata to paid-in capital', distributionBody, codeParamSchema, async (ctx) =>
      replyFrom(await distribute(deps.db, commandContext(ctx, deps), ctx.params.code, ctx.body, eventOptions(deps))),
    ),
    write('post', '/funds/{code}/expenses', 'createExpense', 'Pay an expense (management fee and other costs)', expenseBody, codeParamSchema, async (ctx) =>
      replyFrom(await recordExpense(deps.db, commandContext(ctx, deps), ctx.params.code, ctx.body, eventOptions(deps))),
    ),
    read('/funds/{code}/commitments', 'listCommitments', 'Commitments of a fund', codeParamSchema, async ({ params }) => {
      const rows = await deps.db.read((r) => r.events.commitments(params.code));
      return { status: 200, body: { commitments: rows.map((c) => ({ ...c, amount: formatYuan(c.amount) })) } };
    }),
    read(
      '/funds/{code}/capital-calls',
      'listCapitalCalls',
      'Capital calls of a fund with their status as of a date (default today)',
      codeParamSchema,
      async ({ params, query }) => {
        const asOf = query.asOf ?? today();
        const rows = await deps.db.read((r) => r.events.capitalCalls(params.code, asOf));
        return { status: 200, body: { capitalCalls: rows.map((c) => presentCall(c, asOf)) } };
      },
      asOfQuery,
    ),
    read(
      '/capital-calls/{id}',
      'getCapitalCall',
      'A capital call with its allocations, payments and status as of a date (default today)',
      idParamSchema,
      async ({ params, query }) => {
        const id = Number(params.id);
        const asOf = query.asOf ?? today();
        const [capitalCall, payments] = await deps.db.read((r) => Promise.all([r.events.capitalCall(id, asOf), r.events.payments({ capitalCall: id })]));
        if (!capitalCall) throw DomainError.notFound('capital call', id);
        return {
          status: 200,
          body: { ...presentCall(capitalCall, asOf), payments: payments.map((p) => ({ ...p, amount: formatYuan(p.amount) })) },
        };
      },
      asOfQuery,
    ),
    read('/funds/{code}/investments', 'listInvestments', 'Investments of a fund', codeParamSchema, async ({ params }) => {
      const [rows, sold] = await deps.db.read(async (r) => {
        const investments = await r.events.investments({ fund: params.code });
        return [investments, await r.events.sharesSold(investments.map((i) => i.id))] as const;
      });
      return { status: 200, body: { investments: rows.map((i) => presentInvestment(i, sold)) } };
    }),
    read('/investments/{id}', 'getInvestment', 'An investment with its exits and valuations', idParamSchema, async ({ params }) => {
      const id = Number(params.id);
      const [investment, exits, valuations, sold] = await deps.db.read((r) =>
        Promise.all([r.events.investment(id), r.events.exits(id), r.events.valuations(id), r.events.sharesSold([id])]),
      );
      if (!investment) throw DomainError.notFound('investment', id);
      return {
        status: 200,
        body: {
          ...presentInvestment(investment, sold),
          exits: exits.map((e) => ({ ...e, proceeds: formatYuan(e.proceeds), cost: formatYuan(e.cost), realizedGain: formatYuan(e.realizedGain) })),
          valuations: valuations.map((v) => ({ ...v, fairValue: formatYuan(v.fairValue), unrealizedChange: formatYuan(v.unrealizedChange) })),
        },
      };
    }),
    read('/funds/{code}/distributions', 'listDistributions', 'Distributions of a fund with their allocations', codeParamSchema, async ({ params }) => {
      const rows = await deps.db.read((r) => r.events.distributions(params.code));
      return {
        status: 200,
        body: {
          distributions: rows.map((d) => ({
            ...d,
            amount: formatYuan(d.amount),
            allocations: d.allocations.map((a) => ({ investor: a.investor, amount: formatYuan(a.amount) })),
          })),
        },
      };
    }),
    read('/funds/{code}/expenses', 'listExpenses', 'Expenses of a fund', codeParamSchema, async ({ params }) => {
      const rows = await deps.db.read((r) => r.events.expenses(params.code));
      return { status: 200, body: { expenses: rows.map((e) => ({ ...e, amount: formatYuan(e.amount) })) } };
    }),
  ];
}
