import * as z from 'zod/mini';
import { ApprovalSummary } from '../../approvals/schemas.ts';
import { Customer } from '../../customers/schemas.ts';
import { Plan } from '../../followups/schemas.ts';
import { InboxEntry } from '../announcements/schemas.ts';
import { CalendarItem } from '../events/schemas.ts';
import { Task } from '../tasks/schemas.ts';

const Section = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), more: z.boolean() });

export const Workbench = z.object({
  date: z.string(),
  /** My open tasks, most urgent first (priority, then due time). */
  tasks: Section(Task),
  /** Today's occurrences of my own and invited events. */
  events: z.array(CalendarItem),
  /** Today's open follow-up plans (跟进计划). */
  plans: Section(Plan),
  /** Approvals waiting for me (待审批), newest first, and how many wait in all (up to 100). */
  approvals: z.extend(Section(ApprovalSummary), { count: z.number().check(z.int()) }),
  /** Announcements addressed to me that I have not read. */
  announcements: Section(InboxEntry),
  /** My customers about to return to the public pool. */
  reclaimSoon: Section(Customer),
});
