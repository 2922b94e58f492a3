import type { Context } from 'aws-lambda';
import { runOfficeReminders } from '#lib/office/jobs.ts';
import { background } from '#lib/tracing.ts';

/** Leaves the function this long to finish the item in hand before its timeout. */
const MARGIN_MS = 30_000;

/**
 * EventBridge schedule (lib/jobs.ts, every 5 minutes): tasks falling due and events about to start
 * tell their people once. A run cut short leaves the rest on the schedule for the next one.
 */
export const handler = background('office-reminders', async (_event: unknown, context?: Context) =>
  runOfficeReminders(
    context ? { deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS } : {},
  ),
);
