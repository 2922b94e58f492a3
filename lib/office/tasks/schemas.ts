import * as z from 'zod/mini';
import { Cursor, Id, Instant, Limit, pageOf } from '../../schemas.ts';
import { Text, UserIds } from '../schemas.ts';

export const MAX_PARTICIPANTS = 20;
export const MAX_CC = 20;

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;
export const TaskStatus = z.enum(['open', 'done']);

const Labels = z.pipe(
  z.array(Text(30)).check(z.maxLength(10)),
  z.transform((labels) => [...new Set(labels)]),
);

export const SubtaskSummary = z.object({
  id: Id,
  title: z.string(),
  status: TaskStatus,
  assigneeId: Id,
  assigneeName: z.string(),
  dueAt: z.nullable(z.string()),
});
export type SubtaskSummary = z.infer<typeof SubtaskSummary>;

export const Task = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  assigneeId: Id,
  assigneeName: z.string(),
  participantIds: z.array(Id),
  /** Users kept informed (知会): they read the task and its comments, nothing more. */
  ccUserIds: z.array(Id),
  priority: Priority,
  dueAt: z.nullable(z.string()),
  /** The linked customer (the task shows on its 360 view). */
  customerId: z.nullable(Id),
  customerName: z.nullable(z.string()),
  /** The parent of a subtask (one level only). */
  parentId: z.nullable(Id),
  labels: z.array(z.string()),
  status: TaskStatus,
  completedAt: z.nullable(z.string()),
  completedBy: z.nullable(Id),
  createdBy: Id,
  createdByName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Task = z.infer<typeof Task>;
export const TaskDetail = z.extend(Task, { subtasks: z.array(SubtaskSummary) });
export const TaskPage = pageOf(Task);

export const CreateTaskBody = z.strictObject({
  title: Text(200),
  description: z.optional(z.string().check(z.maxLength(10_000))),
  assigneeId: Id,
  participantIds: z.optional(UserIds(MAX_PARTICIPANTS)),
  ccUserIds: z.optional(UserIds(MAX_CC)),
  priority: z._default(Priority, 'normal'),
  dueAt: z.optional(Instant),
  customerId: z.optional(Id),
  parentId: z.optional(Id),
  labels: z.optional(Labels),
});
export type CreateTaskInput = z.output<typeof CreateTaskBody>;

export const UpdateTaskBody = z
  .strictObject({
    title: z.optional(Text(200)),
    description: z.optional(z.string().check(z.maxLength(10_000))),
    assigneeId: z.optional(Id),
    participantIds: z.optional(UserIds(MAX_PARTICIPANTS)),
    ccUserIds: z.optional(UserIds(MAX_CC)),
    priority: z.optional(Priority),
    dueAt: z.optional(z.nullable(Instant)),
    customerId: z.optional(z.nullable(Id)),
    labels: z.optional(Labels),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateTaskInput = z.output<typeof UpdateTaskBody>;

export const TASK_VIEWS = ['assigned', 'created', 'participating', 'cc', 'subordinates', 'customer'] as const;
export type TaskViewName = (typeof TASK_VIEWS)[number];

export const TaskListQuery = z
  .strictObject({
    view: z._default(z.enum(TASK_VIEWS), 'assigned'),
    status: z._default(TaskStatus, 'open'),
    /** view=customer: the customer whose tasks to list (the caller must see it). */
    customerId: z.optional(Id),
    limit: Limit,
    cursor: Cursor,
  })
  .check(
    z.refine((q) => (q.view === 'customer') === (q.customerId !== undefined), {
      path: ['customerId'],
      message: 'customerId goes with view=customer, and only with it',
    }),
  );
export type TaskListQuery = z.output<typeof TaskListQuery>;
