import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { INVESTEE_KINDS } from '../../domain/deals/investee';
import { POLICY_ACTION } from '../../domain/approvals/approval-policy';
import { createInvestee, getInvestee, listInvestees } from '../../application/investee-service';
import { investmentPolicyChange, investmentPolicyOf } from '../../application/fund-policy-service';
import { submitWrite } from '../../application/approvals/proposal-service';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { codeParamSchema, textSchema } from '../schemas/common';
import { investeeCodeSchema, investmentPolicyBody, stockCodeSchema } from '../schemas/fund-schemas';
import { approvalSettings, replyToWrite, splitDocuments, withDocuments } from '../approval-settings';

const object = { type: 'object' } as const;

/** POST /investees: an investee (被投企业) with its 统一社会信用代码. */
export const investeeBody = {
  type: 'object',
  properties: {
    code: investeeCodeSchema,
    name: textSchema(200),
    creditCode: { type: 'string', minLength: 18, maxLength: 18, description: '统一社会信用代码 (GB 32100-2015), 18 characters, check digit verified' },
    kind: { type: 'string', enum: [...INVESTEE_KINDS] },
    stockCode: { ...stockCodeSchema, description: 'a listed company: its own stock code' },
    listedCompany: { ...stockCodeSchema, description: 'a controlling shareholder: the company it controls; an unlisted target: the listed acquirer it is bought for' },
    registeredDistrict: { type: 'string', pattern: '^[0-9]{6}$', description: '6-digit administrative division code of its registration, e.g. 330110 (余杭区)' },
    industrySection: { type: 'string', pattern: '^[A-S]$', description: 'CSRC industry section letter' },
  },
  required: ['code', 'name', 'creditCode', 'kind'],
  additionalProperties: false,
} as const;

const investeeCodeParam = { type: 'object', properties: { code: investeeCodeSchema }, required: ['code'], additionalProperties: false } as const;

/** The deal book (docs/deal-book.md): investees and each fund's investment policy. */
export function dealBookRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => todayIn(deps.config.timeZone, deps.clock.now());
  return [
    {
      method: 'post',
      path: '/investees',
      operationId: 'createInvestee',
      summary: 'Record an investee (被投企业): a listed company, a controlling shareholder or an unlisted company, with its 统一社会信用代码',
      tag: 'deals',
      access: CAN.bookEvents,
      body: investeeBody,
      responses: { 201: { description: 'The investee', schema: object } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201), (command) => createInvestee(deps.db, command, ctx.body));
      },
    },
    {
      method: 'get',
      path: '/investees',
      operationId: 'listInvestees',
      summary: 'Investees in code order, by kind, listed company or district',
      tag: 'deals',
      access: CAN.read,
      query: {
        type: 'object',
        properties: { kind: { type: 'string', enum: [...INVESTEE_KINDS] }, listedCompany: stockCodeSchema, district: { type: 'string', pattern: '^[0-9]{6}$' } },
        additionalProperties: false,
      },
      responses: { 200: { description: 'The investees', schema: object } },
      async handle({ query }) {
        return { status: 200, body: { investees: await listInvestees(deps.db, query) } };
      },
    },
    {
      method: 'get',
      path: '/investees/{code}',
      operationId: 'getInvestee',
      summary: 'One investee and the investments made in it',
      tag: 'deals',
      access: CAN.read,
      params: investeeCodeParam,
      responses: { 200: { description: 'The investee', schema: object } },
      async handle({ params }) {
        return { status: 200, body: await getInvestee(deps.db, params.code) };
      },
    },
    {
      method: 'get',
      path: '/funds/{code}/investment-policy',
      operationId: 'getInvestmentPolicy',
      summary: 'A fund’s investment policy (投资政策): allowed instruments, single-investee limit, government capital cap, and the rules on government capital that apply',
      tag: 'deals',
      access: CAN.read,
      params: codeParamSchema,
      responses: { 200: { description: 'The policy in force today', schema: object } },
      async handle({ params }) {
        return { status: 200, body: await investmentPolicyOf(deps.db, params.code, today()) };
      },
    },
    {
      method: 'put',
      path: '/funds/{code}/investment-policy',
      operationId: 'setInvestmentPolicy',
      summary: 'Change a fund’s investment policy from a date on or after today (admin; a version of its limits, a proposal when the approval policy lists `policy`)',
      tag: 'deals',
      access: CAN.administer,
      params: codeParamSchema,
      body: withDocuments(investmentPolicyBody),
      responses: {
        201: { description: 'The new version, in force from effectiveFrom', schema: object },
        202: { description: 'The fund’s approval policy lists `policy`: a pending proposal, nothing changed', schema: object },
      },
      async handle(ctx) {
        const settings = approvalSettings(deps);
        const { body, documents } = splitDocuments(ctx.body);
        const change = investmentPolicyChange(body as Parameters<typeof investmentPolicyChange>[0]);
        return replyToWrite(ctx, deps, (c) => submitWrite(deps.db, c, { action: POLICY_ACTION, target: ctx.params.code, body: change as unknown as Record<string, unknown>, documents }, settings));
      },
    },
  ];
}
