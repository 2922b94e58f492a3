import { describe, expect, it } from 'vitest';

// The masking is the logger's (lib/log.ts), which reads the configuration when imported.
process.env.TABLE_NAME ??= 'unit-test';
const { TIMELINE_SOURCES } = await import('#lib/lifecycle/timeline-rules.ts');

const change = (type: string, before: object | undefined, after: object | undefined) =>
  TIMELINE_SOURCES[type]?.({
    event: !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY',
    before: before as Record<string, unknown> | undefined,
    after: after as Record<string, unknown> | undefined,
  } as never) ?? [];

const task = {
  id: 'T1',
  title: '送样品',
  customerId: 'C1',
  assigneeId: 'U2',
  assigneeName: '李四',
  createdBy: 'U1',
  createdByName: '张三',
  createdAt: '2026-06-01T00:00:00.000Z',
  status: 'open',
  completedBy: null,
  completedAt: null,
};

describe('timeline entries of the office, approvals and files', () => {
  it('tells a task linked to the customer when it is made and each time it is completed', () => {
    const done = { ...task, status: 'done', completedBy: 'U2', completedAt: '2026-06-02T00:00:00.000Z' };

    expect(change('task', undefined, task)).toMatchObject([
      {
        customerId: 'C1',
        kind: 'task',
        actor: { id: 'U1', name: '张三' },
        summary: expect.stringContaining('送样品'),
      },
    ]);
    expect(change('task', task, done)).toMatchObject([
      { key: 'task#T1#done#2026-06-02T00:00:00.000Z', actor: { id: 'U2', name: '李四' } },
    ]);
    expect(change('task', done, { ...done, title: '送样品2' })).toEqual([]);
    expect(change('task', undefined, { ...task, customerId: null })).toEqual([]);
  });

  it("puts a work log on each customer it names, and an approval's status changes on its customer", () => {
    const log = {
      id: 'W1',
      kind: 'daily',
      period: '2026-06-01',
      authorId: 'U1',
      authorName: '张三',
      customerIds: ['C1', 'C2'],
      submittedAt: '2026-06-01T10:00:00.000Z',
    };
    const approval = {
      id: 'A1',
      flowName: '合同审批',
      title: '甲公司合同',
      customerId: 'C1',
      submitterId: 'U1',
      submitterName: '张三',
      submittedAt: '2026-06-01T00:00:00.000Z',
      status: 'pending',
      version: 1,
      updatedAt: '2026-06-01T00:00:00.000Z',
    };

    expect(change('worklog', undefined, log).map((e) => e.customerId)).toEqual(['C1', 'C2']);
    expect(change('approval', undefined, approval)).toMatchObject([{ kind: 'approval', customerId: 'C1' }]);
    expect(change('approval', approval, { ...approval, status: 'approved', version: 3 })).toMatchObject([
      { field: 'status', before: 'pending', after: 'approved' },
    ]);
  });

  it("tells a customer's document once its upload is confirmed, nothing while pending or for other targets", () => {
    const pending = {
      id: 'F1',
      fileName: '报价单.pdf',
      target: { kind: 'customer', id: 'C1' },
      state: 'pending',
      uploadedBy: 'U1',
      uploadedByName: '张三',
      readyAt: null,
    };
    const ready = { ...pending, state: 'ready', readyAt: '2026-06-01T00:00:00.000Z' };

    expect(change('attachment', undefined, pending)).toEqual([]);
    expect(change('attachment', pending, ready)).toMatchObject([{ customerId: 'C1', kind: 'attachment' }]);
    expect(change('attachment', pending, { ...ready, target: { kind: 'contact', id: 'K1' } })).toEqual([]);
  });
});
