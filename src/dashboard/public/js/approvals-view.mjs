// 审批 Approvals inbox (投委会, maker-checker): the proposals a write needing approval left behind,
// with their documents; an approver approves or rejects each with a comment (docs/approvals.md:
// GET /proposals?status=, POST /proposals/{id}/approve|reject {comment}).
import { ApiError, apiUrl, getJson, postJson, problemText, saveBlob, send, suggestedFileName } from './api.mjs';
import { bi, fill, h } from './dom.mjs';
import { readableYuan } from './format.mjs';
import { can } from './roles.mjs';

const STATUSES = [
  ['pending', '待审批', 'pending'],
  ['executed', '已执行', 'executed'],
  ['rejected', '已驳回', 'rejected'],
  ['expired', '已过期', 'expired'],
];

const ACTIONS = {
  investment: '投资 investment',
  exit: '退出 exit',
  distribution: '分配 distribution',
  management_fee: '管理费 management fee',
  reversal: '冲销 reversal',
};

const MONEY_KEYS = new Set(['amount', 'proceeds', 'cost', 'fairValue']);

/** The proposed write's fields as a definition list (amounts read as 亿/万 with the exact figure). */
function requestDetails(proposal) {
  const request = proposal.body;
  if (!request || typeof request !== 'object') return null;
  const flat = [];
  const walk = (obj, prefix) => {
    for (const [key, value] of Object.entries(obj)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === 'object' && !Array.isArray(value)) walk(value, name);
      else flat.push([name, key, value]);
    }
  };
  walk(request, '');
  return h(
    'dl',
    { class: 'proposal-request' },
    flat.map(([name, key, value]) => [
      h('dt', {}, name),
      h('dd', { dataset: { field: name, value: String(value ?? '') } }, MONEY_KEYS.has(key) && typeof value === 'string' ? `${readableYuan(value)}（${value} 元）` : String(value ?? '—')),
    ]),
  );
}

/** A proposal names its documents by id; `known` holds what GET /documents says of each. */
function documentsList(proposal, known, status) {
  const docs = proposal.documents.map((id) => known.get(id) ?? { id });
  if (!docs.length) return h('p', { class: 'hint' }, '无附件 No documents attached.');
  return h(
    'ul',
    { class: 'proposal-documents' },
    docs.map((d) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            on: {
              click: async () => {
                try {
                  const response = await send('GET', apiUrl(`documents/${d.id}`), { accept: '*/*' });
                  saveBlob(await response.blob(), suggestedFileName(response) ?? d.name ?? `document-${d.id}`);
                } catch (error) {
                  fill(status, h('span', { class: 'error' }, `下载失败 Download failed: ${problemText(error)}`));
                }
              },
            },
          },
          d.name ?? `#${d.id}`,
        ),
        ` · ${d.contentType ?? ''} · ${d.size ?? '?'} B · sha256 `,
        h('code', { class: 'hash' }, d.sha256 ?? '—'),
      ),
    ),
  );
}

function proposalCard(proposal, known, ctx, reload) {
  const status = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const commentId = `comment-${proposal.id}`;
  const comment = h('textarea', { id: commentId, name: 'comment', rows: 2 });
  const decide = async (verb) => {
    fill(status, '提交中 Submitting…');
    try {
      const { body } = await postJson(`proposals/${proposal.id}/${verb}`, { comment: comment.value.trim() || undefined }, { idempotent: false });
      const entry = body?.entryId;
      fill(status, h('span', { class: 'ok' }, `${verb === 'approve' ? '已批准 Approved' : '已驳回 Rejected'}: ${body?.status ?? ''}${entry ? `，分录 entry #${entry}` : ''}`));
      setTimeout(reload, 1500);
    } catch (error) {
      fill(status, h('span', { class: 'error' }, problemText(error)));
    }
  };
  return h(
    'article',
    { class: 'card proposal', dataset: { proposal: proposal.id, status: proposal.status } },
    h('h3', {}, `#${proposal.id} ${ACTIONS[proposal.action] ?? proposal.action ?? ''}`, proposal.fund ? ` · ${proposal.fund}` : ''),
    h(
      'p',
      { class: 'proposal-meta' },
      `提议人 proposed by ${proposal.proposer} · ${proposal.createdAt} · `,
      h('span', { dataset: { field: 'approvals' } }, `批准 approvals ${proposal.approvals}/${proposal.requiredApprovals}`),
      proposal.entryId ? [' · ', h('span', { dataset: { field: 'entryId' } }, `分录 entry #${proposal.entryId}`)] : null,
    ),
    proposal.decisions.length
      ? h(
          'ul',
          { class: 'approvals-given' },
          proposal.decisions.map((d) => h('li', {}, `${d.decision === 'approve' ? '批准 approved' : '驳回 rejected'} · ${d.person}${d.comment ? `：${d.comment}` : ''}`)),
        )
      : null,
    requestDetails(proposal),
    h('h4', {}, bi('附件', 'Documents')),
    documentsList(proposal, known, status),
    proposal.status === 'pending' && can(ctx.role, 'approve')
      ? h(
          'div',
          { class: 'decide' },
          h('label', { for: commentId }, bi('意见', 'Comment')),
          comment,
          h(
            'div',
            { class: 'form-actions' },
            h('button', { type: 'button', class: 'approve', on: { click: () => decide('approve') } }, '批准 ', h('span', { class: 'en' }, 'Approve')),
            h('button', { type: 'button', class: 'reject', on: { click: () => decide('reject') } }, '驳回 ', h('span', { class: 'en' }, 'Reject')),
          ),
        )
      : null,
    status,
  );
}

/** Every stored document's name, type, size and hash, by id (the list is short: committee papers). */
async function documentsById() {
  const known = new Map();
  let cursor;
  do {
    const page = await getJson('documents', { limit: 100, cursor });
    for (const d of page.documents) known.set(d.id, d);
    cursor = page.nextCursor;
  } while (cursor);
  return known;
}

export function approvalsView(ctx) {
  const filter = h('select', { id: 'proposal-status', name: 'status' }, STATUSES.map(([value, zh, en]) => h('option', { value }, `${zh} ${en}`)));
  const list = h('div', { class: 'proposals', 'aria-live': 'polite' });
  const load = async () => {
    fill(list, h('p', { class: 'loading' }, '加载中 Loading…'));
    try {
      const { proposals } = await getJson('proposals', { status: filter.value });
      const known = proposals.some((p) => p.documents.length) ? await documentsById() : new Map();
      fill(list, proposals.length ? proposals.map((p) => proposalCard(p, known, ctx, load)) : h('p', { class: 'empty' }, '没有待处理的提议。No proposals here.'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
      fill(list, h('p', { class: 'error', role: 'alert' }, `无法加载 Could not load: ${problemText(error)}`));
    }
  };
  filter.addEventListener('change', load);
  void load();
  return h(
    'div',
    {},
    h('p', { class: 'hint' }, can(ctx.role, 'approve') ? '提议人本人不能批准自己的提议。A proposer never approves their own proposal.' : '仅审批人可以批准或驳回。Only approvers approve or reject.'),
    h('p', {}, h('label', { for: 'proposal-status' }, bi('状态', 'Status')), ' ', filter, ' ', h('button', { type: 'button', on: { click: load } }, '刷新 ', h('span', { class: 'en' }, 'Reload'))),
    list,
  );
}
