import * as z from 'zod/mini';
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
  /**
   * Approvals waiting for me (待审批). null until the approvals context (lib/approvals) is wired in
   * after merging: it fills this section with its pending list for the caller.
   */
  approvals: z.nullable(Section(z.record(z.string(), z.unknown()))),
  /** Announcements addressed to me that I have not read. */
  announcements: Section(InboxEntry),
  /** My customers about to return to the public pool. */
  reclaimSoon: Section(Customer),
});
