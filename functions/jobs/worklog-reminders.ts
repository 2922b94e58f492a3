import { runWorklogReminders } from '#lib/office/jobs.ts';

/** EventBridge schedule (lib/jobs.ts): those who owe a work log past its due time are told once. */
export const handler = async () => runWorklogReminders();
