import { CONTROLS } from '../../domain/access/control-roles';
import { PROPOSABLE_ACTIONS } from '../../application/approvals/proposable-write';
import { getApprovalPolicy, setApprovalPolicy } from '../../application/approvals/approval-policy-service';
import { decideProposal, getProposal, listProposals } from '../../application/approvals/proposal-service';
import type { Proposal } from '../../domain/approvals/proposal';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import { approvalSettings } from '../approval-settings';
import { presentPolicy, presentProposal } from '../presenters/proposal-presenters';
import type { RouteSpec } from '../route-table';
import { codeParamSchema, cursorSchema, idParamSchema, limitSchema, textSchema } from '../schemas/common';

const policyBody = {
  type: 'object',
  properties: {
    actions: { type: 'array', items: { type: 'string', enum: PROPOSABLE_ACTIONS }, uniqueItems: true, maxItems: PROPOSABLE_ACTIONS.length },
    requiredApprovals: { type: 'integer', minimum: 1, maximum: 20, description: 'approvals by people other than the proposer' },
  },
  required: ['actions', 'requiredApprovals'],
  additionalProperties: false,
} as const;

const decisionBody = {
  type: 'object',
  properties: { comment: textSchema(2000) },
  additionalProperties: false,
} as const;

const proposalsQuery = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['pending', 'executed', 'rejected', 'expired'] }, cursor: cursorSchema, limit: limitSchema },
  additionalProperties: false,
} as const;

const object = { type: 'object' } as const;

/** Approval policies per fund, and the proposals the investment committee decides (docs/approvals.md). */
export function approvalRoutes(deps: AppDeps): RouteSpec[] {
  const defaults = deps.config.approvals.defaults;
  const decide = (decision: 'approve' | 'reject'): RouteSpec => ({
    method: 'post',
    path: `/proposals/{id}/${decision}`,
    operationId: decision === 'approve' ? 'approveProposal' : 'rejectProposal',
    summary:
      decision === 'approve'
        ? 'Approve a proposal (not one’s own); the approval that reaches the required count books the write, every rule checked again'
        : 'Reject a proposal (not one’s own); it books nothing',
    tag: 'approvals',
    access: CONTROLS.decide,
    params: idParamSchema,
    body: decisionBody,
    bodyOptional: true,
    responses: { 200: { description: 'The proposal; once executed, `result` is the write’s 201 body with its entryId', schema: object } },
    handle: (ctx) =>
      replyTo(ctx, deps, answer(200, (p: Proposal) => presentProposal(p, deps.clock.now())), (command) =>
        decideProposal(deps.db, command, { id: Number(ctx.params.id), decision, comment: ctx.body.comment }, approvalSettings(deps)),
      ),
  });
  return [
    {
      method: 'get',
      path: '/funds/{code}/approval-policy',
      operationId: 'getApprovalPolicy',
      summary: 'The actions of a fund that need approval, and how many approvals',
      tag: 'approvals',
      access: CONTROLS.readControls,
      params: codeParamSchema,
      responses: { 200: { description: 'The policy (`source`: stored, or the PHOENIX_APPROVALS default)', schema: object } },
      handle: async ({ params }) => ({ status: 200, body: presentPolicy(await getApprovalPolicy(deps.db, params.code, defaults)) }),
    },
    {
      method: 'put',
      path: '/funds/{code}/approval-policy',
      operationId: 'setApprovalPolicy',
      summary: 'Set which actions of a fund need approval and how many approvals (admin)',
      tag: 'approvals',
      access: CONTROLS.setPolicy,
      params: codeParamSchema,
      body: policyBody,
      responses: { 200: { description: 'The stored policy', schema: object } },
      handle: (ctx) =>
        replyTo(ctx, deps, answer(200, presentPolicy), (command) =>
          setApprovalPolicy(deps.db, command, { fund: ctx.params.code, ...ctx.body }, PROPOSABLE_ACTIONS),
        ),
    },
    {
      method: 'get',
      path: '/proposals',
      operationId: 'listProposals',
      summary: 'Proposals, oldest first, by status (pending, executed, rejected, expired)',
      tag: 'approvals',
      access: CONTROLS.readControls,
      query: proposalsQuery,
      responses: { 200: { description: 'A page of proposals', schema: object } },
      handle: async ({ query }) => {
        const now = deps.clock.now();
        const page = await listProposals(deps.db, { status: query.status, cursor: query.cursor, limit: query.limit ? Number(query.limit) : 100 }, now);
        return { status: 200, body: { proposals: page.items.map((p) => presentProposal(p, now)), nextCursor: page.nextCursor } };
      },
    },
    {
      method: 'get',
      path: '/proposals/{id}',
      operationId: 'getProposal',
      summary: 'One proposal with its decisions',
      tag: 'approvals',
      access: CONTROLS.readControls,
      params: idParamSchema,
      responses: { 200: { description: 'The proposal', schema: object } },
      handle: async ({ params }) => ({ status: 200, body: presentProposal(await getProposal(deps.db, Number(params.id)), deps.clock.now()) }),
    },
    decide('approve'),
    decide('reject'),
  ];
}
