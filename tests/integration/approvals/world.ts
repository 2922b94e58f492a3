import { handler as addApprover } from '#functions/approvals/add-approver.ts';
import { handler as approve } from '#functions/approvals/approve-approval.ts';
import { handler as batch } from '#functions/approvals/batch-approvals.ts';
import { handler as createFlow } from '#functions/approvals/create-flow.ts';
import { handler as getApproval } from '#functions/approvals/get-approval.ts';
import { handler as listApprovals } from '#functions/approvals/list-approvals.ts';
import { handler as reject } from '#functions/approvals/reject-approval.ts';
import { handler as remind } from '#functions/approvals/remind-approval.ts';
import { handler as resubmit } from '#functions/approvals/resubmit-approval.ts';
import { handler as returnTo } from '#functions/approvals/return-approval.ts';
import { handler as submit } from '#functions/approvals/submit-approval.ts';
import { handler as transfer } from '#functions/approvals/transfer-approval.ts';
import { handler as withdraw } from '#functions/approvals/withdraw-approval.ts';
import * as org from '#lib/org/service.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant, type TestUser } from '#tests/support/tenants.ts';

/**
 * A company for approval tests: 管理员 (root) > 总监 > 销售经理 > 销售员, and 财务 below the root.
 * The rep's superiors: level 1 the manager, level 2 the director, level 3 the admin.
 */
export async function company() {
  const t = await newTenant();
  const directorRole = await org.createRole(t.auth, {
    name: '总监',
    parentId: t.roles.root.id,
    permissions: [],
  });
  const managerRole = await org.createRole(t.auth, {
    name: '经理',
    parentId: directorRole.id,
    permissions: [],
  });
  const repRole = await org.createRole(t.auth, { name: '专员', parentId: managerRole.id, permissions: [] });
  const financeRole = await org.createRole(t.auth, {
    name: '财务',
    parentId: t.roles.root.id,
    permissions: [],
  });
  const [rep, peer, manager, director, finance, finance2, otherRep] = await Promise.all([
    t.addUser('张三', repRole),
    t.addUser('李四', repRole),
    t.addUser('赵经理', managerRole),
    t.addUser('钱总监', directorRole),
    t.addUser('孙会计', financeRole),
    t.addUser('周出纳', financeRole),
    t.addUser('吴销售', t.roles.rep),
  ]);
  const other = await newTenant();
  return {
    ...t,
    rep: rep as TestUser,
    peer: peer as TestUser,
    manager: manager as TestUser,
    director: director as TestUser,
    finance: finance as TestUser,
    finance2: finance2 as TestUser,
    otherRep: otherRep as TestUser,
    outsider: other.admin,
    directorRole,
    managerRole,
    repRole,
    financeRole,
  };
}
export type Company = Awaited<ReturnType<typeof company>>;

export async function flow(as: Caller, body: Record<string, unknown>) {
  const res = await invoke('POST /v1/approval-flows', createFlow, {
    as,
    body: { name: '审批', type: 'general', onReject: 'end', whenNoApprover: 'autoApprove', ...body },
  });
  if (res.status !== 201) throw new Error(`flow failed: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; [k: string]: any };
}

export const submitRaw = (as: Caller, body: Record<string, unknown>) =>
  invoke('POST /v1/approvals', submit, { as, body });

export async function request(as: Caller, body: Record<string, unknown>) {
  const res = await submitRaw(as, body);
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${res.text}`);
  return res.body as Approval;
}

export interface Approval {
  id: string;
  status: string;
  currentStep: number | null;
  pendingIds: string[];
  steps: Array<{
    name: string;
    approverIds: string[];
    doneIds: string[];
    skipped: string | null;
    ccUserIds: string[];
  }>;
  version: number;
  form: Record<string, any>;
  flowVersion: number;
  [k: string]: any;
}

const HANDLERS = {
  approve: ['POST /v1/approvals/{id}/approve', approve],
  reject: ['POST /v1/approvals/{id}/reject', reject],
  withdraw: ['POST /v1/approvals/{id}/withdraw', withdraw],
  resubmit: ['POST /v1/approvals/{id}/resubmit', resubmit],
  return: ['POST /v1/approvals/{id}/return', returnTo],
  addApprover: ['POST /v1/approvals/{id}/add-approver', addApprover],
  transfer: ['POST /v1/approvals/{id}/transfer', transfer],
  remind: ['POST /v1/approvals/{id}/remind', remind],
} as const;

/** One action on a request through its handler; the raw answer. */
export const act = (kind: keyof typeof HANDLERS, as: Caller, id: string, body?: Record<string, unknown>) => {
  const [key, handler] = HANDLERS[kind];
  return invoke(key, handler, { as, params: { id }, ...(body ? { body } : {}) });
};

/** An action that must succeed. */
export async function must(
  kind: keyof typeof HANDLERS,
  as: Caller,
  id: string,
  body?: Record<string, unknown>,
) {
  const res = await act(kind, as, id, body);
  if (res.status !== 200) throw new Error(`${kind} failed: ${res.status} ${res.text}`);
  return res.body as Approval;
}

export const read = (as: Caller, id: string) =>
  invoke('GET /v1/approvals/{id}', getApproval, { as, params: { id } });

export const list = (as: Caller, view: string, query: Record<string, string> = {}) =>
  invoke('GET /v1/approvals', listApprovals, { as, query: { view, ...query } });

export const listIds = async (as: Caller, view: string, query: Record<string, string> = {}) => {
  const res = await list(as, view, query);
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${res.text}`);
  return (res.body.items as Array<{ id: string }>).map((i) => i.id);
};

export const batchAct = (as: Caller, body: Record<string, unknown>) =>
  invoke('POST /v1/approvals/batch', batch, { as, body });

/** The expense flow of the issue: manager, then finance, then the director above 5,000 yuan. */
export const expenseFlow = (c: Company) =>
  flow(c.admin, {
    name: '报销',
    type: 'expense',
    steps: [
      { name: '主管审批', approvers: { kind: 'superior', level: 1 }, mode: 'sequential' },
      {
        name: '财务审批',
        approvers: { kind: 'role', roleId: c.financeRole.id },
        mode: 'any',
        ccUserIds: [c.peer.userId],
      },
      {
        name: '总监审批',
        approvers: { kind: 'users', userIds: [c.director.userId] },
        mode: 'sequential',
        when: { field: 'totalFen', op: 'gt', value: 500_000 },
      },
    ],
  });

export const expense = (...amounts: number[]) => ({
  lines: amounts.map((amountFen, i) => ({
    date: '2026-12-01',
    category: i % 2 ? '住宿' : '交通',
    amountFen,
  })),
});
