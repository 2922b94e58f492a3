/**
 * THE scheduled-job table (data only): CDK creates one function and one EventBridge schedule per
 * job; the local runtime fires the same handlers on a timer and on `POST /local/jobs/{name}/run`.
 * Each job's handler is idempotent and resumable (a re-run neither sends nor reclaims twice).
 */
import { COUNTED_TYPES } from './analytics/rules.ts';
import type { TableAccess } from './http/route.ts';
import { TIER_SOURCES, TIMELINE_TYPES } from './lifecycle/rules.ts';

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
  'merge-sweeps': {
    summary: 'Finish the merges too big for one transaction that a request left half-moved',
    handler: 'functions/jobs/merge-sweeps.ts',
    schedule: 'rate(15 minutes)',
    access: 'readWrite',
  },
  dormancy: {
    summary:
      'Customers with deals but neither a deal nor a follow-up for dormantDays become dormant (沉睡客户)',
    handler: 'functions/jobs/dormancy.ts',
    schedule: 'rate(1 hour)',
    access: 'readWrite',
  },
} as const satisfies Record<string, JobSpec>;

export type JobName = keyof typeof jobs;

/**
 * Functions the table's stream invokes (DynamoDB Streams event source with a filter): CDK creates
 * one function and one event source per entry; the local runtime reads DynamoDB Local's stream of
 * the table and invokes the same handlers with the same events (infra/local/streams.ts).
 */
export interface StreamConsumerSpec {
  summary: string;
  /** The module exporting `handler`. */
  handler: string;
  /** Which records invoke it: these stream events of items of these `type`s. */
  on: { events: ReadonlyArray<'INSERT' | 'MODIFY' | 'REMOVE'>; itemTypes: readonly string[] };
  /** Records per invocation: 1 for long work per record, more for quick projections. */
  batchSize: number;
  access: TableAccess;
  /** Publishes SMS through SNS. */
  sendsSms?: boolean;
  /** How long one run may take (the Lambda timeout; at most 900). A run out of time resumes on retry. */
  timeoutSeconds: number;
}

export const streamConsumers = {
  'sms-broadcasts': {
    summary: 'Send each new SMS broadcast (群发短信) at the configured rate, exactly once per number',
    handler: 'functions/sms/broadcast-worker.ts',
    on: { events: ['INSERT'], itemTypes: ['smsBroadcast'] },
    batchSize: 1,
    access: 'readWrite',
    sendsSms: true,
    timeoutSeconds: 900,
  },
  analytics: {
    summary: 'Keep the analytics aggregates (lib/analytics) in step with customers, follow-ups and deals',
    handler: 'functions/analytics/project.ts',
    on: { events: ['INSERT', 'MODIFY', 'REMOVE'], itemTypes: COUNTED_TYPES },
    batchSize: 100,
    access: 'readWrite',
    timeoutSeconds: 60,
  },
  'customer-owner-sync': {
    summary: "Re-key a user's customers to the user's new role path and name (the user item's change)",
    handler: 'functions/customers/owner-changed.ts',
    on: { events: ['MODIFY'], itemTypes: ['user'] },
    batchSize: 1,
    access: 'readWrite',
    timeoutSeconds: 900,
  },
  'deal-owner-sync': {
    summary: "Re-key a user's leads, opportunities and contracts to the user's new role path and name",
    handler: 'functions/pipeline/owner-changed.ts',
    on: { events: ['MODIFY'], itemTypes: ['user'] },
    batchSize: 1,
    access: 'readWrite',
    timeoutSeconds: 900,
  },
  'deal-transfers': {
    summary: "Hand a transferred customer's open deals to its new owner (the customer item's change)",
    handler: 'functions/pipeline/customer-transferred.ts',
    on: { events: ['MODIFY'], itemTypes: ['customer'] },
    batchSize: 10,
    access: 'readWrite',
    timeoutSeconds: 300,
  },
  'customer-tiers': {
    summary: "Recompute a customer's tier (客户分层) when it, its contracts or its opportunities change",
    handler: 'functions/lifecycle/tiers.ts',
    on: { events: ['INSERT', 'MODIFY', 'REMOVE'], itemTypes: TIER_SOURCES },
    batchSize: 20,
    access: 'readWrite',
    timeoutSeconds: 120,
  },
  'customer-timeline': {
    summary: "Write each change of a customer and of what it holds to the customer's timeline (客户动态)",
    handler: 'functions/lifecycle/timeline.ts',
    on: { events: ['INSERT', 'MODIFY'], itemTypes: TIMELINE_TYPES },
    batchSize: 50,
    access: 'readWrite',
    timeoutSeconds: 120,
  },
} as const satisfies Record<string, StreamConsumerSpec>;

export type StreamConsumerName = keyof typeof streamConsumers;
