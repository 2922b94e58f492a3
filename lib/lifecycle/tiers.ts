import type { DynamoDBRecord } from 'aws-lambda';
import { now } from '../clock.ts';
import { loadVisibleCustomer } from '../customers/service.ts';
import { imagesOf } from '../db/stream.ts';
import type { Auth } from '../http/auth.ts';
import { getTieredSettings } from '../settings/repository.ts';
import { DEFAULT_TIER, latest, type Tier, tierOf } from '../tiers.ts';
import * as repo from './repository.ts';
import { type ContractFacts, canMoveTier, type OpportunityFacts, wonDeals } from './rules.ts';
import type { CustomerTier } from './schemas.ts';

/**
 * 客户分层: each customer's tier, recomputed from what it is made of (its won deals, its last deal
 * and follow-up) whenever one of them changes on the stream, and by the dormancy job when time alone
 * makes it dormant. Every run reads the current state and writes the tier it implies, so a record
 * delivered twice, late or after a crash changes nothing more.
 */

/** What happened to the tier: moved, written again unchanged, or the customer is gone. */
export type TierOutcome = { tier: Tier; moved: boolean } | 'gone';

/** Recomputes one customer's tier at `at` and writes it with the tier copy the tier views read. */
export async function refreshTier(tenantId: string, customerId: string, at = now()): Promise<TierOutcome> {
  const customer = await repo.customerItemNow(tenantId, customerId);
  if (!customer) {
    await repo.dropTierCopy(tenantId, customerId);
    return 'gone';
  }
  const [deals, settings] = await Promise.all([
    repo.dealsOf(tenantId, customerId),
    getTieredSettings(tenantId),
  ]);
  const won = wonDeals(
    deals.contracts as unknown as ContractFacts[],
    deals.opportunities as unknown as OpportunityFacts[],
  );
  const lastActivityAt = latest(
    customer.lastDealAt as string | null | undefined,
    customer.lastFollowUpAt as string | null | undefined,
    won.lastWonAt,
  );
  const decision = tierOf({ wonDeals: won.count, lastActivityAt }, settings.tiers, at);
  const before = (customer.tier as Tier | undefined) ?? 'potential';
  await repo.writeTier({
    tenantId,
    customer,
    tier: decision.tier,
    dormantAt: decision.dormantAt,
    wonDeals: won.count,
    lastActivityAt,
    at: at.toISOString(),
  });
  return { tier: decision.tier, moved: before !== decision.tier };
}

/** A customer whose tier a stream record may have moved. */
interface TierSubject {
  tenantId: string;
  customerId: string;
}

/** The customers a stream record may have moved: its own, or both sides of a deal that changed customer. */
function subjectsOf(record: DynamoDBRecord): TierSubject[] {
  const { before, after, tenantId } = imagesOf(record);
  const image = after ?? before;
  if (!tenantId || !image || !canMoveTier(before, after)) return [];
  const ids =
    image.type === 'customer'
      ? [image.id]
      : [before?.customerId, after?.customerId].filter((id, i, all) => id && all.indexOf(id) === i);
  return ids
    .filter((id): id is string => typeof id === 'string')
    .map((customerId) => ({ tenantId, customerId }));
}

/**
 * What each record of a batch recomputes: every customer once, at its last record in the batch (a
 * recompute reads the current state, so the earlier records add nothing to it), and nothing for a
 * record that cannot move a tier (rules.ts `canMoveTier`). A record delivered again after a failure
 * comes with every record after it, so a customer whose last record failed is recomputed then.
 */
export function tierWork(records: readonly DynamoDBRecord[]): Map<DynamoDBRecord, TierSubject[]> {
  const last = new Map<string, { record: DynamoDBRecord; subject: TierSubject }>();
  for (const record of records)
    for (const subject of subjectsOf(record)) {
      const key = `${subject.tenantId}|${subject.customerId}`;
      // Delete first, so the map keeps the customers in the order of their last records.
      last.delete(key);
      last.set(key, { record, subject });
    }
  const work = new Map<DynamoDBRecord, TierSubject[]>();
  for (const { record, subject } of last.values()) work.set(record, [...(work.get(record) ?? []), subject]);
  return work;
}

/** Recomputes the customers one record stands for in its batch (`tierWork`): how many tiers moved. */
export async function refreshTiers(subjects: readonly TierSubject[]): Promise<number> {
  let moved = 0;
  for (const { tenantId, customerId } of subjects) {
    const out = await refreshTier(tenantId, customerId);
    if (out !== 'gone' && out.moved) moved += 1;
  }
  return moved;
}

/**
 * The dormancy job: only the customers due (their tier copies on `scheduled` at their dormantAt, up
 * to now), each recomputed, which takes it off the schedule. A run cut short resumes with what is
 * still due; a second run finds nothing to do.
 */
export async function runDormancy(opts: { deadline?: number } = {}): Promise<{ moved: number }> {
  const at = now();
  let moved = 0;
  for await (const due of repo.dormancyDueBy(at.toISOString())) {
    for (const { tenantId, customerId } of due) {
      if (opts.deadline && Date.now() > opts.deadline) return { moved };
      const out = await refreshTier(tenantId, customerId, at);
      if (out !== 'gone' && out.moved) moved += 1;
    }
  }
  return { moved };
}

/** A customer's tier with its facts and the tenant's playbook for it (GET /v1/customers/{id}/tier). */
export async function getCustomerTier(auth: Auth, customerId: string): Promise<CustomerTier> {
  const customer = await loadVisibleCustomer(auth, customerId);
  const [copy, settings] = await Promise.all([
    repo.tierCopyNow(auth.tenantId, customerId),
    getTieredSettings(auth.tenantId),
  ]);
  const facts = copy?.lifecycle as
    | { wonDeals: number; lastActivityAt: string | null; dormantAt: string | null; tierSince: string | null }
    | undefined;
  const tier = customer.tier ?? DEFAULT_TIER;
  return {
    customerId,
    tier,
    wonDeals: facts?.wonDeals ?? 0,
    lastActivityAt: facts?.lastActivityAt ?? null,
    dormantAt: facts?.dormantAt ?? null,
    tierSince: facts?.tierSince ?? null,
    playbook: settings.tiers.playbook[tier],
  };
}
