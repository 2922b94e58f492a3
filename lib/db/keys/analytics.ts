// Analytics (lib/analytics).

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * Aggregates maintained from the table's stream, per owner (a user id, or the pool):
 *   aggregateKey      T#t#AGG#STATE             <owner>               what exists now: customers by dimension, deals by stage
 *                     T#t#AGG#TIME#<owner>      D#<date> | M#<month>  day and month counters (new, won, follow-ups, contracts...)
 *   aggregateSeenKey  T#t#AGGSEEN#<eventId>     SEEN                  a stream record already applied (TTL)
 *   targetKey         T#t#TARGET#<period>       <metric>#<subject>    a sales target (业绩目标), subject user:<id> / role:<id>
 */
export const aggregateKey = (tenantId: string, owner: string, bucket: string): Key =>
  bucket === 'state'
    ? { pk: `${t(tenantId)}${SEP}AGG${SEP}STATE`, sk: owner }
    : { pk: `${t(tenantId)}${SEP}AGG${SEP}TIME${SEP}${owner}`, sk: bucket };
/** Every owner's state item (a rebuild clears them). */
export const aggregateStates = (tenantId: string) => ({ pk: `${t(tenantId)}${SEP}AGG${SEP}STATE` });
/** One owner's day and month buckets, queried by sort-key range. */
export const aggregateSeries = (tenantId: string, owner: string) => ({
  pk: `${t(tenantId)}${SEP}AGG${SEP}TIME${SEP}${owner}`,
});
export const aggregateSeenKey = (tenantId: string, eventId: string): Key => ({
  pk: `${t(tenantId)}${SEP}AGGSEEN${SEP}${eventId}`,
  sk: 'SEEN',
});
export const targetKey = (tenantId: string, period: string, metric: string, subject: string): Key => ({
  pk: `${t(tenantId)}${SEP}TARGET${SEP}${period}`,
  sk: `${metric}${SEP}${subject}`,
});
export const targetsOf = (tenantId: string, period: string) => ({
  pk: `${t(tenantId)}${SEP}TARGET${SEP}${period}`,
});
