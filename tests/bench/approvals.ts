/**
 * The approvals' part of the bench: a seeder that loads requests straight into the table through
 * the engine (lib/approvals/rules.ts) and the repository's item builders, and the four lists. reps[0]
 * submits more than a page, managers[0] approves half of them (a page waiting, a page handled), the
 * admin is cc'd on the approved ones; every other user's requests go to other partitions, so the
 * large tenant holds ten times more without any of it on these lists. Each page reads one entry per
 * request it returns, at both sizes.
 */
import { ulid } from 'ulid';
import { approvalItem, entryItem } from '#lib/approvals/repository.ts';
import { approve, entriesOf, submit } from '#lib/approvals/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import type { BenchEndpoint, BenchUser, Seeder } from './endpoints.ts';

const PAGE = 20;
/** reps[0]'s requests: the first half wait for managers[0], the second half were approved. */
const MINE = 50;
const PER_USER = 2;
const BASE = Date.parse('2030-01-01T00:00:00.000Z');
const FLOW = { id: ulid(), version: 1, name: '费用报销', type: 'expense' as const, onReject: 'end' as const };

export const approvalsSeeder: Seeder = {
  name: `approvals (${MINE} requests of one rep, ${PER_USER} per other user)`,
  async seed(_api, tenant) {
    const [rep, ...otherReps] = tenant.reps;
    const [manager, ...otherManagers] = tenant.managers;
    if (!rep || !manager) throw new Error('the approvals seeder needs the users seeder first');
    const rolePath = `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`;
    const others = otherReps.length > 0 ? otherReps : [rep];
    const approvers = otherManagers.length > 0 ? otherManagers : [tenant.admin];
    const total = MINE + tenant.scale * PER_USER;
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const mine = i < MINE;
      const submitter: BenchUser = mine ? rep : (others[i % others.length] as BenchUser);
      const approver: BenchUser = mine ? manager : (approvers[i % approvers.length] as BenchUser);
      const at = new Date(BASE + i * 60_000).toISOString();
      let { next } = submit(
        {
          id: ulid(BASE + i * 60_000),
          flow: FLOW,
          title: `${submitter.name}的费用报销${i}`,
          form: {
            lines: [{ date: '2030-01-01', category: '交通', amountFen: 10_000 + i }],
            totalFen: 10_000 + i,
          },
          attachmentIds: [],
          customerId: null,
          contractId: null,
          submitter: { id: submitter.userId, name: submitter.name, rolePath },
          steps: [
            {
              name: '主管审批',
              mode: 'sequential',
              approverIds: [approver.userId],
              doneIds: [],
              ccUserIds: [tenant.admin.userId],
              skipped: null,
              added: false,
            },
          ],
          chosenIds: [],
        },
        at,
      );
      if (i % 2 === 1) next = approve(next, { id: approver.userId, name: approver.name }, null, at).next;
      items.push(
        approvalItem(tenant.tenantId, next),
        ...entriesOf(next).map((e) => entryItem(tenant.tenantId, next, e)),
      );
    }
    await batchPut(items, 8);
  },
};

const list = (name: string, query: string, as: BenchEndpoint['as']): BenchEndpoint => ({
  name: `approvals: ${name}`,
  route: 'GET /v1/approvals',
  path: () => `/v1/approvals?${query}&limit=${PAGE}`,
  as,
});

export const approvalEndpoints: BenchEndpoint[] = [
  list('submitted by me (我发起的)', 'view=submitted', 'rep'),
  list('submitted by me, approved', 'view=submitted&status=approved', 'rep'),
  list('waiting for me (待我审批)', 'view=pending', 'manager'),
  list('handled by me (我已审批)', 'view=handled', 'manager'),
  list('cc’d to me (抄送我的)', 'view=cc', 'admin'),
];
