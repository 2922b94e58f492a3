/**
 * The ONLY place where keys and index names are spelled: this index and the modules it re-exports,
 * one per context under lib/db/keys/ (table.ts holds the indexes, TTL and the table schema). Every
 * key starts with the tenant (`T#<tenantId>`), so no query can reach across tenants. The
 * access-pattern table lives in lib/db/README.md; each builder is named after the pattern it serves.
 * Import keys from here, not from a module of lib/db/keys/.
 *
 * Convention: a global secondary index named `x` is keyed by the attributes `xPk` and `xSk`, and
 * only items that take part in that pattern carry them (sparse indexes: an item leaves a list by
 * losing its attributes).
 */

export * from './keys/analytics.ts';
export * from './keys/approvals.ts';
export * from './keys/background.ts';
export * from './keys/contacts.ts';
export * from './keys/customers.ts';
export * from './keys/field.ts';
export * from './keys/files.ts';
export * from './keys/followups.ts';
export * from './keys/integrations.ts';
export * from './keys/lifecycle.ts';
export * from './keys/local.ts';
export type { FeedOf, TaskStatus, TaskView } from './keys/office.ts';
/** Office (lib/office): tasks, schedules, announcements, work logs, activity; one namespace, pinned in tests/unit/office/keys.test.ts. */
export * as officeKeys from './keys/office.ts';
export * from './keys/org.ts';
export { invertedTime, ownerScopePrefix } from './keys/parts.ts';
export * from './keys/pipeline.ts';
export * from './keys/platform.ts';
export * from './keys/pool.ts';
export * from './keys/settings.ts';
export * from './keys/sms.ts';
export * from './keys/table.ts';
