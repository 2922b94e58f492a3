import { describe, expect, it } from 'vitest';
import { officeKeys as k } from '#lib/db/keys.ts';
import {
  canEdit,
  canRead,
  checkParent,
  complete,
  reopen,
  type TaskRecord,
  viewsOf,
} from '#lib/office/tasks/rules.ts';

const task: TaskRecord = {
  id: 'T1',
  title: '报价',
  description: '',
  assigneeId: 'A',
  assigneeName: 'a',
  participantIds: ['P'],
  ccUserIds: ['C'],
  priority: 'normal',
  dueAt: '2030-01-02T03:04:05.000Z',
  customerId: 'CU',
  customerName: 'x',
  parentId: null,
  labels: [],
  status: 'open',
  completedAt: null,
  completedBy: null,
  createdBy: 'M',
  createdByName: 'm',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 1,
  assigneeRolePath: '/r/m/s',
  creatorRolePath: '/r/m',
};
const viewer = (userId: string, rolePath: string, isAdmin = false) => ({ userId, rolePath, isAdmin });

describe('task rules', () => {
  it('lets the creator, assignee and their superiors edit; participants and cc only read', () => {
    expect(canEdit(viewer('M', '/r/m'), task)).toBe(true);
    expect(canEdit(viewer('A', '/r/m/s'), task)).toBe(true);
    expect(canEdit(viewer('B', '/r'), task)).toBe(true);
    expect(canEdit(viewer('P', '/r/m/s'), task)).toBe(false);
    expect(canRead(viewer('P', '/r/x'), task)).toBe(true);
    expect(canRead(viewer('C', '/r/x'), task)).toBe(true);
    expect(canRead(viewer('Z', '/r/m/s'), task)).toBe(false);
    expect(canRead(viewer('Z', '/r/m/s/t'), task)).toBe(false);
    expect(canRead(viewer('Z', '/q', true), task)).toBe(true);
  });

  it('puts a task on each of its people’s lists and its customer’s', () => {
    expect(viewsOf(task)).toEqual([
      { view: 'ASSIGNED', whose: 'A' },
      { view: 'CREATED', whose: 'M' },
      { view: 'PARTICIPATING', whose: 'P' },
      { view: 'CC', whose: 'C' },
      { view: 'CUSTOMER', whose: 'CU' },
    ]);
  });

  it('completes and reopens, moving the version', () => {
    const done = complete(task, 'A', '2030-01-03T00:00:00.000Z');
    expect(done).toMatchObject({ status: 'done', completedBy: 'A', version: 2 });
    expect(reopen(done, '2030-01-04T00:00:00.000Z')).toMatchObject({
      status: 'open',
      completedAt: null,
      version: 3,
    });
  });

  it('allows one level of subtasks', () => {
    expect(() => checkParent({ parentId: null })).not.toThrow();
    expect(() => checkParent({ parentId: 'X' })).toThrow(/one level/);
  });
});

describe('task keys', () => {
  it('spells the task keys and its list entries', () => {
    expect(k.taskKey('t', 'x')).toStrictEqual({ pk: 'T#t#TASK#x', sk: 'TASK' });
    expect(k.taskViewKey('t', 'x', 'CC', 'u')).toStrictEqual({ pk: 'T#t#TASK#x', sk: 'VIEW#CC#u' });
    expect(k.taskViewIndexKeys('t', 'ASSIGNED', 'u', task)).toStrictEqual({
      agendaByUserPk: 'T#t#TASKS#ASSIGNED#open#u',
      agendaByUserSk: '2030-01-02T03:04:05.000Z#T1',
    });
    expect(k.taskListSk({ ...task, dueAt: null })).toBe('~#T1');
    expect(k.taskIndexKeys('t', task)).toStrictEqual({
      pipelineBelowPk: 'T#t#TASK#BELOW#open',
      pipelineBelowSk: `/r/m/s|A|${String(1e15 - Date.parse(task.createdAt)).padStart(15, '0')}|T1`,
      scheduledPk: 'SCHED#TASK#2030-01-02',
      scheduledSk: '2030-01-02T03:04:05.000Z#t#T1',
    });
    expect(k.taskIndexKeys('t', { ...task, remindedFor: task.dueAt })).not.toHaveProperty('scheduledPk');
  });
});
