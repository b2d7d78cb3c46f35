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
import { getInvestor, investorsPage, listProgrammes } from '../../application/fund-queries';
import { presentFund, presentInvestor, presentLeverage, presentProgramme } from '../presenters/fund-presenters';
import { fundPerformance } from '../../application/performance-service';
import { fundChangesInNetAssets } from '../../application/changes-in-net-assets-service';
import { presentChanges } from '../presenters/changes-presenter';
import type { Performance } from '../../domain/funds/performance';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { codeParamSchema, codeSchema, dateSchema, limitSchema } from '../schemas/common';
import { asOfQuery, fundBody, fundPatchBody, fundPolicyBody, investorBody, programmeBody } from '../schemas/fund-schemas';
import { DomainError } from '../../domain/errors';
import { POLICY_ACTION } from '../../domain/approvals/approval-policy';
import { approvalGate } from '../../application/approvals/approval-gate';
import { gateSettings, submitWrite } from '../../application/approvals/proposal-service';
import { fundPolicySchedule } from '../../application/fund-policy-service';
import { approvalSettings, replyToWrite, splitDocuments, withDocuments } from '../approval-settings';

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
        const funds = await listFunds(deps.db, { ...query, today: todayIn(deps.config.timeZone, deps.clock.now()) });
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
        const { fund, figures } = await getFund(deps.db, params.code, query.asOf, todayIn(deps.config.timeZone, deps.clock.now()));
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
        const today = todayIn(deps.config.timeZone, deps.clock.now());
        if (ctx.body?.policy !== undefined && ctx.actor.role === 'admin') {
          // (Anyone else is refused by updateFund.) A limit the approval policy holds is changed by proposal only (PUT /funds/{code}/policy).
          const write = { action: POLICY_ACTION, target: ctx.params.code, body: ctx.body.policy };
          const decision = await deps.db.read((repos) => approvalGate(repos, write, gateSettings(approvalSettings(deps))));
          if (decision.governing.length > 0) {
            throw new DomainError('APPROVAL_REQUIRED', `the approval policy of ${ctx.params.code} lists policy: propose the change with PUT /funds/${ctx.params.code}/policy`, {
              action: POLICY_ACTION,
              funds: decision.governing.map((p) => p.fund),
            });
          }
        }
        return replyTo(ctx, deps, answer(200, presentFund), (command) => updateFund(deps.db, command, ctx.params.code, ctx.body, today));
      },
    },
    {
      method: 'get',
      path: '/funds/{code}/policy',
      operationId: 'getFundPolicy',
      summary: 'A fund’s limits (投资限制): in force today, as set up, and every version with its effective date, reason and author',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      responses: { 200: { description: 'The limits and their versions', schema: object } },
      async handle({ params }) {
        return { status: 200, body: await fundPolicySchedule(deps.db, params.code, todayIn(deps.config.timeZone, deps.clock.now())) };
      },
    },
    {
      method: 'put',
      path: '/funds/{code}/policy',
      operationId: 'setFundPolicy',
      summary: 'Change a fund’s limits from a date on or after today (admin; a proposal when the approval policy lists `policy`)',
      tag: 'funds',
      access: CAN.administer,
      params: codeParamSchema,
      body: withDocuments(fundPolicyBody),
      responses: {
        201: { description: 'The new version, in force from effectiveFrom', schema: object },
        202: { description: 'The fund’s approval policy lists `policy`: a pending proposal, nothing changed', schema: object },
      },
      async handle(ctx) {
        const settings = approvalSettings(deps);
        const { body, documents } = splitDocuments(ctx.body);
        return replyToWrite(ctx, deps, (c) => submitWrite(deps.db, c, { action: POLICY_ACTION, target: ctx.params.code, body, documents }, settings));
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
              lateInterestOwed: formatYuan(i.lateInterestOwed),
              fees: formatYuan(i.fees),
              compensationPaid: formatYuan(i.compensationPaid),
              compensationReceived: formatYuan(i.compensationReceived),
              carriedInterestAccrued: formatYuan(i.carriedInterestAccrued),
              navShare: formatYuan(i.navShare),
              ...presentPerformance(i.performance),
            })),
          },
        };
      },
    },
    {
      method: 'get',
      path: '/funds/{code}/changes-in-net-assets',
      operationId: 'getFundChangesInNetAssets',
      summary: 'Statement of changes in net assets (净资产变动表) over a period, on booked NAV: opening NAV, contributions, distributions, income, fees, gains, closing NAV, tying to the fen',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      query: { type: 'object', properties: { from: dateSchema, to: dateSchema }, additionalProperties: false },
      responses: { 200: { description: 'The statement', schema: object } },
      async handle({ params, query }) {
        const [changes] = await fundChangesInNetAssets(deps.db, { fund: params.code, from: query.from, to: query.to ?? today() });
        return { status: 200, body: presentChanges(changes) };
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
      summary: 'Investors in code order, funds of this ledger included; one page (cursor: the nextCursor before, limit up to 1000)',
      tag: 'funds',
      access: CAN.read,
      query: { type: 'object', properties: { cursor: codeSchema, limit: limitSchema }, additionalProperties: false },
      responses: { 200: { description: 'The investors and the cursor of the next page', schema: object } },
      async handle({ query }) {
        const page = await investorsPage(deps.db, query.cursor, query.limit ? Number(query.limit) : 1000);
        return { status: 200, body: { investors: page.items.map(presentInvestor), nextCursor: page.nextCursor } };
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
