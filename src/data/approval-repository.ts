import type { Knex } from 'knex';
import type { ApprovalPolicy } from '../domain/approvals/approval-policy';
import type { Proposal, ProposalDecision, StoredProposalStatus } from '../domain/approvals/proposal';
import type { Dialect } from './connection';
import { idFromDb, jsonFromDb } from './db-values';
import type { PendingWrites } from './pending-writes';
import type { BatchState } from './batch-state';

type Row = Record<string, unknown>;

export type NewProposal = Omit<Proposal, 'id' | 'status' | 'decidedAt' | 'result' | 'entryId' | 'decisions'>;

/** Approval policies per fund, proposals and the decisions on them. */
export class ApprovalRepository {
  /** `state`: the group's rows (policies read, and the buffer whose entries go before a proposal names one). */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly dialect: Dialect,
    private readonly state: BatchState | null = null,
  ) {}

  private get pending(): PendingWrites | null {
    return this.state?.pending ?? null;
  }

  async storedPolicy(fund: string): Promise<ApprovalPolicy | null> {
    const known = this.state?.policies.get(fund);
    if (known !== undefined) return known;
    const row: Row | undefined = await this.db('approval_policies').where({ fund }).first();
    const policy: ApprovalPolicy | null = row
      ? {
          fund,
          actions: jsonFromDb<string[]>(row.actions, []),
          requiredApprovals: Number(row.required_approvals),
          source: 'stored',
          updatedAt: String(row.updated_at),
          updatedBy: String(row.updated_by),
        }
      : null;
    this.state?.policies.set(fund, policy);
    return policy;
  }

  async savePolicy(policy: ApprovalPolicy & { updatedAt: string; updatedBy: string }): Promise<void> {
    this.state?.policies.delete(policy.fund);
    await this.db('approval_policies')
      .insert({
        fund: policy.fund,
        actions: JSON.stringify(policy.actions),
        required_approvals: policy.requiredApprovals,
        updated_at: policy.updatedAt,
        updated_by: policy.updatedBy,
      })
      .onConflict('fund')
      .merge(['actions', 'required_approvals', 'updated_at', 'updated_by']);
  }

  async insertProposal(p: NewProposal): Promise<number> {
    const [row] = await this.db('proposals')
      .insert({
        fund: p.fund,
        action: p.action,
        target: p.target,
        body: JSON.stringify(p.body),
        documents: JSON.stringify(p.documents),
        proposer_token_id: p.proposer.tokenId,
        proposer: p.proposer.name,
        proposer_person: p.proposer.person,
        proposer_role: p.proposer.role,
        idempotency_key: p.idempotency?.key ?? null,
        fingerprint: p.idempotency?.fingerprint ?? null,
        required_approvals: p.requiredApprovals,
        status: 'pending',
        created_at: p.createdAt,
        expires_at: p.expiresAt,
      })
      .returning('id');
    return idFromDb(typeof row === 'object' ? (row as Row).id : row);
  }

  /**
   * The proposal, its row locked on PostgreSQL until the transaction ends: two approvals of one
   * proposal serialise here, so the second sees what the first decided. (SQLite has one writer.)
   */
  async lockProposal(id: number): Promise<Proposal | null> {
    const query = this.db('proposals').where({ id }).first();
    const row: Row | undefined = this.dialect === 'pg' ? await query.forUpdate() : await query;
    return row ? this.withDecisions(row) : null;
  }

  async proposal(id: number): Promise<Proposal | null> {
    const row: Row | undefined = await this.db('proposals').where({ id }).first();
    return row ? this.withDecisions(row) : null;
  }

  /** Proposals in id order after `afterId`; `status` filters on the stored status (the caller handles expiry). */
  async proposals(query: { statuses?: StoredProposalStatus[]; afterId?: number; limit: number; expiredBefore?: string; notExpiredAt?: string }): Promise<Proposal[]> {
    const rows: Row[] = await this.db('proposals')
      .modify((q) => {
        if (query.statuses) q.whereIn('status', query.statuses);
        if (query.afterId !== undefined) q.where('id', '>', query.afterId);
        if (query.expiredBefore !== undefined) q.where('expires_at', '<=', query.expiredBefore);
        if (query.notExpiredAt !== undefined) q.where('expires_at', '>', query.notExpiredAt);
      })
      .orderBy('id')
      .limit(query.limit);
    const decisions = await this.decisionsOf(rows.map((r) => idFromDb(r.id)));
    return rows.map((r) => proposalFromRow(r, decisions.get(idFromDb(r.id)) ?? []));
  }

  async addDecision(proposalId: number, decision: ProposalDecision): Promise<void> {
    await this.db('proposal_decisions').insert({
      proposal_id: proposalId,
      person: decision.person,
      role: decision.role,
      decision: decision.decision,
      comment: decision.comment,
      at: decision.at,
    });
  }

  async markExecuted(id: number, at: string, result: unknown, entryId: number | null): Promise<void> {
    await this.pending?.flushRows();
    await this.db('proposals').where({ id, status: 'pending' }).update({ status: 'executed', decided_at: at, result: JSON.stringify(result), entry_id: entryId });
  }

  async markRejected(id: number, at: string): Promise<void> {
    await this.db('proposals').where({ id, status: 'pending' }).update({ status: 'rejected', decided_at: at });
  }

  private async withDecisions(row: Row): Promise<Proposal> {
    const id = idFromDb(row.id);
    return proposalFromRow(row, (await this.decisionsOf([id])).get(id) ?? []);
  }

  private async decisionsOf(ids: number[]): Promise<Map<number, ProposalDecision[]>> {
    const result = new Map<number, ProposalDecision[]>();
    if (ids.length === 0) return result;
    const rows: Row[] = await this.db('proposal_decisions').whereIn('proposal_id', ids).orderBy('id');
    for (const r of rows) {
      const id = idFromDb(r.proposal_id);
      const list = result.get(id) ?? [];
      list.push({
        person: String(r.person),
        role: String(r.role),
        decision: r.decision === 'reject' ? 'reject' : 'approve',
        comment: r.comment === null || r.comment === undefined ? null : String(r.comment),
        at: String(r.at),
      });
      result.set(id, list);
    }
    return result;
  }
}

function proposalFromRow(row: Row, decisions: ProposalDecision[]): Proposal {
  const key = row.idempotency_key === null || row.idempotency_key === undefined ? null : String(row.idempotency_key);
  return {
    id: idFromDb(row.id),
    fund: String(row.fund),
    action: String(row.action),
    target: String(row.target),
    body: jsonFromDb<Record<string, unknown>>(row.body, {}),
    documents: jsonFromDb<number[]>(row.documents, []),
    proposer: { tokenId: Number(row.proposer_token_id), name: String(row.proposer), role: String(row.proposer_role), person: String(row.proposer_person) },
    idempotency: key === null ? null : { key, fingerprint: String(row.fingerprint) },
    requiredApprovals: Number(row.required_approvals),
    status: String(row.status) as StoredProposalStatus,
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
    decidedAt: row.decided_at === null || row.decided_at === undefined ? null : String(row.decided_at),
    result: jsonFromDb<unknown>(row.result, null),
    entryId: row.entry_id === null || row.entry_id === undefined ? null : idFromDb(row.entry_id),
    decisions,
  };
}
