// Local runtime only (infra/local).

import { SEP } from './parts.ts';
import type { Key } from './table.ts';

/**
 * The local SMS outbox: what the SMS sender "sent" when RUNTIME=local, per recipient phone. It
 * stands in for the carrier, so it is keyed by phone, not by tenant, and never exists in AWS.
 */
export const smsOutboxKey = (phone: string, messageId: string): Key => ({
  pk: `LOCAL${SEP}SMS${SEP}${phone}`,
  sk: `MSG${SEP}${messageId}`,
});
export const smsOutboxPrefix = (phone: string) => ({
  pk: `LOCAL${SEP}SMS${SEP}${phone}`,
  skPrefix: `MSG${SEP}`,
});

/**
 * The local runtime's failure destination of a stream consumer (what the SQS on-failure queue is
 * in AWS): one item per batch its retries gave up on, by consumer, in stream order.
 */
export const streamFailureKey = (consumer: string, shardId: string, startSequenceNumber: string): Key => ({
  pk: `LOCAL${SEP}STREAMFAIL${SEP}${consumer}`,
  sk: `${shardId}${SEP}${startSequenceNumber.padStart(40, '0')}`,
});
export const streamFailuresPrefix = (consumer: string) => ({ pk: `LOCAL${SEP}STREAMFAIL${SEP}${consumer}` });
