import { runWorklogReminders } from '#lib/office/jobs.ts';
import { background } from '#lib/tracing.ts';

/** EventBridge schedule (lib/jobs.ts): those who owe a work log past its due time are told once. */
export const handler = background('worklog-reminders', async () => runWorklogReminders());
