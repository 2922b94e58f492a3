import { now } from '../clock.ts';
import { tableName } from '../db/client.ts';
import { importLeaseKey, importLeasePart, importLeasesOf, importShardKey, type Key } from '../db/keys.ts';
import { queryAll } from '../db/query.ts';
import { atomic } from '../db/write.ts';
import { Conflict } from '../http/errors.ts';
import { commit, ownershipChange, type Step } from './repository.ts';

/**
 * The quota of an import, reserved up front (escrow). Every ownership change moves the owner's
 * counter item in its own transaction; an import's groups doing the same would all fight over that
 * one item and run one after another. Instead the import takes its rows' share of the quota in one
 * conditional update (a lease beside the counter), its groups then write in parallel without
 * touching the counter, each adding its row count to the progress shard of its writer (one item per
 * writer, so writers never contend), and the import settles at the end: the counter gives back
 * what was reserved but not written. The counter never falls below what is owned, and it is exact
 * once the lease settles.
 *
 * An import that died before settling leaves its lease: a rerun of the same request (the same
 * import id) takes it over, and once the lease is older than any run can last, the owner's next
 * import settles it from its shards, which count exactly the rows written (each shard moves in the
 * same transaction as its rows). Settling deletes the shards, so a straggler of a settled import
 * cannot write uncounted rows: its shard update requires the shard to exist.
 */

/** Writers of one import, each with its own progress shard. */
export const LEASE_SHARDS = 12;
/** Lambda's longest run: a lease older than this has no live import behind it. */
const LEASE_MS = 15 * 60_000;
const ATTEMPTS = 8;

export interface ImportLease {
  importId: string;
  reserved: number;
  at: string;
  /** Rows written so far, per shard. */
  written: Map<number, number>;
}

export const writtenBy = (lease: ImportLease) => [...lease.written.values()].reduce((a, b) => a + b, 0);

/** Raised by a lease or shard step whose condition failed: the lease moved on; read it again. */
export class LeaseMoved extends Error {}

const TABLE = () => tableName();

/** The user's open import leases (normally none: one Query reading nothing). */
export async function readLeases(tenantId: string, userId: string): Promise<ImportLease[]> {
  const { pk, skPrefix } = importLeasesOf(tenantId, userId);
  const items = await queryAll<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    consistent: true,
  });
  const leases = new Map<string, ImportLease>();
  const leaseOf = (importId: string) => {
    const found = leases.get(importId) ?? { importId, reserved: 0, at: '', written: new Map() };
    leases.set(importId, found);
    return found;
  };
  for (const item of items) {
    const { importId, shard } = importLeasePart(item.sk as string);
    const lease = leaseOf(importId);
    if (shard === undefined) {
      lease.reserved = item.reserved as number;
      lease.at = item.at as string;
    } else lease.written.set(shard, (item.written as number | undefined) ?? 0);
  }
  // A shard without its lease cannot be (they are written and deleted together); skip it if so.
  return [...leases.values()].filter((l) => l.at !== '');
}

export const isStale = (lease: ImportLease) => Date.parse(lease.at) < now().getTime() - LEASE_MS;

const moved = () => new LeaseMoved('The import lease changed meanwhile.');

const update = (Key: Key, expression: string, values: Record<string, unknown>, condition: string): Step => ({
  item: {
    Update: {
      TableName: TABLE(),
      Key,
      UpdateExpression: expression,
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
    },
  },
  fail: moved,
});

const remove = (Key: Key, condition: string, values: Record<string, unknown>): Step => ({
  item: {
    Delete: { TableName: TABLE(), Key, ConditionExpression: condition, ExpressionAttributeValues: values },
  },
  fail: moved,
});

/**
 * Reserves `count` more rows of the owner's quota for the import: a new lease with its shards, or
 * more on the lease the import holds. 409 quota_exceeded when they do not fit any more (someone
 * else took room meanwhile), LeaseMoved when the lease changed.
 */
export async function reserve(
  tenantId: string,
  userId: string,
  importId: string,
  count: number,
  max: number | null,
  held: ImportLease | undefined,
): Promise<void> {
  const counter = atomic(ownershipChange(tenantId, null, userId, max, count));
  const lease = importLeaseKey(tenantId, userId, importId);
  if (held) {
    await commit([
      ...counter,
      update(lease, 'ADD reserved :count', { ':count': count, ':seen': held.reserved }, 'reserved = :seen'),
    ]);
    return;
  }
  const create = (Item: Record<string, unknown>): Step => ({
    item: { Put: { TableName: TABLE(), Item, ConditionExpression: 'attribute_not_exists(pk)' } },
    fail: moved,
  });
  await commit([
    ...counter,
    create({ ...lease, type: 'importLease', reserved: count, at: now().toISOString() }),
    ...Array.from({ length: LEASE_SHARDS }, (_, shard) =>
      create({ ...importShardKey(tenantId, userId, importId, shard), type: 'importShard', written: 0 }),
    ),
  ]);
}

/** The step counting `count` rows written by one writer, in the transaction that writes them. */
export const progressStep = (
  tenantId: string,
  userId: string,
  importId: string,
  shard: number,
  count: number,
): Step => ({
  ...update(
    importShardKey(tenantId, userId, importId, shard),
    'ADD written :count',
    { ':count': count },
    'attribute_exists(pk)',
  ),
  fail: () =>
    new Conflict('import_settled', 'The import was settled before this row was written; import it again.'),
});

/**
 * Gives the counter back what the lease reserved and its rows did not use, and removes the lease
 * with its shards, on the condition that they are as read (a writer still at work makes it read
 * again). Done when the lease is gone already: another run settled it.
 */
export async function settle(tenantId: string, userId: string, importId: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const lease = (await readLeases(tenantId, userId)).find((l) => l.importId === importId);
    if (!lease) return;
    const unused = lease.reserved - writtenBy(lease);
    // Rows never outnumber the reservation; were it otherwise, the counter still ends exact.
    const correction =
      unused > 0
        ? ownershipChange(tenantId, userId, null, null, unused)
        : unused < 0
          ? ownershipChange(tenantId, null, userId, null, -unused)
          : [];
    try {
      await commit([
        ...atomic(correction),
        remove(importLeaseKey(tenantId, userId, importId), 'reserved = :reserved', {
          ':reserved': lease.reserved,
        }),
        ...[...lease.written].map(([shard, written]) =>
          remove(importShardKey(tenantId, userId, importId, shard), 'written = :written', {
            ':written': written,
          }),
        ),
      ]);
      return;
    } catch (error) {
      if (!(error instanceof LeaseMoved) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** Settles the leases of the owner's imports that died before settling (older than any run). */
export async function settleStale(tenantId: string, userId: string): Promise<void> {
  const stale = (await readLeases(tenantId, userId)).filter(isStale);
  for (const lease of stale) await settle(tenantId, userId, lease.importId);
}
