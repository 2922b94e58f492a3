/**
 * THE scheduled-job table (data only): CDK creates one function and one EventBridge schedule per
 * job; the local runtime fires the same handlers on a timer and on `POST /local/jobs/{name}/run`.
 * Each job's handler is idempotent and resumable (a re-run neither sends nor reclaims twice).
 */
import type { TableAccess } from './http/route.ts';

export interface JobSpec {
  summary: string;
  /** The module under functions/jobs/ exporting `handler`. */
  handler: string;
  /** EventBridge schedule expression, in UTC. */
  schedule: string;
  access: TableAccess;
  /** Publishes SMS through SNS. */
  sendsSms?: boolean;
}

export const jobs = {
  'reclaim-pool': {
    summary: 'Return neglected customers to their public pool (公海) at their reclaimAt',
    handler: 'functions/jobs/reclaim-pool.ts',
    schedule: 'rate(15 minutes)',
    access: 'readWrite',
  },
  reminders: {
    summary: 'Notify owners of follow-up plans that fall due',
    handler: 'functions/jobs/reminders.ts',
    schedule: 'rate(5 minutes)',
    access: 'readWrite',
    sendsSms: true,
  },
  'date-reminders': {
    summary: 'Contract expiry, payment due and birthday reminders, daily at 00:30 China time',
    handler: 'functions/jobs/date-reminders.ts',
    schedule: 'cron(30 16 * * ? *)',
    access: 'readWrite',
    sendsSms: true,
  },
} as const satisfies Record<string, JobSpec>;

export type JobName = keyof typeof jobs;
