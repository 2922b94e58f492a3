/**
 * THE scheduled-job table (data only): CDK creates one function and one EventBridge schedule per
 * job; the local runtime fires the same handlers on a timer and on `POST /local/jobs/{name}/run`.
 * Each job's handler is idempotent and resumable (a re-run neither sends nor reclaims twice).
 */
import { COUNTED_TYPES } from './analytics/rules.ts';
import { JOB_ITEM_TYPE } from './background/repository.ts';
import { EVENT_ITEM_TYPES } from './events/catalog.ts';
import type { FileAction, TableAccess } from './http/route.ts';
import { TIER_SOURCES, TIMELINE_TYPES } from './lifecycle/rules.ts';
import { PROJECTED_TYPES } from './office/activity/projections.ts';

export interface JobSpec {
  summary: string;
  /** The module under functions/jobs/ exporting `handler`. */
  handler: string;
  /** EventBridge schedule expression, in UTC. */
  schedule: string;
  access: TableAccess;
  /** Publishes SMS through SNS. */
  sendsSms?: boolean;
  /** Reads webhooks, whose signing secrets it opens (CDK gives it the key). */
  webhookSecrets?: boolean;
  /** Invocations the scheduler gives up on land in a dead-letter queue, which alarms. */
  deadLetters?: boolean;
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
  'webhook-deliveries': {
    summary: 'Attempt the webhook deliveries due by now; retry with backoff, disable a failing webhook',
    handler: 'functions/jobs/webhook-deliveries.ts',
    schedule: 'rate(1 minute)',
    access: 'readWrite',
    deadLetters: true,
    webhookSecrets: true,
  },
  'office-reminders': {
    summary: 'Tasks falling due and events about to start (lib/office): each reminder once',
    handler: 'functions/jobs/office-reminders.ts',
    schedule: 'rate(5 minutes)',
    access: 'readWrite',
    sendsSms: true,
  },
  'worklog-reminders': {
    summary: 'Remind those who owe a work log past its due time (lib/office rules), once per period',
    handler: 'functions/jobs/worklog-reminders.ts',
    schedule: 'rate(30 minutes)',
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
  /** Puts events on the event bus (CDK grants events:PutEvents on it and sets EVENT_BUS_NAME). */
  publishesEvents?: boolean;
  /** How long one run may take (the Lambda timeout; at most 900). A run out of time resumes on retry. */
  timeoutSeconds: number;
  /** Reaches the attachments' bucket with these actions only (CDK grants them and sets FILES_BUCKET). */
  files?: readonly FileAction[];
  /** Memory in MB (DEFAULT_MEMORY_MB when absent). */
  memoryMb?: number;
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
  'name-search': {
    summary: 'Index the pinyin and initials of customer and contact names, and the pinyin order of contacts',
    handler: 'functions/customers/index-names.ts',
    on: { events: ['INSERT', 'MODIFY', 'REMOVE'], itemTypes: ['customer', 'contact'] },
    batchSize: 100,
    access: 'readWrite',
    timeoutSeconds: 60,
  },
  'user-search': {
    summary: "Add the pinyin and initials of users' names to the directory's search text",
    handler: 'functions/org/index-user-names.ts',
    on: { events: ['INSERT', 'MODIFY'], itemTypes: ['user'] },
    batchSize: 100,
    access: 'readWrite',
    timeoutSeconds: 60,
  },
  'contract-approvals': {
    summary: 'Sign, keep as draft or reject a contract waiting for approval once its request is decided',
    handler: 'functions/pipeline/contract-approval.ts',
    on: { events: ['INSERT', 'MODIFY'], itemTypes: ['approval'] },
    batchSize: 10,
    access: 'readWrite',
    timeoutSeconds: 60,
  },
  events: {
    summary: 'Turn changes of customers, contacts, follow-ups, deals and SMS into domain events on the bus',
    handler: 'functions/events/publish.ts',
    on: { events: ['INSERT', 'MODIFY', 'REMOVE'], itemTypes: EVENT_ITEM_TYPES },
    batchSize: 100,
    access: 'read',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  'announcement-fanout': {
    summary: "Deliver an announcement to its audience's inboxes (and take a deleted one out of them)",
    handler: 'functions/office/announcement-fanout.ts',
    on: { events: ['INSERT', 'MODIFY', 'REMOVE'], itemTypes: ['announcement'] },
    batchSize: 10,
    access: 'readWrite',
    timeoutSeconds: 300,
  },
  'office-activity': {
    summary:
      'Project follow-ups, completed tasks and work logs into the activity feeds (工作动态) of their actor and the roles above',
    handler: 'functions/office/project-activity.ts',
    on: { events: ['INSERT', 'MODIFY'], itemTypes: PROJECTED_TYPES },
    batchSize: 50,
    access: 'readWrite',
    timeoutSeconds: 60,
  },
  'leave-calendar': {
    summary: "Put approved leave (请假) on the submitter's calendar, one all-day item per day",
    handler: 'functions/office/leave-calendar.ts',
    on: { events: ['MODIFY'], itemTypes: ['approval'] },
    batchSize: 10,
    access: 'readWrite',
    timeoutSeconds: 60,
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
  'background-jobs': {
    summary:
      'Run large imports and exports (lib/background): one chunk per run, each checkpoint invoking the next',
    handler: 'functions/background/run-jobs.ts',
    on: { events: ['INSERT', 'MODIFY'], itemTypes: [JOB_ITEM_TYPE] },
    batchSize: 1,
    access: 'readWrite',
    timeoutSeconds: 900,
    // An export job uploads its file.
    files: ['put'],
    memoryMb: 2048,
  },
  'office-owner-sync': {
    summary: "Re-key a user's tasks, work logs and activity entries to the user's new role path and name",
    handler: 'functions/office/user-changed.ts',
    on: { events: ['MODIFY'], itemTypes: ['user'] },
    batchSize: 1,
    access: 'readWrite',
    timeoutSeconds: 900,
  },
} as const satisfies Record<string, StreamConsumerSpec>;

export type StreamConsumerName = keyof typeof streamConsumers;

/**
 * The consumers of domain events (lib/events): in AWS one EventBridge rule each on the event bus,
 * targeting its function (with retries and a dead-letter queue); locally the in-process bus
 * (infra/local/bus.ts) invokes the same handlers. `types` filters by event type (`*`: all).
 */
export interface EventConsumerSpec {
  summary: string;
  handler: string;
  types: readonly string[];
  access: TableAccess;
  /** Reads webhooks, whose signing secrets it opens (CDK gives it the key). */
  webhookSecrets?: boolean;
}

export const eventConsumers = {
  webhooks: {
    summary: "Write each event's webhook deliveries (one per subscribed webhook, once per event)",
    handler: 'functions/webhooks/fan-out.ts',
    types: ['*'],
    access: 'readWrite',
    webhookSecrets: true,
  },
} as const satisfies Record<string, EventConsumerSpec>;
