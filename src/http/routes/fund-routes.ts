import { CAN } from '../../domain/access/roles';
import { formatYuan } from '../../domain/money';
import { todayIn } from '../../domain/dates';
import {
  createFund,
  createInvestor,
  createProgramme,
  getFund,
  listFunds,
  programmeLeverage,
  updateFund,
} from '../../application/fund-service';
import { getInvestor, listInvestors, listProgrammes } from '../../application/fund-queries';
import { presentFund, presentInvestor, presentLeverage, presentProgramme } from '../presenters/fund-presenters';
import { fundPerformance } from '../../application/performance-service';
import type { Performance } from '../../domain/funds/performance';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { codeParamSchema, codeSchema, dateSchema } from '../schemas/common';
import { asOfQuery, fundBody, fundPatchBody, investorBody, programmeBody } from '../schemas/fund-schemas';

const object = { type: 'object' } as const;

function presentPerformance(p: Performance) {
  return {
    paidIn: formatYuan(p.paidIn),
    distributed: formatYuan(p.distributed),
    nav: formatYuan(p.nav),
    dpi: p.dpi,
    rvpi: p.rvpi,
    tvpi: p.tvpi,
    irr: p.irr,
  };
}

export function fundRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => todayIn(deps.config.timeZone, deps.clock.now());
  return [
    {
      method: 'post',
      path: '/programmes',
      operationId: 'createProgramme',
      summary: 'Create a programme (政府产业基金) with its government- and social-capital targets',
      tag: 'funds',
      access: CAN.bookEvents,
      body: programmeBody,
      responses: { 201: { description: 'The programme', schema: object } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201, presentProgramme), (command) => createProgramme(deps.db, command, ctx.body));
      },
    },
    {
      method: 'get',
      path: '/programmes',
      operationId: 'listProgrammes',
      summary: 'Every programme',
      tag: 'funds',
      access: CAN.read,
      responses: { 200: { description: 'The programmes', schema: object } },
      async handle() {
        const programmes = await listProgrammes(deps.db);
        return { status: 200, body: { programmes: programmes.map(presentProgramme) } };
      },
    },
    {
      method: 'get',
      path: '/programmes/{code}/leverage',
      operationId: 'getProgrammeLeverage',
      summary: 'Leverage (放大倍数): G and S committed and paid-in, S/G, (G+S)/G, progress to the social target, per sub-fund',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      query: asOfQuery,
      responses: { 200: { description: 'Leverage with its definitions', schema: object } },
      async handle({ params, query }) {
        const { programme, leverage } = await programmeLeverage(deps.db, params.code, query.asOf);
        return { status: 200, body: presentLeverage(programme, leverage, query.asOf ?? null) };
      },
    },
    {
      method: 'post',
      path: '/funds',
      operationId: 'createFund',
      summary: 'Create a member fund (kind fund, with programme) or a sub-fund (kind subfund, with parent and type)',
      tag: 'funds',
      access: CAN.bookEvents,
      body: fundBody,
      responses: { 201: { description: 'The fund', schema: object } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201, presentFund), (command) => createFund(deps.db, command, ctx.body));
      },
    },
    {
      method: 'get',
      path: '/funds',
      operationId: 'listFunds',
      summary: 'Every fund with its figures (committed, called, paid-in, unfunded, invested, cash, NAV …)',
      tag: 'funds',
      access: CAN.read,
      query: { type: 'object', properties: { programme: codeSchema, asOf: dateSchema }, additionalProperties: false },
      responses: { 200: { description: 'The funds', schema: object } },
      async handle({ query }) {
        const funds = await listFunds(deps.db, query);
        return { status: 200, body: { asOf: query.asOf ?? null, funds: funds.map(presentFund) } };
      },
    },
    {
      method: 'get',
      path: '/funds/{code}',
      operationId: 'getFund',
      summary: 'A fund and its figures, now or as of a date',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      query: asOfQuery,
      responses: { 200: { description: 'The fund', schema: object } },
      async handle({ params, query }) {
        const { fund, figures } = await getFund(deps.db, params.code, query.asOf);
        return { status: 200, body: presentFund({ fund, figures }) };
      },
    },
    {
      method: 'patch',
      path: '/funds/{code}',
      operationId: 'updateFund',
      summary: 'Set a fund’s target size (activates a planned fund), status, name or investment policy',
      tag: 'funds',
      access: CAN.bookEvents,
      params: codeParamSchema,
      body: fundPatchBody,
      responses: { 200: { description: 'The fund', schema: object } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(200, presentFund), (command) => updateFund(deps.db, command, ctx.params.code, ctx.body));
      },
    },
    {
      method: 'get',
      path: '/funds/{code}/performance',
      operationId: 'getFundPerformance',
      summary: 'NAV, DPI, RVPI, TVPI and IRR of the fund (gross, and net of carried interest) and of each investor (capital accounts)',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      query: asOfQuery,
      responses: { 200: { description: 'Performance', schema: object } },
      async handle({ params, query }) {
        const asOf = query.asOf ?? today();
        const result = await fundPerformance(deps.db, params.code, asOf);
        return {
          status: 200,
          body: {
            fund: result.fund.code,
            asOf,
            ...presentPerformance(result.performance),
            netOfCarry: {
              carriedInterestPaid: formatYuan(result.netOfCarry.carriedInterestPaid),
              carriedInterestAccrued: formatYuan(result.netOfCarry.carriedInterestAccrued),
              ...presentPerformance(result.netOfCarry.net),
            },
            investors: result.investors.map((i) => ({
              investor: i.investor,
              committed: formatYuan(i.committed),
              called: formatYuan(i.called),
              unfunded: formatYuan(i.unfunded),
              receivable: formatYuan(i.receivable),
              navShare: formatYuan(i.navShare),
              ...presentPerformance(i.performance),
            })),
          },
        };
      },
    },
    {
      method: 'post',
      path: '/investors',
      operationId: 'createInvestor',
      summary: 'Create an investor (出资人) with its category and capital class',
      tag: 'funds',
      access: CAN.bookEvents,
      body: investorBody,
      responses: { 201: { description: 'The investor', schema: object } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201, presentInvestor), (command) => createInvestor(deps.db, command, ctx.body));
      },
    },
    {
      method: 'get',
      path: '/investors',
      operationId: 'listInvestors',
      summary: 'Every investor, funds of this ledger included',
      tag: 'funds',
      access: CAN.read,
      responses: { 200: { description: 'The investors', schema: object } },
      async handle() {
        return { status: 200, body: { investors: (await listInvestors(deps.db)).map(presentInvestor) } };
      },
    },
    {
      method: 'get',
      path: '/investors/{code}',
      operationId: 'getInvestor',
      summary: 'One investor',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      responses: { 200: { description: 'The investor', schema: object } },
      async handle({ params }) {
        return { status: 200, body: presentInvestor(await getInvestor(deps.db, params.code)) };
      },
    },
  ];
}
